#include "switch/pipeline.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "ofproto/ds.h"
#include "ofproto/ofp13.h"
#include "ofproto/util.h"
#include "ofproto/vlog.h"
#include "switch/group-table.h"
#include "switch/meter-table.h"
#include "switch/netdev.h"
#include "switch/packet-edit.h"

VLOG_DEFINE_THIS_MODULE(pipeline);

/* ---- Exact-match cache ---- */

#define EMC_SIZE 8192           /* Entries; a power of two. */

struct emc_entry {
    uint64_t hash;
    uint64_t generation;        /* Of the table, when cached. */
    struct flow_table_entry *entry;     /* NULL: a miss. */
    uint8_t table_id;
    bool valid;
    struct flow key;
};

struct table_counts {
    uint64_t lookups;
    uint64_t matches;
};

struct pipeline {
    uint8_t n_tables;
    struct flow_table *tables[256];
    struct table_counts counts[256];
    struct emc_entry *emc;

    /* The datapath's groups and meters (not owned). */
    struct group_table *groups;
    struct meter_table *meters;

    /* Copies of the packet for group buckets: clones[d] for the buckets of
     * a group entered with d groups around it. */
    struct dp_packet *clones;
    uint8_t *clone_bufs;
    size_t n_clones;

    struct pipeline_stats stats;
};

/* ---- References from flows to groups and meters ---- */

static void
insts_ref(void *pl_, const struct flow_table_insts *insts)
{
    struct pipeline *pl = pl_;

    if (pl->groups) {
        group_table_ref_flow(pl->groups, insts->actions,
                             (size_t) insts->n_apply + insts->n_write);
    }
    if (pl->meters && insts->has_meter) {
        meter_table_ref_flow(pl->meters, insts->meter_id);
    }
}

static void
insts_unref(void *pl_, const struct flow_table_insts *insts)
{
    struct pipeline *pl = pl_;

    if (pl->groups) {
        group_table_unref_flow(pl->groups, insts->actions,
                               (size_t) insts->n_apply + insts->n_write);
    }
    if (pl->meters && insts->has_meter) {
        meter_table_unref_flow(pl->meters, insts->meter_id);
    }
}

struct pipeline *
pipeline_create(uint8_t n_tables, uint32_t max_flows,
                struct group_table *groups, struct meter_table *meters)
{
    struct pipeline *pl = xzalloc(sizeof *pl);
    struct flow_table_hooks hooks = {
        .ref = insts_ref, .unref = insts_unref, .aux = pl,
    };

    pl->n_tables = n_tables ? n_tables : 1;
    for (unsigned int i = 0; i < pl->n_tables; i++) {
        pl->tables[i] = flow_table_create(i, max_flows);
        flow_table_set_hooks(pl->tables[i], &hooks);
    }
    pl->emc = xcalloc(EMC_SIZE, sizeof *pl->emc);
    pl->groups = groups;
    pl->meters = meters;
    if (groups) {
        /* A chain of 'max_chain' groups enters at most that many levels.
         * The buffers are touched only when used. */
        pl->n_clones = group_table_get_config(groups)->max_chain;
        pl->clones = xcalloc(pl->n_clones, sizeof *pl->clones);
        pl->clone_bufs = xmalloc(pl->n_clones * NETDEV_BUF_SIZE);
        for (size_t i = 0; i < pl->n_clones; i++) {
            packet_init(&pl->clones[i],
                        pl->clone_bufs + i * NETDEV_BUF_SIZE,
                        NETDEV_BUF_SIZE);
        }
    }
    return pl;
}

void
pipeline_destroy(struct pipeline *pl)
{
    if (!pl) {
        return;
    }
    for (unsigned int i = 0; i < pl->n_tables; i++) {
        flow_table_destroy(pl->tables[i]);
    }
    free(pl->emc);
    free(pl->clones);
    free(pl->clone_bufs);
    free(pl);
}

uint8_t
pipeline_n_tables(const struct pipeline *pl)
{
    return pl->n_tables;
}

struct flow_table *
pipeline_table(const struct pipeline *pl, uint8_t table_id)
{
    return table_id < pl->n_tables ? pl->tables[table_id] : NULL;
}

void
pipeline_table_counts(const struct pipeline *pl, uint8_t table_id,
                      uint64_t *lookups, uint64_t *matches)
{
    *lookups = pl->counts[table_id].lookups;
    *matches = pl->counts[table_id].matches;
}

