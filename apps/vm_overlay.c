/*
 * vm_overlay: tenant virtual networks across VM hosts, over VXLAN.
 *
 * Each VM host runs ofswitch with its VMs' interfaces as ports and one
 * flow-based VXLAN tunnel port (--port vxlan:remote_ip=flow,...).  A JSON
 * file describes the hosts and the tenants:
 *
 *   {
 *     "hosts": [
 *       { "name": "host1", "dpid": "0x1", "underlay_ip": "192.168.100.1",
 *         "tunnel_port": 100 },
 *       ...
 *     ],
 *     "tenants": [
 *       { "name": "red", "vni": 1001,
 *         "vms": [ { "name": "red1", "mac": "02:00:00:00:01:01",
 *                    "ip": "10.0.0.1", "host": "host1", "port": 1 },
 *                  ... ] },
 *       ...
 *     ]
 *   }
 *
 * "tunnel_port" (default 100) is the OpenFlow number of the host's tunnel
 * port, "port" that of the VM's port on its host.  Tenants may reuse each
 * other's addresses: a tenant is its VNI, and nothing crosses between
 * VNIs.  Within a tenant, MAC and IP addresses are unique.
 *
 * The flows on host H (cookie: the app's, with the configuration's
 * generation in the low bits):
 *
 *   table 0  in_port=VM port, eth_src=the VM's MAC, ARP request
 *                -> controller: the app answers it with the MAC of the VM
 *                   that has the target IP in the same tenant (ARP
 *                   suppression: no ARP request crosses the underlay)
 *            in_port=VM port, eth_src=the VM's MAC
 *                -> write_metadata:VNI, goto_table:1      (one per VM of H)
 *            in_port=tunnel, tunnel_id=VNI
 *                -> write_metadata:VNI, goto_table:1      (one per tenant
 *                                                          with VMs on H)
 *            anything else: dropped (no flow), so a VM cannot send as
 *            another, and a VNI that has no VM here is not let in
 *   table 1  metadata=VNI, eth_dst=a VM of the tenant
 *                -> output:its port (on H), or
 *                   set_field:VNI->tunnel_id, set_field:HOST->tun_dst,
 *                   output:tunnel (on another host)
 *            metadata=VNI, eth_dst=broadcast/multicast, from a VM
 *                -> every other port of the tenant on H, and each other
 *                   host with VMs of the tenant, once
 *            metadata=VNI, eth_dst=broadcast/multicast, from the tunnel
 *                -> the tenant's ports on H only (no echo to other hosts)
 *            unknown unicast: dropped (every VM is in the file)
 *
 * Changes.  The app reads the file again when it changes (checked every
 * 'reload_ms'), or when told (vm_overlay_reload()).  A new configuration
 * gets a new generation; each switch then adds the flows of the new one
 * (an identical flow is replaced in place, so traffic keeps flowing) and
 * deletes those left from the old one, by cookie.  Moving a VM is a
 * change of its "host" and "port".  A file that does not parse is logged
 * and ignored: the last good configuration stays.
 *
 * Threads: the configuration is shared, immutable once loaded, and
 * reference-counted; switches take a reference to the one they installed.
 *
 * Options: config=FILE (required), reload_ms=MS (500; 0: never reread),
 * priority=N (base flow priority, 100).
 */
#include "apps/apps.h"

#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ofproto/vlog.h"

VLOG_DEFINE_THIS_MODULE(vm_overlay);

#define ETH_TYPE_ARP 0x0806
#define DEFAULT_TUNNEL_PORT 100
#define GEN_MASK 0x00ffffffffffffffull

/* ---- The configuration ---- */

struct ov_host {
    char *name;
    uint64_t dpid;
    uint32_t underlay_ip;       /* Host order. */
    uint32_t tunnel_port;
};

struct ov_vm {
    char *name;
    uint8_t mac[6];
    uint32_t ip;                /* Host order. */
    size_t host;                /* Index in hosts. */
    uint32_t port;
    size_t tenant;              /* Index in tenants. */
};

