/* For a syntax check only (see README.md). */
void bootloader_random_enable(void);
void bootloader_random_disable(void);
