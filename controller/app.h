/*
 * app: the public API of ofcontroller's applications.
 *
 * This is the only controller header an app includes (with the decoded
 * message types of ofproto/).  An app is a struct ctl_app_class: a name,
 * an init and a fini, and handlers for the events it wants, each with a
 * priority.  docs/writing-apps.md walks through an example.
 *
 * Apps are pure.  A handler receives the switch, the decoded event and
 * 'now' (a monotonic time in milliseconds: apps never read a clock), and
 * appends the messages it wants sent to the switch's out-queue (struct
 * ctl_out) with the ctl_out_*() builders.  The core does all I/O: it
 * assigns transaction ids, batches the queue into the connection, matches
 * replies to requests, joins multipart replies and times requests out.
 * An app never writes bytes and never sees a socket.
 *
 * Dispatch order.  For each event the handlers of every app that has one
 * run in order of decreasing priority (ties: the order the apps were given
 * on the command line).  A packet-in handler returns CTL_STOP to keep the
 * packet from the apps after it, CTL_CONTINUE to pass it on.  Other events
 * reach every handler.
 *
 * Switches.  A switch reaches the apps ("switch up") once the core has
 * completed its handshake: HELLO, FEATURES, SET_CONFIG, PORT_DESC and a
 * barrier confirming that (with --clear-flows) its old flows are gone.
 * From then on the apps see its port status changes, packet-ins, flow
 * removals, errors and periodic timers, until "switch down", after which
 * the struct ctl_switch is gone.  A switch that reconnects (same datapath
 * id) gets a new struct ctl_switch, a new switch up, and
 * ctl_switch_connections() counts the connection.
 *
 * Threading.  The core runs several worker threads; each switch belongs to
 * one of them, and every handler for that switch runs on that thread, so
 * per-switch state (ctl_switch_set_data()) needs no lock.  State an app
 * shares between switches (its ctl_app_get_data()) may be used by several
 * threads at once: protect it (see apps/learning_switch.c).
 *
 * Ownership.  Events and replies passed to handlers are valid during the
 * call only.  The builders copy what they are given (they encode at once),
 * so an app may build messages on its stack.
 */
#ifndef CONTROLLER_APP_H
#define CONTROLLER_APP_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ofproto/ofp-msgs.h"
#include "ofproto/util.h"

struct ctl_app;
struct ctl_out;
struct ctl_switch;

/* ---- Events ---- */

/* What a packet-in handler tells the dispatcher. */
enum ctl_verdict {
    CTL_CONTINUE,               /* Later apps see the packet too. */
    CTL_STOP,                   /* The packet is handled: stop here. */
};

/* A packet-in, decoded, with what nearly every app needs parsed once. */
struct ctl_packet_in {
    const struct of_packet_in *msg;
    uint32_t in_port;           /* From the match; OFPP_ANY if absent. */

    /* The Ethernet header of msg->data, or all zero (eth_ok false) if the
     * frame is shorter than 14 bytes.  eth_type is the outermost type
     * (0x8100 for a VLAN-tagged frame). */
    bool eth_ok;
    uint8_t eth_dst[6];
    uint8_t eth_src[6];
    uint16_t eth_type;
};

typedef void ctl_switch_up_func(struct ctl_app *, struct ctl_switch *,
                                long long now, struct ctl_out *);
typedef void ctl_switch_down_func(struct ctl_app *, struct ctl_switch *,
                                  long long now);

/* The switch's port record is already updated when this runs; 'old' is
 * the port as it was before (NULL for OFPPR_ADD). */
typedef void ctl_port_status_func(struct ctl_app *, struct ctl_switch *,
                                  const struct of_port_status *,
                                  const struct of_port *old, long long now,
                                  struct ctl_out *);
typedef enum ctl_verdict ctl_packet_in_func(struct ctl_app *,
                                            struct ctl_switch *,
                                            const struct ctl_packet_in *,
                                            long long now,
                                            struct ctl_out *);
typedef void ctl_flow_removed_func(struct ctl_app *, struct ctl_switch *,
                                   const struct of_flow_removed *,
                                   long long now, struct ctl_out *);

/* An OFPT_ERROR that answers no request made with ctl_out_request() (for
 * example, to a flow mod): 'xid' is the failed message's. */
typedef void ctl_error_func(struct ctl_app *, struct ctl_switch *,
                            const struct of_error_msg *, uint32_t xid,
                            long long now, struct ctl_out *);

/* Runs for each switch that is up, every 'interval_ms'. */
typedef void ctl_timer_func(struct ctl_app *, struct ctl_switch *,
                            long long now, struct ctl_out *);