struct ov_tenant {
    char *name;
    uint32_t vni;
};

struct ov_config {
    int refs;                   /* Atomic. */
    uint64_t generation;
    struct ov_host *hosts;
    size_t n_hosts;
    struct ov_tenant *tenants;
    size_t n_tenants;
    struct ov_vm *vms;
    size_t n_vms;
};

static void
config_unref(struct ov_config *c)
{
    if (!c || __atomic_sub_fetch(&c->refs, 1, __ATOMIC_ACQ_REL)) {
        return;
    }
    for (size_t i = 0; i < c->n_hosts; i++) {
        free(c->hosts[i].name);
    }
    for (size_t i = 0; i < c->n_tenants; i++) {
        free(c->tenants[i].name);
    }
    for (size_t i = 0; i < c->n_vms; i++) {
        free(c->vms[i].name);
    }
    free(c->hosts);
    free(c->tenants);
    free(c->vms);
    free(c);
}

static struct ov_config *
config_ref(struct ov_config *c)
{
    if (c) {
        __atomic_add_fetch(&c->refs, 1, __ATOMIC_ACQ_REL);
    }
    return c;
}

static bool
parse_mac(const char *s, uint8_t mac[6])
{
    unsigned int b[6];
    char end;

    if (sscanf(s, "%x:%x:%x:%x:%x:%x%c", &b[0], &b[1], &b[2], &b[3], &b[4],
               &b[5], &end) != 6) {
        return false;
    }
    for (int i = 0; i < 6; i++) {
        if (b[i] > 255) {
            return false;
        }
        mac[i] = b[i];
    }
    return true;
}

static bool
parse_ip(const char *s, uint32_t *ip)
{
    struct in_addr a;

    if (inet_pton(AF_INET, s, &a) != 1) {
        return false;
    }
    *ip = ntohl(a.s_addr);
    return true;
}

/* A string member 'key' of 'obj', or NULL (with an error in 'err'). */
static const char *
get_str(json_t *obj, const char *key, const char *where, char **err)
{
    json_t *v = json_object_get(obj, key);

    if (!json_is_string(v)) {
        if (!*err) {
            *err = xasprintf("%s: \"%s\" must be a string", where, key);
        }
        return NULL;
    }
    return json_string_value(v);
}

/* An integer member 'key' in [min, max], 'dflt' when absent and 'dflt' is
 * not -1. */
static bool
get_int(json_t *obj, const char *key, long long min, long long max,
        long long dflt, const char *where, long long *value, char **err)
{
    json_t *v = json_object_get(obj, key);

    if (!v && dflt != -1) {
        *value = dflt;
        return true;
    }
    if (!json_is_integer(v) || json_integer_value(v) < min
        || json_integer_value(v) > max) {
        if (!*err) {
            *err = xasprintf("%s: \"%s\" must be an integer from %lld to "
                             "%lld", where, key, min, max);
        }
        return false;
    }
    *value = json_integer_value(v);
    return true;
}

static bool
parse_dpid(json_t *v, uint64_t *dpid)
{
    char *end;

    if (json_is_integer(v) && json_integer_value(v) >= 0) {
        *dpid = json_integer_value(v);
        return true;
    }
    if (json_is_string(v)) {
        const char *s = json_string_value(v);

        errno = 0;
        *dpid = strtoull(s, &end, 16);
        return *s && !*end && !errno;
    }
    return false;
}