const struct pipeline_stats *
pipeline_get_stats(const struct pipeline *pl)
{
    return &pl->stats;
}

static uint64_t
hash_flow(const struct flow *flow, uint8_t table_id)
{
    const uint64_t *w = (const uint64_t *) flow;
    uint64_t h = 0x9e3779b97f4a7c15ull ^ table_id;

    for (size_t i = 0; i < FLOW_U64S; i++) {
        h ^= w[i];
        h *= 0xff51afd7ed558ccdull;
        h ^= h >> 32;
    }
    return h;
}

static struct flow_table_entry *
lookup(struct pipeline *pl, uint8_t table_id, const struct flow *flow,
       bool use_cache)
{
    struct flow_table *t = pl->tables[table_id];
    uint64_t generation = flow_table_generation(t);
    uint64_t hash;
    struct emc_entry *e;
    struct flow_table_entry *entry;

    if (!use_cache) {
        return flow_table_lookup(t, flow);
    }
    hash = hash_flow(flow, table_id);
    e = &pl->emc[hash & (EMC_SIZE - 1)];
    if (e->valid && e->hash == hash && e->table_id == table_id
        && e->generation == generation
        && !memcmp(&e->key, flow, sizeof *flow)) {
        return e->entry;
    }
    entry = flow_table_lookup(t, flow);
    e->valid = true;
    e->hash = hash;
    e->table_id = table_id;
    e->generation = generation;
    e->entry = entry;
    e->key = *flow;
    return entry;
}

/* ---- The action set (5.10) ---- */

/* Slots, in the order the action set executes. */
enum as_slot {
    AS_COPY_TTL_IN,
    AS_POP_VLAN,
    AS_POP_MPLS,
    AS_POP_PBB,
    AS_PUSH_MPLS,
    AS_PUSH_PBB,
    AS_PUSH_VLAN,
    AS_COPY_TTL_OUT,
    AS_DEC_MPLS_TTL,
    AS_DEC_NW_TTL,
    AS_SET_MPLS_TTL,
    AS_SET_NW_TTL,
    AS_SET_FIELD,               /* Marker: the set-field actions go here. */
    AS_SET_QUEUE,
    AS_GROUP,
    AS_OUTPUT,
    AS_N
};

struct action_set {
    uint32_t present;           /* 1 << AS_*. */
    uint64_t fields;            /* 1 << OF_FIELD_* set by set_field. */
    struct of_action slots[AS_N];
    union of_value values[OF_N_FIELDS];
};

static int
as_slot_of(uint16_t type)
{
    switch (type) {
    case OFPAT_COPY_TTL_IN: return AS_COPY_TTL_IN;
    case OFPAT_POP_VLAN: return AS_POP_VLAN;
    case OFPAT_POP_MPLS: return AS_POP_MPLS;
    case OFPAT_POP_PBB: return AS_POP_PBB;
    case OFPAT_PUSH_MPLS: return AS_PUSH_MPLS;
    case OFPAT_PUSH_PBB: return AS_PUSH_PBB;
    case OFPAT_PUSH_VLAN: return AS_PUSH_VLAN;
    case OFPAT_COPY_TTL_OUT: return AS_COPY_TTL_OUT;
    case OFPAT_DEC_MPLS_TTL: return AS_DEC_MPLS_TTL;
    case OFPAT_DEC_NW_TTL: return AS_DEC_NW_TTL;
    case OFPAT_SET_MPLS_TTL: return AS_SET_MPLS_TTL;
    case OFPAT_SET_NW_TTL: return AS_SET_NW_TTL;
    case OFPAT_SET_FIELD: return AS_SET_FIELD;
    case OFPAT_SET_QUEUE: return AS_SET_QUEUE;
    case OFPAT_GROUP: return AS_GROUP;
    case OFPAT_OUTPUT: return AS_OUTPUT;
    default: return -1;
    }
}

/* 5.10: writing an action of a type already in the set replaces it. */
static void
action_set_write(struct action_set *set, const struct of_action *a)
{
    int slot = as_slot_of(a->type);

    if (slot < 0) {
        return;
    }
    if (slot == AS_SET_FIELD) {
        set->fields |= UINT64_C(1) << a->set_field.field;
        set->values[a->set_field.field] = a->set_field.value;
    } else {
        set->slots[slot] = *a;
    }
    set->present |= 1u << slot;
}

