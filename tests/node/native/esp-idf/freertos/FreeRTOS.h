/* For a syntax check only (see ../README.md). */
#include <stdint.h>
typedef uint32_t TickType_t;
typedef long BaseType_t;
typedef unsigned long UBaseType_t;
#define pdTRUE ((BaseType_t)1)
#define pdPASS pdTRUE
#define portTICK_PERIOD_MS ((TickType_t)1)
#define portNUM_PROCESSORS 2