static char *
parse_hosts(json_t *hosts, struct ov_config *c)
{
    char *err = NULL;
    size_t i;
    json_t *h;

    if (!json_is_array(hosts)) {
        return xstrdup("\"hosts\" must be an array");
    }
    c->hosts = xzalloc((json_array_size(hosts) + 1) * sizeof *c->hosts);
    json_array_foreach (hosts, i, h) {
        struct ov_host *host = &c->hosts[c->n_hosts];
        char where[64];
        const char *name, *ip;
        long long port;

        snprintf(where, sizeof where, "hosts[%zu]", i);
        name = get_str(h, "name", where, &err);
        ip = get_str(h, "underlay_ip", where, &err);
        if (err) {
            return err;
        }
        if (!parse_dpid(json_object_get(h, "dpid"), &host->dpid)) {
            return xasprintf("%s: \"dpid\" must be a hex string or an "
                             "integer", where);
        }
        if (!parse_ip(ip, &host->underlay_ip)) {
            return xasprintf("%s: \"%s\" is not an IPv4 address", where, ip);
        }
        if (!get_int(h, "tunnel_port", 1, 0xffffff00, DEFAULT_TUNNEL_PORT,
                     where, &port, &err)) {
            return err;
        }
        host->tunnel_port = port;
        for (size_t j = 0; j < c->n_hosts; j++) {
            if (!strcmp(c->hosts[j].name, name)
                || c->hosts[j].dpid == host->dpid) {
                return xasprintf("%s: name \"%s\" or dpid given twice",
                                 where, name);
            }
        }
        host->name = xstrdup(name);
        c->n_hosts++;
    }
    return NULL;
}

static char *
parse_vm(json_t *v, const char *where, size_t tenant, struct ov_config *c)
{
    struct ov_vm *vm = &c->vms[c->n_vms];
    const char *name, *mac, *ip, *host;
    char *err = NULL;
    long long port;
    size_t h;

    name = get_str(v, "name", where, &err);
    mac = get_str(v, "mac", where, &err);
    ip = get_str(v, "ip", where, &err);
    host = get_str(v, "host", where, &err);
    if (err || !get_int(v, "port", 1, 0xffffff00, -1, where, &port, &err)) {
        return err;
    }
    if (!parse_mac(mac, vm->mac) || vm->mac[0] & 1) {
        return xasprintf("%s: \"%s\" is not a unicast MAC address", where,
                         mac);
    }
    if (!parse_ip(ip, &vm->ip)) {
        return xasprintf("%s: \"%s\" is not an IPv4 address", where, ip);
    }
    for (h = 0; h < c->n_hosts; h++) {
        if (!strcmp(c->hosts[h].name, host)) {
            break;
        }
    }
    if (h == c->n_hosts) {
        return xasprintf("%s: no host \"%s\"", where, host);
    }
    vm->host = h;
    vm->port = port;
    vm->tenant = tenant;
    for (size_t j = 0; j < c->n_vms; j++) {
        const struct ov_vm *o = &c->vms[j];

        if (o->host == vm->host && o->port == vm->port) {
            return xasprintf("%s: port %u of %s is VM \"%s\"'s already",
                             where, vm->port, host, o->name);
        }
        if (o->tenant == tenant
            && (!memcmp(o->mac, vm->mac, 6) || o->ip == vm->ip)) {
            return xasprintf("%s: MAC or IP of \"%s\" again in the tenant",
                             where, o->name);
        }
    }
    vm->name = xstrdup(name);
    c->n_vms++;
    return NULL;
}

