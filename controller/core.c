#include "controller/core.h"

#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <event2/event.h>
#include <event2/thread.h>

#include "controller/dispatch.h"
#include "ofproto/conn.h"
#include "ofproto/ofp-msgs.h"
#include "ofproto/util.h"
#include "ofproto/vlog.h"

VLOG_DEFINE_THIS_MODULE(core);

struct ctl_worker {
    struct ctl_core *core;
    size_t index;
    pthread_t thread;
    bool has_thread;
    struct event_base *base;
    struct event *flush_ev;     /* Deferred: send batches, reap. */
    struct event *tick_ev;      /* Periodic: timeouts, timers. */
    struct event *wake_ev;      /* Cross-thread: kicks. */
    bool flush_pending;

    struct ctl_switch *switches;        /* All of this worker's. */
    struct ctl_switch *flush_list;
    struct ctl_switch *reap_list;

    pthread_mutex_t kick_mutex;
    uint64_t *kicks;                    /* Serials of switches to close. */
    size_t n_kicks;
};

struct registry_entry {
    uint64_t dpid;
    unsigned int connections;
    struct ctl_switch *live;
    struct ctl_worker *worker;
    uint64_t serial;
};

struct ctl_core {
    struct ctl_core_config config;
    const struct ctl_apps *apps;
    struct ctl_worker *workers;
    size_t n_workers;
    struct conn_listener **listeners;
    size_t n_listeners;
    char **targets;                     /* Per listener given. */
    size_t n_targets;
    struct event *sig_int, *sig_term;

    pthread_mutex_t registry_mutex;
    struct registry_entry *registry;
    size_t n_registry;

    uint64_t next_serial;               /* Atomic. */
};

static const struct ctl_switch_hooks switch_hooks;

long long
ctl_now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
    return (long long) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void
ctl_core_config_init(struct ctl_core_config *config)
{
    memset(config, 0, sizeof *config);
    config->n_threads = 1;
    config->probe_interval_ms = CONN_DEFAULT_PROBE_INTERVAL_MS;
    config->tick_ms = 100;
    ctl_switch_config_init(&config->sw);
}

/* ---- Per-worker switch lists ---- */

static void
worker_schedule_flush(struct ctl_worker *w)
{
    if (!w->flush_pending) {
        w->flush_pending = true;
        event_active(w->flush_ev, EV_WRITE, 0);
    }
}

static void
worker_reap(struct ctl_worker *w, struct ctl_switch *sw)
{
    if (!sw->reap) {
        sw->reap = true;
        sw->reap_next = w->reap_list;
        w->reap_list = sw;
        worker_schedule_flush(w);
    }
}

static void
worker_destroy_switch(struct ctl_worker *w, struct ctl_switch *sw,
                      long long now)
{
    if (sw->prev) {
        sw->prev->next = sw->next;
    } else {
        w->switches = sw->next;
    }
    if (sw->next) {
        sw->next->prev = sw->prev;
    }
    conn_destroy(sw->conn);
    sw->conn = NULL;
    ctl_switch_destroy(sw, now);
}

static void
flush_cb(evutil_socket_t fd OF_UNUSED, short what OF_UNUSED, void *w_)
{
    struct ctl_worker *w = w_;
    long long now = ctl_now_ms();

    w->flush_pending = false;
    while (w->flush_list) {
        struct ctl_switch *sw = w->flush_list;
        struct ofpbuf *tx = ctl_switch_output(sw);

        w->flush_list = sw->flush_next;
        sw->flush_next = NULL;
        if (!sw->reap && tx->size && sw->conn) {
            conn_send_raw(sw->conn, tx->data, tx->size);
        }
        ofpbuf_clear(tx);
    }
    while (w->reap_list) {
        struct ctl_switch *sw = w->reap_list;

        w->reap_list = sw->reap_next;
        worker_destroy_switch(w, sw, now);
    }
}

static void
tick_cb(evutil_socket_t fd OF_UNUSED, short what OF_UNUSED, void *w_)
{
    struct ctl_worker *w = w_;
    long long now = ctl_now_ms();
    struct ctl_switch *sw;

    for (sw = w->switches; sw; sw = sw->next) {
        if (!sw->reap) {
            ctl_switch_run(sw, now);
        }
    }
}

