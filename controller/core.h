/*
 * core: ofcontroller's threads, listeners and switch registry.
 *
 * Threads.  The core runs 'n_threads' workers, each a libevent base with
 * its own loop; worker 0's loop runs in the thread that calls
 * ctl_core_run(), the others in threads of their own.  A switch's
 * connection (a conn from ofproto/conn.h), its struct ctl_switch and every
 * app handler for it live on one worker for the switch's whole life, so
 * nothing is locked per message.
 *
 * Hand-off.  Each listening target gets one conn_listener per worker on
 * that worker's base when the listeners can share the port (SO_REUSEPORT,
 * the kernel then spreads connections across them), and otherwise one
 * listener, on worker (i mod n_threads) for the i-th target, whose
 * accepted connections stay on that worker.  (conn listeners cannot share
 * a port today: see the controller issue's notes.)
 *
 * Per worker, each read batch of a connection is dispatched message by
 * message; what the apps queue is encoded into the switch's transmit
 * buffer, and a deferred "flush" event (run by the loop once the reads
 * of this iteration are done) hands every dirty switch's whole batch to
 * its conn in one call.  A periodic tick (100 ms) times out requests and
 * runs app timers.
 *
 * Registry.  Datapath ids are recorded in one table under a mutex, touched
 * only when a switch finishes or ends its handshake: it counts each dpid's
 * connections (so apps can tell a reconnection) and closes the old
 * connection of a dpid that connects again (on another worker, through
 * that worker's wake-up event).
 *
 * Signals: SIGINT and SIGTERM stop the loops; then every switch is closed
 * (apps see switch down) before ctl_core_run() returns.
 */
#ifndef CONTROLLER_CORE_H
#define CONTROLLER_CORE_H 1

#include <stddef.h>
#include <stdint.h>

#include "controller/switch-conn.h"

struct conn_ssl_config;
struct ctl_apps;
struct ctl_core;

struct ctl_core_config {
    const char *const *listen;  /* Passive targets; none: "ptcp:6653". */
    size_t n_listen;
    int n_threads;              /* Workers, at least 1. */
    int probe_interval_ms;      /* Echo keepalive (conn.h); 0: off. */
    int tick_ms;                /* Timer resolution. */
    const struct conn_ssl_config *ssl;  /* For pssl: targets, or NULL. */
    struct ctl_switch_config sw;
};

void ctl_core_config_init(struct ctl_core_config *);

/* Creates the workers and the listeners.  'apps' must be started and
 * outlive the core.  Returns NULL with an error message in '*errorp'
 * (caller frees) if a listener cannot be created. */
struct ctl_core *ctl_core_create(const struct ctl_core_config *,
                                 const struct ctl_apps *apps,
                                 char **errorp);

/* Runs until ctl_core_stop() or SIGINT/SIGTERM, then closes every
 * switch. */
void ctl_core_run(struct ctl_core *);

/* Makes ctl_core_run() return.  From any thread. */
void ctl_core_stop(struct ctl_core *);

/* Accepts NULL. */
void ctl_core_destroy(struct ctl_core *);

/* An active target that reaches listener 'i' ("tcp:127.0.0.1:PORT"). */
const char *ctl_core_listener_target(const struct ctl_core *, size_t i);

/* Monotonic milliseconds, the 'now' the core gives apps. */
long long ctl_now_ms(void);

#endif /* controller/core.h */