/* ---- The app ---- */

#define CTL_APP_API_VERSION 1

/* Handler slots: a function (or NULL) and its priority (higher first). */
#define CTL_HANDLER(FUNC) struct { FUNC *cb; int priority; }

struct ctl_app_class {
    int api_version;            /* CTL_APP_API_VERSION. */
    const char *name;           /* "learning_switch". */

    /* Its options for --help: "key=VALUE  what it does" lines, or NULL. */
    const char *usage;

    /* Called once, before any switch connects, after the options are
     * parsed (ctl_app_get_option() and friends).  Returns NULL, or an
     * error message (the caller frees it) that stops the controller.
     * May be NULL. */
    char *(*init)(struct ctl_app *);

    /* Called once at exit, after every switch has gone, for every app
     * whose init ran (even if it failed, so that init may leave what it
     * allocated in the app's data).  May be NULL. */
    void (*fini)(struct ctl_app *);

    CTL_HANDLER(ctl_switch_up_func) switch_up;
    CTL_HANDLER(ctl_switch_down_func) switch_down;
    CTL_HANDLER(ctl_port_status_func) port_status;
    CTL_HANDLER(ctl_packet_in_func) packet_in;
    CTL_HANDLER(ctl_flow_removed_func) flow_removed;
    CTL_HANDLER(ctl_error_func) error;
    struct {
        ctl_timer_func *cb;
        int priority;
        int interval_ms;
    } timer;
};

/* An app built as a shared object exports its class under this name:
 *
 *     const struct ctl_app_class ofkit_app = { ... };
 *
 * and is started with --app ./path/to/app.so[:KEY=VALUE,...]. */
#define CTL_APP_SYMBOL "ofkit_app"

/* Names an app's class so that one source builds both ways: compiled in,
 * the class is 'NAME' (listed in apps/apps.h); built as a shared object
 * (with -DCTL_APP_SO) it is exported as CTL_APP_SYMBOL. */
#ifdef CTL_APP_SO
#define CTL_APP_CLASS(NAME) ofkit_app
extern const struct ctl_app_class ofkit_app;
#else
#define CTL_APP_CLASS(NAME) NAME
#endif

/* The instance's name (its class's). */
const char *ctl_app_name(const struct ctl_app *);

/* The app's own state, NULL until set (usually by init). */
void *ctl_app_get_data(const struct ctl_app *);
void ctl_app_set_data(struct ctl_app *, void *data);

/* A cookie unique to this app instance in its top 8 bits (the rest zero):
 * an app that marks its flows with it can delete exactly its own
 * (cookie_mask = CTL_APP_COOKIE_MASK). */
#define CTL_APP_COOKIE_MASK 0xff00000000000000ull
uint64_t ctl_app_cookie(const struct ctl_app *);

/* Changes the interval of the app's timer (class->timer.interval_ms by
 * default); from init.  0 or less: the timer never runs. */
void ctl_app_set_timer_interval(struct ctl_app *, int interval_ms);

/* ---- Options (--app NAME:KEY=VALUE,...) ---- */

/* The value given for 'key' ("" for a bare "key"), or NULL. */
const char *ctl_app_get_option(const struct ctl_app *, const char *key);

/* Reads option 'key' as an integer in [min, max] into '*value' ('dflt'
 * when absent).  Returns NULL or an error message naming the app and the
 * option (caller frees). */
char *ctl_app_get_int(const struct ctl_app *, const char *key,
                      long long dflt, long long min, long long max,
                      long long *value)
    __attribute__((warn_unused_result));

/* Reads option 'key' as a boolean: "true", "yes", "1", "" (a bare key)
 * or "false", "no", "0". */
char *ctl_app_get_bool(const struct ctl_app *, const char *key, bool dflt,
                       bool *value)
    __attribute__((warn_unused_result));

/* Returns an error message (caller frees) naming the first option that is
 * not in the NULL-terminated list 'known', or NULL. */
char *ctl_app_check_options(const struct ctl_app *,
                            const char *const known[])
    __attribute__((warn_unused_result));

/* ---- Switches: the datapath record ---- */

uint64_t ctl_switch_dpid(const struct ctl_switch *);

/* "0000000000000001": the dpid as 16 hex digits, for logs. */
const char *ctl_switch_name(const struct ctl_switch *);

/* The FEATURES_REPLY (buffers, tables, capabilities). */
const struct of_switch_features *
ctl_switch_features(const struct ctl_switch *);

/* The ports (from PORT_DESC, kept current by PORT_STATUS), in the order
 * the switch listed them.  Valid until the next event for the switch. */
