#include "embed.h"

#include <stddef.h>

#ifdef WT_EMBED_WASM
extern const uint8_t _binary_wasmtcp_wasm_start[], _binary_wasmtcp_wasm_end[];

const uint8_t *wt_embedded_wasm(uint32_t *len) {
  *len = (uint32_t)(_binary_wasmtcp_wasm_end - _binary_wasmtcp_wasm_start);
  return _binary_wasmtcp_wasm_start;
}
#else
const uint8_t *wt_embedded_wasm(uint32_t *len) {
  *len = 0;
  return NULL;
}
#endif
