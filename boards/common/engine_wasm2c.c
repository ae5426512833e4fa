/* Engine: the C that wasm2c (wabt 1.0.32's naming: Z_<module>Z_<export>) generated from the .wasm, built
 * with `-n wasmtcp`. The module is compiled in, so wt_engine_start ignores the bytes. Allocation happens in
 * start only: wasm2c's runtime registers the function types (malloc) and allocates the linear memory
 * (calloc with WASM_RT_MEMCHECK_SIGNAL_HANDLER=0, the bounds-checked mode every board uses; an 8 GiB
 * mmap reservation otherwise). A trap longjmps back into wt_engine_call. */
#include "engine.h"
#include "wt.h"
#include "wasm-rt-impl.h"
#include "wasmtcp_core.h" /* generated: wasm2c build/wasmtcp.wasm -n wasmtcp -o wasmtcp_core.c */

struct Z_env_instance_t { int unused; }; /* the imports need no state of their own */

static struct Z_env_instance_t env;
static Z_wasmtcp_instance_t inst;
static const char *err = "";

/* Imports. Pointers are checked against the memory first: a bad one traps, as it would in V8. */
void Z_envZ_link_send(struct Z_env_instance_t *e, u32 ptr, u32 len) {
  (void)e;
  if (ptr > inst.w2c_memory.size || len > inst.w2c_memory.size - ptr) wasm_rt_trap(WASM_RT_TRAP_OOB);
  wt_host_link_send(inst.w2c_memory.data + ptr, len);
}

void Z_envZ_trace(struct Z_env_instance_t *e, u32 kind, u32 a, u32 b, u32 c) {
  (void)e;
  wt_host_trace((int32_t)kind, (int32_t)a, (int32_t)b, (int32_t)c);
}

/* Only the debug build imports it; defining it anyway costs nothing. */
void Z_envZ_abort(struct Z_env_instance_t *e, u32 msg, u32 file, u32 line, u32 col) {
  (void)e;
  wt_host_abort(msg, file, line, col);
  wasm_rt_trap(WASM_RT_TRAP_UNREACHABLE);
}

int wt_engine_start(const uint8_t *wasm, uint32_t len) {
  (void)wasm; (void)len;
  wasm_rt_trap_t code;
  wasm_rt_init();
  Z_wasmtcp_init_module();
  if ((code = (wasm_rt_trap_t)wasm_rt_impl_try()) != 0) { err = wasm_rt_strerror(code); return -1; }
  Z_wasmtcp_instantiate(&inst, &env); /* data segments can trap (out of bounds) */
  return 0;
}

#define ARGS_0
#define ARGS_1 , a[0]
#define ARGS_2 ARGS_1, a[1]
#define ARGS_3 ARGS_2, a[2]
#define ARGS_4 ARGS_3, a[3]
#define ARGS_5 ARGS_4, a[4]
#define ARGS_8 ARGS_5, a[5], a[6], a[7]
#define W2C_CALL_R(name, argc) r = (int32_t)Z_wasmtcpZ_##name(&inst ARGS_##argc)
#define W2C_CALL_V(name, argc) Z_wasmtcpZ_##name(&inst ARGS_##argc)

int wt_engine_call(wt_fn fn, const uint32_t *a, int32_t *ret) {
  int32_t r = 0;
  wasm_rt_trap_t code;
  if ((code = (wasm_rt_trap_t)wasm_rt_impl_try()) != 0) { err = wasm_rt_strerror(code); return -1; }
  switch (fn) {
#define WT_X_CASE(id, name, argc, ret) case WT_FN_##id: W2C_CALL_##ret(name, argc); break;
    WT_EXPORTS(WT_X_CASE)
#undef WT_X_CASE
    default: err = "no such export"; return -1;
  }
  *ret = r;
  return 0;
}

uint8_t *wt_engine_memory(uint32_t *size) {
  *size = (uint32_t)inst.w2c_memory.size;
  return inst.w2c_memory.data;
}

const char *wt_engine_name(void) { return "wasm2c"; }
const char *wt_engine_error(void) { return err; }
