#include "switch/flow-table.h"

#include <stdlib.h>
#include <string.h>

#include "ofproto/arena.h"
#include "ofproto/util.h"
#include "switch/classifier.h"

struct flow_table {
    struct classifier cls;
    uint8_t table_id;
    uint32_t max_entries;
    uint64_t generation;
    struct flow_table_entry *timeouts;  /* Entries with a timeout. */
    struct flow_table_hooks hooks;
};

/* A growable array of entries. */
struct entry_vec {
    struct flow_table_entry **entries;
    size_t n;
    size_t allocated;
};

static void
entry_vec_push(struct entry_vec *v, struct flow_table_entry *e)
{
    if (v->n == v->allocated) {
        v->allocated = v->allocated ? 2 * v->allocated : 16;
        v->entries = xrealloc(v->entries,
                              v->allocated * sizeof *v->entries);
    }
    v->entries[v->n++] = e;
}

/* ---- Instructions ---- */

static size_t
insts_size(size_t n_actions)
{
    return (sizeof(struct flow_table_insts)
            + n_actions * sizeof(struct of_action));
}

static size_t
insts_size_of(const struct flow_table_insts *insts)
{
    return insts_size((size_t) insts->n_apply + insts->n_write);
}

static enum ofperr
check_actions(const struct of_action *actions, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (actions[i].type == OFPAT_EXPERIMENTER) {
            return OFPERR_OFPBAC_BAD_EXPERIMENTER;
        }
    }
    return 0;
}

/* Copies the instruction list 'insts' of 'n' into the engine form. */
static enum ofperr
insts_create(const struct of_instruction *insts, size_t n,
             struct flow_table_insts **instsp)
{
    const struct of_instruction *apply = NULL, *write = NULL;
    struct flow_table_insts *fi;
    uint32_t seen = 0;
    size_t n_actions = 0;

    *instsp = NULL;
    for (size_t i = 0; i < n; i++) {
        const struct of_instruction *inst = &insts[i];
        enum ofperr error;

        switch (inst->type) {
        case OFPIT_APPLY_ACTIONS:
        case OFPIT_WRITE_ACTIONS:
            error = check_actions(inst->actions.actions, inst->actions.n);
            if (error) {
                return error;
            }
            n_actions += inst->actions.n;
            if (inst->type == OFPIT_APPLY_ACTIONS) {
                apply = inst;
            } else {
                write = inst;
            }
            break;
        case OFPIT_GOTO_TABLE:
        case OFPIT_WRITE_METADATA:
        case OFPIT_CLEAR_ACTIONS:
        case OFPIT_METER:
            break;
        case OFPIT_EXPERIMENTER:
            return OFPERR_OFPBIC_BAD_EXPERIMENTER;
        default:
            return OFPERR_OFPBIC_UNKNOWN_INST;
        }
        /* ofproto refuses duplicates; a hand-built list might not. */
        if (seen & (1u << inst->type)) {
            return OFPERR_OFPBIC_DUP_INST;
        }
        seen |= 1u << inst->type;
    }
    if (n_actions > UINT16_MAX) {
        return OFPERR_OFPBAC_TOO_MANY;
    }

    fi = xzalloc(insts_size(n_actions));
    fi->goto_table = FLOW_TABLE_NO_GOTO;
    for (size_t i = 0; i < n; i++) {
        const struct of_instruction *inst = &insts[i];

        fi->order[fi->n_order++] = inst->type;
        switch (inst->type) {
        case OFPIT_APPLY_ACTIONS:
            fi->has_apply = true;
            break;
        case OFPIT_WRITE_ACTIONS:
            fi->has_write = true;
            break;
        case OFPIT_GOTO_TABLE:
            fi->goto_table = inst->table_id;
            break;
        case OFPIT_WRITE_METADATA:
            fi->has_write_metadata = true;
            fi->metadata = inst->write_metadata.metadata;
            fi->metadata_mask = inst->write_metadata.mask;
            break;
        case OFPIT_CLEAR_ACTIONS:
            fi->clear_actions = true;
            break;
        case OFPIT_METER:
            fi->has_meter = true;
            fi->meter_id = inst->meter_id;
            break;
        }
    }
    /* apply_actions first, then write_actions, whatever the order. */
    if (apply && apply->actions.n) {
        fi->n_apply = apply->actions.n;
        memcpy(fi->actions, apply->actions.actions,
               apply->actions.n * sizeof *fi->actions);
    }
    if (write && write->actions.n) {
        fi->n_write = write->actions.n;
        memcpy(fi->actions + fi->n_apply, write->actions.actions,
               write->actions.n * sizeof *fi->actions);
    }
    *instsp = fi;
    return 0;
}