static char *
parse_tenants(json_t *tenants, struct ov_config *c)
{
    size_t i, n_vms = 0;
    char *err = NULL;
    json_t *t;

    if (!json_is_array(tenants)) {
        return xstrdup("\"tenants\" must be an array");
    }
    json_array_foreach (tenants, i, t) {
        n_vms += json_array_size(json_object_get(t, "vms"));
    }
    c->tenants = xzalloc((json_array_size(tenants) + 1)
                         * sizeof *c->tenants);
    c->vms = xzalloc((n_vms + 1) * sizeof *c->vms);
    json_array_foreach (tenants, i, t) {
        struct ov_tenant *tenant = &c->tenants[c->n_tenants];
        json_t *vms = json_object_get(t, "vms");
        char where[64];
        const char *name;
        long long vni;
        size_t j;
        json_t *v;

        snprintf(where, sizeof where, "tenants[%zu]", i);
        name = get_str(t, "name", where, &err);
        if (err || !get_int(t, "vni", 1, 0xffffff, -1, where, &vni, &err)) {
            return err;
        }
        if (!json_is_array(vms)) {
            return xasprintf("%s: \"vms\" must be an array", where);
        }
        for (j = 0; j < c->n_tenants; j++) {
            if (c->tenants[j].vni == vni || !strcmp(c->tenants[j].name,
                                                    name)) {
                return xasprintf("%s: name \"%s\" or VNI %lld given twice",
                                 where, name, vni);
            }
        }
        tenant->name = xstrdup(name);
        tenant->vni = vni;
        c->n_tenants++;
        json_array_foreach (vms, j, v) {
            char vwhere[96];

            snprintf(vwhere, sizeof vwhere, "%s.vms[%zu]", where, j);
            err = parse_vm(v, vwhere, c->n_tenants - 1, c);
            if (err) {
                return err;
            }
        }
    }
    return NULL;
}

/* Reads 'file'.  Returns the configuration, or NULL with an error message
 * in '*errp' (the caller frees it). */
static struct ov_config *
config_load(const char *file, char **errp)
{
    struct ov_config *c = xzalloc(sizeof *c);
    json_error_t jerr;
    json_t *root = json_load_file(file, 0, &jerr);
    char *err = NULL;

    c->refs = 1;
    if (!root) {
        err = xasprintf("%s:%d: %s", file, jerr.line, jerr.text);
    } else if (!json_is_object(root)) {
        err = xasprintf("%s: the top level must be an object", file);
    } else {
        err = parse_hosts(json_object_get(root, "hosts"), c);
        if (!err) {
            err = parse_tenants(json_object_get(root, "tenants"), c);
        }
        if (err) {
            char *e = xasprintf("%s: %s", file, err);

            free(err);
            err = e;
        }
    }
    json_decref(root);
    if (err) {
        config_unref(c);
        *errp = err;
        return NULL;
    }
    return c;
}

/* ---- The app ---- */

struct ov {
    char *file;
    int reload_ms;
    int priority;
    uint64_t cookie;

    pthread_mutex_t mutex;      /* Guards the members below. */
    struct ov_config *config;
    uint64_t generation;        /* Of 'config'. */
    struct timespec mtime;      /* Of the file 'config' came from. */
    long long checked;          /* When the file was last looked at. */
};

struct ov_switch {
    struct ov_config *installed;        /* NULL until the first sync. */
    uint64_t arp_answered;
    uint64_t arp_unknown;
};

/* Reads the file again if it changed.  Under ov->mutex. */
static void
maybe_reload(struct ov *ov, long long now, bool force)
{
    struct ov_config *c;
    struct stat st;
    char *err = NULL;

    if (!force && (ov->reload_ms <= 0 || now - ov->checked < ov->reload_ms)) {
        return;
    }
    ov->checked = now;
    if (stat(ov->file, &st)) {
        VLOG_WARN("%s: %s (keeping the configuration)", ov->file,
                  strerror(errno));
        return;
    }
    if (!force && st.st_mtim.tv_sec == ov->mtime.tv_sec
        && st.st_mtim.tv_nsec == ov->mtime.tv_nsec) {
        return;
    }
    ov->mtime = st.st_mtim;
    c = config_load(ov->file, &err);
    if (!c) {
        VLOG_WARN("%s%s", err, ov->config
                  ? " (keeping the last good configuration)" : "");
        free(err);
        return;
    }
    c->generation = ++ov->generation;
    config_unref(ov->config);
    ov->config = c;
    VLOG_INFO("%s: configuration %"PRIu64": %zu hosts, %zu tenants, %zu "
              "VMs", ov->file, c->generation, c->n_hosts, c->n_tenants,
              c->n_vms);
}

