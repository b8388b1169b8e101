/*
 * learning_switch: an Ethernet learning switch on every switch, with loop
 * prevention of its own.
 *
 * Learning.  Each switch has a table from MAC address to the port it was
 * last seen on (open addressing, no allocation per packet).  A packet-in
 * teaches the table its source (unless the source is a multicast
 * address); then
 *   - a known unicast destination on another port gets a flow,
 *     in_port + eth_src + eth_dst -> output, with an idle timeout, and the
 *     packet is sent along (so later packets of the pair stay in the
 *     datapath);
 *   - a known destination on the input port is dropped (never sent back
 *     where it came from);
 *   - anything else (unknown, broadcast, multicast) is flooded.
 * A source seen on a new port (a host that moved) updates the table and
 * deletes the flows towards and from it, so they are relearned.  A port
 * that goes down forgets its MACs and loses its flows.
 *
 * Loop prevention.  Flooding along every port loops forever in a ring, so
 * the app discovers the links between switches itself and floods only
 * along a spanning tree of them:
 *   - Discovery: every 'lldp_interval' ms, and when a switch or port comes
 *     up, the app sends an LLDP frame out of each port naming the switch
 *     (chassis "dpid:<16 hex digits>") and the port (4-byte number).  An
 *     LLDP frame that comes back as a packet-in on another switch is a
 *     link between the two ports.  Links expire after 3 intervals without
 *     LLDP, and go at once when either port goes down or a switch leaves.
 *   - The tree: the links sorted by (dpid, port) of their ends, taken in
 *     that order unless they would close a cycle (Kruskal with union-find
 *     over the dpids).  Every switch computes the same tree.
 *   - Forwarding: a port with a link is a tree port or blocked.  Floods go
 *     out of tree ports and host ports (ports without a link), never
 *     blocked ones; packets arriving on a blocked port are dropped (LLDP
 *     excepted).  A port that came up less than 'hold' ms ago and has no
 *     link yet gets no floods (its LLDP may not have arrived), so a loop
 *     cannot form while discovery runs.
 *   - A change of the tree clears every switch's MAC table and learned
 *     flows (the paths changed); the tables fill again from traffic.
 * This works on any topology (ring, leaf-spine, tree); the price is that
 * redundant links carry no traffic, as with the spanning tree protocol.
 *
 * Threads: the MAC tables are per switch (one worker thread each); the
 * topology is shared under a mutex, touched on LLDP, port and switch
 * events, and read through a generation number (an atomic load per
 * packet-in) that tells a switch to refresh its view.
 *
 * Options: idle_timeout=SEC (default 60), hard_timeout=SEC (0),
 * priority=N (flow priority, 100), max_macs=N per switch (65536),
 * stp=BOOL (loop prevention, true), lldp_interval=MS (2000), hold=MS
 * (1000).
 */
#include "apps/apps.h"

#include <inttypes.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ofproto/vlog.h"

VLOG_DEFINE_THIS_MODULE(learning_switch);

#define ETH_TYPE_LLDP 0x88cc

/* Cookies: every flow of the app carries its app cookie; learned flows
 * also have bit 0 set, so that they can be deleted alone. */
#define LEARNED 1

/* ---- The topology: links and the spanning tree ---- */

struct ls_link {
    uint64_t dpid[2];           /* dpid[0] <= dpid[1]. */
    uint32_t port[2];
    long long seen;
    bool tree;
};

struct ls_topo {
    pthread_mutex_t mutex;
    struct ls_link *links;
    size_t n, allocated;
    uint64_t gen;               /* Atomic: bumped when the tree changes. */
};

/* ---- Per switch ---- */

struct ls_mac {                 /* 12 bytes: 5 to a cache line. */
    uint8_t mac[6];
    bool used;
    uint32_t port;
};

struct ls_port {
    uint32_t port_no;
    bool up;
    bool link;                  /* Another switch is on the other end. */
    bool tree;                  /* ...and the link is on the tree. */
    long long up_since;
};

