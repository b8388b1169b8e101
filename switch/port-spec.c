#include "switch/port-spec.h"

#include <arpa/inet.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>

#include "ofproto/ds.h"
#include "ofproto/ofp-parse.h"
#include "ofproto/ofp13.h"
#include "ofproto/util.h"

static char *
parse_ofport(const char *arg, const char *value, uint32_t *ofport)
{
    char *what = xasprintf("%s: port number", arg);
    uint64_t n = 0;
    char *error = of_parse_number(what, value, OFPP_MAX, &n);

    if (!error && !n) {
        error = xasprintf("%s: port numbers start at 1", arg);
    }
    free(what);
    *ofport = n;
    return error;
}

/* Checks one option of the vxlan netdev, so that a mistake is named here
 * rather than found when the port opens. */
static char *
check_vxlan_option(const char *arg, const char *kv)
{
    const char *value = strchr(kv, '=');
    struct in_addr addr;
    uint64_t n;
    char *error;

    if (!value) {
        return xasprintf("%s: option '%s' has no value", arg, kv);
    }
    value++;
    if (!strncmp(kv, "remote_ip=", 10) || !strncmp(kv, "local_ip=", 9)) {
        if ((strcmp(value, "flow") || kv[0] == 'l')
            && inet_pton(AF_INET, value, &addr) != 1) {
            return xasprintf("%s: '%s' is not an IPv4 address%s", arg, value,
                             kv[0] == 'r' ? " or \"flow\"" : "");
        }
    } else if (!strncmp(kv, "key=", 4)) {
        if (strcmp(value, "flow")) {
            error = of_parse_number("key", value, 0xffffff, &n);
            if (error) {
                free(error);
                return xasprintf("%s: key '%s' is not a VNI (0 to 16777215) "
                                 "or \"flow\"", arg, value);
            }
        }
    } else if (!strncmp(kv, "dst_port=", 9)) {
        error = of_parse_number("dst_port", value, 65535, &n);
        if (error || !n) {
            free(error);
            return xasprintf("%s: dst_port '%s' is not a UDP port", arg,
                             value);
        }
    } else {
        return xasprintf("%s: unknown option '%.*s' (remote_ip, key, "
                         "local_ip, dst_port, name, ofport)", arg,
                         (int) (value - 1 - kv), kv);
    }
    return NULL;
}

static char *
parse_vxlan(const char *arg, const char *options, struct port_spec *spec)
{
    struct ds type = DS_EMPTY_INITIALIZER;
    char *copy = xstrdup(options);
    char *save = NULL, *error = NULL;

    ds_put_cstr(&type, "vxlan:");
    for (char *kv = strtok_r(copy, ",", &save); kv && !error;
         kv = strtok_r(NULL, ",", &save)) {
        if (!strncmp(kv, "name=", 5)) {
            if (!kv[5] || strlen(kv + 5) >= IF_NAMESIZE
                || strpbrk(kv + 5, "/ :=")) {
                error = xasprintf("%s: '%s' is not a port name (1 to %d "
                                  "characters, no '/', ' ', ':' or '=')",
                                  arg, kv + 5, IF_NAMESIZE - 1);
            } else {
                free(spec->name);
                spec->name = xstrdup(kv + 5);
            }
        } else if (!strncmp(kv, "ofport=", 7)) {
            error = parse_ofport(arg, kv + 7, &spec->ofport);
        } else {
            error = check_vxlan_option(arg, kv);
            if (type.length > strlen("vxlan:")) {
                ds_put_char(&type, ',');
            }
            ds_put_cstr(&type, kv);
        }
    }
    free(copy);
    if (!error && !strstr(ds_cstr(&type), "remote_ip=")) {
        error = xasprintf("%s: a vxlan port needs remote_ip=IP (one remote "
                          "end) or remote_ip=flow (set per packet)", arg);
    }
    if (error) {
        ds_destroy(&type);
        return error;
    }
    spec->type = ds_steal_cstr(&type);
    return NULL;
}

char *
port_spec_parse(const char *arg, struct port_spec *spec)
{
    char *error = NULL;

    memset(spec, 0, sizeof *spec);
    if (!strncmp(arg, "vxlan:", 6)) {
        error = parse_vxlan(arg, arg + 6, spec);
    } else {
        const char *eq = strchr(arg, '=');
        size_t len = eq ? (size_t) (eq - arg) : strlen(arg);

        if (!len) {
            error = xasprintf("'%s' names no interface", arg);
        } else if (eq) {
            error = parse_ofport(arg, eq + 1, &spec->ofport);
        }
        if (!error) {
            spec->name = xmemdup(arg, len + 1);
            spec->name[len] = '\0';
        }
    }
    if (error) {
        port_spec_uninit(spec);
    }
    return error;
}

void
port_spec_uninit(struct port_spec *spec)
{
    free(spec->name);
    free(spec->type);
    spec->name = NULL;
    spec->type = NULL;
}
