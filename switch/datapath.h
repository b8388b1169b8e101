/*
 * datapath: the datapath thread and the two queues that join it to the
 * control thread (docs/switch-design.md).
 *
 * The datapath owns the ports, the flow tables, the exact-match cache, the
 * group and meter tables and the packet buffers, and is the only thread
 * that touches them.  The
 * control thread (the agent) hands it commands and takes back events:
 *
 *   commands (struct dp_cmd), control -> datapath, run in order:
 *     DP_CMD_OPENFLOW  a decoded OpenFlow message from connection
 *                      'conn_id' (everything but HELLO, ECHO, ROLE and
 *                      ASYNC, which the agent answers itself)
 *     DP_CMD_CONNS     how many connections want asynchronous messages
 *                      (so the datapath does not buffer packets for
 *                      packet-ins nobody will read)
 *
 *   events (struct dp_event), datapath -> control:
 *     DP_EV_REPLY      encoded messages for connection 'conn_id'
 *     DP_EV_ERROR      an OpenFlow error for the request in 'bytes'
 *     DP_EV_ASYNC      an encoded PACKET_IN, FLOW_REMOVED or PORT_STATUS
 *                      with its 'reason', for every connection whose role
 *                      and async configuration want it
 *
 * Either side is woken through an eventfd when the other adds to its
 * queue.  Commands and events are heap objects handed over with their
 * ownership; the queues are the only state the threads share.
 */
#ifndef SWITCH_DATAPATH_H
#define SWITCH_DATAPATH_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ofproto/ofp-errors.h"
#include "ofproto/ofp-msgs.h"
#include "ofproto/ofpbuf.h"

struct datapath;

/* ---- Configuration ---- */

struct dp_port_spec {
    char *name;                 /* Interface name. */
    char *type;                 /* netdev class; NULL: the default. */
    uint32_t ofport;            /* 0: next free number. */
};

struct dp_config {
    uint64_t dpid;
    char *name;                 /* Switch name: the LOCAL tap's name. */
    uint8_t n_tables;           /* 1..255. */
    uint32_t max_flows;         /* Per table; OFPFMFC_TABLE_FULL beyond. */
    uint32_t max_groups;        /* Per group type; 0: the group table's
                                 * default.  OFPGMFC_OUT_OF_GROUPS beyond. */
    uint32_t max_meters;        /* 0: the meter table's default.
                                 * OFPMMFC_OUT_OF_METERS beyond. */
    bool local_port;            /* Create the LOCAL tap port. */
    struct dp_port_spec *ports;
    size_t n_ports;
};

/* ---- Commands ---- */

enum dp_cmd_type {
    DP_CMD_OPENFLOW,
    DP_CMD_CONNS,
    DP_CMD_STANDALONE,          /* Fail-standalone on or off. */
};

struct dp_cmd {
    struct dp_cmd *next;
    enum dp_cmd_type type;
    uint64_t conn_id;
    struct of_msg msg;          /* DP_CMD_OPENFLOW: owned by the cmd. */
    bool standalone;            /* DP_CMD_STANDALONE. */
    unsigned int n_async_conns; /* DP_CMD_CONNS. */
};

/* Creates a DP_CMD_OPENFLOW command by decoding a private copy of the
 * 'len' raw bytes of a message that already decoded once. */
struct dp_cmd *dp_cmd_openflow(uint64_t conn_id, const void *raw,
                               size_t len);
void dp_cmd_free(struct dp_cmd *);      /* Accepts NULL. */

/* ---- Events ---- */

enum dp_event_type {
    DP_EV_REPLY,
    DP_EV_ERROR,
    DP_EV_ASYNC,
};

struct dp_event {
    struct dp_event *next;
    enum dp_event_type type;
    uint64_t conn_id;           /* REPLY, ERROR. */
    enum ofperr error;          /* ERROR. */
    uint8_t msg_type;           /* ASYNC: OFPT_PACKET_IN, ... */
    uint8_t reason;             /* ASYNC: the message's reason. */
    struct ofpbuf bytes;        /* REPLY, ASYNC: encoded messages, back to
                                 * back; ERROR: the offending request. */
};

void dp_event_free(struct dp_event *);  /* Accepts NULL. */

/* ---- Create, run, destroy ---- */

/* Creates the datapath: opens the ports of 'config' (copied) and the
 * LOCAL port.  Returns NULL with a message in '*errorp' (caller frees) if
 * a port cannot be opened. */
struct datapath *datapath_create(const struct dp_config *config,
                                 char **errorp);

/* Starts the datapath thread. */
void datapath_start(struct datapath *);

/* Stops the thread (if started) and frees everything.  Accepts NULL. */
void datapath_destroy(struct datapath *);

/* For tests: makes 'now_ns(aux)' the clock of meters and group durations
 * (by default CLOCK_MONOTONIC), read by the datapath thread once per
 * batch.  Call before datapath_start(); 'now_ns' must be safe to call
 * from that thread. */
void datapath_set_clock(struct datapath *, long long (*now_ns)(void *aux),
                        void *aux);

/* ---- The queues (control thread side) ---- */

/* Hands 'cmd' to the datapath, which frees it when done. */
void datapath_submit(struct datapath *, struct dp_cmd *cmd);

/* A file descriptor that becomes readable when events are waiting. */
int datapath_event_fd(const struct datapath *);

/* Takes every waiting event, oldest first, as a list the caller frees
 * with dp_event_free() on each, and resets the event fd.  NULL if there
 * is none. */
struct dp_event *datapath_take_events(struct datapath *);

#endif /* switch/datapath.h */