/* ---- Running a packet ---- */

struct ctx {
    struct pipeline *pl;
    const struct pipeline_env *env;
    struct dp_packet *p;
    struct flow *flow;
    struct ds *trace;
    bool packet_out;            /* Running a packet-out's actions. */
    bool stop;                  /* Dropped (invalid TTL). */
    bool in_action_set;         /* Running the action set: a group action
                                 * is the last thing done to 'p'. */
    uint8_t table_id;           /* Of the entry whose actions run. */
    uint64_t cookie;
    bool table_miss;            /* That entry is the table-miss entry. */
    unsigned int depth;         /* Groups entered. */
    struct action_set *set;     /* NULL in a group's bucket. */
};

static void run_tables(struct ctx *, uint8_t table_id);

/* Appends a trace line indented for the actions of ctx's group level. */
static void OF_PRINTF_FORMAT(2, 3)
trace_line(struct ctx *ctx, const char *format, ...)
{
    va_list args;

    ds_put_format(ctx->trace, "%*s", (int) (4 + 4 * ctx->depth), "");
    va_start(args, format);
    ds_put_format_valist(ctx->trace, format, args);
    va_end(args);
}

static void
trace_action(struct ctx *ctx, const char *prefix, const struct of_action *a)
{
    if (ctx->trace) {
        trace_line(ctx, "%s", prefix);
        of_actions_format(a, 1, ctx->trace);
        ds_put_char(ctx->trace, '\n');
    }
}

static void
send_to_controller(struct ctx *ctx, uint8_t reason, uint16_t max_len)
{
    if (ctx->trace) {
        trace_line(ctx, "-> to the controller (%s)\n",
                   reason == OFPR_NO_MATCH ? "no match"
                   : reason == OFPR_INVALID_TTL ? "invalid TTL"
                   : "action");
        return;
    }
    ctx->env->packet_in(ctx->env->aux, ctx->p, ctx->flow, reason,
                        ctx->table_id, ctx->cookie, max_len);
}

static void
do_output(struct ctx *ctx, uint32_t port, uint16_t max_len)
{
    uint32_t in_port = ctx->flow->in_port;

    switch (port) {
    case OFPP_CONTROLLER:
        /* 1.3: what a table-miss entry sends has reason NO_MATCH. */
        send_to_controller(ctx, ctx->table_miss ? OFPR_NO_MATCH
                                                : OFPR_ACTION, max_len);
        return;
    case OFPP_IN_PORT:
        port = in_port;
        break;
    case OFPP_TABLE:
        if (ctx->packet_out) {
            /* 7.3.7: a packet-out's output to TABLE runs the packet
             * through the tables, from table 0, as it is now. */
            struct ctx sub = *ctx;
            struct action_set set;

            if (ctx->trace) {
                trace_line(ctx, "-> resubmitted to table 0\n");
            }
            set.present = 0;
            set.fields = 0;
            sub.set = &set;
            sub.packet_out = false;
            sub.in_action_set = false;
            run_tables(&sub, 0);
        }
        return;
    case OFPP_NORMAL:
        /* No traditional switching behind OpenFlow (the switch is
         * OpenFlow-only): the packet is dropped. */
        if (ctx->trace) {
            trace_line(ctx, "-> NORMAL: not supported, dropped\n");
        }
        return;
    case OFPP_ANY:
        return;
    default:
        /* 4.5: a packet is not sent back out its input port unless the
         * action says IN_PORT. */
        if (port == in_port) {
            if (ctx->trace) {
                trace_line(ctx, "-> output to the input port %u: dropped "
                           "(use IN_PORT)\n", port);
            }
            return;
        }
        break;
    }
    if (ctx->trace) {
        trace_line(ctx, "-> output to ");
        of_port_no_format(port, ctx->trace);
        ds_put_char(ctx->trace, '\n');
        return;
    }
    ctx->env->output(ctx->env->aux, ctx->p, port);
}

/* Applies the result of a packet edit.  Returns false if processing
 * stops. */