static struct ov_config *
current_config(struct ov *ov, long long now)
{
    struct ov_config *c;

    pthread_mutex_lock(&ov->mutex);
    maybe_reload(ov, now, false);
    c = config_ref(ov->config);
    pthread_mutex_unlock(&ov->mutex);
    return c;
}

static const struct ov_host *
find_host(const struct ov_config *c, uint64_t dpid, size_t *index)
{
    for (size_t i = 0; i < c->n_hosts; i++) {
        if (c->hosts[i].dpid == dpid) {
            *index = i;
            return &c->hosts[i];
        }
    }
    return NULL;
}

/* ---- Flows ---- */

static void
put_set_field(struct of_action *a, enum of_field field, uint64_t value)
{
    memset(a, 0, sizeof *a);
    a->type = OFPAT_SET_FIELD;
    a->set_field.field = field;
    if (field == OF_FIELD_TUNNEL_ID) {
        a->set_field.value.u64 = value;
    } else {
        a->set_field.value.u32 = value;
    }
}

static void
send_flow(struct ctl_out *out, uint64_t cookie, uint8_t table, int priority,
          const struct of_match *match, struct of_instruction *insts,
          size_t n_insts)
{
    struct of_flow_mod fm;

    ctl_flow_mod_init(&fm, OFPFC_ADD);
    fm.table_id = table;
    fm.priority = priority;
    fm.cookie = cookie;
    fm.match = *match;
    fm.instructions = insts;
    fm.n_instructions = n_insts;
    ctl_out_flow_mod(out, &fm);
}

static void
send_apply(struct ctl_out *out, uint64_t cookie, int priority,
           const struct of_match *match, struct of_action *actions, size_t n)
{
    struct of_instruction apply = { .type = OFPIT_APPLY_ACTIONS };

    apply.actions.actions = actions;
    apply.actions.n = n;
    send_flow(out, cookie, 1, priority, match, &apply, 1);
}

/* Table 0: the entry of tenant 'vni' traffic, tagged with its VNI. */
static void
send_entry(struct ctl_out *out, uint64_t cookie, int priority,
           const struct of_match *match, uint32_t vni)
{
    struct of_instruction insts[2];

    memset(insts, 0, sizeof insts);
    insts[0].type = OFPIT_WRITE_METADATA;
    insts[0].write_metadata.metadata = vni;
    insts[0].write_metadata.mask = UINT64_MAX;
    insts[1].type = OFPIT_GOTO_TABLE;
    insts[1].table_id = 1;
    send_flow(out, cookie, 0, priority, match, insts, 2);
}

