#include "controller/app-registry.h"

#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>

#include "apps/apps.h"
#include "ofproto/ds.h"
#include "ofproto/util.h"

static const struct ctl_app_class *const builtin_apps[] = {
    &learning_switch_app,
    &vm_overlay_app,
    &hub_app,
};

const struct ctl_app_class *
ctl_app_registry_find(const char *name)
{
    size_t i;

    for (i = 0; i < ARRAY_SIZE(builtin_apps); i++) {
        if (!strcmp(builtin_apps[i]->name, name)) {
            return builtin_apps[i];
        }
    }
    return NULL;
}

void
ctl_app_registry_usage(struct ds *s)
{
    size_t i;

    for (i = 0; i < ARRAY_SIZE(builtin_apps); i++) {
        const char *usage = builtin_apps[i]->usage;

        ds_put_format(s, "  %s\n", builtin_apps[i]->name);
        while (usage && *usage) {
            size_t len = strcspn(usage, "\n");

            ds_put_cstr(s, "      ");
            ds_put_buffer(s, usage, len);
            ds_put_char(s, '\n');
            usage += len + (usage[len] == '\n');
        }
    }
}

/* "./x.so", "/opt/x.so", "libx.so.1": a shared object, not a name. */
static bool
is_path(const char *name)
{
    return strchr(name, '/') || strstr(name, ".so");
}

struct ctl_app *
ctl_app_registry_add(struct ctl_apps *apps, const char *spec, char **errorp)
{
    const char *colon = strchr(spec, ':');
    char *name = colon ? xmemdup(spec, colon - spec + 1) : xstrdup(spec);
    const char *options = colon ? colon + 1 : NULL;
    const struct ctl_app_class *class;
    void *handle = NULL;
    struct ctl_app *app;

    if (colon) {
        name[colon - spec] = '\0';
    }
    if (is_path(name)) {
        handle = dlopen(name, RTLD_NOW | RTLD_LOCAL);
        if (!handle) {
            *errorp = xasprintf("app %s: cannot load: %s", name, dlerror());
            free(name);
            return NULL;
        }
        class = dlsym(handle, CTL_APP_SYMBOL);
        if (!class) {
            *errorp = xasprintf("app %s: no symbol \"%s\" (an app exports "
                                "'const struct ctl_app_class %s')", name,
                                CTL_APP_SYMBOL, CTL_APP_SYMBOL);
            dlclose(handle);
            free(name);
            return NULL;
        }
    } else {
        class = ctl_app_registry_find(name);
        if (!class) {
            struct ds s = DS_EMPTY_INITIALIZER;
            size_t i;

            for (i = 0; i < ARRAY_SIZE(builtin_apps); i++) {
                ds_put_format(&s, "%s%s", i ? ", " : "",
                              builtin_apps[i]->name);
            }
            *errorp = xasprintf("unknown app \"%s\" (built in: %s; or the "
                                "path of a .so)", name, ds_cstr(&s));
            ds_destroy(&s);
            free(name);
            return NULL;
        }
    }
    free(name);
    app = ctl_apps_add(apps, class, options, handle, errorp);
    return app;
}