static bool
actions_have(const struct of_action *actions, size_t n, uint16_t type,
             uint32_t value)
{
    for (size_t i = 0; i < n; i++) {
        const struct of_action *a = &actions[i];

        if (a->type == type
            && (type == OFPAT_OUTPUT ? a->output.port : a->group_id)
               == value) {
            return true;
        }
    }
    return false;
}

/* True if an action of 'type' (OFPAT_OUTPUT or OFPAT_GROUP) in
 * apply_actions or write_actions names 'value' (port or group). */
static bool
insts_have(const struct flow_table_insts *insts, uint16_t type,
           uint32_t value)
{
    /* 6.4: only the entry's own actions count, not those of the groups
     * they point to. */
    return actions_have(insts->actions,
                        (size_t) insts->n_apply + insts->n_write,
                        type, value);
}

/* ---- References ---- */

static void
insts_ref(const struct flow_table *ft, const struct flow_table_insts *insts)
{
    if (ft->hooks.ref) {
        ft->hooks.ref(ft->hooks.aux, insts);
    }
}

static void
insts_unref(const struct flow_table *ft, const struct flow_table_insts *insts)
{
    if (ft->hooks.unref) {
        ft->hooks.unref(ft->hooks.aux, insts);
    }
}

void
flow_table_set_hooks(struct flow_table *ft,
                     const struct flow_table_hooks *hooks)
{
    if (hooks) {
        ft->hooks = *hooks;
    } else {
        memset(&ft->hooks, 0, sizeof ft->hooks);
    }
}

/* ---- Entries ---- */

static void
timeout_link(struct flow_table *ft, struct flow_table_entry *e)
{
    e->to_prev = NULL;
    e->to_next = ft->timeouts;
    if (ft->timeouts) {
        ft->timeouts->to_prev = e;
    }
    ft->timeouts = e;
}

static void
timeout_unlink(struct flow_table *ft, struct flow_table_entry *e)
{
    if (e->to_prev) {
        e->to_prev->to_next = e->to_next;
    } else if (ft->timeouts == e) {
        ft->timeouts = e->to_next;
    } else {
        return;                 /* Not in the list. */
    }
    if (e->to_next) {
        e->to_next->to_prev = e->to_prev;
    }
    e->to_prev = e->to_next = NULL;
}

static bool
entry_has_timeout(const struct flow_table_entry *e)
{
    return e->idle_timeout || e->hard_timeout;
}

/* Takes 'e' out of the table with 'reason' and hands it to 'removed' (or
 * frees it). */
static void
entry_remove(struct flow_table *ft, struct flow_table_entry *e,
             uint8_t reason, struct flow_table_removed *removed)
{
    classifier_detach(&ft->cls, e->rule);
    timeout_unlink(ft, e);
    insts_unref(ft, e->insts);
    e->reason = reason;
    if (removed) {
        if (removed->n == removed->allocated) {
            removed->allocated = (removed->allocated
                                  ? 2 * removed->allocated : 16);
            removed->entries = xrealloc(removed->entries,
                                        removed->allocated
                                        * sizeof *removed->entries);
        }
        removed->entries[removed->n++] = e;
    } else {
        flow_table_entry_free(e);
    }
}

