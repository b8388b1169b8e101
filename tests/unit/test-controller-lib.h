/*
 * Helpers for the controller's tests (no suite of its own): a switch
 * driven without sockets.  tsw_create() makes a struct ctl_switch whose
 * output the test reads back as decoded messages; tsw_handshake() plays
 * the switch's side of the handshake so that it reaches MAIN.
 */
#ifndef TESTS_UNIT_TEST_CONTROLLER_LIB_H
#define TESTS_UNIT_TEST_CONTROLLER_LIB_H 1

#include <stddef.h>
#include <stdint.h>

#include "controller/dispatch.h"
#include "controller/switch-conn.h"
#include "ofproto/ofp-msgs.h"

/* Decoded output of a switch. */
struct tsw_out {
    struct of_msg *msgs;
    size_t n;
};

struct ctl_switch *tsw_create(const struct ctl_apps *,
                              const struct ctl_switch_config *);

/* Decodes (and clears) everything 'sw' queued; appends it to 'out'. */
void tsw_take(struct ctl_switch *, struct tsw_out *out);
void tsw_out_clear(struct tsw_out *);

/* The first message of 'type' in 'out' at or after index 'from', or
 * NULL. */
const struct of_msg *tsw_find(const struct tsw_out *, uint8_t type,
                              size_t from);
size_t tsw_count(const struct tsw_out *, uint8_t type);

/* Ports 1..n_ports, all up, MAC 02:00:00:00:DPID:PORT. */
void tsw_make_ports(struct of_port *ports, size_t n_ports, uint64_t dpid);

/* Answers FEATURES (dpid), PORT_DESC (ports) and BARRIER; afterwards the
 * switch is in MAIN.  What it sent after the barrier reply (the apps'
 * switch-up output) is left queued. */
void tsw_handshake(struct ctl_switch *, uint64_t dpid,
                   const struct of_port *ports, size_t n_ports,
                   long long now);

/* Feeds a message built by the test (it is encoded and decoded first, as
 * it would arrive). */
enum ofperr tsw_feed(struct ctl_switch *, const struct of_msg *,
                     long long now);

#endif /* tests/unit/test-controller-lib.h */
