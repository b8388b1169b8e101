/*
 * conn: an OpenFlow 1.3 connection on a libevent bufferevent, over TCP,
 * unix sockets or TLS (openssl).  The switch, the controller and ofctl all
 * talk through it; it is the one module of ofproto that does I/O.
 *
 * What a conn does for its user:
 *
 *   - Targets in Open vSwitch syntax.  Active: "tcp:IP[:PORT]" (port 6653
 *     by default), "unix:PATH", "ssl:IP[:PORT]".  Passive (conn_listener):
 *     "ptcp:PORT[:IP]" (IP 0.0.0.0 by default), "punix:PATH",
 *     "pssl:PORT[:IP]".  IP may be a host name (resolved with a blocking
 *     getaddrinfo(), so prefer addresses in a daemon) or an IPv6 address in
 *     brackets: "tcp:[::1]:6653".
 *
 *   - Version negotiation (OpenFlow 1.3.5, 6.3.2).  As soon as the
 *     transport is up (TCP connected, TLS handshake done) the conn sends a
 *     HELLO with a version bitmap and waits for the peer's.  A peer that
 *     does not allow 1.3, or whose HELLO does not decode, gets OFPT_ERROR
 *     HELLO_FAILED/INCOMPATIBLE with a text naming the versions (in the
 *     lower of its version and 1.3, so that it can parse it), and the
 *     connection is closed once that is written.  Until the peer's HELLO
 *     has arrived no other message reaches the user; a peer that sends
 *     anything else first (an OFPT_ERROR included, whose text is logged)
 *     is disconnected.
 *
 *   - Framing: the 8-byte header, then the whole message.  A header
 *     length below 8 is a framing error that closes the connection.
 *
 *   - Validation and errors.  Each message is decoded with of_msg_decode().
 *     A message that does not decode is answered with OFPT_ERROR (the
 *     decode error, the message's xid and first 64 bytes) and the
 *     connection goes on.  A decoded message goes to the user's 'message'
 *     callback; if that returns an error, the conn sends it as OFPT_ERROR
 *     for that message.  So the conn is the one place in ofkit that sends
 *     OFPT_ERROR (conn_send_error() covers errors found later).  A
 *     malformed OFPT_ERROR is never answered with another error.
 *
 *   - Messages the conn keeps to itself: ECHO_REQUEST (answered with an
 *     ECHO_REPLY carrying the same xid and data; not passed on), the
 *     ECHO_REPLY to its own probe (not passed on; other echo replies are),
 *     and a HELLO after the handshake (ignored: 1.3.5 gives it no meaning
 *     and answering it could only confuse a peer that re-sent it).
 *
 *   - Liveness (6.3.3).  When nothing has been received for
 *     'probe_interval_ms' the conn sends an ECHO_REQUEST; when another
 *     interval passes still in silence it drops the connection.  An
 *     attempt whose handshake (TCP connect, TLS, HELLO) has not completed
 *     within two intervals (two default intervals if probing is off) is
 *     dropped as well.
 *
 *   - Reconnection.  An active conn with 'reconnect' set tries again after
 *     a failed attempt or a dropped connection: first after
 *     'min_backoff_ms', then doubling up to 'max_backoff_ms' while
 *     attempts keep failing; a completed handshake resets the backoff.
 *
 *   - TLS (6.3.5): both sides present a certificate and verify the peer's
 *     against the configured CA certificate (mutual authentication; a
 *     listener requires a client certificate).  There is no host name
 *     check: trust comes from the CA alone, as in Open vSwitch.  A refused
 *     certificate is logged with OpenSSL's reason.
 *
 * State.  A conn is a small state machine: idle (an active conn waiting
 * for its next attempt), connecting, TLS handshake, HELLO sent, open,
 * flushing (writing a last HELLO_FAILED), dead.  One libevent timer serves
 * the backoff, the liveness checks and the flush deadline, whichever the
 * state needs.  Reconnecting keeps the conn (and its counters); each
 * attempt gets a fresh socket and bufferevent.
 *
 * Callbacks and ownership.  A conn calls its user only from its event
 * base's loop (which conn_sync_*() run), never from inside another conn_*()
 * call.  The decoded message
 * passed to 'message' (and its raw bytes, msg->raw and msg->raw_len) is
 * owned by the conn and valid only during the callback; copy what must
 * outlive it.  Every callback may call any conn function on its own conn,
 * conn_destroy() included (the conn is then freed when the callback
 * returns, and no further callback runs).
 *
 * Output is buffered in the bufferevent without limit; a sender that can
 * produce a lot (flow dumps, packet-ins) watches conn_output_backlog() and
 * holds back while it is large.
 *
 * Threading: a conn, a conn_listener and a conn_sync belong to one event
 * base and are used only from the thread that runs that base's loop.
 * Different conns on different bases may run in different threads.
 * conn_set_log_func() is meant to be called once, before any thread
 * starts.  Writing to a socket whose peer has gone would raise SIGPIPE:
 * the first conn created sets SIGPIPE to be ignored if it was at its
 * default action.
 */