struct ls_switch {
    struct ls_mac *macs;        /* Open addressing, linear probing. */
    size_t n_macs, mask;        /* Capacity is mask + 1. */
    uint64_t topo_gen;          /* Generation the view below is from. */
    struct ls_port *ports;
    size_t n_ports;
    uint32_t *flood;            /* Ports to flood to (minus in_port). */
    size_t n_flood;
    long long flood_until;      /* Recompute when a hold ends. */
    uint64_t moves, dropped_blocked, table_full;
};

struct ls {
    long long idle_timeout, hard_timeout, priority, max_macs;
    long long lldp_interval, hold;
    bool stp;
    uint64_t cookie;
    struct ls_topo topo;
};

/* ---- Topology ---- */

static size_t
uf_find(size_t *parent, size_t i)
{
    while (parent[i] != i) {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    return i;
}

static int
link_cmp(const void *a_, const void *b_)
{
    const struct ls_link *a = a_, *b = b_;
    int i;

    for (i = 0; i < 2; i++) {
        if (a->dpid[i] != b->dpid[i]) {
            return a->dpid[i] < b->dpid[i] ? -1 : 1;
        }
        if (a->port[i] != b->port[i]) {
            return a->port[i] < b->port[i] ? -1 : 1;
        }
    }
    return 0;
}

static size_t
dpid_index(uint64_t *dpids, size_t *n, uint64_t dpid)
{
    size_t i;

    for (i = 0; i < *n; i++) {
        if (dpids[i] == dpid) {
            return i;
        }
    }
    dpids[(*n)++] = dpid;
    return i;
}

/* Recomputes the tree (Kruskal in link order) and bumps the generation.
 * Called with the mutex held. */
static void
topo_changed(struct ls_topo *t)
{
    uint64_t *dpids = calloc(2 * t->n + 1, sizeof *dpids);
    size_t *parent = calloc(2 * t->n + 1, sizeof *parent);
    size_t n_dpids = 0, i;

    qsort(t->links, t->n, sizeof *t->links, link_cmp);
    for (i = 0; i < 2 * t->n + 1; i++) {
        parent[i] = i;
    }
    for (i = 0; i < t->n; i++) {
        struct ls_link *l = &t->links[i];
        size_t a = uf_find(parent, dpid_index(dpids, &n_dpids, l->dpid[0]));
        size_t b = uf_find(parent, dpid_index(dpids, &n_dpids, l->dpid[1]));

        l->tree = a != b;
        if (l->tree) {
            parent[a] = b;
        }
    }
    free(dpids);
    free(parent);
    __atomic_add_fetch(&t->gen, 1, __ATOMIC_RELEASE);
}

/* Removes links for which 'pred' holds.  Mutex held. */
static bool
topo_remove_if(struct ls_topo *t, uint64_t dpid, uint32_t port,
               long long older_than)
{
    bool changed = false;
    size_t i;

    for (i = 0; i < t->n;) {
        struct ls_link *l = &t->links[i];
        bool match = (older_than
                      ? l->seen < older_than
                      : ((l->dpid[0] == dpid
                          && (port == OFPP_ANY || l->port[0] == port))
                         || (l->dpid[1] == dpid
                             && (port == OFPP_ANY || l->port[1] == port))));

        if (match) {
            *l = t->links[--t->n];
            changed = true;
        } else {
            i++;
        }
    }
    return changed;
}

/* A link seen now between (da, pa) and (db, pb). */
static void
topo_add(struct ls_topo *t, uint64_t da, uint32_t pa, uint64_t db,
         uint32_t pb, long long now)
{
    struct ls_link key;
    size_t i;

    memset(&key, 0, sizeof key);
    if (da < db || (da == db && pa <= pb)) {
        key.dpid[0] = da, key.port[0] = pa, key.dpid[1] = db;
        key.port[1] = pb;
    } else {
        key.dpid[0] = db, key.port[0] = pb, key.dpid[1] = da;
        key.port[1] = pa;
    }
    pthread_mutex_lock(&t->mutex);
    for (i = 0; i < t->n; i++) {
        if (!link_cmp(&t->links[i], &key)) {
            t->links[i].seen = now;
            pthread_mutex_unlock(&t->mutex);
            return;
        }
    }
    /* A port has one peer: a recabled port loses its old link. */
    topo_remove_if(t, da, pa, 0);
    topo_remove_if(t, db, pb, 0);
    if (t->n >= t->allocated) {
        t->allocated = t->allocated * 2 + 8;
        t->links = realloc(t->links, t->allocated * sizeof *t->links);
    }
    key.seen = now;
    t->links[t->n++] = key;
    VLOG_INFO("link %016"PRIx64":%"PRIu32" <-> %016"PRIx64":%"PRIu32,
              key.dpid[0], key.port[0], key.dpid[1], key.port[1]);
    topo_changed(t);
    pthread_mutex_unlock(&t->mutex);
}

static void
topo_remove(struct ls_topo *t, uint64_t dpid, uint32_t port)
{
    pthread_mutex_lock(&t->mutex);
    if (topo_remove_if(t, dpid, port, 0)) {
        topo_changed(t);
    }
    pthread_mutex_unlock(&t->mutex);
}

/* ---- MAC table ---- */

static size_t
mac_hash(const uint8_t mac[6])
{
    uint64_t x = 0;

    /* The splitmix64 finalizer: every input bit moves every output bit,
     * so addresses that differ only in their last bytes spread out. */
    memcpy(&x, mac, 6);
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ull;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebull;
    x ^= x >> 31;
    return x;
}

static struct ls_mac *
mac_slot(const struct ls_switch *s, const uint8_t mac[6])
{
    size_t i = mac_hash(mac) & s->mask;

    while (s->macs[i].used && memcmp(s->macs[i].mac, mac, 6)) {
        i = (i + 1) & s->mask;
    }
    return &s->macs[i];
}

static void
mac_resize(struct ls_switch *s, size_t capacity)
{
    struct ls_mac *old = s->macs;
    size_t old_cap = s->macs ? s->mask + 1 : 0, i;

    s->macs = calloc(capacity, sizeof *s->macs);
    s->mask = capacity - 1;
    s->n_macs = 0;
    for (i = 0; i < old_cap; i++) {
        if (old[i].used) {
            *mac_slot(s, old[i].mac) = old[i];
            s->n_macs++;
        }
    }
    free(old);
}

/* Forgets every MAC on 'port' (OFPP_ANY: all of them). */
static void
mac_forget_port(struct ls_switch *s, uint32_t port)
{
    size_t cap = s->mask + 1, i;

    for (i = 0; i < cap; i++) {
        if (s->macs[i].used && (port == OFPP_ANY || s->macs[i].port == port)) {
            s->macs[i].used = false;
        }
    }
    /* Rehash what is left, so no probe chain has a hole. */
    mac_resize(s, cap);
}

static bool
eth_is_multicast(const uint8_t mac[6])
{
    return mac[0] & 1;
}

/* ---- Flows and packets ---- */

/* A flow of priority 'prio' matching 'match' that sends to the
 * controller. */
static void
add_to_controller(struct ctl_out *out, const struct ls *ls,
                  const struct of_match *match, uint16_t prio)
{
    struct of_instruction apply = { .type = OFPIT_APPLY_ACTIONS };
    struct of_action output;
    struct of_flow_mod fm;

    ctl_action_output(&output, OFPP_CONTROLLER);
    apply.actions.actions = &output;
    apply.actions.n = 1;
    ctl_flow_mod_init(&fm, OFPFC_ADD);
    fm.match = *match;
    fm.priority = prio;
    fm.cookie = ls->cookie;
    fm.instructions = &apply;
    fm.n_instructions = 1;
    ctl_out_flow_mod(out, &fm);
}

/* Deletes the learned flows that 'field' = 'mac' selects, or that output
 * to or come in from 'port' (when 'mac' is NULL), or all (both NULL and
 * OFPP_ANY). */
static void
delete_learned(struct ctl_out *out, const struct ls *ls,
               enum of_field field, const uint8_t *mac, uint32_t port)
{
    struct of_flow_mod fm;

    ctl_flow_mod_init(&fm, OFPFC_DELETE);
    fm.cookie = ls->cookie | LEARNED;
    fm.cookie_mask = UINT64_MAX;
    if (mac) {
        of_match_set_mac(&fm.match, field, mac);
        ctl_out_flow_mod(out, &fm);
    } else if (port != OFPP_ANY) {
        fm.out_port = port;
        ctl_out_flow_mod(out, &fm);
        fm.out_port = OFPP_ANY;
        of_match_set_u32(&fm.match, OF_FIELD_IN_PORT, port);
        ctl_out_flow_mod(out, &fm);
    } else {
        ctl_out_flow_mod(out, &fm);
    }
}

/* Appends a TLV header (7-bit type, 9-bit length) to 'p'. */
static uint8_t *
put_tlv(uint8_t *p, unsigned int type, unsigned int len)
{
    p[0] = (uint8_t) (type << 1 | len >> 8);
    p[1] = (uint8_t) len;
    return p + 2;
}

/* Sends an LLDP frame out of 'port' naming this switch and port. */
static void
send_lldp(struct ctl_switch *sw, const struct of_port *port,
          struct ctl_out *out)
{
    static const uint8_t lldp_dst[6] = { 0x01, 0x80, 0xc2, 0x00, 0x00, 0x0e };
    uint8_t frame[64], *p = frame;
    struct of_packet_out po;
    struct of_action output;
    char chassis[32];
    int n;

    memset(frame, 0, sizeof frame);
    memcpy(p, lldp_dst, 6);
    memcpy(p + 6, port->hw_addr, 6);
    p[12] = ETH_TYPE_LLDP >> 8;
    p[13] = ETH_TYPE_LLDP & 0xff;
    p += 14;

    n = snprintf(chassis, sizeof chassis, "dpid:%016"PRIx64,
                 ctl_switch_dpid(sw));
    p = put_tlv(p, 1, 1 + n);           /* Chassis ID, locally assigned. */
    *p++ = 7;
    memcpy(p, chassis, n);
    p += n;
    p = put_tlv(p, 2, 5);               /* Port ID, port component. */
    *p++ = 2;
    p[0] = port->port_no >> 24;
    p[1] = port->port_no >> 16;
    p[2] = port->port_no >> 8;
    p[3] = port->port_no;
    p += 4;
    p = put_tlv(p, 3, 2);               /* Time to live: 120 s. */
    p[1] = 120;
    p += 2;
    p = put_tlv(p, 0, 0);               /* End. */

    ctl_action_output(&output, port->port_no);
    memset(&po, 0, sizeof po);
    po.buffer_id = OFP_NO_BUFFER;
    po.in_port = OFPP_CONTROLLER;
    po.actions = &output;
    po.n_actions = 1;
    po.data = frame;
    po.len = MAX(p - frame, 60);
    ctl_out_packet_out(out, &po);
}

/* Parses one of our LLDP frames: the sender's dpid and port. */
static bool
parse_lldp(const uint8_t *data, size_t len, uint64_t *dpid, uint32_t *port)
{
    size_t ofs = 14;
    bool got_chassis = false, got_port = false;

    while (ofs + 2 <= len) {
        unsigned int type = data[ofs] >> 1;
        unsigned int tlen = (data[ofs] & 1) << 8 | data[ofs + 1];
        const uint8_t *v = data + ofs + 2;

        if (ofs + 2 + tlen > len || type == 0) {
            break;
        }
        if (type == 1 && tlen == 22 && v[0] == 7
            && !memcmp(v + 1, "dpid:", 5)) {
            char hex[17];

            memcpy(hex, v + 6, 16);
            hex[16] = '\0';
            *dpid = strtoull(hex, NULL, 16);
            got_chassis = true;
        } else if (type == 2 && tlen == 5 && v[0] == 2) {
            *port = (uint32_t) v[1] << 24 | v[2] << 16 | v[3] << 8 | v[4];
            got_port = true;
        }
        ofs += 2 + tlen;
    }
    return got_chassis && got_port;
}

/* ---- The switch's view of the topology ---- */

static struct ls_port *
find_port(struct ls_switch *s, uint32_t port_no)
{
    size_t i;

    for (i = 0; i < s->n_ports; i++) {
        if (s->ports[i].port_no == port_no) {
            return &s->ports[i];
        }
    }
    return NULL;
}

/* Rebuilds the ports' link and tree flags from the topology, and clears
 * what was learned if the tree changed. */
static void
refresh_view(struct ls *ls, struct ctl_switch *sw, struct ls_switch *s,
             uint64_t gen, struct ctl_out *out)
{
    uint64_t dpid = ctl_switch_dpid(sw);
    size_t i, j;

    pthread_mutex_lock(&ls->topo.mutex);
    for (i = 0; i < s->n_ports; i++) {
        struct ls_port *p = &s->ports[i];

        p->link = p->tree = false;
        for (j = 0; j < ls->topo.n; j++) {
            const struct ls_link *l = &ls->topo.links[j];

            if ((l->dpid[0] == dpid && l->port[0] == p->port_no)
                || (l->dpid[1] == dpid && l->port[1] == p->port_no)) {
                p->link = true;
                p->tree = l->tree;
                break;
            }
        }
    }
    pthread_mutex_unlock(&ls->topo.mutex);

    if (s->topo_gen && s->n_macs) {
        mac_forget_port(s, OFPP_ANY);
        delete_learned(out, ls, OF_FIELD_ETH_DST, NULL, OFPP_ANY);
    }
    s->topo_gen = gen;
    s->flood_until = 0;
}

/* The ports a flood goes to, computed again when the topology or a port
 * changed or a hold ended. */
static void
refresh_flood(struct ls *ls, struct ls_switch *s, long long now)
{
    size_t i;

    s->n_flood = 0;
    s->flood_until = LLONG_MAX;
    for (i = 0; i < s->n_ports; i++) {
        const struct ls_port *p = &s->ports[i];

        if (!p->up || p->port_no > OFPP_MAX) {
            continue;
        }
        if (ls->stp && p->link && !p->tree) {
            continue;                   /* Blocked. */
        }
        if (ls->stp && !p->link && now < p->up_since + ls->hold) {
            s->flood_until = MIN(s->flood_until, p->up_since + ls->hold);
            continue;                   /* Not known to be a host port. */
        }
        s->flood[s->n_flood++] = p->port_no;
    }
}

/* Brings the switch's view up to date with the topology and the clock. */
static void
sync_view(struct ls *ls, struct ctl_switch *sw, struct ls_switch *s,
          long long now, struct ctl_out *out)
{
    uint64_t gen = __atomic_load_n(&ls->topo.gen, __ATOMIC_ACQUIRE);

    if (gen != s->topo_gen) {
        refresh_view(ls, sw, s, gen, out);
    }
    if (now >= s->flood_until) {
        refresh_flood(ls, s, now);
    }
}

/* Reads the switch's port list into the view.  A port that was up and
 * still is keeps its time; any other starts now. */
static void
load_ports(struct ctl_switch *sw, struct ls_switch *s, long long now)
{
    const struct of_port *ports;
    struct ls_port *old = s->ports;
    size_t n_old = s->n_ports, n, i, j;

    ports = ctl_switch_ports(sw, &n);
    free(s->flood);
    s->ports = calloc(n + 1, sizeof *s->ports);
    s->flood = calloc(n + 1, sizeof *s->flood);
    s->n_ports = n;
    for (i = 0; i < n; i++) {
        struct ls_port *p = &s->ports[i];

        p->port_no = ports[i].port_no;
        p->up = ctl_port_is_up(&ports[i]);
        p->up_since = now;
        for (j = 0; j < n_old; j++) {
            if (old[j].port_no == p->port_no && old[j].up && p->up) {
                p->up_since = old[j].up_since;
            }
        }
    }
    free(old);
    s->topo_gen = 0;
    s->flood_until = 0;
}

/* ---- Handlers ---- */

static void
ls_switch_free(void *s_)
{
    struct ls_switch *s = s_;

    if (s) {
        free(s->macs);
        free(s->ports);
        free(s->flood);
        free(s);
    }
}

static void
ls_switch_up(struct ctl_app *app, struct ctl_switch *sw, long long now,
             struct ctl_out *out)
{
    struct ls *ls = ctl_app_get_data(app);
    struct ls_switch *s = calloc(1, sizeof *s);
    const struct of_port *ports;
    struct of_match match;
    size_t n, i;

    mac_resize(s, 1024);
    load_ports(sw, s, now);
    ctl_switch_set_data(sw, app, s, ls_switch_free);

    /* The table-miss flow (5.4), and LLDP to us whatever else matches. */
    of_match_init(&match);
    add_to_controller(out, ls, &match, 0);
    of_match_set_u16(&match, OF_FIELD_ETH_TYPE, ETH_TYPE_LLDP);
    add_to_controller(out, ls, &match, 65535);

    if (ls->stp) {
        ports = ctl_switch_ports(sw, &n);
        for (i = 0; i < n; i++) {
            if (ports[i].port_no <= OFPP_MAX && ctl_port_is_up(&ports[i])) {
                send_lldp(sw, &ports[i], out);
            }
        }
    }
}

static void
ls_switch_down(struct ctl_app *app, struct ctl_switch *sw,
               long long now OF_UNUSED)
{
    struct ls *ls = ctl_app_get_data(app);

    topo_remove(&ls->topo, ctl_switch_dpid(sw), OFPP_ANY);
}

static void
ls_port_status(struct ctl_app *app, struct ctl_switch *sw,
               const struct of_port_status *ps, const struct of_port *old,
               long long now, struct ctl_out *out)
{
    struct ls *ls = ctl_app_get_data(app);
    struct ls_switch *s = ctl_switch_get_data(sw, app);
    bool was_up = old && ctl_port_is_up(old);
    bool is_up = ps->reason != OFPPR_DELETE && ctl_port_is_up(&ps->desc);
    uint32_t port_no = ps->desc.port_no;
    struct ls_port *p;

    if (!s) {
        return;
    }
    if (was_up && !is_up) {
        mac_forget_port(s, port_no);
        delete_learned(out, ls, OF_FIELD_ETH_DST, NULL, port_no);
        topo_remove(&ls->topo, ctl_switch_dpid(sw), port_no);
    }
    load_ports(sw, s, now);
    p = find_port(s, port_no);
    if (p && is_up && !was_up && ls->stp) {
        send_lldp(sw, &ps->desc, out);
    }
}

static enum ctl_verdict
ls_packet_in(struct ctl_app *app, struct ctl_switch *sw,
             const struct ctl_packet_in *pi, long long now,
             struct ctl_out *out)
{
    struct ls *ls = ctl_app_get_data(app);
    struct ls_switch *s = ctl_switch_get_data(sw, app);
    const struct ls_port *in;
    struct ls_mac *src, *dst;
    struct of_action actions[64];
    struct of_packet_out po;
    size_t i, n;

    if (!s || !pi->eth_ok) {
        return CTL_CONTINUE;
    }
    if (pi->eth_type == ETH_TYPE_LLDP) {
        uint64_t peer = 0;
        uint32_t peer_port = 0;

        if (ls->stp && parse_lldp(pi->msg->data, pi->msg->len, &peer,
                                  &peer_port)
            && (peer != ctl_switch_dpid(sw) || peer_port != pi->in_port)) {
            topo_add(&ls->topo, ctl_switch_dpid(sw), pi->in_port, peer,
                     peer_port, now);
        }
        return CTL_STOP;                /* LLDP is never forwarded. */
    }
    sync_view(ls, sw, s, now, out);
    in = find_port(s, pi->in_port);
    if (ls->stp && in && in->link && !in->tree) {
        s->dropped_blocked++;
        return CTL_STOP;
    }

    /* Learn the source. */
    if (!eth_is_multicast(pi->eth_src)) {
        src = mac_slot(s, pi->eth_src);
        if (!src->used) {
            if (s->n_macs >= (size_t) ls->max_macs) {
                s->table_full++;
            } else {
                memcpy(src->mac, pi->eth_src, 6);
                src->used = true;
                src->port = pi->in_port;
                s->n_macs++;
                if (s->n_macs * 2 > s->mask + 1) {
                    mac_resize(s, (s->mask + 1) * 2);
                }
            }
        } else if (src->port != pi->in_port) {
            /* The host moved: forget the paths to and from it. */
            s->moves++;
            src->port = pi->in_port;
            delete_learned(out, ls, OF_FIELD_ETH_DST, pi->eth_src, 0);
            delete_learned(out, ls, OF_FIELD_ETH_SRC, pi->eth_src, 0);
        }
    }

    /* Forward to a known destination. */
    dst = eth_is_multicast(pi->eth_dst) ? NULL : mac_slot(s, pi->eth_dst);
    if (dst && dst->used) {
        struct of_instruction apply = { .type = OFPIT_APPLY_ACTIONS };
        struct of_flow_mod fm;

        if (dst->port == pi->in_port) {
            return CTL_STOP;            /* Never back where it came from. */
        }
        ctl_action_output(&actions[0], dst->port);
        apply.actions.actions = actions;
        apply.actions.n = 1;
        ctl_flow_mod_init(&fm, OFPFC_ADD);
        of_match_set_u32(&fm.match, OF_FIELD_IN_PORT, pi->in_port);
        of_match_set_mac(&fm.match, OF_FIELD_ETH_SRC, pi->eth_src);
        of_match_set_mac(&fm.match, OF_FIELD_ETH_DST, pi->eth_dst);
        fm.cookie = ls->cookie | LEARNED;
        fm.priority = ls->priority;
        fm.idle_timeout = ls->idle_timeout;
        fm.hard_timeout = ls->hard_timeout;
        fm.instructions = &apply;
        fm.n_instructions = 1;
        /* A buffered packet goes with the flow; otherwise send it. */
        fm.buffer_id = pi->msg->buffer_id;
        ctl_out_flow_mod(out, &fm);
        if (pi->msg->buffer_id == OFP_NO_BUFFER) {
            ctl_packet_out_init(&po, pi);
            po.actions = actions;
            po.n_actions = 1;
            ctl_out_packet_out(out, &po);
        }
        return CTL_STOP;
    }

    /* Flood along the tree. */
    n = 0;
    for (i = 0; i < s->n_flood && n < ARRAY_SIZE(actions); i++) {
        if (s->flood[i] != pi->in_port) {
            ctl_action_output(&actions[n++], s->flood[i]);
        }
    }
    if (n) {
        ctl_packet_out_init(&po, pi);
        po.actions = actions;
        po.n_actions = n;
        ctl_out_packet_out(out, &po);
    }
    return CTL_STOP;
}

/* Every lldp_interval: LLDP out of every port, expire silent links. */
static void
ls_timer(struct ctl_app *app, struct ctl_switch *sw, long long now,
         struct ctl_out *out)
{
    struct ls *ls = ctl_app_get_data(app);
    struct ls_switch *s = ctl_switch_get_data(sw, app);
    const struct of_port *ports;
    size_t n, i;

    if (!ls->stp || !s) {
        return;
    }
    pthread_mutex_lock(&ls->topo.mutex);
    if (topo_remove_if(&ls->topo, 0, 0, now - 3 * ls->lldp_interval)) {
        VLOG_INFO("links expired");
        topo_changed(&ls->topo);
    }
    pthread_mutex_unlock(&ls->topo.mutex);

    ports = ctl_switch_ports(sw, &n);
    for (i = 0; i < n; i++) {
        if (ports[i].port_no <= OFPP_MAX && ctl_port_is_up(&ports[i])) {
            send_lldp(sw, &ports[i], out);
        }
    }
    sync_view(ls, sw, s, now, out);
}

static char *
ls_init(struct ctl_app *app)
{
    static const char *const options[] = {
        "idle_timeout", "hard_timeout", "priority", "max_macs", "stp",
        "lldp_interval", "hold", NULL
    };
    struct ls *ls = calloc(1, sizeof *ls);
    char *error;

    pthread_mutex_init(&ls->topo.mutex, NULL);
    ls->cookie = ctl_app_cookie(app);
    ctl_app_set_data(app, ls);
    error = ctl_app_check_options(app, options);
    if (!error) {
        error = ctl_app_get_int(app, "idle_timeout", 60, 0, 65535,
                                &ls->idle_timeout);
    }
    if (!error) {
        error = ctl_app_get_int(app, "hard_timeout", 0, 0, 65535,
                                &ls->hard_timeout);
    }
    if (!error) {
        error = ctl_app_get_int(app, "priority", 100, 1, 65534,
                                &ls->priority);
    }
    if (!error) {
        error = ctl_app_get_int(app, "max_macs", 65536, 1, 1 << 24,
                                &ls->max_macs);
    }
    if (!error) {
        error = ctl_app_get_bool(app, "stp", true, &ls->stp);
    }
    if (!error) {
        error = ctl_app_get_int(app, "lldp_interval", 2000, 100, 3600000,
                                &ls->lldp_interval);
    }
    if (!error) {
        error = ctl_app_get_int(app, "hold", 1000, 0, 60000, &ls->hold);
    }
    ctl_app_set_timer_interval(app, ls->lldp_interval);
    return error;
}

static void
ls_fini(struct ctl_app *app)
{
    struct ls *ls = ctl_app_get_data(app);

    if (ls) {
        pthread_mutex_destroy(&ls->topo.mutex);
        free(ls->topo.links);
        free(ls);
    }
}

const struct ctl_app_class CTL_APP_CLASS(learning_switch_app) = {
    .api_version = CTL_APP_API_VERSION,
    .name = "learning_switch",
    .usage = "idle_timeout=SEC   idle timeout of learned flows (60)\n"
             "hard_timeout=SEC   hard timeout of learned flows (0: none)\n"
             "priority=N         priority of learned flows (100)\n"
             "max_macs=N         MAC table size per switch (65536)\n"
             "stp=BOOL           loop prevention: LLDP discovery and\n"
             "                   flooding along a spanning tree (true)\n"
             "lldp_interval=MS   LLDP period (2000); links expire after\n"
             "                   3 periods without LLDP\n"
             "hold=MS            no floods to a new port without a link\n"
             "                   for this long (1000)",
    .init = ls_init,
    .fini = ls_fini,
    .switch_up = { ls_switch_up, 0 },
    .switch_down = { ls_switch_down, 0 },
    .port_status = { ls_port_status, 0 },
    .packet_in = { ls_packet_in, 0 },
    .timer = { ls_timer, 0, 2000 },
};
