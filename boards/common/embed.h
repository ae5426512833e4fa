/* The .wasm a wasm3 board keeps in flash. Built with -DWT_EMBED_WASM, it is the object that
 * `objcopy -I binary wasmtcp.wasm` (or ESP-IDF's EMBED_FILES) makes, under the symbols both give it;
 * wasm2c boards have the module compiled in and get NULL and 0, which wt_start takes as "no bytes". */
#ifndef WT_EMBED_H
#define WT_EMBED_H

#include <stdint.h>

const uint8_t *wt_embedded_wasm(uint32_t *len);

#endif
