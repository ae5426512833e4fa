/* For a syntax check only (see README.md): the version the project was written against. */
#define ESP_IDF_VERSION_VAL(major, minor, patch) (((major) << 16) | ((minor) << 8) | (patch))
#define ESP_IDF_VERSION ESP_IDF_VERSION_VAL(5, 5, 5)
const char *esp_get_idf_version(void);
