#include "controller/dispatch.h"

#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "ofproto/util.h"

/* ---- Options ---- */

static void
app_add_option(struct ctl_app *app, const char *key, size_t key_len,
               const char *value, size_t value_len)
{
    app->keys = xrealloc(app->keys, (app->n_options + 1) * sizeof *app->keys);
    app->values = xrealloc(app->values,
                           (app->n_options + 1) * sizeof *app->values);
    app->keys[app->n_options] = xmemdup(key, key_len + 1);
    app->keys[app->n_options][key_len] = '\0';
    app->values[app->n_options] = xmemdup(value, value_len + 1);
    app->values[app->n_options][value_len] = '\0';
    app->n_options++;
}

/* Parses "key=value,key2,key3=value3" into 'app'. */
static char *
app_parse_options(struct ctl_app *app, const char *s)
{
    while (s && *s) {
        size_t len = strcspn(s, ",");
        const char *eq = memchr(s, '=', len);

        if (!len || eq == s) {
            return xasprintf("app %s: empty option name in \"%s\"",
                             app->class->name, s);
        }
        if (eq) {
            app_add_option(app, s, eq - s, eq + 1, len - (eq + 1 - s));
        } else {
            app_add_option(app, s, len, "", 0);
        }
        s += len;
        if (*s == ',') {
            s++;
        }
    }
    return NULL;
}

const char *
ctl_app_get_option(const struct ctl_app *app, const char *key)
{
    size_t i;

    /* The last one given wins, as on a command line. */
    for (i = app->n_options; i-- > 0;) {
        if (!strcmp(app->keys[i], key)) {
            return app->values[i];
        }
    }
    return NULL;
}

char *
ctl_app_get_int(const struct ctl_app *app, const char *key, long long dflt,
                long long min, long long max, long long *value)
{
    const char *s = ctl_app_get_option(app, key);
    long long v;
    char *end;

    *value = dflt;
    if (!s) {
        return NULL;
    }
    errno = 0;
    v = strtoll(s, &end, 0);
    if (!*s || *end || errno || v < min || v > max) {
        return xasprintf("app %s: %s=%s: expected an integer from %lld to "
                         "%lld", app->class->name, key, s, min, max);
    }
    *value = v;
    return NULL;
}

char *
ctl_app_get_bool(const struct ctl_app *app, const char *key, bool dflt,
                 bool *value)
{
    const char *s = ctl_app_get_option(app, key);

    *value = dflt;
    if (!s) {
        return NULL;
    }
    if (!*s || !strcmp(s, "true") || !strcmp(s, "yes") || !strcmp(s, "1")) {
        *value = true;
    } else if (!strcmp(s, "false") || !strcmp(s, "no")
               || !strcmp(s, "0")) {
        *value = false;
    } else {
        return xasprintf("app %s: %s=%s: expected true or false",
                         app->class->name, key, s);
    }
    return NULL;
}

char *
ctl_app_check_options(const struct ctl_app *app, const char *const known[])
{
    size_t i, j;

    for (i = 0; i < app->n_options; i++) {
        for (j = 0; known[j]; j++) {
            if (!strcmp(app->keys[i], known[j])) {
                break;
            }
        }
        if (!known[j]) {
            return xasprintf("app %s: unknown option \"%s\"",
                             app->class->name, app->keys[i]);
        }
    }
    return NULL;
}

/* ---- Instances ---- */

const char *
ctl_app_name(const struct ctl_app *app)
{
    return app->class->name;
}

void *
ctl_app_get_data(const struct ctl_app *app)
{
    return app->data;
}

void
ctl_app_set_data(struct ctl_app *app, void *data)
{
    app->data = data;
}

void
ctl_app_set_timer_interval(struct ctl_app *app, int interval_ms)
{
    app->timer_interval_ms = interval_ms;
}

uint64_t
ctl_app_cookie(const struct ctl_app *app)
{
    return (uint64_t) (app->index + 1) << 56;
}

struct ctl_apps *
ctl_apps_create(void)
{
    return xzalloc(sizeof(struct ctl_apps));
}