static bool
edit_done(struct ctx *ctx, unsigned int result)
{
    if (result & PE_REPARSE) {
        flow_reextract(ctx->p, ctx->flow);
    }
    if (result & PE_INVALID_TTL) {
        /* 5.12: a packet whose TTL runs out is dropped and offered to
         * the controllers with reason OFPR_INVALID_TTL; in OpenFlow 1.3
         * each connection's async configuration decides whether it wants
         * it (OFPC_INVALID_TTL_TO_CONTROLLER was OpenFlow 1.2's switch). */
        if (ctx->trace) {
            trace_line(ctx, "TTL expired: packet dropped\n");
        }
        send_to_controller(ctx, OFPR_INVALID_TTL, PIPELINE_MISS_SEND_LEN);
        ctx->stop = true;
        return false;
    }
    if (result & PE_SKIPPED && ctx->trace) {
        trace_line(ctx, "(the packet has no such header: nothing done)\n");
    }
    return true;
}

static void execute_list(struct ctx *, const struct of_action *, size_t n);

static const char *
group_type_name(uint8_t type)
{
    switch (type) {
    case OFPGT_ALL: return "all";
    case OFPGT_SELECT: return "select";
    case OFPGT_INDIRECT: return "indirect";
    case OFPGT_FF: return "fast_failover";
    default: return "unknown";
    }
}

/* Runs bucket 'b' (number 'index' of its group): on a copy of the packet
 * and its key, or with 'in_place' on the packet itself. */
static void
run_bucket(struct ctx *ctx, const struct group_bucket *b, size_t index,
           bool in_place)
{
    struct pipeline *pl = ctx->pl;
    struct ctx sub = *ctx;
    struct flow flow;

    if (ctx->trace) {
        trace_line(ctx, "  bucket %zu:%s\n", index,
                   b->n_actions ? "" : " no actions");
    }
    if (!in_place) {
        if (ctx->depth >= pl->n_clones) {
            /* Cannot happen: the group table limits chains. */
            pl->stats.group_too_deep++;
            return;
        }
        sub.p = &pl->clones[ctx->depth];
        if (!packet_copy(sub.p, ctx->p)) {
            return;
        }
        flow = *ctx->flow;
        sub.flow = &flow;
    }
    sub.depth = ctx->depth + 1;
    sub.set = NULL;
    sub.packet_out = false;
    sub.in_action_set = false;
    sub.stop = false;
    execute_list(&sub, b->actions, b->n_actions);
}

/* 5.6: the packet through group 'group_id'.  With 'in_place', nothing
 * happens to the packet after the group, so its last bucket may run on the
 * packet itself. */
static void
execute_group(struct ctx *ctx, uint32_t group_id, bool in_place)
{
    struct pipeline *pl = ctx->pl;
    struct group *g = (pl->groups ? group_table_find(pl->groups, group_id)
                       : NULL);
    struct group_bucket *buckets;
    size_t n;

    if (!g) {
        if (ctx->trace) {
            trace_line(ctx, "-> group %" PRIu32 " does not exist: nothing "
                       "done\n", group_id);
        } else {
            pl->stats.group_missing++;
        }
        return;
    }
    n = group_table_choose(pl->groups, g,
                           (g->type == OFPGT_SELECT
                            ? group_flow_hash(ctx->flow) : 0),
                           &buckets);
    if (ctx->trace) {
        trace_line(ctx, "-> group %" PRIu32 " (%s): ", group_id,
                   group_type_name(g->type));
        if (g->type == OFPGT_ALL) {
            ds_put_format(ctx->trace, "%zu bucket%s\n", n,
                          n == 1 ? "" : "s");
        } else if (n) {
            ds_put_format(ctx->trace, "bucket %zu of %zu%s\n",
                          (size_t) (buckets - g->buckets), g->n_buckets,
                          (g->type == OFPGT_FF ? ", the first live one"
                           : g->type == OFPGT_SELECT
                           ? " by the flow's hash" : ""));
        } else {
            ds_put_cstr(ctx->trace, g->n_buckets
                                    ? "no live bucket: nothing done\n"
                                    : "no bucket: nothing done\n");
        }
    } else {
        group_hit(g, ctx->p->len);
    }
    for (size_t i = 0; i < n; i++) {
        struct group_bucket *b = &buckets[i];

        if (!ctx->trace) {
            group_bucket_hit(b, ctx->p->len);
        }
        run_bucket(ctx, b, b - g->buckets, in_place && i + 1 == n);
    }
}

/* Executes one action on the packet.  Returns false if processing
 * stops. */