/* The flows of tenant 't' on host 'h' of 'c'. */
static void
send_tenant(struct ov *ov, const struct ov_config *c, size_t h, size_t t,
            uint64_t cookie, struct ctl_out *out)
{
    const struct ov_host *host = &c->hosts[h];
    uint32_t vni = c->tenants[t].vni;
    bool *remote = xzalloc((c->n_hosts + 1) * sizeof *remote);
    size_t n_actions = 3 * (c->n_vms + c->n_hosts) + 4;
    struct of_action *actions = xzalloc(n_actions * sizeof *actions);
    struct of_match m;
    size_t n_local = 0, n, i;

    for (i = 0; i < c->n_vms; i++) {
        const struct ov_vm *vm = &c->vms[i];

        if (vm->tenant != t) {
            continue;
        }
        if (vm->host == h) {
            n_local++;
        } else {
            remote[vm->host] = true;
        }
    }
    if (!n_local) {
        goto out;           /* Nothing of the tenant here: not let in. */
    }

    /* Table 0: the tenant's VMs here, and its VNI from the tunnel.  A
     * VM's ARP requests go to the app, which answers them. */
    for (i = 0; i < c->n_vms; i++) {
        const struct ov_vm *vm = &c->vms[i];

        if (vm->tenant == t && vm->host == h) {
            struct of_instruction apply = { .type = OFPIT_APPLY_ACTIONS };

            of_match_init(&m);
            of_match_set_u32(&m, OF_FIELD_IN_PORT, vm->port);
            of_match_set_mac(&m, OF_FIELD_ETH_SRC, vm->mac);
            send_entry(out, cookie, ov->priority, &m, vni);

            of_match_set_u16(&m, OF_FIELD_ETH_TYPE, ETH_TYPE_ARP);
            of_match_set_u8(&m, OF_FIELD_ARP_OP, 1);
            ctl_action_output(&actions[0], OFPP_CONTROLLER);
            apply.actions.actions = actions;
            apply.actions.n = 1;
            send_flow(out, cookie, 0, ov->priority + 1, &m, &apply, 1);
        }
    }
    of_match_init(&m);
    of_match_set_u32(&m, OF_FIELD_IN_PORT, host->tunnel_port);
    of_match_set_u64(&m, OF_FIELD_TUNNEL_ID, vni);
    send_entry(out, cookie, ov->priority, &m, vni);

    /* Unicast to each VM of the tenant. */
    for (i = 0; i < c->n_vms; i++) {
        const struct ov_vm *vm = &c->vms[i];

        if (vm->tenant != t) {
            continue;
        }
        of_match_init(&m);
        of_match_set_u64(&m, OF_FIELD_METADATA, vni);
        of_match_set_mac(&m, OF_FIELD_ETH_DST, vm->mac);
        if (vm->host == h) {
            ctl_action_output(&actions[0], vm->port);
            n = 1;
        } else {
            put_set_field(&actions[0], OF_FIELD_TUNNEL_ID, vni);
            put_set_field(&actions[1], OF_FIELD_TUN_IPV4_DST,
                          c->hosts[vm->host].underlay_ip);
            ctl_action_output(&actions[2], host->tunnel_port);
            n = 3;
        }
        send_apply(out, cookie, ov->priority + 100, &m, actions, n);
    }

    /* Broadcast and multicast: from the tunnel, to the VMs here... */
    n = 0;
    for (i = 0; i < c->n_vms; i++) {
        if (c->vms[i].tenant == t && c->vms[i].host == h) {
            ctl_action_output(&actions[n++], c->vms[i].port);
        }
    }
    of_match_init(&m);
    of_match_set_u64(&m, OF_FIELD_METADATA, vni);
    of_match_set(&m, OF_FIELD_ETH_DST,
                 &(union of_value) { .mac = { 1, 0, 0, 0, 0, 0 } },
                 &(union of_value) { .mac = { 1, 0, 0, 0, 0, 0 } });
    of_match_set_u32(&m, OF_FIELD_IN_PORT, host->tunnel_port);
    send_apply(out, cookie, ov->priority + 60, &m, actions, n);

    /* ... from a VM, to the other VMs here (not back to the input port:
     * the switch drops that) and once to each host with the tenant. */
    put_set_field(&actions[n++], OF_FIELD_TUNNEL_ID, vni);
    for (i = 0; i < c->n_hosts; i++) {
        if (remote[i]) {
            put_set_field(&actions[n++], OF_FIELD_TUN_IPV4_DST,
                          c->hosts[i].underlay_ip);
            ctl_action_output(&actions[n++], host->tunnel_port);
        }
    }
    of_match_remove(&m, OF_FIELD_IN_PORT);
    send_apply(out, cookie, ov->priority + 50, &m, actions, n);

out:
    free(actions);
    free(remote);
}

/* Deletes the app's flows whose cookie is 'cookie' (all of the app's if
 * 'cookie' has no generation bits). */
static void
delete_flows(struct ctl_out *out, uint64_t cookie, uint64_t mask)
{
    struct of_flow_mod fm;

    ctl_flow_mod_init(&fm, OFPFC_DELETE);
    fm.cookie = cookie;
    fm.cookie_mask = mask;
    ctl_out_flow_mod(out, &fm);
}

