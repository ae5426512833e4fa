/* For a syntax check only (see README.md). */
#include <stdint.h>
uint32_t esp_random(void);