static void
wake_cb(evutil_socket_t fd OF_UNUSED, short what OF_UNUSED, void *w_)
{
    struct ctl_worker *w = w_;
    uint64_t *kicks;
    size_t n, i;

    pthread_mutex_lock(&w->kick_mutex);
    kicks = w->kicks;
    n = w->n_kicks;
    w->kicks = NULL;
    w->n_kicks = 0;
    pthread_mutex_unlock(&w->kick_mutex);

    for (i = 0; i < n; i++) {
        struct ctl_switch *sw;

        for (sw = w->switches; sw; sw = sw->next) {
            if (sw->serial == kicks[i]) {
                ctl_switch_kill(sw, "the switch connected again");
                worker_reap(w, sw);
                break;
            }
        }
    }
    free(kicks);
}

/* ---- Switch hooks ---- */

static void
hook_output(struct ctl_switch *sw, void *aux OF_UNUSED)
{
    struct ctl_worker *w = sw->worker;

    sw->flush_next = w->flush_list;
    w->flush_list = sw;
    worker_schedule_flush(w);
}

static unsigned int
hook_attach(struct ctl_switch *sw, void *aux OF_UNUSED)
{
    struct ctl_worker *w = sw->worker;
    struct ctl_core *core = w->core;
    struct registry_entry *e = NULL;
    struct ctl_switch *old = NULL;
    struct ctl_worker *old_worker = NULL;
    uint64_t old_serial = 0;
    unsigned int connections;
    size_t i;

    pthread_mutex_lock(&core->registry_mutex);
    for (i = 0; i < core->n_registry; i++) {
        if (core->registry[i].dpid == sw->dpid) {
            e = &core->registry[i];
            break;
        }
    }
    if (!e) {
        core->registry = xrealloc(core->registry, (core->n_registry + 1)
                                                  * sizeof *core->registry);
        e = &core->registry[core->n_registry++];
        memset(e, 0, sizeof *e);
        e->dpid = sw->dpid;
    }
    if (e->live) {
        old = e->live;
        old_worker = e->worker;
        old_serial = e->serial;
    }
    e->live = sw;
    e->worker = w;
    e->serial = sw->serial;
    connections = ++e->connections;
    pthread_mutex_unlock(&core->registry_mutex);

    if (old_worker == w) {
        ctl_switch_kill(old, "the switch connected again");
        worker_reap(w, old);
    } else if (old_worker) {
        pthread_mutex_lock(&old_worker->kick_mutex);
        old_worker->kicks = xrealloc(old_worker->kicks,
                                     (old_worker->n_kicks + 1)
                                     * sizeof *old_worker->kicks);
        old_worker->kicks[old_worker->n_kicks++] = old_serial;
        pthread_mutex_unlock(&old_worker->kick_mutex);
        event_active(old_worker->wake_ev, EV_READ, 0);
    }
    return connections;
}

static void
hook_detach(struct ctl_switch *sw, void *aux OF_UNUSED)
{
    struct ctl_core *core = sw->worker->core;
    size_t i;

    pthread_mutex_lock(&core->registry_mutex);
    for (i = 0; i < core->n_registry; i++) {
        if (core->registry[i].dpid == sw->dpid
            && core->registry[i].live == sw) {
            core->registry[i].live = NULL;
            core->registry[i].worker = NULL;
            break;
        }
    }
    pthread_mutex_unlock(&core->registry_mutex);
}

static void
hook_failed(struct ctl_switch *sw, const char *reason OF_UNUSED,
            void *aux OF_UNUSED)
{
    worker_reap(sw->worker, sw);
}

static const struct ctl_switch_hooks switch_hooks = {
    .output = hook_output,
    .attach = hook_attach,
    .detach = hook_detach,
    .failed = hook_failed,
};

/* ---- Connections ---- */

static void
conn_connected_cb(struct conn *conn OF_UNUSED, void *sw_)
{
    struct ctl_switch *sw = sw_;

    ctl_switch_start(sw, ctl_now_ms());
}

static enum ofperr
conn_message_cb(struct conn *conn OF_UNUSED, const struct of_msg *msg,
                void *sw_)
{
    struct ctl_switch *sw = sw_;

    return ctl_switch_receive(sw, msg, ctl_now_ms());
}

static void
conn_disconnected_cb(struct conn *conn OF_UNUSED, const char *reason,
                     void *sw_)
{
    struct ctl_switch *sw = sw_;

    if (ctl_switch_get_state(sw) != CTL_SW_DEAD) {
        VLOG_INFO("dpid %s: connection %s ended: %s", ctl_switch_name(sw),
                  ctl_switch_peer(sw), reason);
    }
    ctl_switch_kill(sw, reason);
    worker_reap(sw->worker, sw);
}