void
flow_table_entry_free(struct flow_table_entry *e)
{
    if (e) {
        classifier_rule_free(e->rule);
        free(e->insts);
        free(e);
    }
}

void
flow_table_entry_match(const struct flow_table_entry *e, struct flow *key,
                       struct flow *mask)
{
    classifier_rule_get(e->rule, key, mask);
}

/* The match of 'e' as OXMs. */
static void
entry_to_match(const struct flow_table_entry *e, struct of_match *match)
{
    struct flow key, mask;

    classifier_rule_get(e->rule, &key, &mask);
    flow_to_match(&key, &mask, match);
}

static void
duration(const struct flow_table_entry *e, long long now,
         uint32_t *sec, uint32_t *nsec)
{
    long long ms = now > e->created ? now - e->created : 0;

    *sec = ms / 1000;
    *nsec = (ms % 1000) * 1000000;
}

/* 5.8: a counter the switch does not keep reads as all ones; 6.4: with
 * NO_PKT_COUNTS / NO_BYT_COUNTS it need not keep them. */
static uint64_t
packet_count(const struct flow_table_entry *e)
{
    return e->flags & OFPFF_NO_PKT_COUNTS ? UINT64_MAX : e->n_packets;
}

static uint64_t
byte_count(const struct flow_table_entry *e)
{
    return e->flags & OFPFF_NO_BYT_COUNTS ? UINT64_MAX : e->n_bytes;
}

void
flow_table_entry_stats(const struct flow_table_entry *e, long long now,
                       struct arena *arena, struct of_flow_stats *fs)
{
    const struct flow_table_insts *fi = e->insts;

    memset(fs, 0, sizeof *fs);
    fs->table_id = e->table_id;
    duration(e, now, &fs->duration_sec, &fs->duration_nsec);
    fs->priority = e->priority;
    fs->idle_timeout = e->idle_timeout;
    fs->hard_timeout = e->hard_timeout;
    fs->flags = e->flags;
    fs->cookie = e->cookie;
    fs->packet_count = packet_count(e);
    fs->byte_count = byte_count(e);
    entry_to_match(e, &fs->match);

    fs->n_instructions = fi->n_order;
    fs->instructions = (fi->n_order
                        ? arena_alloc(arena, fi->n_order
                                             * sizeof *fs->instructions)
                        : NULL);
    for (size_t i = 0; i < fi->n_order; i++) {
        struct of_instruction *inst = &fs->instructions[i];
        const struct of_action *actions = NULL;
        size_t n = 0;

        inst->type = fi->order[i];
        switch (inst->type) {
        case OFPIT_APPLY_ACTIONS:
            actions = flow_table_insts_apply(fi);
            n = fi->n_apply;
            break;
        case OFPIT_WRITE_ACTIONS:
            actions = flow_table_insts_write(fi);
            n = fi->n_write;
            break;
        case OFPIT_GOTO_TABLE:
            inst->table_id = fi->goto_table;
            break;
        case OFPIT_WRITE_METADATA:
            inst->write_metadata.metadata = fi->metadata;
            inst->write_metadata.mask = fi->metadata_mask;
            break;
        case OFPIT_METER:
            inst->meter_id = fi->meter_id;
            break;
        case OFPIT_CLEAR_ACTIONS:
            break;
        }
        if (inst->type == OFPIT_APPLY_ACTIONS
            || inst->type == OFPIT_WRITE_ACTIONS) {
            inst->actions.n = n;
            inst->actions.actions = (n ? arena_memdup(arena, actions,
                                                      n * sizeof *actions)
                                       : NULL);
        }
    }
}

void
flow_table_entry_removed(const struct flow_table_entry *e, long long now,
                         struct of_flow_removed *fr)
{
    memset(fr, 0, sizeof *fr);
    fr->cookie = e->cookie;
    fr->priority = e->priority;
    fr->reason = e->reason;
    fr->table_id = e->table_id;
    duration(e, now, &fr->duration_sec, &fr->duration_nsec);
    fr->idle_timeout = e->idle_timeout;
    fr->hard_timeout = e->hard_timeout;
    fr->packet_count = packet_count(e);
    fr->byte_count = byte_count(e);
    entry_to_match(e, &fr->match);
}

