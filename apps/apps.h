/*
 * apps: the apps compiled into ofcontroller, for the app registry
 * (controller/app-registry.c).  Each is a struct ctl_app_class written
 * only against controller/app.h; add a new one here and to the registry's
 * table.
 */
#ifndef APPS_APPS_H
#define APPS_APPS_H 1

#include "controller/app.h"

extern const struct ctl_app_class learning_switch_app;    /* MAC learning,
                                                           * loop-free
                                                           * flooding. */
extern const struct ctl_app_class vm_overlay_app;   /* Tenant networks
                                                     * over VXLAN. */
extern const struct ctl_app_class hub_app;      /* The example app:
                                                 * floods everything. */

#endif /* apps/apps.h */
