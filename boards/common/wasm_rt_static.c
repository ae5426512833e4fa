/* A wasm2c runtime without a heap, for boards: the functions wasm2c's output calls (wasm-rt.h, from
 * Debian's wabt), with linear memory in a static arena and traps as longjmp. wabt's own wasm-rt-impl.c
 * needs <sys/mman.h>, malloc and a 64 KiB exception buffer; the posix board uses that one. Memory
 * checks are explicit (WASM_RT_MEMCHECK_SIGNAL_HANDLER=0): there are no guard pages here. */
#include "wasm-rt.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#ifndef WT_W2C_MEMORY_BYTES
#define WT_W2C_MEMORY_BYTES (64u * 1024u) /* the default build's one page; the large build needs 193 */
#endif
#define WT_W2C_TYPES 32 /* distinct function signatures; the core has 15 */
#define WT_W2C_TYPE_ARITY 12

jmp_buf wasm_rt_jmp_buf;
uint32_t wasm_rt_call_stack_depth;
uint32_t wasm_rt_saved_call_stack_depth;

static uint8_t arena[WT_W2C_MEMORY_BYTES] __attribute__((aligned(8)));
static bool arena_taken;

void wasm_rt_trap(wasm_rt_trap_t code) {
  wasm_rt_call_stack_depth = wasm_rt_saved_call_stack_depth;
  longjmp(wasm_rt_jmp_buf, (int)code);
}

/* wasm_rt_impl_try() names the jmp_buf a trap returns to (exceptions, which the core does not use, too). */
static WASM_RT_UNWIND_TARGET *unwind_target;
void wasm_rt_set_unwind_target(WASM_RT_UNWIND_TARGET *t) { unwind_target = t; }
WASM_RT_UNWIND_TARGET *wasm_rt_get_unwind_target(void) { return unwind_target; }

void wasm_rt_init(void) {}
bool wasm_rt_is_initialized(void) { return true; }
void wasm_rt_free(void) {}

/* call_indirect compares these indices, so equal signatures must get equal numbers. */
static struct { uint8_t np, nr; uint8_t t[WT_W2C_TYPE_ARITY]; } types[WT_W2C_TYPES];
static uint32_t ntypes;

uint32_t wasm_rt_register_func_type(uint32_t params, uint32_t results, ...) {
  uint8_t t[WT_W2C_TYPE_ARITY];
  va_list ap;
  if (params + results > WT_W2C_TYPE_ARITY) wasm_rt_trap(WASM_RT_TRAP_EXHAUSTION);
  va_start(ap, results);
  for (uint32_t i = 0; i < params + results; i++) t[i] = (uint8_t)va_arg(ap, int);
  va_end(ap);
  for (uint32_t i = 0; i < ntypes; i++)
    if (types[i].np == params && types[i].nr == results && !memcmp(types[i].t, t, params + results)) return i + 1;
  if (ntypes == WT_W2C_TYPES) wasm_rt_trap(WASM_RT_TRAP_EXHAUSTION);
  types[ntypes].np = (uint8_t)params;
  types[ntypes].nr = (uint8_t)results;
  memcpy(types[ntypes].t, t, params + results);
  return ++ntypes;
}

/* One memory per program (the core has one): the arena, zeroed. Too small an arena traps at start. */
void wasm_rt_allocate_memory(wasm_rt_memory_t *m, uint32_t initial_pages, uint32_t max_pages) {
  uint64_t bytes = (uint64_t)initial_pages * 65536u;
  if (arena_taken || bytes > sizeof arena) wasm_rt_trap(WASM_RT_TRAP_EXHAUSTION);
  arena_taken = true;
  memset(arena, 0, (size_t)bytes);
  m->data = arena;
  m->pages = initial_pages;
  m->max_pages = max_pages;
  m->size = (uint32_t)bytes;
}

/* memory.grow succeeds while the arena has room (the core never grows). */
uint32_t wasm_rt_grow_memory(wasm_rt_memory_t *m, uint32_t delta) {
  uint64_t pages = (uint64_t)m->pages + delta;
  if (pages > m->max_pages || pages * 65536u > sizeof arena) return UINT32_MAX;
  uint32_t old = m->pages;
  memset(m->data + m->size, 0, (size_t)(pages * 65536u - m->size));
  m->pages = (uint32_t)pages;
  m->size = (uint32_t)(pages * 65536u);
  return old;
}

void wasm_rt_free_memory(wasm_rt_memory_t *m) { (void)m; arena_taken = false; }

const char *wasm_rt_strerror(wasm_rt_trap_t trap) {
  switch (trap) {
    case WASM_RT_TRAP_NONE: return "no error";
    case WASM_RT_TRAP_OOB: return "out of bounds memory access";
    case WASM_RT_TRAP_INT_OVERFLOW: return "integer overflow";
    case WASM_RT_TRAP_DIV_BY_ZERO: return "integer divide by zero";
    case WASM_RT_TRAP_INVALID_CONVERSION: return "invalid conversion";
    case WASM_RT_TRAP_UNREACHABLE: return "unreachable executed";
    case WASM_RT_TRAP_CALL_INDIRECT: return "invalid call_indirect";
    case WASM_RT_TRAP_UNCAUGHT_EXCEPTION: return "uncaught exception";
    default: return "call stack exhausted";
  }
}