static bool
execute_action(struct ctx *ctx, const struct of_action *a)
{
    struct dp_packet *p = ctx->p;
    struct flow *f = ctx->flow;

    switch (a->type) {
    case OFPAT_OUTPUT:
        do_output(ctx, a->output.port, a->output.max_len);
        return true;
    case OFPAT_COPY_TTL_OUT:
        return edit_done(ctx, pe_copy_ttl_out(p, f));
    case OFPAT_COPY_TTL_IN:
        return edit_done(ctx, pe_copy_ttl_in(p, f));
    case OFPAT_SET_MPLS_TTL:
        return edit_done(ctx, pe_set_mpls_ttl(p, f, a->ttl));
    case OFPAT_DEC_MPLS_TTL:
        return edit_done(ctx, pe_dec_mpls_ttl(p, f));
    case OFPAT_PUSH_VLAN:
        return edit_done(ctx, pe_push_vlan(p, f, a->ethertype));
    case OFPAT_POP_VLAN:
        return edit_done(ctx, pe_pop_vlan(p, f));
    case OFPAT_PUSH_MPLS:
        return edit_done(ctx, pe_push_mpls(p, f, a->ethertype));
    case OFPAT_POP_MPLS:
        return edit_done(ctx, pe_pop_mpls(p, f, a->ethertype));
    case OFPAT_PUSH_PBB:
        return edit_done(ctx, pe_push_pbb(p, f, a->ethertype));
    case OFPAT_POP_PBB:
        return edit_done(ctx, pe_pop_pbb(p, f));
    case OFPAT_SET_NW_TTL:
        return edit_done(ctx, pe_set_nw_ttl(p, f, a->ttl));
    case OFPAT_DEC_NW_TTL:
        return edit_done(ctx, pe_dec_nw_ttl(p, f));
    case OFPAT_SET_FIELD:
        return edit_done(ctx, pe_set_field(p, f, a->set_field.field,
                                           &a->set_field.value));
    case OFPAT_SET_QUEUE:
        /* The queue of the outputs that follow (5.12); a port without
         * it uses its default queue (port-queues.h). */
        p->queue = a->queue_id + 1;
        return true;
    case OFPAT_GROUP:
        /* 5.12: process the packet through the group. */
        execute_group(ctx, a->group_id, ctx->in_action_set);
        return true;
    default:
        return true;
    }
}

static void
execute_list(struct ctx *ctx, const struct of_action *actions, size_t n)
{
    for (size_t i = 0; i < n && !ctx->stop; i++) {
        trace_action(ctx, "", &actions[i]);
        if (!execute_action(ctx, &actions[i])) {
            return;
        }
    }
}

static void
execute_action_set(struct ctx *ctx)
{
    struct action_set *set = ctx->set;

    if (ctx->trace) {
        ds_put_cstr(ctx->trace, "  action set:");
        if (!set->present) {
            ds_put_cstr(ctx->trace, " empty");
        }
        ds_put_char(ctx->trace, '\n');
    }
    for (int slot = 0; slot < AS_N && !ctx->stop; slot++) {
        if (!(set->present & (1u << slot))) {
            continue;
        }
        if (slot == AS_SET_FIELD) {
            for (int field = 0; field < OF_N_FIELDS && !ctx->stop;
                 field++) {
                struct of_action a;

                if (!(set->fields & (UINT64_C(1) << field))) {
                    continue;
                }
                memset(&a, 0, sizeof a);
                a.type = OFPAT_SET_FIELD;
                a.set_field.field = field;
                a.set_field.value = set->values[field];
                trace_action(ctx, "", &a);
                execute_action(ctx, &a);
            }
            continue;
        }
        if (slot == AS_OUTPUT && set->present & (1u << AS_GROUP)) {
            /* 5.10: with a group, the output action is ignored. */
            if (ctx->trace) {
                trace_line(ctx, "(output ignored: the set has a group)\n");
            }
            continue;
        }
        trace_action(ctx, "", &set->slots[slot]);
        /* 5.10: the group is the last action the set runs. */
        ctx->in_action_set = slot == AS_GROUP;
        execute_action(ctx, &set->slots[slot]);
        ctx->in_action_set = false;
    }
}

/* A frame as the packets and bytes it stands for: a GSO super-frame is the
 * segments it will be cut into, each with the headers. */
static void
frame_size(const struct dp_packet *p, uint32_t *n_packets,
           uint32_t *n_bytes)
{
    const struct packet_offload *o = &p->offload;
    uint32_t hdr = o->hdr_len < p->len ? o->hdr_len : 0;

    *n_packets = 1;
    *n_bytes = p->len;
    if (packet_is_gso(p) && o->gso_size) {
        uint32_t segs = (p->len - hdr + o->gso_size - 1) / o->gso_size;

        if (segs > 1) {
            *n_packets = segs;
            *n_bytes = p->len + (segs - 1) * hdr;
        }
    }
}