const struct of_port *ctl_switch_ports(const struct ctl_switch *,
                                       size_t *n);

/* The port numbered 'port_no', or NULL. */
const struct of_port *ctl_switch_port(const struct ctl_switch *,
                                      uint32_t port_no);

/* True if the port is administratively up and its link is up. */
bool ctl_port_is_up(const struct of_port *);

/* The connection: "tcp:10.0.0.1:52100". */
const char *ctl_switch_peer(const struct ctl_switch *);

/* The controller's role on this switch (OFPCR_ROLE_*). */
uint32_t ctl_switch_role(const struct ctl_switch *);

/* How many times a switch with this dpid has connected since the
 * controller started: 1 at first, 2 after a reconnection, ... */
unsigned int ctl_switch_connections(const struct ctl_switch *);

/* Per-switch state of one app: NULL until set.  'destroy' (may be NULL)
 * is called on the data when the switch goes, after every switch down
 * handler ran. */
void *ctl_switch_get_data(const struct ctl_switch *, const struct ctl_app *);
void ctl_switch_set_data(struct ctl_switch *, const struct ctl_app *,
                         void *data, void (*destroy)(void *));

/* ---- The out-queue: what apps send ---- */

/* The switch this queue sends to. */
struct ctl_switch *ctl_out_switch(const struct ctl_out *);

/* Fills 'fm' with a flow mod for 'command' (OFPFC_*) with the usual
 * defaults: table 0 (OFPTT_ALL for deletes), priority 32768, no buffer,
 * out_port OFPP_ANY, out_group OFPG_ANY, an empty match, no
 * instructions. */
void ctl_flow_mod_init(struct of_flow_mod *fm, uint8_t command);

/* Fills 'po' to send out what 'pi' brought: the switch's buffer if it
 * kept the packet, otherwise the packet's bytes; in_port from 'pi'; no
 * actions (point po->actions at your own). */
void ctl_packet_out_init(struct of_packet_out *po,
                         const struct ctl_packet_in *pi);

/* Fills 'a' with an output action to 'port' that sends whole packets
 * (max_len OFPCML_NO_BUFFER, for output to the controller). */
void ctl_action_output(struct of_action *a, uint32_t port);

/* Queue a message; the core gives it a transaction id. */
void ctl_out_flow_mod(struct ctl_out *, const struct of_flow_mod *);
void ctl_out_packet_out(struct ctl_out *, const struct of_packet_out *);
void ctl_out_group_mod(struct ctl_out *, const struct of_group_mod *);

/* Any message (msg->xid is ignored).  Multipart messages too long for one
 * message are split. */
void ctl_out_msg(struct ctl_out *, const struct of_msg *);

/* ---- Requests: send, and be called back with the answer ---- */

enum ctl_reply_status {
    CTL_REPLY_OK,               /* 'reply' is the answer (a multipart
                                 * reply joined from all its parts). */
    CTL_REPLY_ERROR,            /* 'reply' is the OFPT_ERROR. */
    CTL_REPLY_TIMEOUT,          /* No answer in time; 'reply' is NULL. */
    CTL_REPLY_DISCONNECTED,     /* The switch went; 'reply' and 'out' are
                                 * NULL. */
};

/* The answer to a request.  'reply' is valid during the call only. */
typedef void ctl_reply_func(struct ctl_switch *, enum ctl_reply_status,
                            const struct of_msg *reply, void *aux,
                            long long now, struct ctl_out *);

/* Default timeout of requests, in milliseconds. */
#define CTL_REQUEST_TIMEOUT_MS 10000

/* Sends 'request' and calls 'cb' exactly once with its outcome.  The
 * reply is matched by xid: the first non-multipart message, or the
 * multipart reply once its last part has arrived, or an OFPT_ERROR.  A
 * timeout of 0 means CTL_REQUEST_TIMEOUT_MS.  Returns the xid. */
uint32_t ctl_out_request(struct ctl_out *, const struct of_msg *request,
                         int timeout_ms, ctl_reply_func *cb, void *aux);

/* A multipart request (ctl_out_request() of a MULTIPART_REQUEST). */
uint32_t ctl_out_mp_request(struct ctl_out *, const struct of_mp_request *,
                            int timeout_ms, ctl_reply_func *cb, void *aux);

/* A BARRIER_REQUEST: 'cb' runs once the switch has processed everything
 * sent before it. */
uint32_t ctl_out_barrier(struct ctl_out *, int timeout_ms,
                         ctl_reply_func *cb, void *aux);

#endif /* controller/app.h */
