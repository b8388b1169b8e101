/*
 * switch-conn: one switch as the controller sees it: the datapath record
 * apps read (struct ctl_switch behind controller/app.h), the handshake
 * state machine, request tracking and the out-queue.
 *
 * States:
 *
 *   HANDSHAKE  HELLO is done (the conn did it); FEATURES_REQUEST sent.
 *   CONFIG     FEATURES_REPLY arrived (the dpid is known): SET_CONFIG,
 *              optionally a delete of every flow, a PORT_DESC request and
 *              a BARRIER_REQUEST are sent.  When the barrier is answered
 *              (after the port list, since a switch answers in order) the
 *              switch is clean and described:
 *   MAIN       apps are told "switch up" and get every event from now on.
 *   DEAD       the handshake failed or the core is closing the switch;
 *              input is ignored until the core destroys it.
 *
 * Requests.  ctl_out_request() records the xid, the callback and a
 * deadline; an incoming message whose xid matches a pending request and
 * whose type answers it (a reply, an OFPT_ERROR, or the parts of a
 * multipart reply, joined with of_mp_assembler) completes it.  Pending
 * requests are few (the handshake's, and what apps ask), so they sit in
 * a small array searched linearly; asynchronous messages (packet-in, port
 * status, flow removed) never search it.
 *
 * Output.  Every message an app or the core queues is encoded at once
 * into the switch's transmit buffer, with an xid from the switch's own
 * counter.  When the buffer goes from empty to non-empty the core is told
 * (hooks->output) and later sends the whole batch with one
 * conn_send_raw(); ctl_switch_take_output() is how it (or a test) takes
 * the bytes.
 *
 * No sockets here: a struct ctl_switch is driven by calls (start,
 * receive, run) and reports through its hooks, so tests drive it with
 * decoded messages and read what it sends.
 *
 * Threading: a switch belongs to one worker thread.
 */
#ifndef CONTROLLER_SWITCH_CONN_H
#define CONTROLLER_SWITCH_CONN_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "controller/app.h"
#include "ofproto/ofpbuf.h"

struct conn;
struct ctl_apps;
struct ctl_worker;

enum ctl_switch_state {
    CTL_SW_HANDSHAKE,
    CTL_SW_CONFIG,
    CTL_SW_MAIN,
    CTL_SW_DEAD,
};

struct ctl_switch_config {
    uint16_t miss_send_len;     /* SET_CONFIG; OFPCML_NO_BUFFER: whole
                                 * packets, no switch buffers. */
    bool clear_flows;           /* Delete every flow before switch up. */
    int handshake_timeout_ms;   /* Each handshake request's timeout. */
};

void ctl_switch_config_init(struct ctl_switch_config *);

/* How a switch reports to its owner.  Each may be NULL. */
struct ctl_switch_hooks {
    /* The transmit buffer went from empty to non-empty. */
    void (*output)(struct ctl_switch *, void *aux);

    /* The dpid is known (FEATURES_REPLY): returns how many times this
     * dpid has connected, this time included. */
    unsigned int (*attach)(struct ctl_switch *, void *aux);

    /* The switch's dpid is no longer in use by it (it is being
     * destroyed).  Only called if 'attach' was. */
    void (*detach)(struct ctl_switch *, void *aux);

    /* The switch entered CTL_SW_DEAD on its own (handshake failure):
     * the owner should close and destroy it, but not from inside this
     * call. */
    void (*failed)(struct ctl_switch *, const char *reason, void *aux);
};

struct ctl_switch_stats {
    uint64_t packet_ins;        /* Dispatched to apps. */
    uint64_t packet_ins_early;  /* Dropped: arrived before switch up. */
    uint64_t errors;            /* OFPT_ERRORs received. */
    uint64_t requests;          /* ctl_out_request() calls. */
    uint64_t timeouts;          /* Requests that timed out. */
    uint64_t unexpected;        /* Replies nobody asked for. */
    uint64_t tx_msgs;           /* Messages queued. */
};

struct ctl_request {
    uint32_t xid;
    uint8_t type;               /* OFPT_* of the request. */
    long long deadline;
    ctl_reply_func *cb;
    void *aux;
    struct of_mp_assembler *mp; /* Multipart requests, once a part came. */
};

struct ctl_out {
    struct ctl_switch *sw;
};

struct ctl_switch {
    const struct ctl_apps *apps;
    struct ctl_switch_config config;
    const struct ctl_switch_hooks *hooks;
    void *hooks_aux;

    enum ctl_switch_state state;
    uint64_t dpid;
    char name[17];
    char *peer;
    struct of_switch_features features;
    struct of_port *ports;
    size_t n_ports;
    uint32_t role;
    unsigned int connections;
    bool attached;              /* hooks->attach ran. */
    bool got_ports;

    uint32_t next_xid;
    struct ctl_request *requests;
    size_t n_requests;
    size_t allocated_requests;

    struct ofpbuf txbuf;
    struct ctl_out out;

    void **app_data;            /* One slot per app. */
    void (**app_data_destroy)(void *);
    long long *timer_last;      /* One slot per app. */

    struct ctl_switch_stats stats;

    /* Owned by the core (core.c). */
    struct conn *conn;
    struct ctl_worker *worker;
    struct ctl_switch *prev, *next;     /* The worker's switches. */
    struct ctl_switch *flush_next;      /* The worker's batch to send. */
    struct ctl_switch *reap_next;       /* The worker's to destroy. */
    bool reap;                          /* On the reap list. */
    uint64_t serial;                    /* Unique per connection. */
};

/* ---- Create and destroy ---- */

/* Creates a switch in state HANDSHAKE for a connection to 'peer'
 * (copied), dispatching to 'apps' (which must outlive it).  'hooks' may
 * be NULL. */
struct ctl_switch *ctl_switch_create(const struct ctl_apps *apps,
                                     const struct ctl_switch_config *,
                                     const char *peer,
                                     const struct ctl_switch_hooks *hooks,
                                     void *hooks_aux);

/* Tells the apps the switch went down (if it was up), completes pending
 * requests with CTL_REPLY_DISCONNECTED, detaches it and frees it.
 * Accepts NULL. */
void ctl_switch_destroy(struct ctl_switch *, long long now);

/* ---- Driving ---- */

/* The connection is up (HELLO done): sends FEATURES_REQUEST. */
void ctl_switch_start(struct ctl_switch *, long long now);

/* Handles one message from the switch.  Returns 0, or an error for the
 * conn to send back (a message a switch must not send). */
enum ofperr ctl_switch_receive(struct ctl_switch *, const struct of_msg *,
                               long long now);

/* Times out requests and runs app timers due at 'now'. */
void ctl_switch_run(struct ctl_switch *, long long now);

/* Marks the switch dead (it ignores input from now on). */
void ctl_switch_kill(struct ctl_switch *, const char *reason);

/* The bytes queued for the switch (whole messages).  The caller sends
 * them and clears the buffer with ofpbuf_clear(). */
struct ofpbuf *ctl_switch_output(struct ctl_switch *);

enum ctl_switch_state ctl_switch_get_state(const struct ctl_switch *);
const char *ctl_switch_state_name(enum ctl_switch_state);

#endif /* controller/switch-conn.h */