static void
trace_meter(struct ctx *ctx, uint32_t meter_id, enum meter_verdict v,
            const struct meter_band_info *band)
{
    ds_put_format(ctx->trace, "  meter:%" PRIu32 ": ", meter_id);
    if (v == METER_PASS) {
        ds_put_cstr(ctx->trace, "within every band: passes\n");
        return;
    }
    ds_put_format(ctx->trace, "band %zu (%s, rate %" PRIu32 " %s) "
                  "exceeded: ", band->index,
                  band->type == OFPMBT_DROP ? "drop" : "dscp_remark",
                  band->rate, band->pktps ? "pktps" : "kbps");
    if (v == METER_DROP) {
        ds_put_cstr(ctx->trace, "packet dropped\n");
    } else {
        ds_put_format(ctx->trace, "drop precedence raised by %u\n",
                      band->prec_level);
    }
}

/* 5.7, 5.9: meter 'meter_id' on the packet.  Returns false if it drops the
 * packet. */
static bool
run_meter(struct ctx *ctx, uint32_t meter_id)
{
    struct pipeline *pl = ctx->pl;
    struct meter *m = (pl->meters ? meter_table_find(pl->meters, meter_id)
                       : NULL);
    uint32_t n_packets, n_bytes;
    enum meter_verdict v;
    uint8_t prec_level = 0;

    if (!m) {
        /* Cannot happen: deleting a meter deletes its flows. */
        if (ctx->trace) {
            ds_put_format(ctx->trace, "  meter:%" PRIu32 ": no such "
                          "meter: passes\n", meter_id);
        }
        return true;
    }
    frame_size(ctx->p, &n_packets, &n_bytes);
    if (ctx->trace) {
        struct meter_band_info band;

        v = meter_peek(m, ctx->env->now_ns, n_packets, n_bytes, &band);
        trace_meter(ctx, meter_id, v, &band);
        prec_level = band.prec_level;
    } else {
        v = meter_apply(m, ctx->env->now_ns, n_packets, n_bytes,
                        &prec_level);
    }
    switch (v) {
    case METER_PASS:
        return true;
    case METER_DROP:
        if (!ctx->trace) {
            pl->stats.meter_drops++;
        }
        return false;
    case METER_REMARK:
        /* 5.7: DSCP_REMARK raises the drop precedence of IP packets;
         * others pass unchanged. */
        if (ctx->flow->eth_type == ETH_TYPE_IPV4
            || ctx->flow->eth_type == ETH_TYPE_IPV6) {
            union of_value value;
            uint8_t old = ctx->flow->ip_dscp;

            memset(&value, 0, sizeof value);
            value.u8 = meter_dscp_remark(old, prec_level);
            edit_done(ctx, pe_set_field(ctx->p, ctx->flow, OF_FIELD_IP_DSCP,
                                        &value));
            if (ctx->trace) {
                ds_put_format(ctx->trace, "    ip_dscp %u -> %u\n", old,
                              ctx->flow->ip_dscp);
            }
        }
        return true;
    }
    return true;
}

/* Whether 'e' is its table's table-miss entry: priority 0, matching
 * everything (5.4). */
static bool
is_table_miss(const struct flow_table_entry *e)
{
    struct flow mask;
    static const struct flow zero;

    if (e->priority) {
        return false;
    }
    flow_table_entry_match(e, NULL, &mask);
    return !memcmp(&mask, &zero, sizeof mask);
}