static const struct conn_callbacks conn_cbs = {
    .connected = conn_connected_cb,
    .message = conn_message_cb,
    .disconnected = conn_disconnected_cb,
};

static void
accept_cb(struct conn_listener *l OF_UNUSED, struct conn *conn, void *w_)
{
    struct ctl_worker *w = w_;
    struct ctl_core *core = w->core;
    struct ctl_switch *sw;

    sw = ctl_switch_create(core->apps, &core->config.sw,
                           conn_get_name(conn), &switch_hooks, NULL);
    sw->conn = conn;
    sw->worker = w;
    sw->serial = __atomic_add_fetch(&core->next_serial, 1,
                                    __ATOMIC_RELAXED);
    sw->next = w->switches;
    if (w->switches) {
        w->switches->prev = sw;
    }
    w->switches = sw;
    conn_set_callbacks(conn, &conn_cbs, sw);
}

/* ---- Create, run, destroy ---- */

static void *
worker_main(void *w_)
{
    struct ctl_worker *w = w_;

    event_base_loop(w->base, EVLOOP_NO_EXIT_ON_EMPTY);
    return NULL;
}

static void
signal_cb(evutil_socket_t sig, short what OF_UNUSED, void *core_)
{
    VLOG_INFO("%s: stopping", strsignal(sig));
    ctl_core_stop(core_);
}

static bool
worker_init(struct ctl_core *core, struct ctl_worker *w, size_t index)
{
    struct timeval tv;

    w->core = core;
    w->index = index;
    w->base = event_base_new();
    if (!w->base) {
        return false;
    }
    pthread_mutex_init(&w->kick_mutex, NULL);
    w->flush_ev = event_new(w->base, -1, 0, flush_cb, w);
    w->wake_ev = event_new(w->base, -1, 0, wake_cb, w);
    w->tick_ev = event_new(w->base, -1, EV_PERSIST, tick_cb, w);
    tv.tv_sec = core->config.tick_ms / 1000;
    tv.tv_usec = core->config.tick_ms % 1000 * 1000;
    event_add(w->tick_ev, &tv);
    return true;
}

/* Listens on 'target' on worker 'w'.  Returns NULL or an error. */
static char *
add_listener(struct ctl_core *core, struct ctl_worker *w, const char *target)
{
    struct conn_options options;
    struct conn_listener *l;
    char *error;

    conn_options_init(&options);
    options.probe_interval_ms = core->config.probe_interval_ms;
    options.ssl = core->config.ssl;
    options.reuseport = true;   /* One listener per worker on one port. */
    l = conn_listener_create(w->base, target, &options, accept_cb, w,
                             &error);
    if (!l) {
        return error;
    }
    core->listeners = xrealloc(core->listeners, (core->n_listeners + 1)
                                                * sizeof *core->listeners);
    core->listeners[core->n_listeners++] = l;
    return NULL;
}

/* The target that binds the same port as listener 'l' did, for the
 * listeners of the other workers (a "ptcp:0" becomes "ptcp:PORT"). */
static char *
same_port_target(const char *target, const struct conn_listener *l)
{
    struct conn_target t;
    char *error = conn_target_parse(target, &t);
    char *s;

    if (error) {
        free(error);
        return xstrdup(target);
    }
    if (t.transport == CONN_UNIX) {
        s = xstrdup(target);
    } else {
        const char *scheme = t.transport == CONN_SSL ? "pssl" : "ptcp";
        uint16_t port = conn_listener_get_port(l);

        if (!t.host) {
            s = xasprintf("%s:%u", scheme, port);
        } else if (strchr(t.host, ':')) {
            s = xasprintf("%s:%u:[%s]", scheme, port, t.host);
        } else {
            s = xasprintf("%s:%u:%s", scheme, port, t.host);
        }
    }
    conn_target_uninit(&t);
    return s;
}

