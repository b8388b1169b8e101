/*
 * dp-private: the inside of struct datapath, shared by datapath.c (the
 * thread, the queues, packets) and dp-ofproto.c (OpenFlow messages).
 * Everything here belongs to the datapath thread except 'mutex', 'cmds'
 * and 'events', which the mutex guards.
 */
#ifndef SWITCH_DP_PRIVATE_H
#define SWITCH_DP_PRIVATE_H 1

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "switch/datapath.h"
#include "switch/flow-table.h"
#include "switch/group-table.h"
#include "switch/meter-table.h"
#include "switch/netdev.h"
#include "switch/packet.h"
#include "switch/pipeline.h"
#include "switch/pktbuf.h"
#include "switch/ports.h"

struct mac_learning;

struct datapath {
    uint64_t dpid;
    char *name;

    /* The queues. */
    pthread_mutex_t mutex;
    struct dp_cmd *cmds, **cmd_tail;
    /* Fail-standalone (agent.h): while on, the datapath forwards as a
     * learning bridge and the tables wait. */
    bool standalone;
    struct mac_learning *ml;

    struct dp_cmd *done;        /* Run by the datapath, freed by the control
                                 * thread (which allocated them: a free in
                                 * another thread contends for malloc's
                                 * arena lock). */
    struct dp_event *events, **event_tail;
    int cmd_fd;                 /* Wakes the datapath. */
    int event_fd;               /* Wakes the control thread. */

    /* The thread. */
    pthread_t thread;
    bool started;
    bool stop;

    /* Switch state. */
    struct ports ports;
    bool ports_changed;
    struct pipeline *pipeline;
    struct group_table *groups; /* The pipeline runs them; */
    struct meter_table *meters; /* the datapath owns them. */
    struct pktbuf *pktbuf;
    struct netdev_monitor *monitor;
    long long last_link_poll;
    uint16_t config_flags;      /* OFPC_FRAG_* of SET_CONFIG. */
    bool frag_drop;
    uint16_t miss_send_len;
    unsigned int n_async_conns; /* Connections that want packet-ins. */

    /* The clock of meters and groups (datapath_set_clock()), and its
     * reading for the batch being processed (dp_env_init()). */
    long long (*clock)(void *aux);
    void *clock_aux;
    long long now_ns;

    /* Receive buffers, and one for packet-outs and buffered packets. */
    struct dp_packet rx[NETDEV_BATCH];
    struct dp_packet *rx_ptrs[NETDEV_BATCH];
    uint8_t *rx_bufs;
    struct dp_packet scratch;
    uint8_t *scratch_buf;

    /* Unhappy paths, counted. */
    struct {
        uint64_t output_no_port;        /* Output to a port that is not. */
        uint64_t packet_in_no_conn;     /* Nobody to send a packet-in to. */
        uint64_t packet_in_no_pkt_in;   /* Port has OFPPC_NO_PACKET_IN. */
        uint64_t packet_in_metered;     /* Dropped by OFPM_CONTROLLER. */
    } stats;
};

long long dp_time_msec(void);

/* Turns fail-standalone forwarding on or off. */
void dp_set_standalone(struct datapath *, bool on);

/* The datapath's clock for meters and groups, in nanoseconds. */
long long dp_time_nsec(const struct datapath *);

/* Events to the control thread. */
struct dp_event *dp_event_new(enum dp_event_type, uint64_t conn_id);
void dp_post(struct datapath *, struct dp_event *);
void dp_post_msg(struct datapath *, uint64_t conn_id, const struct of_msg *);
void dp_post_async(struct datapath *, const struct of_msg *, uint8_t reason);

/* Ports, with PORT_STATUS. */
struct dp_port *dp_add_port(struct datapath *, const char *name,
                            const char *type, uint32_t ofport,
                            char **errorp);
void dp_del_port(struct datapath *, struct dp_port *);
void dp_port_status(struct datapath *, const struct dp_port *,
                    uint8_t reason);

/* A pipeline environment that outputs to the datapath's ports, with the
 * time read once (dp->now_ns too). */
void dp_env_init(struct datapath *, struct pipeline_env *);

/* Whether port 'ofport' is live for fast failover: see
 * group_table_port_live_func. */
bool dp_port_live(void *dp, uint32_t ofport);

#endif /* switch/dp-private.h */
