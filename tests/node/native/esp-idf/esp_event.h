/* For a syntax check only (see README.md). */
typedef int esp_err_t;
#define ESP_OK 0
esp_err_t esp_event_loop_create_default(void);
