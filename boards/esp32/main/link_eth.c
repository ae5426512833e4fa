/* Back-end: the classic ESP32's internal EMAC with a LAN8720 PHY over RMII, through esp_eth in standalone
 * mode (no esp_netif glue). esp_eth's receive task allocates a buffer per frame and hands it to the input
 * path; ours copies it into the ring and frees it. Frames go out with esp_eth_transmit, which copies them
 * into the EMAC's DMA descriptors before it returns. */
#include "link.h"
#include "board.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "freertos/FreeRTOS.h"
#include "freertos/task.h"
#include "driver/gpio.h"
#include "esp_eth.h"
#include "esp_event.h"
#include "esp_idf_version.h"
#include "esp_mac.h"
#include "sdkconfig.h"

#if ESP_IDF_VERSION >= ESP_IDF_VERSION_VAL(6, 0, 0)
#error "ESP-IDF v6 moved the LAN87xx PHY driver out of esp_eth: this back-end is written for v5.3 to v5.5"
#endif

#if CONFIG_WASMTCP_ETH_CLOCK_IN_GPIO0
#define CLOCK_MODE EMAC_CLK_EXT_IN
#define CLOCK_GPIO EMAC_CLK_IN_GPIO
#elif CONFIG_WASMTCP_ETH_CLOCK_OUT_GPIO0
#define CLOCK_MODE EMAC_CLK_OUT
#define CLOCK_GPIO EMAC_APPL_CLK_OUT_GPIO
#elif CONFIG_WASMTCP_ETH_CLOCK_OUT_GPIO16
#define CLOCK_MODE EMAC_CLK_OUT
#define CLOCK_GPIO EMAC_CLK_OUT_GPIO
#else
#define CLOCK_MODE EMAC_CLK_OUT
#define CLOCK_GPIO EMAC_CLK_OUT_180_GPIO
#endif

static esp_eth_handle_t eth;
static volatile int up;
static uint32_t tx_errors; /* written by the core's task only */

/* From esp_eth's receive task. The buffer is ours: copied, then freed. */
static esp_err_t on_frame(esp_eth_handle_t h, uint8_t *buffer, uint32_t length, void *priv) {
  (void)h; (void)priv;
  board_rx_frame(buffer, length);
  free(buffer);
  return ESP_OK;
}

static void on_event(void *arg, esp_event_base_t base, int32_t id, void *data) {
  (void)arg; (void)base; (void)data;
  if (id == ETHERNET_EVENT_CONNECTED) {
    eth_speed_t speed = ETH_SPEED_10M;
    eth_duplex_t duplex = ETH_DUPLEX_HALF;
    esp_eth_ioctl(eth, ETH_CMD_G_SPEED, &speed);
    esp_eth_ioctl(eth, ETH_CMD_G_DUPLEX_MODE, &duplex);
    up = 1;
    printf("ethernet: link up, %s Mbps %s duplex\n", speed == ETH_SPEED_100M ? "100" : "10", duplex == ETH_DUPLEX_FULL ? "full" : "half");
  } else if (id == ETHERNET_EVENT_DISCONNECTED) {
    up = 0;
    printf("ethernet: link down\n");
  }
}

#define CHECK(call)                                                          \
  do {                                                                       \
    esp_err_t e_ = (call);                                                   \
    if (e_ != ESP_OK) { printf("ethernet: %s: %s\n", #call, esp_err_to_name(e_)); return -1; } \
  } while (0)

int link_init(uint8_t mac[6], int mac_set) {
  /* The PHY (Olimex) or its 50 MHz oscillator (WT32-ETH01) must run before the EMAC resets: without the
   * RMII clock the EMAC's software reset times out. Off until now because GPIO0 is a boot strap. */
  if (CONFIG_WASMTCP_ETH_POWER_GPIO >= 0) {
    gpio_num_t pin = (gpio_num_t)CONFIG_WASMTCP_ETH_POWER_GPIO;
    CHECK(gpio_reset_pin(pin));
    CHECK(gpio_set_direction(pin, GPIO_MODE_OUTPUT));
    CHECK(gpio_set_level(pin, 1));
    vTaskDelay(pdMS_TO_TICKS(10));
  }
  eth_mac_config_t mac_config = ETH_MAC_DEFAULT_CONFIG();
  eth_esp32_emac_config_t emac_config = ETH_ESP32_EMAC_DEFAULT_CONFIG();
  emac_config.smi_gpio.mdc_num = CONFIG_WASMTCP_ETH_MDC_GPIO;
  emac_config.smi_gpio.mdio_num = CONFIG_WASMTCP_ETH_MDIO_GPIO;
  emac_config.clock_config.rmii.clock_mode = CLOCK_MODE;
  emac_config.clock_config.rmii.clock_gpio = CLOCK_GPIO;
  eth_phy_config_t phy_config = ETH_PHY_DEFAULT_CONFIG();
  phy_config.phy_addr = CONFIG_WASMTCP_ETH_PHY_ADDR;
  phy_config.reset_gpio_num = CONFIG_WASMTCP_ETH_RESET_GPIO;

  esp_eth_mac_t *emac = esp_eth_mac_new_esp32(&emac_config, &mac_config);
  esp_eth_phy_t *phy = esp_eth_phy_new_lan87xx(&phy_config);
  if (!emac || !phy) { printf("ethernet: no EMAC or PHY instance\n"); return -1; }
  esp_eth_config_t config = ETH_DEFAULT_CONFIG(emac, phy);
  CHECK(esp_eth_driver_install(&config, &eth));

  /* The EMAC only accepts unicast frames to its own address, so it gets the core's. */
  if (!mac_set) CHECK(esp_read_mac(mac, ESP_MAC_ETH));
  CHECK(esp_eth_ioctl(eth, ETH_CMD_S_MAC_ADDR, mac));
  CHECK(esp_eth_update_input_path(eth, on_frame, NULL));
  CHECK(esp_event_handler_register(ETH_EVENT, ESP_EVENT_ANY_ID, on_event, NULL));
  return 0;
}

int link_start(void) {
  CHECK(esp_eth_start(eth));
  return 0;
}

void link_send(const uint8_t *frame, uint32_t len) {
  if (esp_eth_transmit(eth, (void *)frame, len) != ESP_OK) tx_errors++;
}

const char *link_name(void) { return "ethernet (EMAC + LAN8720)"; }
int link_up(void) { return up; }
uint32_t link_tx_errors(void) { return tx_errors; }
