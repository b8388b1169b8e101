/*
 * ports: the switch's OpenFlow ports (OpenFlow 1.3.5, 4.1-4.4 and 7.2.1).
 *
 * A port is a netdev (netdev.h) with an OpenFlow port number, its
 * configuration (OFPPC_* flags set by PORT_MOD), its state (OFPPS_*: link
 * down, live), and a send batch: outputs are copied into the batch as the
 * pipeline runs and handed to the netdev together by ports_flush().
 *
 * Numbers are stable while the switch runs: a port keeps the number it was
 * given, or, when none was asked, the number after the highest ever given;
 * a removed port's number is not given to another port automatically.
 * The LOCAL port is OFPP_LOCAL.
 *
 * Threading: the datapath thread's.  No function allocates on the packet
 * path (port_output(), ports_flush()).
 */
#ifndef SWITCH_PORTS_H
#define SWITCH_PORTS_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ofproto/ofp-port.h"
#include "switch/netdev.h"
#include "switch/packet.h"

/* Frames a port's send batch holds before it is flushed. */
#define PORT_TX_BATCH 32

struct dp_port {
    uint32_t ofport;
    struct netdev *netdev;
    char name[OFP_MAX_PORT_NAME_LEN + 1];
    uint8_t hw_addr[6];
    uint32_t config;            /* OFPPC_*. */
    uint32_t state;             /* OFPPS_*. */
    long long created;          /* ms, for duration in statistics. */

    /* Egress queues (port-queues.h), sorted by id. */
    struct tc_queue *queues;
    size_t n_queues;
    long long queues_created;   /* ms, for duration in statistics. */

    /* Counted here besides the netdev's own counters. */
    uint64_t rx_dropped;        /* OFPPC_NO_RECV, port down. */
    uint64_t tx_dropped;        /* OFPPC_NO_FWD, port down. */

    /* The send batch. */
    int n_tx;
    struct dp_packet tx[PORT_TX_BATCH];
    struct dp_packet *tx_ptrs[PORT_TX_BATCH];
    uint8_t *tx_bufs;
};

struct ports {
    struct dp_port **ports;     /* Sorted by ofport. */
    size_t n;
    uint32_t next_ofport;       /* Above every number given so far. */
};

void ports_init(struct ports *);
void ports_destroy(struct ports *);     /* Closes every port. */

/* Opens interface 'name' with netdev class 'type' (NULL: the default) as
 * port 'ofport' (0: the next free number; OFPP_LOCAL for the LOCAL port)
 * at 'now'.  Returns the port, or NULL with a message in '*errorp'
 * (caller frees): the name or number is taken, the number is invalid, or
 * the interface cannot be opened. */
struct dp_port *ports_add(struct ports *, const char *name, const char *type,
                          uint32_t ofport, long long now, char **errorp);

/* Closes and removes 'port' (flushing nothing). */
void ports_remove(struct ports *, struct dp_port *port);

struct dp_port *ports_find(const struct ports *, uint32_t ofport);
struct dp_port *ports_find_by_name(const struct ports *, const char *name);

/* ---- OpenFlow views ---- */

/* The port as struct ofp_port. */
void port_describe(const struct dp_port *, struct of_port *);

/* The port's statistics at 'now'. */
void port_stats(const struct dp_port *, long long now,
                struct of_port_stats *);

/* Applies a PORT_MOD's config under 'mask' (OFPPC_PORT_DOWN brings the
 * interface down or up).  Returns true if the config changed. */
bool port_modify(struct dp_port *, uint32_t config, uint32_t mask);

/* Re-reads link state.  Returns true if OFPPS_* changed. */
bool port_refresh_state(struct dp_port *);

/* ---- Frames ---- */

/* Copies 'p' into the port's send batch (flushing it first if full).
 * Counts a drop instead if the port is down or has OFPPC_NO_FWD. */
void port_output(struct dp_port *, const struct dp_packet *p);

/* Sends the port's batch. */
void port_flush(struct dp_port *);

/* Sends every port's batch. */
void ports_flush(struct ports *);

#endif /* switch/ports.h */