#ifndef OFPROTO_CONN_H
#define OFPROTO_CONN_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ofproto/ofp-errors.h"

struct event_base;
struct of_msg;
struct conn;
struct conn_listener;

/* ---- Configuration ---- */

/* Files for TLS, all PEM.  conn_create() and conn_listener_create() copy
 * the paths and load the files at once, so a missing or bad file is an
 * error at creation. */
struct conn_ssl_config {
    const char *private_key;
    const char *certificate;
    const char *ca_cert;        /* The CA that must have signed the peer. */
};

#define CONN_DEFAULT_PROBE_INTERVAL_MS 5000
#define CONN_DEFAULT_MIN_BACKOFF_MS 1000
#define CONN_DEFAULT_MAX_BACKOFF_MS 8000

struct conn_options {
    int probe_interval_ms;      /* 0 disables probing. */
    bool reconnect;             /* Active conns only. */
    int min_backoff_ms;
    int max_backoff_ms;
    const struct conn_ssl_config *ssl;  /* Required for ssl: and pssl:. */
    bool reuseport;             /* TCP/TLS listeners: SO_REUSEPORT, so that
                                 * several listeners (one per thread) can
                                 * share a port. */
};

/* Fills in the defaults: probing every 5 s, no reconnection, backoff 1 s
 * to 8 s, no TLS files.  Passing NULL options anywhere means these. */
void conn_options_init(struct conn_options *);

/* ---- Targets ---- */

enum conn_transport {
    CONN_TCP,
    CONN_UNIX,
    CONN_SSL,
};

/* A parsed target.  'host' is the address or name as written (without
 * brackets), or NULL for a passive target without one; 'path' is set for
 * unix targets only.  Both are owned by the struct. */
struct conn_target {
    enum conn_transport transport;
    bool passive;
    char *host;
    uint16_t port;
    char *path;
};

/* Parses 'name' into 'target'.  Returns NULL on success (the caller must
 * conn_target_uninit() it), otherwise an error message naming 'name' that
 * the caller must free() ('target' is then left empty). */
char *conn_target_parse(const char *name, struct conn_target *target);
void conn_target_uninit(struct conn_target *);      /* Accepts NULL. */

/* True if 'name' starts like a passive target ("ptcp:", "punix:",
 * "pssl:"), whether or not the rest is valid. */
bool conn_target_is_passive(const char *name);

/* ---- Callbacks ---- */

/* Each member may be NULL.  'aux' is the value given with them. */
struct conn_callbacks {
    /* The HELLO exchange completed: the connection is usable. */
    void (*connected)(struct conn *, void *aux);

    /* A decoded message arrived.  'msg' belongs to the conn and is valid
     * during the call only (msg->raw holds its bytes).  Return 0, or an
     * error that the conn sends back as OFPT_ERROR for this message. */
    enum ofperr (*message)(struct conn *, const struct of_msg *msg,
                           void *aux);

    /* A message arrived that does not decode; the conn has already
     * answered it with OFPT_ERROR for 'error'.  'msg' holds the header
     * fields and the raw bytes only, and is valid during the call. */
    void (*malformed)(struct conn *, const struct of_msg *msg,
                      enum ofperr error, void *aux);

    /* A connection attempt failed or a connection ended, whether or not
     * 'connected' ran for it.  'reason' is valid during the call.  An
     * active conn with reconnection then tries again after its backoff;
     * any other conn is dead and its owner should destroy it. */
    void (*disconnected)(struct conn *, const char *reason, void *aux);
};