struct ctl_core *
ctl_core_create(const struct ctl_core_config *config,
                const struct ctl_apps *apps, char **errorp)
{
    static const char *const default_listen[] = { "ptcp:6653" };
    const char *const *listen = config->listen;
    size_t n_listen = config->n_listen;
    struct ctl_core *core;
    size_t i, w;

    *errorp = NULL;
    evthread_use_pthreads();
    core = xzalloc(sizeof *core);
    core->config = *config;
    if (core->config.n_threads < 1) {
        core->config.n_threads = 1;
    }
    if (core->config.tick_ms < 1) {
        core->config.tick_ms = 100;
    }
    core->apps = apps;
    pthread_mutex_init(&core->registry_mutex, NULL);
    core->n_workers = core->config.n_threads;
    core->workers = xcalloc(core->n_workers, sizeof *core->workers);
    for (w = 0; w < core->n_workers; w++) {
        if (!worker_init(core, &core->workers[w], w)) {
            *errorp = xstrdup("cannot create an event base");
            ctl_core_destroy(core);
            return NULL;
        }
    }

    if (!n_listen) {
        listen = default_listen;
        n_listen = 1;
    }
    for (i = 0; i < n_listen; i++) {
        size_t first = i % core->n_workers;
        struct conn_listener *l;
        char *again;

        *errorp = add_listener(core, &core->workers[first], listen[i]);
        if (*errorp) {
            ctl_core_destroy(core);
            return NULL;
        }
        l = core->listeners[core->n_listeners - 1];
        core->targets = xrealloc(core->targets, (core->n_targets + 1)
                                                * sizeof *core->targets);
        core->targets[core->n_targets++] = xstrdup(
            conn_listener_get_target(l));

        /* The other workers listen on the same port if they can. */
        again = same_port_target(listen[i], l);
        for (w = 1; w < core->n_workers; w++) {
            size_t k = (first + w) % core->n_workers;
            char *error = add_listener(core, &core->workers[k], again);

            if (error) {
                VLOG_INFO("%s: listening on worker %zu only (%s)", listen[i],
                          first, error);
                free(error);
                break;
            }
        }
        free(again);
        VLOG_INFO("listening on %s", listen[i]);
    }

    core->sig_int = evsignal_new(core->workers[0].base, SIGINT, signal_cb,
                                 core);
    core->sig_term = evsignal_new(core->workers[0].base, SIGTERM, signal_cb,
                                  core);
    event_add(core->sig_int, NULL);
    event_add(core->sig_term, NULL);
    return core;
}

void
ctl_core_run(struct ctl_core *core)
{
    long long now;
    size_t w;

    for (w = 1; w < core->n_workers; w++) {
        struct ctl_worker *wk = &core->workers[w];

        if (!pthread_create(&wk->thread, NULL, worker_main, wk)) {
            wk->has_thread = true;
        } else {
            VLOG_ERR("cannot start worker %zu: %s", w, strerror(errno));
        }
    }
    VLOG_INFO("running with %zu worker thread%s", core->n_workers,
              core->n_workers == 1 ? "" : "s");
    worker_main(&core->workers[0]);
    for (w = 1; w < core->n_workers; w++) {
        if (core->workers[w].has_thread) {
            pthread_join(core->workers[w].thread, NULL);
            core->workers[w].has_thread = false;
        }
    }

    /* Every loop has stopped: close the switches here, in order. */
    now = ctl_now_ms();
    for (w = 0; w < core->n_workers; w++) {
        struct ctl_worker *wk = &core->workers[w];

        wk->flush_list = NULL;
        wk->reap_list = NULL;
        while (wk->switches) {
            worker_destroy_switch(wk, wk->switches, now);
        }
    }
}

void
ctl_core_stop(struct ctl_core *core)
{
    size_t w;

    for (w = 0; w < core->n_workers; w++) {
        event_base_loopbreak(core->workers[w].base);
    }
}

void
ctl_core_destroy(struct ctl_core *core)
{
    size_t i;

    if (!core) {
        return;
    }
    for (i = 0; i < core->n_listeners; i++) {
        conn_listener_destroy(core->listeners[i]);
    }
    free(core->listeners);
    for (i = 0; i < core->n_targets; i++) {
        free(core->targets[i]);
    }
    free(core->targets);
    if (core->sig_int) {
        event_free(core->sig_int);
        event_free(core->sig_term);
    }
    for (i = 0; i < core->n_workers; i++) {
        struct ctl_worker *w = &core->workers[i];
        long long now = ctl_now_ms();

        while (w->switches) {
            worker_destroy_switch(w, w->switches, now);
        }
        if (w->flush_ev) {
            event_free(w->flush_ev);
            event_free(w->wake_ev);
            event_free(w->tick_ev);
        }
        if (w->base) {
            event_base_free(w->base);
            pthread_mutex_destroy(&w->kick_mutex);
        }
        free(w->kicks);
    }
    free(core->workers);
    free(core->registry);
    pthread_mutex_destroy(&core->registry_mutex);
    free(core);
}

const char *
ctl_core_listener_target(const struct ctl_core *core, size_t i)
{
    return i < core->n_targets ? core->targets[i] : NULL;
}