/* Brings the switch's flows to configuration 'c'. */
static void
sync_switch(struct ov *ov, struct ctl_switch *sw, struct ov_switch *s,
            struct ov_config *c, struct ctl_out *out)
{
    uint64_t cookie = ov->cookie | (c->generation & GEN_MASK);
    const struct ov_host *host;
    size_t h;

    host = find_host(c, ctl_switch_dpid(sw), &h);
    if (host) {
        for (size_t t = 0; t < c->n_tenants; t++) {
            send_tenant(ov, c, h, t, cookie, out);
        }
    } else if (!s->installed) {
        VLOG_WARN("%s: not a host of %s: no overlay flows",
                  ctl_switch_name(sw), ov->file);
    }
    if (s->installed) {
        /* What the new configuration did not add again goes. */
        delete_flows(out, ov->cookie
                     | (s->installed->generation & GEN_MASK), UINT64_MAX);
        config_unref(s->installed);
    }
    s->installed = config_ref(c);
}

static void
ov_switch_free(void *s_)
{
    struct ov_switch *s = s_;

    config_unref(s->installed);
    free(s);
}

static void
ov_switch_up(struct ctl_app *app, struct ctl_switch *sw, long long now,
             struct ctl_out *out)
{
    struct ov *ov = ctl_app_get_data(app);
    struct ov_switch *s = xzalloc(sizeof *s);
    struct ov_config *c = current_config(ov, now);

    ctl_switch_set_data(sw, app, s, ov_switch_free);
    /* A fresh start: whatever the app left on the switch before goes. */
    delete_flows(out, ov->cookie, CTL_APP_COOKIE_MASK);
    if (c) {
        sync_switch(ov, sw, s, c, out);
    }
    config_unref(c);
}

static void
ov_timer(struct ctl_app *app, struct ctl_switch *sw, long long now,
         struct ctl_out *out)
{
    struct ov *ov = ctl_app_get_data(app);
    struct ov_switch *s = ctl_switch_get_data(sw, app);
    struct ov_config *c;

    if (!s) {
        return;
    }
    c = current_config(ov, now);
    if (c && c != s->installed) {
        sync_switch(ov, sw, s, c, out);
    }
    config_unref(c);
}

/* ---- ARP ---- */

static uint32_t
rd32(const uint8_t *p)
{
    return (uint32_t) p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3];
}

static void
wr32(uint8_t *p, uint32_t x)
{
    p[0] = x >> 24;
    p[1] = x >> 16;
    p[2] = x >> 8;
    p[3] = x;
}

/* Answers an ARP request from a VM for another VM of its tenant. */
static enum ctl_verdict
ov_packet_in(struct ctl_app *app, struct ctl_switch *sw,
             const struct ctl_packet_in *pi, long long now,
             struct ctl_out *out)
{
    struct ov *ov = ctl_app_get_data(app);
    struct ov_switch *s = ctl_switch_get_data(sw, app);
    const uint8_t *d = pi->msg->data;
    const struct ov_host *host;
    const struct ov_vm *from = NULL, *target = NULL;
    struct ov_config *c;
    struct of_packet_out po;
    struct of_action output;
    uint8_t reply[42];
    uint32_t tpa;
    size_t h;

    if (!s || !pi->eth_ok || pi->eth_type != ETH_TYPE_ARP
        || pi->msg->len < 42 || d[20] != 0 || d[21] != 1) {
        return CTL_CONTINUE;
    }
    c = current_config(ov, now);
    host = c ? find_host(c, ctl_switch_dpid(sw), &h) : NULL;
    if (!host) {
        config_unref(c);
        return CTL_CONTINUE;
    }
    for (size_t i = 0; i < c->n_vms; i++) {
        if (c->vms[i].host == h && c->vms[i].port == pi->in_port
            && !memcmp(c->vms[i].mac, pi->eth_src, 6)) {
            from = &c->vms[i];
        }
    }
    tpa = rd32(d + 38);
    for (size_t i = 0; from && i < c->n_vms; i++) {
        if (c->vms[i].tenant == from->tenant && c->vms[i].ip == tpa) {
            target = &c->vms[i];
        }
    }
    if (!target || target == from) {
        /* Not a VM of the tenant (nobody would answer), or the VM's own
         * address (a gratuitous ARP). */
        s->arp_unknown++;
        config_unref(c);
        return CTL_STOP;
    }

