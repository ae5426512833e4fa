/* Back-end: the Wi-Fi station, with no esp_netif behind it. The driver hands over 802.3 frames (it turns
 * 802.11 data frames into Ethernet ones and back), so the core sees the same link as on a wire. The receive
 * callback is registered on association, as esp_wifi's own netif glue does for a station; it copies the
 * frame into the ring and frees the driver's buffer (`eb`, not the data pointer). esp_wifi_internal_tx
 * copies the frame before it returns. The station can only send from its own MAC: that is the core's. */
#include "link.h"
#include "board.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "esp_event.h"
#include "esp_private/wifi.h"
#include "esp_wifi.h"
#include "nvs_flash.h"
#include "sdkconfig.h"

static volatile int up;
static uint32_t tx_errors; /* written by the core's task only */

/* From the Wi-Fi task. */
static esp_err_t on_frame(void *buffer, uint16_t len, void *eb) {
  board_rx_frame(buffer, len);
  esp_wifi_internal_free_rx_buffer(eb);
  return ESP_OK;
}

static void on_event(void *arg, esp_event_base_t base, int32_t id, void *data) {
  (void)arg; (void)base;
  if (id == WIFI_EVENT_STA_START) {
    esp_wifi_connect();
  } else if (id == WIFI_EVENT_STA_CONNECTED) {
    const wifi_event_sta_connected_t *c = data;
    esp_err_t e = esp_wifi_internal_reg_rxcb(WIFI_IF_STA, on_frame);
    up = e == ESP_OK;
    printf("wifi: associated with \"%.*s\" on channel %d%s\n", (int)c->ssid_len, (const char *)c->ssid, (int)c->channel,
           e == ESP_OK ? "" : ", but the receive callback was refused");
  } else if (id == WIFI_EVENT_STA_DISCONNECTED) {
    const wifi_event_sta_disconnected_t *d = data;
    up = 0;
    printf("wifi: disconnected (reason %d), retrying\n", (int)d->reason);
    esp_wifi_connect();
  }
}

#define CHECK(call)                                                      \
  do {                                                                   \
    esp_err_t e_ = (call);                                               \
    if (e_ != ESP_OK) { printf("wifi: %s: %s\n", #call, esp_err_to_name(e_)); return -1; } \
  } while (0)

static void copy_field(uint8_t *dst, size_t size, const char *src) {
  size_t n = strlen(src);
  memcpy(dst, src, n < size ? n : size); /* a 32-byte SSID fills the field without a NUL, as the driver allows */
}

int link_init(uint8_t mac[6], int mac_set) {
  /* The driver keeps its calibration and settings in NVS. */
  esp_err_t e = nvs_flash_init();
  if (e == ESP_ERR_NVS_NO_FREE_PAGES || e == ESP_ERR_NVS_NEW_VERSION_FOUND) {
    CHECK(nvs_flash_erase());
    e = nvs_flash_init();
  }
  CHECK(e);
  wifi_init_config_t init = WIFI_INIT_CONFIG_DEFAULT();
  CHECK(esp_wifi_init(&init));
  CHECK(esp_event_handler_register(WIFI_EVENT, ESP_EVENT_ANY_ID, on_event, NULL));
  CHECK(esp_wifi_set_mode(WIFI_MODE_STA));
  wifi_config_t config;
  memset(&config, 0, sizeof config);
  copy_field(config.sta.ssid, sizeof config.sta.ssid, CONFIG_WASMTCP_WIFI_SSID);
  copy_field(config.sta.password, sizeof config.sta.password, CONFIG_WASMTCP_WIFI_PASSWORD);
  config.sta.threshold.authmode = CONFIG_WASMTCP_WIFI_PASSWORD[0] ? WIFI_AUTH_WPA2_PSK : WIFI_AUTH_OPEN;
  CHECK(esp_wifi_set_config(WIFI_IF_STA, &config));
  if (mac_set) printf("wifi: WASMTCP_MAC ignored: a station sends from its own MAC\n");
  CHECK(esp_wifi_get_mac(WIFI_IF_STA, mac));
  return 0;
}

int link_start(void) {
  CHECK(esp_wifi_start());
  /* Modem sleep would hold received frames until the next beacon (~100 ms): every RTT would pay it. */
  CHECK(esp_wifi_set_ps(WIFI_PS_NONE));
  printf("wifi: connecting to \"%s\"\n", CONFIG_WASMTCP_WIFI_SSID);
  return 0;
}

void link_send(const uint8_t *frame, uint32_t len) {
  if (esp_wifi_internal_tx(WIFI_IF_STA, (void *)frame, (uint16_t)len) != ESP_OK) tx_errors++;
}

const char *link_name(void) { return "wifi station"; }
int link_up(void) { return up; }
uint32_t link_tx_errors(void) { return tx_errors; }
