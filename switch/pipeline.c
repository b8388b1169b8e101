#include "switch/pipeline.h"

#include <stdlib.h>
#include <string.h>

#include "ofproto/ds.h"
#include "ofproto/ofp13.h"
#include "ofproto/util.h"
#include "ofproto/vlog.h"
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
};

struct pipeline *
pipeline_create(uint8_t n_tables, uint32_t max_flows)
{
    struct pipeline *pl = xzalloc(sizeof *pl);

    pl->n_tables = n_tables ? n_tables : 1;
    for (unsigned int i = 0; i < pl->n_tables; i++) {
        pl->tables[i] = flow_table_create(i, max_flows);
    }
    pl->emc = xcalloc(EMC_SIZE, sizeof *pl->emc);
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
    uint8_t table_id;           /* Of the entry whose actions run. */
    uint64_t cookie;
    bool table_miss;            /* That entry is the table-miss entry. */
    struct action_set set;
};

static void run_tables(struct ctx *, uint8_t table_id);

static void
trace_action(struct ctx *ctx, const char *prefix, const struct of_action *a)
{
    if (ctx->trace) {
        ds_put_format(ctx->trace, "    %s", prefix);
        of_actions_format(a, 1, ctx->trace);
        ds_put_char(ctx->trace, '\n');
    }
}

static void
send_to_controller(struct ctx *ctx, uint8_t reason, uint16_t max_len)
{
    if (ctx->trace) {
        ds_put_format(ctx->trace, "    -> to the controller (%s)\n",
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

            if (ctx->trace) {
                ds_put_cstr(ctx->trace, "    -> resubmitted to table 0\n");
            }
            sub.set.present = 0;
            sub.set.fields = 0;
            sub.packet_out = false;
            run_tables(&sub, 0);
        }
        return;
    case OFPP_NORMAL:
        /* No traditional switching behind OpenFlow (the switch is
         * OpenFlow-only): the packet is dropped. */
        if (ctx->trace) {
            ds_put_cstr(ctx->trace, "    -> NORMAL: not supported, "
                        "dropped\n");
        }
        return;
    case OFPP_ANY:
        return;
    default:
        /* 4.5: a packet is not sent back out its input port unless the
         * action says IN_PORT. */
        if (port == in_port) {
            if (ctx->trace) {
                ds_put_format(ctx->trace, "    -> output to the input port "
                              "%u: dropped (use IN_PORT)\n", port);
            }
            return;
        }
        break;
    }
    if (ctx->trace) {
        ds_put_cstr(ctx->trace, "    -> output to ");
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
            ds_put_cstr(ctx->trace, "    TTL expired: packet dropped\n");
        }
        send_to_controller(ctx, OFPR_INVALID_TTL, PIPELINE_MISS_SEND_LEN);
        ctx->stop = true;
        return false;
    }
    if (result & PE_SKIPPED && ctx->trace) {
        ds_put_cstr(ctx->trace, "    (the packet has no such header: "
                    "nothing done)\n");
    }
    return true;
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
        /* Groups come with the next switch issue; GROUP_MOD is refused,
         * so no flow can hold a group action yet. */
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
    struct action_set *set = &ctx->set;

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
            continue;
        }
        trace_action(ctx, "", &set->slots[slot]);
        execute_action(ctx, &set->slots[slot]);
    }
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
        if (insts->has_meter && ctx->trace) {
            ds_put_format(ctx->trace, "  meter:%u\n", insts->meter_id);
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
            ctx->set.present = 0;
            ctx->set.fields = 0;
        }
        if (insts->has_write) {
            const struct of_action *w = flow_table_insts_write(insts);

            for (size_t i = 0; i < insts->n_write; i++) {
                trace_action(ctx, "  write_actions: ", &w[i]);
                action_set_write(&ctx->set, &w[i]);
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

/* Sets up 'ctx' without clearing the action set's storage: only its
 * 'present' bits say what it holds (no 1.5 KiB memset per packet). */
static void
ctx_init(struct ctx *ctx, struct pipeline *pl, struct dp_packet *p,
         struct flow *flow, const struct pipeline_env *env, struct ds *trace)
{
    ctx->pl = pl;
    ctx->env = env;
    ctx->p = p;
    ctx->flow = flow;
    ctx->trace = trace;
    ctx->packet_out = false;
    ctx->stop = false;
    ctx->table_id = 0;
    ctx->cookie = 0;
    ctx->table_miss = false;
    ctx->set.present = 0;
    ctx->set.fields = 0;
    p->queue = 0;               /* A packet starts without a queue. */
}

void
pipeline_process(struct pipeline *pl, struct dp_packet *p, struct flow *flow,
                 const struct pipeline_env *env, struct ds *trace)
{
    struct ctx ctx;

    ctx_init(&ctx, pl, p, flow, env, trace);
    run_tables(&ctx, 0);
}

void
pipeline_execute(struct pipeline *pl, struct dp_packet *p, struct flow *flow,
                 const struct of_action *actions, size_t n_actions,
                 const struct pipeline_env *env, struct ds *trace)
{
    struct ctx ctx;

    ctx_init(&ctx, pl, p, flow, env, trace);
    ctx.packet_out = true;
    ctx.table_id = 0xff;
    execute_list(&ctx, actions, n_actions);
}