static void
app_free(struct ctl_app *app)
{
    size_t i;

    for (i = 0; i < app->n_options; i++) {
        free(app->keys[i]);
        free(app->values[i]);
    }
    free(app->keys);
    free(app->values);
    if (app->dl_handle) {
        dlclose(app->dl_handle);
    }
    free(app);
}

void
ctl_apps_destroy(struct ctl_apps *apps)
{
    size_t i;

    if (!apps) {
        return;
    }
    for (i = apps->n; i-- > 0;) {
        struct ctl_app *app = apps->apps[i];

        if (app->started && app->class->fini) {
            app->class->fini(app);
        }
    }
    for (i = 0; i < apps->n; i++) {
        app_free(apps->apps[i]);
    }
    for (i = 0; i < CTL_N_EVENTS; i++) {
        free(apps->order[i]);
    }
    free(apps->apps);
    free(apps);
}

struct ctl_app *
ctl_apps_add(struct ctl_apps *apps, const struct ctl_app_class *class,
             const char *options, void *dl_handle, char **errorp)
{
    struct ctl_app *app;

    *errorp = NULL;
    if (apps->started) {
        *errorp = xstrdup("apps cannot be added once started");
    } else if (class->api_version != CTL_APP_API_VERSION) {
        *errorp = xasprintf("app %s: built for app API version %d, this "
                            "controller has version %d",
                            class->name ? class->name : "?",
                            class->api_version, CTL_APP_API_VERSION);
    } else if (!class->name || !*class->name) {
        *errorp = xstrdup("an app has no name");
    } else if (apps->n >= 255) {
        /* ctl_app_cookie() has 8 bits. */
        *errorp = xstrdup("too many apps (at most 255)");
    }
    if (*errorp) {
        if (dl_handle) {
            dlclose(dl_handle);
        }
        return NULL;
    }

    app = xzalloc(sizeof *app);
    app->class = class;
    app->index = apps->n;
    app->dl_handle = dl_handle;
    app->timer_interval_ms = class->timer.interval_ms;
    *errorp = app_parse_options(app, options);
    if (*errorp) {
        app_free(app);
        return NULL;
    }
    apps->apps = xrealloc(apps->apps, (apps->n + 1) * sizeof *apps->apps);
    apps->apps[apps->n++] = app;
    return app;
}

struct ctl_app *
ctl_apps_find(const struct ctl_apps *apps, const char *name)
{
    size_t i;

    for (i = 0; i < apps->n; i++) {
        if (!strcmp(apps->apps[i]->class->name, name)) {
            return apps->apps[i];
        }
    }
    return NULL;
}

/* The handler priority of 'app' for 'event', and whether it has one. */
static bool
app_handles(const struct ctl_app *app, enum ctl_event event, int *priority)
{
    const struct ctl_app_class *c = app->class;

    switch (event) {
    case CTL_EV_SWITCH_UP:
        *priority = c->switch_up.priority;
        return c->switch_up.cb != NULL;
    case CTL_EV_SWITCH_DOWN:
        *priority = c->switch_down.priority;
        return c->switch_down.cb != NULL;
    case CTL_EV_PORT_STATUS:
        *priority = c->port_status.priority;
        return c->port_status.cb != NULL;
    case CTL_EV_PACKET_IN:
        *priority = c->packet_in.priority;
        return c->packet_in.cb != NULL;
    case CTL_EV_FLOW_REMOVED:
        *priority = c->flow_removed.priority;
        return c->flow_removed.cb != NULL;
    case CTL_EV_ERROR:
        *priority = c->error.priority;
        return c->error.cb != NULL;
    case CTL_EV_TIMER:
        *priority = c->timer.priority;
        return c->timer.cb != NULL;
    case CTL_N_EVENTS:
        break;
    }
    return false;
}

