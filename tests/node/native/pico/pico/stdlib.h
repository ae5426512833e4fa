/* The part of pico-sdk's pico/stdlib.h that boards/rp2040/main.c calls, declared for a syntax check. */
void stdio_init_all(void);