static void
run_tables(struct ctx *ctx, uint8_t table_id)
{
    struct pipeline *pl = ctx->pl;

    for (;;) {
        struct flow_table_entry *e;
        const struct flow_table_insts *insts;

        if (ctx->trace) {
            ds_put_format(ctx->trace, "table %u: ", table_id);
            flow_format(ctx->flow, ctx->trace);
            ds_put_char(ctx->trace, '\n');
        }
        e = lookup(pl, table_id, ctx->flow, !ctx->trace);
        if (!ctx->trace) {
            pl->counts[table_id].lookups++;
        }
        if (!e) {
            /* 5.4: without a table-miss entry, a miss drops. */
            if (ctx->trace) {
                ds_put_cstr(ctx->trace, "  no match: packet dropped\n");
            }
            return;
        }
        if (!ctx->trace) {
            pl->counts[table_id].matches++;
            flow_table_entry_hit(e, 1, ctx->p->len, ctx->env->now);
        } else {
            struct flow key, mask;
            struct of_match m;

            flow_table_entry_match(e, &key, &mask);
            flow_to_match(&key, &mask, &m);
            ds_put_format(ctx->trace, "  matched priority=%u", e->priority);
            if (m.n) {
                ds_put_char(ctx->trace, ',');
                of_match_format(&m, ctx->trace);
            }
            ds_put_format(ctx->trace, " cookie=0x%llx\n",
                          (unsigned long long) e->cookie);
        }
        ctx->table_id = table_id;
        ctx->cookie = e->cookie;
        ctx->table_miss = is_table_miss(e);

        insts = e->insts;
        /* 5.9: the meter first; it may drop the packet. */
        if (insts->has_meter && !run_meter(ctx, insts->meter_id)) {
            return;
        }
        if (insts->has_apply) {
            if (ctx->trace) {
                ds_put_cstr(ctx->trace, "  apply_actions:\n");
            }
            execute_list(ctx, flow_table_insts_apply(insts),
                         insts->n_apply);
            if (ctx->stop) {
                return;
            }
        }
        if (insts->clear_actions) {
            if (ctx->trace) {
                ds_put_cstr(ctx->trace, "  clear_actions\n");
            }
            ctx->set->present = 0;
            ctx->set->fields = 0;
        }
        if (insts->has_write) {
            const struct of_action *w = flow_table_insts_write(insts);

            for (size_t i = 0; i < insts->n_write; i++) {
                trace_action(ctx, "  write_actions: ", &w[i]);
                action_set_write(ctx->set, &w[i]);
            }
        }
        if (insts->has_write_metadata) {
            ctx->flow->metadata = (ctx->flow->metadata
                                   & ~insts->metadata_mask)
                                  | (insts->metadata
                                     & insts->metadata_mask);
            if (ctx->trace) {
                ds_put_format(ctx->trace, "  write_metadata: now 0x%llx\n",
                              (unsigned long long) ctx->flow->metadata);
            }
        }
        if (insts->goto_table == FLOW_TABLE_NO_GOTO) {
            execute_action_set(ctx);
            return;
        }
        if (ctx->trace) {
            ds_put_format(ctx->trace, "  goto_table:%u\n",
                          insts->goto_table);
        }
        if (insts->goto_table <= table_id
            || insts->goto_table >= pl->n_tables) {
            /* Refused when the flow was added; never reached. */
            return;
        }
        table_id = insts->goto_table;
    }
}

/* Sets up 'ctx' with the action set 'set', without clearing the set's
 * storage: only its 'present' bits say what it holds (no 1.5 KiB memset
 * per packet). */
static void
ctx_init(struct ctx *ctx, struct pipeline *pl, struct dp_packet *p,
         struct flow *flow, const struct pipeline_env *env, struct ds *trace,
         struct action_set *set)
{
    ctx->pl = pl;
    ctx->env = env;
    ctx->p = p;
    ctx->flow = flow;
    ctx->trace = trace;
    ctx->packet_out = false;
    ctx->stop = false;
    ctx->in_action_set = false;
    ctx->table_id = 0;
    ctx->cookie = 0;
    ctx->table_miss = false;
    ctx->depth = 0;
    ctx->set = set;
    set->present = 0;
    set->fields = 0;
    p->queue = 0;               /* A packet starts without a queue. */
}

void
pipeline_process(struct pipeline *pl, struct dp_packet *p, struct flow *flow,
                 const struct pipeline_env *env, struct ds *trace)
{
    struct action_set set;
    struct ctx ctx;

    ctx_init(&ctx, pl, p, flow, env, trace, &set);
    run_tables(&ctx, 0);
}

void
pipeline_execute(struct pipeline *pl, struct dp_packet *p, struct flow *flow,
                 const struct of_action *actions, size_t n_actions,
                 const struct pipeline_env *env, struct ds *trace)
{
    struct action_set set;
    struct ctx ctx;

    ctx_init(&ctx, pl, p, flow, env, trace, &set);
    ctx.packet_out = true;
    ctx.table_id = 0xff;
    execute_list(&ctx, actions, n_actions);
}