/* ---- Removed entries ---- */

void
flow_table_removed_init(struct flow_table_removed *r)
{
    memset(r, 0, sizeof *r);
}

void
flow_table_removed_clear(struct flow_table_removed *r)
{
    for (size_t i = 0; i < r->n; i++) {
        flow_table_entry_free(r->entries[i]);
    }
    r->n = 0;
}

void
flow_table_removed_destroy(struct flow_table_removed *r)
{
    if (r) {
        flow_table_removed_clear(r);
        free(r->entries);
        memset(r, 0, sizeof *r);
    }
}

/* ---- Create and destroy ---- */

struct flow_table *
flow_table_create(uint8_t table_id, uint32_t max_entries)
{
    struct flow_table *ft = xzalloc(sizeof *ft);

    classifier_init(&ft->cls);
    ft->table_id = table_id;
    ft->max_entries = max_entries;
    ft->generation = 1;
    return ft;
}

void
flow_table_destroy(struct flow_table *ft)
{
    if (ft) {
        struct classifier_cursor c;
        struct classifier_rule *rule;
        struct entry_vec v = { NULL, 0, 0 };

        classifier_cursor_init(&c, &ft->cls, NULL, NULL);
        while ((rule = classifier_cursor_next(&c)) != NULL) {
            entry_vec_push(&v, classifier_rule_data(rule));
        }
        for (size_t i = 0; i < v.n; i++) {
            struct flow_table_entry *e = v.entries[i];

            classifier_remove(&ft->cls, e->rule);
            e->rule = NULL;
            flow_table_entry_free(e);
        }
        free(v.entries);
        classifier_destroy(&ft->cls);
        free(ft);
    }
}

uint8_t
flow_table_id(const struct flow_table *ft)
{
    return ft->table_id;
}

uint32_t
flow_table_max_entries(const struct flow_table *ft)
{
    return ft->max_entries;
}

void
flow_table_set_max_entries(struct flow_table *ft, uint32_t max_entries)
{
    ft->max_entries = max_entries;
}

/* ---- Selection ---- */

static bool
entry_passes_filters(const struct flow_table_entry *e,
                     const struct flow_table_query *q)
{
    /* 6.4: "the bits specified by the cookie_mask in both the cookie
     * field of the flow mod and a flow entry's cookie value must be
     * equal". */
    if ((e->cookie ^ q->cookie) & q->cookie_mask) {
        return false;
    }
    /* 6.4: out_port and out_group, if not ANY, require an output or group
     * action naming them. */
    if (q->out_port != OFPP_ANY
        && !insts_have(e->insts, OFPAT_OUTPUT, q->out_port)) {
        return false;
    }
    if (q->out_group != OFPG_ANY
        && !insts_have(e->insts, OFPAT_GROUP, q->out_group)) {
        return false;
    }
    return true;
}

/* Appends to 'v' the entries 'q' selects, in no particular order. */
static void
collect(const struct flow_table *ft, const struct flow_table_query *q,
        struct entry_vec *v)
{
    if (q->strict) {
        /* 6.4: strict commands match every field, the masks, and the
         * priority exactly. */
        struct classifier_rule *rule;

        rule = classifier_find_exact(&ft->cls, &q->key, &q->mask,
                                     q->priority);
        if (rule) {
            struct flow_table_entry *e = classifier_rule_data(rule);

            if (entry_passes_filters(e, q)) {
                entry_vec_push(v, e);
            }
        }
    } else {
        /* 6.4: non-strict commands select every entry whose match is the
         * request's or more specific, whatever its priority. */
        struct classifier_cursor c;
        struct classifier_rule *rule;

        classifier_cursor_init(&c, &ft->cls, &q->key, &q->mask);
        while ((rule = classifier_cursor_next(&c)) != NULL) {
            struct flow_table_entry *e = classifier_rule_data(rule);

            if (entry_passes_filters(e, q)) {
                entry_vec_push(v, e);
            }
        }
    }
}

