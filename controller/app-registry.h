/*
 * app-registry: finds apps by name or path.
 *
 * An --app argument is "NAME[:KEY=VALUE,...]".  NAME is either a built-in
 * app (apps/apps.h) or, if it contains a '/' or ".so", a shared
 * object that exports a struct ctl_app_class named CTL_APP_SYMBOL
 * ("ofkit_app"), loaded with dlopen() once at start.  The shared object
 * calls back into the controller's ctl_*() functions, which the program
 * exports (it is linked with -rdynamic).
 */
#ifndef CONTROLLER_APP_REGISTRY_H
#define CONTROLLER_APP_REGISTRY_H 1

#include "controller/dispatch.h"

struct ds;

/* The built-in app called 'name', or NULL. */
const struct ctl_app_class *ctl_app_registry_find(const char *name);

/* Appends one line per built-in app, "  NAME\n" followed by its usage
 * lines indented. */
void ctl_app_registry_usage(struct ds *);

/* Adds the app that 'spec' names, with its options, to 'apps'.  Returns
 * the instance, or NULL with an error message in '*errorp' (caller
 * frees): unknown app, a shared object that does not load or lacks the
 * symbol, bad options. */
struct ctl_app *ctl_app_registry_add(struct ctl_apps *, const char *spec,
                                     char **errorp);

#endif /* controller/app-registry.h */