/* ---- Create and destroy ---- */

/* Creates a conn for the active target 'name' on 'base', with 'callbacks'
 * (copied) and 'aux'.  The first attempt starts from the event loop, so
 * even its failure is reported through 'disconnected'.  Returns NULL if
 * 'name' is not a valid active target or the TLS files cannot be loaded,
 * and then stores an error message in '*errorp' (caller frees); on
 * success '*errorp' is NULL.  'options' may be NULL. */
struct conn *conn_create(struct event_base *base, const char *name,
                         const struct conn_options *options,
                         const struct conn_callbacks *callbacks, void *aux,
                         char **errorp);

/* Closes the connection (without calling 'disconnected') and frees the
 * conn.  Accepts NULL.  Safe from inside the conn's own callbacks. */
void conn_destroy(struct conn *);

/* Replaces the callbacks and aux: how the receiver of an accepted conn
 * takes it over. */
void conn_set_callbacks(struct conn *, const struct conn_callbacks *,
                        void *aux);

/* ---- Sending ----
 *
 * Each returns 0 on success, ENOTCONN if the handshake has not completed
 * (or the connection has gone), EMSGSIZE if the message cannot be
 * encoded in 64 KiB (conn_send() splits multipart messages with
 * of_mp_encode_split() first, so for them this does not happen). */

int conn_send(struct conn *, const struct of_msg *);
int conn_send_raw(struct conn *, const void *data, size_t len);

/* Sends OFPT_ERROR for 'error' in reply to the 'len' bytes of 'request'
 * (for an error found after the message callback returned). */
int conn_send_error(struct conn *, enum ofperr error, const void *request,
                    size_t len);

/* A fresh transaction id (never 0). */
uint32_t conn_next_xid(struct conn *);

/* Bytes queued for output and not yet written to the socket. */
size_t conn_output_backlog(const struct conn *);

/* ---- Status ---- */

struct conn_stats {
    uint64_t attempts;          /* Connection attempts started. */
    uint64_t handshakes;        /* HELLO exchanges completed. */
    uint64_t disconnects;       /* Attempts failed or connections ended. */
    uint64_t rx_msgs;           /* Messages received (framed). */
    uint64_t tx_msgs;           /* Messages sent. */
    uint64_t framing_errors;    /* Header length below 8. */
    uint64_t decode_errors;     /* OFPT_ERRORs sent for undecodable input. */
    uint64_t errors_sent;       /* All OFPT_ERRORs sent. */
    uint64_t hello_failures;    /* Incompatible or malformed peer HELLOs. */
    uint64_t probes_sent;       /* Inactivity ECHO_REQUESTs. */
    uint64_t drops;             /* Connections dropped as dead (no reply
                                 * to a probe, or a silent attempt). */
    uint64_t tls_errors;        /* TLS handshake or I/O failures. */
    uint64_t logs_suppressed;   /* Log lines eaten by the rate limit. */
};

/* Counters since creation (across reconnections).  Owned by the conn. */
const struct conn_stats *conn_get_stats(const struct conn *);

/* True between 'connected' and 'disconnected'. */
bool conn_is_connected(const struct conn *);

/* True once an accepted or non-reconnecting conn has disconnected for
 * good. */
bool conn_is_dead(const struct conn *);

/* The target, for active conns, or "tcp:PEER:PORT" / "unix:PATH" /
 * "ssl:PEER:PORT" for accepted ones.  Owned by the conn. */
const char *conn_get_name(const struct conn *);

/* The delay, in milliseconds, before the attempt that is scheduled (or was
 * last scheduled) after a failure or a drop. */
int conn_get_backoff_ms(const struct conn *);

/* ---- Listeners ---- */

/* Called with each accepted conn, which the callback now owns (it sets
 * the conn's callbacks with conn_set_callbacks() and destroys it in the
 * end).  The conn has only begun its handshake. */
typedef void conn_accept_func(struct conn_listener *, struct conn *,
                              void *aux);

/* Listens on the passive target 'name' on 'base'.  Accepted conns get
 * 'options' (probing, TLS; reconnect does not apply).  A "punix:" path
 * that holds a stale socket (nobody listening) is removed first; one with
 * a live listener or a file that is not a socket is an error.  Returns
 * NULL with an error message in '*errorp' (caller frees) on failure. */