static int
compare_entries(const void *a_, const void *b_)
{
    const struct flow_table_entry *a = *(struct flow_table_entry *const *) a_;
    const struct flow_table_entry *b = *(struct flow_table_entry *const *) b_;
    uint64_t sa, sb;

    if (a->priority != b->priority) {
        return a->priority > b->priority ? -1 : 1;
    }
    sa = classifier_rule_seq(a->rule);
    sb = classifier_rule_seq(b->rule);
    return sa < sb ? -1 : sa > sb;
}

void
flow_table_query_from_stats_request(struct flow_table_query *q,
                                    const struct of_flow_stats_request *req)
{
    memset(q, 0, sizeof *q);
    flow_from_match(&req->match, &q->key, &q->mask);
    q->strict = false;
    q->cookie = req->cookie;
    q->cookie_mask = req->cookie_mask;
    q->out_port = req->out_port;
    q->out_group = req->out_group;
}

void
flow_table_select(const struct flow_table *ft,
                  const struct flow_table_query *q,
                  struct flow_table_entry ***entriesp, size_t *np)
{
    struct entry_vec v = { NULL, 0, 0 };

    collect(ft, q, &v);
    if (v.n > 1) {
        qsort(v.entries, v.n, sizeof *v.entries, compare_entries);
    }
    *entriesp = v.entries;
    *np = v.n;
}

void
flow_table_flow_stats(const struct flow_table *ft,
                      const struct of_flow_stats_request *req,
                      long long now, struct arena *arena,
                      struct of_flow_stats **statsp, size_t *np)
{
    struct flow_table_entry **entries;
    struct flow_table_query q;
    size_t n;

    flow_table_query_from_stats_request(&q, req);
    flow_table_select(ft, &q, &entries, &n);
    for (size_t i = 0; i < n; i++) {
        struct of_flow_stats *fs = arena_push(arena, (void **) statsp, np,
                                              sizeof *fs);

        flow_table_entry_stats(entries[i], now, arena, fs);
    }
    free(entries);
}

static uint64_t
add_count(uint64_t sum, uint64_t count)
{
    return sum == UINT64_MAX || count == UINT64_MAX ? UINT64_MAX
                                                    : sum + count;
}

void
flow_table_aggregate(const struct flow_table *ft,
                     const struct of_flow_stats_request *req,
                     struct of_aggregate_reply *reply)
{
    struct entry_vec v = { NULL, 0, 0 };
    struct flow_table_query q;

    flow_table_query_from_stats_request(&q, req);
    collect(ft, &q, &v);
    for (size_t i = 0; i < v.n; i++) {
        reply->packet_count = add_count(reply->packet_count,
                                        packet_count(v.entries[i]));
        reply->byte_count = add_count(reply->byte_count,
                                      byte_count(v.entries[i]));
        reply->flow_count++;
    }
    free(v.entries);
}

/* ---- Flow mods ---- */

static void
query_from_flow_mod(struct flow_table_query *q, const struct of_flow_mod *fm,
                    bool strict)
{
    memset(q, 0, sizeof *q);
    flow_from_match(&fm->match, &q->key, &q->mask);
    q->strict = strict;
    q->priority = fm->priority;
    q->cookie = fm->cookie;
    q->cookie_mask = fm->cookie_mask;
    /* 6.4: out_port and out_group filter deletes only; ADD, MODIFY and
     * MODIFY_STRICT ignore them. */
    if (fm->command == OFPFC_DELETE || fm->command == OFPFC_DELETE_STRICT) {
        q->out_port = fm->out_port;
        q->out_group = fm->out_group;
    } else {
        q->out_port = OFPP_ANY;
        q->out_group = OFPG_ANY;
    }
}

