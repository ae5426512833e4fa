/* Engine: the wasm3 interpreter running the .wasm bytes.
 *
 * What wasm3 allocates, all inside wt_engine_start(): the environment and runtime structs, the interpreter
 * stack (WT_WASM3_STACK bytes), the parsed module (types, functions, globals, data segments), the
 * compiled code pages (m3_CompileModule compiles every function now; wasm3 would otherwise compile
 * lazily on first call, i.e. allocate in the middle of the main loop) and the linear memory (the module's
 * initial pages). Calls allocate nothing. Boards without malloc build wasm3 with -Dd_m3FixedHeap=N:
 * m3_Malloc then carves a static arena, so the whole engine is static RAM. */
#include "engine.h"
#include "wt.h"
#include "wasm3_config.h"
#include "wasm3.h"
#include "m3_env.h" /* the runtime's memoryLimit */

#include <stddef.h>
#include <string.h>

static IM3Environment env;
static IM3Runtime rt;
static IM3Function fns[WT_FN_COUNT];
static M3Result err;

static const char *const names[WT_FN_COUNT] = {
#define WT_X_NAME(id, name, argc, ret) #name,
  WT_EXPORTS(WT_X_NAME)
#undef WT_X_NAME
};

/* Imports. _sp holds the arguments (no return slots: all three return nothing); _mem is memory base. */
static int in_memory(IM3Runtime runtime, uint32_t at, uint32_t len) {
  uint32_t size = m3_GetMemorySize(runtime);
  return at <= size && len <= size - at;
}

static m3ApiRawFunction(imp_link_send) {
  m3ApiGetArg(uint32_t, ptr);
  m3ApiGetArg(uint32_t, len);
  if (!in_memory(runtime, ptr, len)) m3ApiTrap(m3Err_trapOutOfBoundsMemoryAccess);
  wt_host_link_send((const uint8_t *)_mem + ptr, len);
  m3ApiSuccess();
}

static m3ApiRawFunction(imp_trace) {
  m3ApiGetArg(int32_t, kind);
  m3ApiGetArg(int32_t, a);
  m3ApiGetArg(int32_t, b);
  m3ApiGetArg(int32_t, c);
  wt_host_trace(kind, a, b, c);
  m3ApiSuccess();
}

static m3ApiRawFunction(imp_abort) {
  m3ApiGetArg(uint32_t, msg);
  m3ApiGetArg(uint32_t, file);
  m3ApiGetArg(uint32_t, line);
  m3ApiGetArg(uint32_t, col);
  wt_host_abort(msg, file, line, col);
  m3ApiTrap(m3Err_trapAbort);
}

/* The release build has no abort import: a missing import is not an error, a bad signature is. */
static M3Result link(IM3Module m, const char *name, const char *sig, M3RawCall f) {
  M3Result r = m3_LinkRawFunction(m, "env", name, sig, f);
  return r == m3Err_functionLookupFailed ? m3Err_none : r;
}

int wt_engine_start(const uint8_t *wasm, uint32_t len) {
  IM3Module mod = NULL;
  err = m3Err_none;
  env = m3_NewEnvironment();
  rt = env ? m3_NewRuntime(env, WT_WASM3_STACK, NULL) : NULL;
  if (!rt) { err = m3Err_mallocFailed; return -1; }
#ifdef WT_EMBED_WASM
  rt->memoryLimit = WT_WASM3_MEMORY; /* the embedded build's static memory, not its whole page */
#endif
  if ((err = m3_ParseModule(env, &mod, wasm, len))) return -1;
  if ((err = m3_LoadModule(rt, mod))) { m3_FreeModule(mod); return -1; }
  if ((err = link(mod, "link_send", "v(ii)", imp_link_send))) return -1;
  if ((err = link(mod, "trace", "v(iiii)", imp_trace))) return -1;
  if ((err = link(mod, "abort", "v(iiii)", imp_abort))) return -1;
  if ((err = m3_CompileModule(mod))) return -1;
  for (int i = 0; i < WT_FN_COUNT; i++)
    if ((err = m3_FindFunction(&fns[i], rt, names[i]))) return -1;
  return 0;
}

int wt_engine_call(wt_fn fn, const uint32_t *args, int32_t *ret) {
  const void *argp[8];
  IM3Function f = fns[fn];
  uint32_t argc = m3_GetArgCount(f);
  for (uint32_t i = 0; i < argc && i < 8; i++) argp[i] = &args[i];
  if ((err = m3_Call(f, argc, argp))) return -1;
  *ret = 0;
  if (m3_GetRetCount(f) == 1) {
    const void *retp[1] = {ret};
    if ((err = m3_GetResults(f, 1, retp))) return -1;
  }
  return 0;
}

uint8_t *wt_engine_memory(uint32_t *size) { return m3_GetMemory(rt, size, 0); }
const char *wt_engine_name(void) { return "wasm3"; }
const char *wt_engine_error(void) { return err ? err : ""; }