struct conn_listener *conn_listener_create(struct event_base *base,
                                           const char *name,
                                           const struct conn_options *,
                                           conn_accept_func *, void *aux,
                                           char **errorp);

/* Stops listening (and removes a punix socket file).  Conns already
 * accepted live on.  Accepts NULL. */
void conn_listener_destroy(struct conn_listener *);

/* The TCP port actually bound (useful after "ptcp:0"), 0 for punix. */
uint16_t conn_listener_get_port(const struct conn_listener *);

/* An active target that reaches this listener: "tcp:127.0.0.1:PORT"
 * (the loopback address for a wildcard bind), "unix:PATH", "ssl:...".
 * Owned by the listener. */
const char *conn_listener_get_target(const struct conn_listener *);

/* ---- Synchronous use, for command-line tools ----
 *
 * struct conn_sync wraps one conn and runs its event base until what the
 * caller waits for has happened or the timeout has passed.  Messages that
 * arrive while waiting for something else are queued for conn_sync_recv().
 * Timeouts are in milliseconds. */

struct conn_sync;

/* Connects to 'name' and completes the handshake within 'timeout_ms'.  A
 * passive target waits for one peer to connect.  'base' may be NULL (the
 * conn_sync then creates and owns one).  Reconnection is never enabled.
 * Returns NULL with an error message in '*errorp' (caller frees) on
 * failure. */
struct conn_sync *conn_sync_open(struct event_base *base, const char *name,
                                 const struct conn_options *,
                                 int timeout_ms, char **errorp);

/* Flushes queued output (for at most a second), closes and frees.
 * Accepts NULL. */
void conn_sync_close(struct conn_sync *);

struct conn *conn_sync_get_conn(const struct conn_sync *);

/* Sends 'msg' (see conn_send()); the bytes go out while the caller waits
 * in conn_sync_recv(), conn_sync_transact(), conn_sync_flush() or
 * conn_sync_close(). */
int conn_sync_send(struct conn_sync *, const struct of_msg *);

/* Waits until all output is written.  0, ETIMEDOUT or ENOTCONN. */
int conn_sync_flush(struct conn_sync *, int timeout_ms);

/* Receives the next message into 'msg', which this always initializes, so
 * the caller always calls of_msg_uninit() on it.  Returns 0 on success,
 * ETIMEDOUT, or ENOTCONN if the connection has ended.  On success
 * '*decode_error' (if not NULL) is 0, or the error for a message that did
 * not decode, in which case 'msg' holds only its header and raw bytes. */
int conn_sync_recv(struct conn_sync *, int timeout_ms, struct of_msg *msg,
                   enum ofperr *decode_error);

/* Sends 'request' (give it an xid from conn_next_xid()) and receives its
 * reply: the next message with the same xid (an OFPT_ERROR counts), the
 * parts of a multipart reply joined and decoded as one message (whose
 * 'raw' is then the joined body, without headers).  Other messages stay
 * queued for conn_sync_recv().  'reply', return value and '*decode_error'
 * as for conn_sync_recv(). */
int conn_sync_transact(struct conn_sync *, const struct of_msg *request,
                       int timeout_ms, struct of_msg *reply,
                       enum ofperr *decode_error);

/* Why the connection ended, or NULL while it is up.  Owned by 'sync'. */
const char *conn_sync_get_error(const struct conn_sync *);

/* ---- Logging ----
 *
 * Each conn and listener logs its unhappy paths (and connects and
 * disconnects) under a rate limit of its own: a burst of 10 lines, then
 * one a second, counting what it suppresses.  By default lines go to
 * stderr as "conn|LEVEL|NAME: message". */

enum conn_log_level {
    CONN_LOG_ERR,
    CONN_LOG_WARN,
    CONN_LOG_INFO,
};

typedef void conn_log_func(enum conn_log_level, const char *line);

/* Sends log lines to 'func' instead (NULL: back to stderr). */
void conn_set_log_func(conn_log_func *func);

/* "ERR", "WARN", "INFO". */
const char *conn_log_level_name(enum conn_log_level);

#endif /* ofproto/conn.h */