static enum ofperr
flow_table_add(struct flow_table *ft, const struct of_flow_mod *fm,
               long long now)
{
    struct flow_table_insts *insts;
    struct flow_table_entry *e;
    struct classifier_rule *rule;
    struct flow key, mask;
    enum ofperr error;

    error = insts_create(fm->instructions, fm->n_instructions, &insts);
    if (error) {
        return error;
    }
    flow_from_match(&fm->match, &key, &mask);

    /* 6.4: with CHECK_OVERLAP, refuse an entry that a packet could match
     * together with an existing entry of the same priority (an identical
     * entry overlaps too). */
    if (fm->flags & OFPFF_CHECK_OVERLAP
        && classifier_overlaps(&ft->cls, &key, &mask, fm->priority)) {
        free(insts);
        return OFPERR_OFPFMFC_OVERLAP;
    }

    rule = classifier_find_exact(&ft->cls, &key, &mask, fm->priority);
    if (rule) {
        /* 6.4: an entry with an identical match and priority is replaced,
         * duration included; its counters are kept unless RESET_COUNTS.
         * No FLOW_REMOVED.  It keeps its place for ties. */
        e = classifier_rule_data(rule);
        insts_unref(ft, e->insts);
        free(e->insts);
        timeout_unlink(ft, e);
        if (fm->flags & OFPFF_RESET_COUNTS) {
            e->n_packets = e->n_bytes = 0;
        }
    } else {
        /* 6.4: "If a switch cannot find any space in the requested table
         * ... OFPFMFC_TABLE_FULL". */
        if (classifier_count(&ft->cls) >= ft->max_entries) {
            free(insts);
            return OFPERR_OFPFMFC_TABLE_FULL;
        }
        e = xzalloc(sizeof *e);
        e->rule = classifier_insert(&ft->cls, &key, &mask, fm->priority, e);
        e->table_id = ft->table_id;
        e->priority = fm->priority;
    }
    e->insts = insts;
    insts_ref(ft, insts);
    e->cookie = fm->cookie;
    e->created = e->used = now;
    e->idle_timeout = fm->idle_timeout;
    e->hard_timeout = fm->hard_timeout;
    e->flags = fm->flags;
    if (entry_has_timeout(e)) {
        timeout_link(ft, e);
    }
    ft->generation++;
    return 0;
}

static enum ofperr
flow_table_modify(struct flow_table *ft, const struct of_flow_mod *fm,
                  bool strict)
{
    struct flow_table_insts *insts;
    struct flow_table_query q;
    struct entry_vec v = { NULL, 0, 0 };
    enum ofperr error;

    error = insts_create(fm->instructions, fm->n_instructions, &insts);
    if (error) {
        return error;
    }
    query_from_flow_mod(&q, fm, strict);
    collect(ft, &q, &v);

    /* 6.4: the instructions are replaced; cookie, timeouts, flags,
     * counters and duration are left alone, except that RESET_COUNTS
     * clears the counters.  Nothing selected: nothing happens, no
     * error. */
    for (size_t i = 0; i < v.n; i++) {
        struct flow_table_entry *e = v.entries[i];

        insts_unref(ft, e->insts);
        free(e->insts);
        e->insts = (i + 1 == v.n ? insts
                    : xmemdup(insts, insts_size_of(insts)));
        insts_ref(ft, e->insts);
        if (fm->flags & OFPFF_RESET_COUNTS) {
            e->n_packets = e->n_bytes = 0;
        }
    }
    if (v.n) {
        ft->generation++;
    } else {
        free(insts);
    }
    free(v.entries);
    return 0;
}

static enum ofperr
flow_table_delete(struct flow_table *ft, const struct of_flow_mod *fm,
                  bool strict, struct flow_table_removed *removed)
{
    struct flow_table_query q;
    struct entry_vec v = { NULL, 0, 0 };

    query_from_flow_mod(&q, fm, strict);
    collect(ft, &q, &v);
    if (v.n > 1 && removed) {
        /* FLOW_REMOVED messages in a stable order. */
        qsort(v.entries, v.n, sizeof *v.entries, compare_entries);
    }
    for (size_t i = 0; i < v.n; i++) {
        entry_remove(ft, v.entries[i], OFPRR_DELETE, removed);
    }
    if (v.n) {
        ft->generation++;
    }
    free(v.entries);
    return 0;
}