char *
ctl_apps_start(struct ctl_apps *apps)
{
    int e;
    size_t i;

    if (apps->started) {
        return NULL;
    }
    apps->started = true;
    for (e = 0; e < CTL_N_EVENTS; e++) {
        struct ctl_app **order = xcalloc(apps->n + 1, sizeof *order);
        int *prio = xcalloc(apps->n + 1, sizeof *prio);
        size_t n = 0;

        /* Insertion sort, stable: decreasing priority, ties in the order
         * the apps were added. */
        for (i = 0; i < apps->n; i++) {
            int p;
            size_t j;

            if (!app_handles(apps->apps[i], e, &p)) {
                continue;
            }
            for (j = n; j > 0 && prio[j - 1] < p; j--) {
                order[j] = order[j - 1];
                prio[j] = prio[j - 1];
            }
            order[j] = apps->apps[i];
            prio[j] = p;
            n++;
        }
        free(prio);
        apps->order[e] = order;
        apps->n_order[e] = n;
    }
    for (i = 0; i < apps->n; i++) {
        struct ctl_app *app = apps->apps[i];

        /* fini runs for an app whose init failed too, so that init may
         * leave what it allocated in the app's data. */
        app->started = true;
        if (app->class->init) {
            char *error = app->class->init(app);

            if (error) {
                return error;
            }
        }
    }
    return NULL;
}

/* ---- Dispatch ---- */

#define FOR_EACH_HANDLER(APP, APPS, EVENT)                                  \
    for (size_t i_ = 0; i_ < (APPS)->n_order[EVENT]                         \
                        && ((APP) = (APPS)->order[EVENT][i_], true); i_++)

void
ctl_dispatch_switch_up(const struct ctl_apps *apps, struct ctl_switch *sw,
                       long long now, struct ctl_out *out)
{
    struct ctl_app *app;

    FOR_EACH_HANDLER (app, apps, CTL_EV_SWITCH_UP) {
        app->class->switch_up.cb(app, sw, now, out);
    }
}

void
ctl_dispatch_switch_down(const struct ctl_apps *apps, struct ctl_switch *sw,
                         long long now)
{
    struct ctl_app *app;

    FOR_EACH_HANDLER (app, apps, CTL_EV_SWITCH_DOWN) {
        app->class->switch_down.cb(app, sw, now);
    }
}

void
ctl_dispatch_port_status(const struct ctl_apps *apps, struct ctl_switch *sw,
                         const struct of_port_status *ps,
                         const struct of_port *old, long long now,
                         struct ctl_out *out)
{
    struct ctl_app *app;

    FOR_EACH_HANDLER (app, apps, CTL_EV_PORT_STATUS) {
        app->class->port_status.cb(app, sw, ps, old, now, out);
    }
}

const struct ctl_app *
ctl_dispatch_packet_in(const struct ctl_apps *apps, struct ctl_switch *sw,
                       const struct ctl_packet_in *pi, long long now,
                       struct ctl_out *out)
{
    struct ctl_app *app;

    FOR_EACH_HANDLER (app, apps, CTL_EV_PACKET_IN) {
        if (app->class->packet_in.cb(app, sw, pi, now, out) == CTL_STOP) {
            return app;
        }
    }
    return NULL;
}

void
ctl_dispatch_flow_removed(const struct ctl_apps *apps, struct ctl_switch *sw,
                          const struct of_flow_removed *fr, long long now,
                          struct ctl_out *out)
{
    struct ctl_app *app;

    FOR_EACH_HANDLER (app, apps, CTL_EV_FLOW_REMOVED) {
        app->class->flow_removed.cb(app, sw, fr, now, out);
    }
}

void
ctl_dispatch_error(const struct ctl_apps *apps, struct ctl_switch *sw,
                   const struct of_error_msg *error, uint32_t xid,
                   long long now, struct ctl_out *out)
{
    struct ctl_app *app;

    FOR_EACH_HANDLER (app, apps, CTL_EV_ERROR) {
        app->class->error.cb(app, sw, error, xid, now, out);
    }
}

void
ctl_dispatch_timers(const struct ctl_apps *apps, struct ctl_switch *sw,
                    long long *last, long long now, struct ctl_out *out)
{
    struct ctl_app *app;

    FOR_EACH_HANDLER (app, apps, CTL_EV_TIMER) {
        if (app->timer_interval_ms > 0
            && now - last[app->index] >= app->timer_interval_ms) {
            last[app->index] = now;
            app->class->timer.cb(app, sw, now, out);
        }
    }
}
