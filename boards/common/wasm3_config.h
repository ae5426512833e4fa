/* wasm3's settings for every board, in one place: each board's build force-includes this header when it
 * compiles wasm3's sources (-include wasm3_config.h; wasm3's m3_config.h keeps a setting already defined),
 * and engine_wasm3.c includes it. */
#ifndef WT_WASM3_CONFIG_H
#define WT_WASM3_CONFIG_H

/* No floating point in the core: the interpreter leaves it out. */
#define d_m3HasFloat 0
#define d_m3VerboseErrorMessages 0
/* The compiler's scratch (operand stack, types and slots of one function, inside the runtime struct) is
 * sized by this: 2000 by default, 10.6 KB of RAM. The core's deepest function needs 49 to 64 (48 fails
 * at start, loudly: "engine start failed"); 128 keeps twice that, and saves 9.4 KB of heap and 2.2 KB of
 * stack at start. */
#define d_m3MaxFunctionStackHeight 128

/* The interpreter's value stack (bytes): the differential scripts pass with 2 KiB; 4x margin. */
#ifndef WT_WASM3_STACK
#define WT_WASM3_STACK (8 * 1024)
#endif

/* Linear memory wasm3 allocates for a board's embedded build (bytes, 0: the module's whole initial page).
 * The core's memory is all static, below static_top() (57,036 B in the default build, with its UDP endpoints, DHCP client, resolver and mDNS responder), and never grows:
 * the rest of the 64 KiB page is never touched. wt_start checks static_top fits and fails otherwise;
 * raise this with the build's configuration (assembly/config.ts). The posix host, which loads any build
 * at run time, gives the module its whole memory. */
#ifndef WT_WASM3_MEMORY
#define WT_WASM3_MEMORY (56 * 1024)
#endif

#endif
