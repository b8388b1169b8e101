/*
 * dispatch: the app instances of one controller and the order their
 * handlers run in.
 *
 * struct ctl_apps holds the instances (struct ctl_app: a class, its
 * options, its data) in the order they were added, and, once started, one
 * array per event of the instances that handle it, sorted by decreasing
 * priority (ties in the order added).  Dispatching an event walks its
 * array; a packet-in stops at the first handler that returns CTL_STOP.
 *
 * The set is built and started once, before any switch connects, and is
 * read-only afterwards, so every worker thread dispatches through it
 * without a lock.
 */
#ifndef CONTROLLER_DISPATCH_H
#define CONTROLLER_DISPATCH_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "controller/app.h"

/* An app instance.  Owned by its struct ctl_apps. */
struct ctl_app {
    const struct ctl_app_class *class;
    size_t index;               /* Position in the set: its data slot. */
    char **keys;                /* Options, 'n_options' of each. */
    char **values;
    size_t n_options;
    void *data;                 /* ctl_app_set_data(). */
    int timer_interval_ms;      /* ctl_app_set_timer_interval(). */
    void *dl_handle;            /* dlopen() handle, or NULL. */
    bool started;               /* init ran (so fini must). */
};

enum ctl_event {
    CTL_EV_SWITCH_UP,
    CTL_EV_SWITCH_DOWN,
    CTL_EV_PORT_STATUS,
    CTL_EV_PACKET_IN,
    CTL_EV_FLOW_REMOVED,
    CTL_EV_ERROR,
    CTL_EV_TIMER,
    CTL_N_EVENTS
};

struct ctl_apps {
    struct ctl_app **apps;
    size_t n;
    bool started;
    struct ctl_app **order[CTL_N_EVENTS];   /* Handlers in call order. */
    size_t n_order[CTL_N_EVENTS];
};

/* ---- Create and destroy ---- */

struct ctl_apps *ctl_apps_create(void);

/* Calls fini on every started app (in reverse order), frees the
 * instances and closes their shared objects.  Accepts NULL. */
void ctl_apps_destroy(struct ctl_apps *);

/* Adds an instance of 'class' with 'options' ("key=value,key2,..." or
 * NULL), taking ownership of 'dl_handle' (may be NULL) whatever happens.
 * Returns the instance, or NULL with an error message in '*errorp'
 * (caller frees): a malformed option list, a class of another API
 * version, or adding after the set was started. */
struct ctl_app *ctl_apps_add(struct ctl_apps *,
                             const struct ctl_app_class *class,
                             const char *options, void *dl_handle,
                             char **errorp);

/* Sorts the handlers and runs each app's init in order.  Returns NULL, or
 * the first init's error (caller frees); every app whose init ran (the failed
 * one included) is finished by ctl_apps_destroy(). */
char *ctl_apps_start(struct ctl_apps *)
    __attribute__((warn_unused_result));

/* The instance called 'name', or NULL. */
struct ctl_app *ctl_apps_find(const struct ctl_apps *, const char *name);

/* ---- Dispatch ---- */

void ctl_dispatch_switch_up(const struct ctl_apps *, struct ctl_switch *,
                            long long now, struct ctl_out *);
void ctl_dispatch_switch_down(const struct ctl_apps *, struct ctl_switch *,
                              long long now);
void ctl_dispatch_port_status(const struct ctl_apps *, struct ctl_switch *,
                              const struct of_port_status *,
                              const struct of_port *old, long long now,
                              struct ctl_out *);

/* Returns the app that stopped the packet, or NULL if every handler let
 * it pass. */
const struct ctl_app *ctl_dispatch_packet_in(const struct ctl_apps *,
                                             struct ctl_switch *,
                                             const struct ctl_packet_in *,
                                             long long now,
                                             struct ctl_out *);
void ctl_dispatch_flow_removed(const struct ctl_apps *, struct ctl_switch *,
                               const struct of_flow_removed *,
                               long long now, struct ctl_out *);
void ctl_dispatch_error(const struct ctl_apps *, struct ctl_switch *,
                        const struct of_error_msg *, uint32_t xid,
                        long long now, struct ctl_out *);

/* Runs the timer of every app whose interval has passed for this switch.
 * 'last' has one slot per app: when its timer last ran for the switch
 * (updated here). */
void ctl_dispatch_timers(const struct ctl_apps *, struct ctl_switch *,
                         long long *last, long long now, struct ctl_out *);

#endif /* controller/dispatch.h */