enum ofperr
flow_table_flow_mod(struct flow_table *ft, const struct of_flow_mod *fm,
                    long long now, struct flow_table_removed *removed)
{
    switch (fm->command) {
    case OFPFC_ADD:
        return flow_table_add(ft, fm, now);
    case OFPFC_MODIFY:
        return flow_table_modify(ft, fm, false);
    case OFPFC_MODIFY_STRICT:
        return flow_table_modify(ft, fm, true);
    case OFPFC_DELETE:
        return flow_table_delete(ft, fm, false, removed);
    case OFPFC_DELETE_STRICT:
        return flow_table_delete(ft, fm, true, removed);
    default:
        return OFPERR_OFPFMFC_BAD_COMMAND;
    }
}

void
flow_table_remove_if(struct flow_table *ft,
                     bool (*pred)(const struct flow_table_entry *, void *),
                     void *aux, uint8_t reason,
                     struct flow_table_removed *removed)
{
    struct entry_vec v = { NULL, 0, 0 };
    struct classifier_cursor c;
    struct classifier_rule *rule;

    classifier_cursor_init(&c, &ft->cls, NULL, NULL);
    while ((rule = classifier_cursor_next(&c)) != NULL) {
        struct flow_table_entry *e = classifier_rule_data(rule);

        if (pred(e, aux)) {
            entry_vec_push(&v, e);
        }
    }
    if (v.n > 1) {
        qsort(v.entries, v.n, sizeof *v.entries, compare_entries);
    }
    for (size_t i = 0; i < v.n; i++) {
        entry_remove(ft, v.entries[i], reason, removed);
    }
    if (v.n) {
        ft->generation++;
    }
    free(v.entries);
}

/* ---- Timeouts ---- */

void
flow_table_expire(struct flow_table *ft, long long now,
                  struct flow_table_removed *removed)
{
    struct flow_table_entry *e, *next;
    bool changed = false;

    for (e = ft->timeouts; e; e = next) {
        next = e->to_next;
        /* 5.5: hard timeout counts from the entry's addition, idle
         * timeout from its last packet; whichever passes first. */
        if (e->hard_timeout
            && now >= e->created + e->hard_timeout * 1000LL) {
            entry_remove(ft, e, OFPRR_HARD_TIMEOUT, removed);
            changed = true;
        } else if (e->idle_timeout
                   && now >= e->used + e->idle_timeout * 1000LL) {
            entry_remove(ft, e, OFPRR_IDLE_TIMEOUT, removed);
            changed = true;
        }
    }
    if (changed) {
        ft->generation++;
    }
}

/* ---- Lookups ---- */

struct flow_table_entry *
flow_table_lookup(const struct flow_table *ft, const struct flow *flow)
{
    struct classifier_rule *rule = classifier_lookup(&ft->cls, flow);

    return rule ? classifier_rule_data(rule) : NULL;
}

_Static_assert(FLOW_TABLE_BATCH_MAX == CLASSIFIER_BATCH_MAX,
               "one batch size");

void
flow_table_lookup_batch(const struct flow_table *ft,
                        const struct flow *const flows[], size_t n,
                        struct flow_table_entry *entries[])
{
    struct classifier_rule *rules[CLASSIFIER_BATCH_MAX];

    classifier_lookup_batch(&ft->cls, flows, n, rules);
    for (size_t i = 0; i < n; i++) {
        entries[i] = rules[i] ? classifier_rule_data(rules[i]) : NULL;
    }
}

uint64_t
flow_table_generation(const struct flow_table *ft)
{
    return ft->generation;
}

size_t
flow_table_count(const struct flow_table *ft)
{
    return classifier_count(&ft->cls);
}
