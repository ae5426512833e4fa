/* Small TCP services over the wt API, for every board: echo (RFC 862), discard (RFC 863), chargen
 * (RFC 864) and http (http.h). They are the application part of the main loop: services_turn is a wt_app_fn. */
#ifndef WT_SERVICES_H
#define WT_SERVICES_H

#include <stdint.h>

/* "echo:7,discard:9,chargen:19,http:80": which services on which ports. 0, or -1 on a bad spec. */
int services_parse(const char *spec);
/* How many services the spec named. */
int services_count(void);
/* Opens the listeners (after wt_init). Returns how many opened: fewer than services_count() when the
 * build has fewer listener slots (the default build has 2). */
int services_start(void);
/* Accepts new connections and serves every open one until it would block. */
void services_turn(void *ctx, uint32_t now);
/* Non-zero when the last turn left work undone (a connection used up its steps): do not sleep. */
int services_more(void);
/* Closes every connection and listener. */
void services_stop(uint32_t now);
/* Non-zero when nothing is left to send: every remaining connection is in TIME_WAIT or FIN_WAIT_2. */
int services_idle(void);

#endif