    /* The reply, as the target would send it. */
    memcpy(reply, pi->eth_src, 6);
    memcpy(reply + 6, target->mac, 6);
    reply[12] = 0x08;
    reply[13] = 0x06;
    memcpy(reply + 14, "\x00\x01\x08\x00\x06\x04\x00\x02", 8);
    memcpy(reply + 22, target->mac, 6);
    wr32(reply + 28, target->ip);
    memcpy(reply + 32, d + 22, 6);          /* The requester's MAC... */
    memcpy(reply + 38, d + 28, 4);          /* ... and IP. */
    ctl_action_output(&output, OFPP_IN_PORT);
    memset(&po, 0, sizeof po);
    po.buffer_id = OFP_NO_BUFFER;
    po.in_port = pi->in_port;
    po.actions = &output;
    po.n_actions = 1;
    po.data = reply;
    po.len = sizeof reply;
    ctl_out_packet_out(out, &po);
    s->arp_answered++;
    config_unref(c);
    return CTL_STOP;
}

/* ---- Init ---- */

static char *
ov_init(struct ctl_app *app)
{
    static const char *const known[] = { "config", "reload_ms", "priority",
                                         NULL };
    struct ov *ov = xzalloc(sizeof *ov);
    long long reload_ms, priority;
    const char *file;
    char *err;

    ctl_app_set_data(app, ov);
    pthread_mutex_init(&ov->mutex, NULL);
    err = ctl_app_check_options(app, known);
    if (err) {
        return err;
    }
    file = ctl_app_get_option(app, "config");
    if (!file || !*file) {
        return xstrdup("vm_overlay: needs config=FILE (a JSON description "
                       "of the hosts and tenants)");
    }
    err = ctl_app_get_int(app, "reload_ms", 500, 0, 3600 * 1000,
                          &reload_ms);
    if (!err) {
        err = ctl_app_get_int(app, "priority", 100, 0, 65000 - 300,
                              &priority);
    }
    if (err) {
        return err;
    }
    ov->file = xstrdup(file);
    ov->reload_ms = reload_ms;
    ov->priority = priority;
    ov->cookie = ctl_app_cookie(app);
    maybe_reload(ov, 0, true);
    if (!ov->config) {
        return xasprintf("vm_overlay: cannot use %s (see the log)", file);
    }
    if (reload_ms > 0) {
        ctl_app_set_timer_interval(app, MIN(reload_ms, 1000));
    }
    return NULL;
}

static void
ov_fini(struct ctl_app *app)
{
    struct ov *ov = ctl_app_get_data(app);

    if (ov) {
        config_unref(ov->config);
        pthread_mutex_destroy(&ov->mutex);
        free(ov->file);
        free(ov);
    }
}

const struct ctl_app_class CTL_APP_CLASS(vm_overlay_app) = {
    .api_version = CTL_APP_API_VERSION,
    .name = "vm_overlay",
    .usage = "config=FILE        the hosts and tenants (JSON, required)\n"
             "reload_ms=MS       how often to look for a changed file "
             "(500; 0: never)\n"
             "priority=N         base priority of the app's flows (100)\n",
    .init = ov_init,
    .fini = ov_fini,
    .switch_up = { ov_switch_up, 0 },
    .packet_in = { ov_packet_in, 0 },
    .timer = { ov_timer, 0, 500 },
};
