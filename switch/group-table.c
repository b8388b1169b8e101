#include "switch/group-table.h"

#include <stdlib.h>
#include <string.h>

#include "ofproto/arena.h"
#include "ofproto/util.h"
#include "switch/flow.h"

/* Fewest slots of the id hash table. */
#define GT_MIN_SLOTS 16

/* One slot of the id hash table (open addressing, linear probing). */
struct gt_slot {
    uint32_t id;
    struct group *group;        /* NULL: empty. */
};

struct group_table {
    struct group_table_config config;
    group_table_port_live_func *port_live;
    void *aux;

    struct gt_slot *slots;
    size_t n_slots;             /* A power of 2. */
    size_t n_groups;
    uint32_t n_by_type[4];      /* Groups of each OFPGT_*. */

    uint64_t visit;             /* Mark of the last walk. */
    uint64_t live_query;        /* Number of the last liveness query. */

    /* log2(1 + k / 256) for k = 0..256, in units of 2**-24. */
    uint32_t log2_table[257];
};

/* ---- Hashing ---- */

static uint32_t
mix32(uint32_t h)
{
    /* MurmurHash3's finalizer: every input bit affects every output bit. */
    h ^= h >> 16;
    h *= 0x85ebca6bu;
    h ^= h >> 13;
    h *= 0xc2b2ae35u;
    h ^= h >> 16;
    return h;
}

static uint32_t
rotl32(uint32_t x, int n)
{
    return (x << n) | (x >> (32 - n));
}

/* Adds word 'w' to hash 'h' (MurmurHash3's block step). */
static uint32_t
hash_add(uint32_t h, uint32_t w)
{
    w *= 0xcc9e2d51u;
    w = rotl32(w, 15);
    w *= 0x1b873593u;
    h ^= w;
    h = rotl32(h, 13);
    return h * 5 + 0xe6546b64u;
}

static uint32_t
hash_add_bytes(uint32_t h, const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i += 4) {
        uint32_t w = 0;

        memcpy(&w, p + i, MIN(4, n - i));
        h = hash_add(h, w);
    }
    return h;
}

/* Adds the pair of 'n'-byte fields 'a' and 'b' to 'h' in an order that
 * does not depend on which is which. */
static uint32_t
hash_add_pair(uint32_t h, const void *a, const void *b, size_t n)
{
    if (memcmp(a, b, n) > 0) {
        const void *tmp = a;

        a = b;
        b = tmp;
    }
    h = hash_add_bytes(h, a, n);
    return hash_add_bytes(h, b, n);
}

uint32_t
group_flow_hash(const struct flow *flow)
{
    uint32_t h = 0;

    h = hash_add_pair(h, flow->eth_src, flow->eth_dst, 6);
    h = hash_add_pair(h, &flow->nw_src, &flow->nw_dst, 4);
    h = hash_add_pair(h, flow->ipv6_src, flow->ipv6_dst, 16);
    h = hash_add(h, flow->ip_proto);
    h = hash_add_pair(h, &flow->tp_src, &flow->tp_dst, 2);
    return mix32(h);
}

/* ---- The id hash table ---- */

static size_t
slot_home(const struct group_table *gt, uint32_t id)
{
    return mix32(id) & (gt->n_slots - 1);
}

static struct gt_slot *
slot_find(const struct group_table *gt, uint32_t id)
{
    size_t mask = gt->n_slots - 1;

    for (size_t i = slot_home(gt, id); ; i = (i + 1) & mask) {
        struct gt_slot *s = &gt->slots[i];

        if (!s->group || s->id == id) {
            return s;
        }
    }
}

struct group *
group_table_find(const struct group_table *gt, uint32_t id)
{
    return slot_find(gt, id)->group;
}

static void
slots_resize(struct group_table *gt, size_t n_slots)
{
    struct gt_slot *old = gt->slots;
    size_t n_old = gt->n_slots;

    gt->slots = xcalloc(n_slots, sizeof *gt->slots);
    gt->n_slots = n_slots;
    for (size_t i = 0; i < n_old; i++) {
        if (old[i].group) {
            *slot_find(gt, old[i].id) = old[i];
        }
    }
    free(old);
}

static void
slot_insert(struct group_table *gt, struct group *g)
{
    struct gt_slot *s;

    /* At most half full, so that probes stay short. */
    if (2 * (gt->n_groups + 1) > gt->n_slots) {
        slots_resize(gt, 2 * gt->n_slots);
    }
    s = slot_find(gt, g->id);
    s->id = g->id;
    s->group = g;
    gt->n_groups++;
}

/* Removes 'id' (which is in the table), moving later slots of the same
 * probe sequence back so that no lookup stops early (Knuth, 6.4,
 * Algorithm R). */
static void
slot_remove(struct group_table *gt, uint32_t id)
{
    size_t mask = gt->n_slots - 1;
    size_t i = slot_find(gt, id) - gt->slots;

    gt->slots[i].group = NULL;
    for (size_t j = (i + 1) & mask; gt->slots[j].group; j = (j + 1) & mask) {
        size_t k = slot_home(gt, gt->slots[j].id);

        /* Slot j may move to i if its home is not cyclically in (i, j]. */
        if (i <= j ? (i < k && k <= j) : (i < k || k <= j)) {
            continue;
        }
        gt->slots[i] = gt->slots[j];
        gt->slots[j].group = NULL;
        i = j;
    }
    gt->n_groups--;
}

/* ---- Fixed-point logarithms for weighted selection ---- */

/* log2(y / 2**31) for y in [2**31, 2**32), in units of 2**-24, by repeated
 * squaring: each squaring doubles the logarithm, and the bit it carries
 * past 1 is the next bit of the fraction. */
static uint32_t
log2_frac(uint64_t y)
{
    uint32_t result = 0;

    for (int bit = 23; bit >= 0; bit--) {
        y = (y * y) >> 31;
        if (y >= (UINT64_C(1) << 32)) {
            y >>= 1;
            result |= UINT32_C(1) << bit;
        }
    }
    return result;
}

static void
log2_table_init(uint32_t table[257])
{
    for (int k = 0; k < 256; k++) {
        table[k] = log2_frac((UINT64_C(256) + k) << 23);
    }
    table[256] = UINT32_C(1) << 24;
}

/* -log2((h + 1) / 2**32), in units of 2**-24: the "exponential draw" of
 * uniform 'h', between 0 (for h = 2**32 - 1) and 32 << 24. */
static uint32_t
neg_log2(const struct group_table *gt, uint32_t h)
{
    uint64_t x = (uint64_t) h + 1;
    int n = 63 - __builtin_clzll(x);        /* floor(log2(x)), 0..32. */
    uint32_t m, idx, rem, lo, hi, frac;

    if (n == 32) {
        return 0;
    }
    /* x = 2**n * (1 + m / 2**31): 8 bits index the table, 23 bits
     * interpolate between its entries. */
    m = (uint32_t) ((x << (31 - n)) & 0x7fffffffu);
    idx = m >> 23;
    rem = m & 0x7fffff;
    lo = gt->log2_table[idx];
    hi = gt->log2_table[idx + 1];
    frac = lo + (uint32_t) (((uint64_t) (hi - lo) * rem) >> 23);
    return ((uint32_t) (32 - n) << 24) - frac;
}

/* ---- Create and destroy ---- */

void
group_table_config_default(struct group_table_config *config)
{
    for (int t = 0; t < 4; t++) {
        config->max_groups[t] = 65536;
    }
    config->max_buckets = 1024;
    config->max_chain = 16;
}

struct group_table *
group_table_create(const struct group_table_config *config,
                   group_table_port_live_func *port_live, void *aux)
{
    struct group_table *gt = xzalloc(sizeof *gt);

    if (config) {
        gt->config = *config;
    } else {
        group_table_config_default(&gt->config);
    }
    gt->config.max_buckets = MIN(gt->config.max_buckets,
                                 GROUP_TABLE_BUCKETS_LIMIT);
    gt->config.max_chain = MAX(1, MIN(gt->config.max_chain,
                                      GROUP_TABLE_CHAIN_LIMIT));
    gt->port_live = port_live;
    gt->aux = aux;
    gt->slots = xcalloc(GT_MIN_SLOTS, sizeof *gt->slots);
    gt->n_slots = GT_MIN_SLOTS;
    log2_table_init(gt->log2_table);
    return gt;
}

static void
group_free(struct group *g)
{
    if (g) {
        free(g->buckets);
        free(g);
    }
}

void
group_table_destroy(struct group_table *gt)
{
    if (!gt) {
        return;
    }
    for (size_t i = 0; i < gt->n_slots; i++) {
        group_free(gt->slots[i].group);
    }
    free(gt->slots);
    free(gt);
}

const struct group_table_config *
group_table_get_config(const struct group_table *gt)
{
    return &gt->config;
}

size_t
group_table_count(const struct group_table *gt)
{
    return gt->n_groups;
}

/* ---- Buckets ---- */

/* Copies the buckets of 'gm' into one allocation: the bucket array, then
 * every bucket's actions.  Returns NULL for no buckets. */
static struct group_bucket *
buckets_copy(const struct of_group_mod *gm)
{
    struct group_bucket *buckets;
    struct of_action *actions;
    size_t n_actions = 0;

    if (!gm->n_buckets) {
        return NULL;
    }
    for (size_t i = 0; i < gm->n_buckets; i++) {
        n_actions += gm->buckets[i].n_actions;
    }
    buckets = xmalloc(gm->n_buckets * sizeof *buckets
                      + n_actions * sizeof *actions);
    actions = (struct of_action *) (buckets + gm->n_buckets);
    for (size_t i = 0; i < gm->n_buckets; i++) {
        const struct of_bucket *ob = &gm->buckets[i];
        struct group_bucket *b = &buckets[i];

        b->actions = actions;
        b->n_actions = ob->n_actions;
        if (ob->n_actions) {
            memcpy(actions, ob->actions, ob->n_actions * sizeof *actions);
        }
        actions += ob->n_actions;
        b->weight = ob->weight;
        b->watch_port = ob->watch_port;
        b->watch_group = ob->watch_group;
        b->packet_count = 0;
        b->byte_count = 0;
    }
    return buckets;
}

/* The buckets of 'g', or 'ov' if 'g' is group 'ov_id' (the group a
 * MODIFY is about to change, seen with its new buckets). */
struct gt_view {
    uint32_t id;
    const struct group_bucket *buckets;
    size_t n;
};

static void
view_buckets(const struct group *g, const struct gt_view *ov,
             const struct group_bucket **bucketsp, size_t *np)
{
    if (ov && g->id == ov->id) {
        *bucketsp = ov->buckets;
        *np = ov->n;
    } else {
        *bucketsp = g->buckets;
        *np = g->n_buckets;
    }
}

/* ---- Walks over the table, for group mods ---- */

/* A growable stack of groups. */
struct gt_stack {
    struct group **groups;
    size_t n;
    size_t allocated;
};

static void
stack_push(struct gt_stack *s, struct group *g)
{
    if (s->n == s->allocated) {
        s->allocated = s->allocated ? 2 * s->allocated : 16;
        s->groups = xrealloc(s->groups, s->allocated * sizeof *s->groups);
    }
    s->groups[s->n++] = g;
}

/* The ids that 'b' links to: its group actions' groups, or with 'watch'
 * its watch_group.  Calls 'visit' for each; stops and returns true when
 * 'visit' does. */
static bool
for_each_link(const struct group_bucket *b, size_t n, bool watch,
              bool (*visit)(uint32_t id, void *aux), void *aux)
{
    for (size_t i = 0; i < n; i++) {
        if (watch) {
            if (b[i].watch_group != OFPG_ANY
                && visit(b[i].watch_group, aux)) {
                return true;
            }
            continue;
        }
        for (size_t j = 0; j < b[i].n_actions; j++) {
            const struct of_action *a = &b[i].actions[j];

            if (a->type == OFPAT_GROUP && visit(a->group_id, aux)) {
                return true;
            }
        }
    }
    return false;
}

struct reach_ctx {
    struct group_table *gt;
    uint32_t target;
    uint64_t mark;
    struct gt_stack stack;
};

static bool
reach_visit(uint32_t id, void *ctx_)
{
    struct reach_ctx *ctx = ctx_;
    struct group *g;

    if (id == ctx->target) {
        return true;
    }
    g = group_table_find(ctx->gt, id);
    if (g && g->visit != ctx->mark) {
        g->visit = ctx->mark;
        stack_push(&ctx->stack, g);
    }
    return false;
}

/* True if group 'target' is reachable from buckets 'b' along group actions
 * (or, with 'watch', watch_group links), not counting 'target''s own
 * buckets.  Iterative: watch chains have no length limit. */
static bool
reaches(struct group_table *gt, const struct group_bucket *b, size_t n,
        uint32_t target, bool watch)
{
    struct reach_ctx ctx = {
        .gt = gt, .target = target, .mark = ++gt->visit,
    };
    bool found = for_each_link(b, n, watch, reach_visit, &ctx);

    while (!found && ctx.stack.n) {
        struct group *g = ctx.stack.groups[--ctx.stack.n];

        found = for_each_link(g->buckets, g->n_buckets, watch, reach_visit,
                              &ctx);
    }
    free(ctx.stack.groups);
    return found;
}

struct chain_ctx {
    struct group_table *gt;
    const struct gt_view *ov;
    uint64_t mark;
    uint32_t max;               /* Longest chain below, so far. */
};

static uint32_t chain_length(struct group_table *, const struct group_bucket *,
                             size_t n, const struct gt_view *ov,
                             uint64_t mark);

static bool
chain_visit(uint32_t id, void *ctx_)
{
    struct chain_ctx *ctx = ctx_;
    struct group *g = group_table_find(ctx->gt, id);

    if (!g) {
        return false;           /* Cannot happen: checked before. */
    }
    if (g->visit != ctx->mark) {
        const struct group_bucket *b;
        size_t n;

        view_buckets(g, ctx->ov, &b, &n);
        g->depth = chain_length(ctx->gt, b, n, ctx->ov, ctx->mark);
        g->visit = ctx->mark;
    }
    ctx->max = MAX(ctx->max, g->depth);
    return false;
}

/* The number of groups in the longest chain of group actions that starts
 * with a group whose buckets are 'b' (1 if they hold no group action),
 * with group 'ov->id' seen with the buckets of 'ov'.  Every group action
 * names a group of the table and there is no loop (checked before), so the
 * recursion ends; it is as deep as the longest chain, which is at most
 * twice the limit (the table obeyed it before the group mod). */
static uint32_t
chain_length(struct group_table *gt, const struct group_bucket *b, size_t n,
             const struct gt_view *ov, uint64_t mark)
{
    struct chain_ctx ctx = { .gt = gt, .ov = ov, .mark = mark, .max = 0 };

    for_each_link(b, n, false, chain_visit, &ctx);
    return ctx.max + 1;
}

/* Group references: each group that buckets 'b' forward to, counted once,
 * gains 'delta' group references. */
struct ref_ctx {
    struct group_table *gt;
    uint64_t mark;
    int delta;
};

static bool
ref_visit(uint32_t id, void *ctx_)
{
    struct ref_ctx *ctx = ctx_;
    struct group *g = group_table_find(ctx->gt, id);

    if (g && g->visit != ctx->mark) {
        g->visit = ctx->mark;
        g->n_group_refs += ctx->delta;
    }
    return false;
}

static void
ref_targets(struct group_table *gt, const struct group_bucket *b, size_t n,
            int delta)
{
    struct ref_ctx ctx = { .gt = gt, .mark = ++gt->visit, .delta = delta };

    for_each_link(b, n, false, ref_visit, &ctx);
}

/* ---- Group mods ---- */

static bool
is_reserved_port(uint32_t port)
{
    return port > OFPP_MAX && port != OFPP_ANY;
}

/* The liveness rules of one bucket of a group 'id' of 'type' (5.6.1,
 * 7.3.4.2). */
static enum ofperr
check_watch(const struct group_table *gt, uint8_t type, uint32_t id,
            const struct group_bucket *b)
{
    bool has_watch = b->watch_port != OFPP_ANY || b->watch_group != OFPG_ANY;

    if (!has_watch) {
        /* 7.3.4.2: a fast failover bucket needs a watch. */
        return type == OFPGT_FF ? OFPERR_OFPGMFC_BAD_WATCH : 0;
    }
    /* 7.3.4.2: a watch in a group that does not support liveness is
     * OFPGMFC_WATCH_UNSUPPORTED; ALL and INDIRECT groups run their
     * buckets whatever their liveness (5.6.1). */
    if (type == OFPGT_ALL || type == OFPGT_INDIRECT) {
        return OFPERR_OFPGMFC_WATCH_UNSUPPORTED;
    }
    if (b->watch_port != OFPP_ANY) {
        if (b->watch_port == 0
            || (b->watch_port > OFPP_MAX && b->watch_port < OFPP_IN_PORT)) {
            return OFPERR_OFPGMFC_BAD_WATCH;
        }
        /* Only real ports have a state; watching a port that does not
         * support liveness is OFPGMFC_WATCH_UNSUPPORTED too (7.3.4.2). */
        if (is_reserved_port(b->watch_port)
            && b->watch_port != OFPP_LOCAL) {
            return OFPERR_OFPGMFC_WATCH_UNSUPPORTED;
        }
    }
    if (b->watch_group != OFPG_ANY) {
        if (b->watch_group > OFPG_MAX || b->watch_group == id
            || !group_table_find(gt, b->watch_group)) {
            return OFPERR_OFPGMFC_BAD_WATCH;
        }
    }
    return 0;
}

/* Checks the new buckets 'nb' of an ADD or MODIFY of group 'gm->group_id'
 * ('old' for MODIFY) after the checks of the command, type and id. */
static enum ofperr
check_buckets(struct group_table *gt, const struct of_group_mod *gm,
              const struct group *old, const struct group_bucket *nb)
{
    uint8_t type = gm->type;
    uint32_t id = gm->group_id;
    size_t n = gm->n_buckets;
    bool chains = false;

    if (n > gt->config.max_buckets) {
        return OFPERR_OFPGMFC_OUT_OF_BUCKETS;
    }
    /* 7.3.4.2: an indirect group has one bucket; fields "undefined for the
     * specified group type" are OFPGMFC_INVALID_GROUP. */
    if (type == OFPGT_INDIRECT && n > 1) {
        return OFPERR_OFPGMFC_INVALID_GROUP;
    }
    for (size_t i = 0; i < n; i++) {
        if (nb[i].weight && type != OFPGT_SELECT) {
            return OFPERR_OFPGMFC_INVALID_GROUP;
        }
    }
    for (size_t i = 0; i < n; i++) {
        enum ofperr error = check_watch(gt, type, id, &nb[i]);

        if (error) {
            return error;
        }
    }
    if (reaches(gt, nb, n, id, true)) {
        return OFPERR_OFPGMFC_BAD_WATCH;
    }

    /* Actions: 7.3.4.2 checks them as a flow's (6.4), so a group action to
     * a group that does not exist is OFPBAC_BAD_OUT_GROUP. */
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < nb[i].n_actions; j++) {
            const struct of_action *a = &nb[i].actions[j];

            if (a->type == OFPAT_EXPERIMENTER) {
                return OFPERR_OFPBAC_BAD_EXPERIMENTER;
            }
            if (a->type != OFPAT_GROUP) {
                continue;
            }
            chains = true;
            if (a->group_id == id) {
                return OFPERR_OFPGMFC_LOOP;
            }
            if (!group_table_find(gt, a->group_id)) {
                return OFPERR_OFPBAC_BAD_OUT_GROUP;
            }
        }
    }
    if (!chains) {
        return 0;
    }

    /* 5.6, 7.3.4.2: a group mod that would create a forwarding loop is
     * refused with OFPGMFC_LOOP.  An ADD cannot close a loop: no group
     * forwards to an id that has no group. */
    if (old && reaches(gt, nb, n, id, false)) {
        return OFPERR_OFPGMFC_LOOP;
    }

    /* Chain length: for an ADD, the chains starting at the new group; for
     * a MODIFY, every chain, with the group's new buckets. */
    if (!old) {
        if (chain_length(gt, nb, n, NULL, ++gt->visit)
            > gt->config.max_chain) {
            return OFPERR_OFPGMFC_CHAINING_UNSUPPORTED;
        }
    } else {
        struct gt_view ov = { .id = id, .buckets = nb, .n = n };
        uint64_t mark = ++gt->visit;

        for (size_t i = 0; i < gt->n_slots; i++) {
            struct group *g = gt->slots[i].group;
            const struct group_bucket *b;
            size_t bn;

            if (!g || g->visit == mark) {
                continue;
            }
            view_buckets(g, &ov, &b, &bn);
            g->depth = chain_length(gt, b, bn, &ov, mark);
            g->visit = mark;
            if (g->depth > gt->config.max_chain) {
                return OFPERR_OFPGMFC_CHAINING_UNSUPPORTED;
            }
        }
    }
    return 0;
}

static enum ofperr
add_or_modify(struct group_table *gt, const struct of_group_mod *gm,
              long long now)
{
    struct group_bucket *nb;
    struct group *g;
    enum ofperr error;

    if (gm->type > OFPGT_FF) {
        return OFPERR_OFPGMFC_BAD_TYPE;
    }
    if (gm->group_id > OFPG_MAX) {
        return OFPERR_OFPGMFC_INVALID_GROUP;
    }

    /* 7.3.4.2: ADD of an existing group, MODIFY of a missing one. */
    g = group_table_find(gt, gm->group_id);
    if (gm->command == OFPGC_ADD && g) {
        return OFPERR_OFPGMFC_GROUP_EXISTS;
    }
    if (gm->command == OFPGC_MODIFY && !g) {
        return OFPERR_OFPGMFC_UNKNOWN_GROUP;
    }
    if ((!g || g->type != gm->type)
        && gt->n_by_type[gm->type] >= gt->config.max_groups[gm->type]) {
        return OFPERR_OFPGMFC_OUT_OF_GROUPS;
    }

    nb = buckets_copy(gm);
    error = check_buckets(gt, gm, g, nb);
    if (error) {
        free(nb);
        return error;
    }

    if (g) {
        ref_targets(gt, g->buckets, g->n_buckets, -1);
        free(g->buckets);
        gt->n_by_type[g->type]--;
    } else {
        g = xzalloc(sizeof *g);
        g->id = gm->group_id;
        slot_insert(gt, g);
    }
    g->type = gm->type;
    g->buckets = nb;
    g->n_buckets = gm->n_buckets;
    g->packet_count = 0;
    g->byte_count = 0;
    g->created = now;
    gt->n_by_type[g->type]++;
    ref_targets(gt, g->buckets, g->n_buckets, 1);
    return 0;
}

static void
remove_group(struct group_table *gt, struct group *g)
{
    ref_targets(gt, g->buckets, g->n_buckets, -1);
    gt->n_by_type[g->type]--;
    slot_remove(gt, g->id);
    group_free(g);
}

static int
compare_groups(const void *a_, const void *b_)
{
    const struct group *const *a = a_;
    const struct group *const *b = b_;

    return (*a)->id < (*b)->id ? -1 : (*a)->id > (*b)->id;
}

/* Returns every group with id 'id' (or all for OFPG_ALL) in a new array
 * (caller frees), by ascending id, and stores their number in '*np'. */
static struct group **
collect(const struct group_table *gt, uint32_t id, size_t *np)
{
    struct group **groups;
    size_t n = 0;

    if (id != OFPG_ALL) {
        struct group *g = group_table_find(gt, id);

        *np = g ? 1 : 0;
        if (!g) {
            return NULL;
        }
        groups = xmalloc(sizeof *groups);
        groups[0] = g;
        return groups;
    }
    groups = xmalloc((gt->n_groups ? gt->n_groups : 1) * sizeof *groups);
    for (size_t i = 0; i < gt->n_slots; i++) {
        if (gt->slots[i].group) {
            groups[n++] = gt->slots[i].group;
        }
    }
    qsort(groups, n, sizeof *groups, compare_groups);
    *np = n;
    return groups;
}

static enum ofperr
delete(struct group_table *gt, const struct of_group_mod *gm,
       struct arena *arena, uint32_t **deletedp, size_t *n_deletedp)
{
    struct group **groups;
    size_t n;

    if (gm->group_id > OFPG_MAX && gm->group_id != OFPG_ALL) {
        return OFPERR_OFPGMFC_INVALID_GROUP;
    }
    /* 1.3.5, EXT-510: a DELETE carries no buckets. */
    if (gm->n_buckets) {
        return OFPERR_OFPGMFC_INVALID_GROUP;
    }
    groups = collect(gt, gm->group_id, &n);

    /* OFPGFC_CHAINING_CHECKS: a group that another group forwards to
     * stays (OFPGMFC_CHAINED_GROUP, "group not deleted because another
     * group is forwarding to it"); OFPG_ALL takes the forwarders too. */
    if (gm->group_id != OFPG_ALL && n && groups[0]->n_group_refs) {
        free(groups);
        return OFPERR_OFPGMFC_CHAINED_GROUP;
    }
    for (size_t i = 0; i < n; i++) {
        if (deletedp) {
            uint32_t *id = arena_push(arena, (void **) deletedp, n_deletedp,
                                      sizeof *id);

            *id = groups[i]->id;
        }
        if (gm->group_id == OFPG_ALL) {
            group_free(groups[i]);
        } else {
            remove_group(gt, groups[i]);
        }
    }
    if (gm->group_id == OFPG_ALL) {
        memset(gt->slots, 0, gt->n_slots * sizeof *gt->slots);
        gt->n_groups = 0;
        memset(gt->n_by_type, 0, sizeof gt->n_by_type);
    }
    free(groups);
    return 0;
}

enum ofperr
group_table_group_mod(struct group_table *gt, const struct of_group_mod *gm,
                      long long now, struct arena *arena,
                      uint32_t **deletedp, size_t *n_deletedp)
{
    if (gm->command == OFPGC_ADD || gm->command == OFPGC_MODIFY) {
        return add_or_modify(gt, gm, now);
    } else if (gm->command == OFPGC_DELETE) {
        return delete(gt, gm, arena, deletedp, n_deletedp);
    }
    return OFPERR_OFPGMFC_BAD_COMMAND;
}

/* ---- References from flows ---- */

enum ofperr
group_table_check_actions(const struct group_table *gt,
                          const struct of_action *actions, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (actions[i].type == OFPAT_GROUP
            && !group_table_find(gt, actions[i].group_id)) {
            return OFPERR_OFPBAC_BAD_OUT_GROUP;
        }
    }
    return 0;
}

static void
ref_flow(struct group_table *gt, const struct of_action *actions, size_t n,
         int delta)
{
    uint64_t mark = ++gt->visit;

    for (size_t i = 0; i < n; i++) {
        struct group *g;

        if (actions[i].type != OFPAT_GROUP) {
            continue;
        }
        g = group_table_find(gt, actions[i].group_id);
        if (g && g->visit != mark) {
            g->visit = mark;
            if (delta > 0 || g->n_flow_refs) {
                g->n_flow_refs += delta;
            }
        }
    }
}

void
group_table_ref_flow(struct group_table *gt, const struct of_action *actions,
                     size_t n)
{
    ref_flow(gt, actions, n, 1);
}

void
group_table_unref_flow(struct group_table *gt,
                       const struct of_action *actions, size_t n)
{
    ref_flow(gt, actions, n, -1);
}

/* ---- Liveness ---- */

static bool group_live(struct group_table *, struct group *, int depth);

/* 5.6.1: a bucket is live if it watches nothing, or its watch_port is
 * live, or its watch_group is. */
static bool
bucket_live(struct group_table *gt, const struct group_bucket *b, int depth)
{
    if (b->watch_port == OFPP_ANY && b->watch_group == OFPG_ANY) {
        return true;
    }
    if (b->watch_port != OFPP_ANY
        && (!gt->port_live || gt->port_live(gt->aux, b->watch_port))) {
        return true;
    }
    if (b->watch_group != OFPG_ANY) {
        struct group *g = group_table_find(gt, b->watch_group);

        return g && group_live(gt, g, depth + 1);
    }
    return false;
}

/* A group is live if any of its buckets is.  Evaluated once per query:
 * the answer is kept in the group. */
static bool
group_live(struct group_table *gt, struct group *g, int depth)
{
    if (g->live_query == gt->live_query) {
        return g->live;
    }
    g->live = false;
    if (depth < GROUP_TABLE_MAX_WATCH_DEPTH) {
        for (size_t i = 0; i < g->n_buckets; i++) {
            if (bucket_live(gt, &g->buckets[i], depth)) {
                g->live = true;
                break;
            }
        }
    }
    g->live_query = gt->live_query;
    return g->live;
}

bool
group_table_group_is_live(struct group_table *gt, struct group *g)
{
    gt->live_query++;
    return group_live(gt, g, 0);
}

bool
group_table_bucket_is_live(struct group_table *gt,
                           const struct group_bucket *b)
{
    gt->live_query++;
    return bucket_live(gt, b, 0);
}

/* ---- Selection ---- */

/* SELECT: weighted rendezvous hashing.  Bucket i draws u_i, uniform in
 * (0, 1], from (hash, i), and scores -ln(u_i) / weight_i, an exponential
 * variable of rate weight_i; the least score wins, which happens with
 * probability weight_i / sum(weights).  log2 stands in for ln (the same
 * factor on every score), in fixed point; scores are compared by cross
 * multiplication.  Liveness is asked only of a bucket that beats the best
 * live one so far, which gives the best live bucket. */
static struct group_bucket *
choose_select(struct group_table *gt, const struct group *g, uint32_t hash)
{
    struct group_bucket *best = NULL;
    uint64_t best_score = 0;
    uint64_t best_weight = 1;

    for (size_t i = 0; i < g->n_buckets; i++) {
        struct group_bucket *b = &g->buckets[i];
        uint64_t score;

        if (!b->weight) {
            continue;
        }
        score = neg_log2(gt, mix32(hash ^ mix32((uint32_t) i + 1)));
        if ((!best || score * best_weight < best_score * b->weight)
            && bucket_live(gt, b, 0)) {
            best = b;
            best_score = score;
            best_weight = b->weight;
        }
    }
    return best;
}

size_t
group_table_choose(struct group_table *gt, const struct group *g,
                   uint32_t hash, struct group_bucket **bucketsp)
{
    struct group_bucket *b = NULL;

    gt->live_query++;
    switch ((enum ofp_group_type) g->type) {
    case OFPGT_ALL:
        *bucketsp = g->n_buckets ? g->buckets : NULL;
        return g->n_buckets;
    case OFPGT_INDIRECT:
        b = g->n_buckets ? &g->buckets[0] : NULL;
        break;
    case OFPGT_FF:
        /* 5.6.1: the first live bucket, in the group's order. */
        for (size_t i = 0; i < g->n_buckets; i++) {
            if (bucket_live(gt, &g->buckets[i], 0)) {
                b = &g->buckets[i];
                break;
            }
        }
        break;
    case OFPGT_SELECT:
        b = choose_select(gt, g, hash);
        break;
    }
    *bucketsp = b;
    return b != NULL;
}

/* ---- Statistics and descriptions ---- */

void
group_table_stats(const struct group_table *gt, uint32_t group_id,
                  long long now, struct arena *arena,
                  struct of_group_stats **statsp, size_t *np)
{
    size_t n;
    struct group **groups = collect(gt, group_id, &n);

    for (size_t i = 0; i < n; i++) {
        const struct group *g = groups[i];
        struct of_group_stats *gs = arena_push(arena, (void **) statsp, np,
                                               sizeof *gs);
        long long age = MAX(0, now - g->created);

        gs->group_id = g->id;
        gs->ref_count = g->n_flow_refs + g->n_group_refs;
        gs->packet_count = g->packet_count;
        gs->byte_count = g->byte_count;
        gs->duration_sec = age / 1000000000;
        gs->duration_nsec = age % 1000000000;
        gs->n_buckets = g->n_buckets;
        gs->buckets = (g->n_buckets
                       ? arena_alloc(arena,
                                     g->n_buckets * sizeof *gs->buckets)
                       : NULL);
        for (size_t j = 0; j < g->n_buckets; j++) {
            gs->buckets[j].packet_count = g->buckets[j].packet_count;
            gs->buckets[j].byte_count = g->buckets[j].byte_count;
        }
    }
    free(groups);
}

void
group_table_desc(const struct group_table *gt, struct arena *arena,
                 struct of_group_desc **descsp, size_t *np)
{
    size_t n;
    struct group **groups = collect(gt, OFPG_ALL, &n);

    for (size_t i = 0; i < n; i++) {
        const struct group *g = groups[i];
        struct of_group_desc *gd = arena_push(arena, (void **) descsp, np,
                                              sizeof *gd);

        gd->type = g->type;
        gd->group_id = g->id;
        gd->n_buckets = g->n_buckets;
        gd->buckets = (g->n_buckets
                       ? arena_alloc(arena,
                                     g->n_buckets * sizeof *gd->buckets)
                       : NULL);
        for (size_t j = 0; j < g->n_buckets; j++) {
            const struct group_bucket *b = &g->buckets[j];
            struct of_bucket *ob = &gd->buckets[j];

            ob->weight = b->weight;
            ob->watch_port = b->watch_port;
            ob->watch_group = b->watch_group;
            ob->n_actions = b->n_actions;
            ob->actions = (b->n_actions
                           ? arena_memdup(arena, b->actions,
                                          b->n_actions * sizeof *b->actions)
                           : NULL);
        }
    }
    free(groups);
}

/* Every OpenFlow 1.3 action type but experimenter. */
#define GT_ACTIONS ((UINT32_C(1) << OFPAT_OUTPUT)                       \
                    | (UINT32_C(1) << OFPAT_COPY_TTL_OUT)               \
                    | (UINT32_C(1) << OFPAT_COPY_TTL_IN)                \
                    | (UINT32_C(1) << OFPAT_SET_MPLS_TTL)               \
                    | (UINT32_C(1) << OFPAT_DEC_MPLS_TTL)               \
                    | (UINT32_C(1) << OFPAT_PUSH_VLAN)                  \
                    | (UINT32_C(1) << OFPAT_POP_VLAN)                   \
                    | (UINT32_C(1) << OFPAT_PUSH_MPLS)                  \
                    | (UINT32_C(1) << OFPAT_POP_MPLS)                   \
                    | (UINT32_C(1) << OFPAT_SET_QUEUE)                  \
                    | (UINT32_C(1) << OFPAT_GROUP)                      \
                    | (UINT32_C(1) << OFPAT_SET_NW_TTL)                 \
                    | (UINT32_C(1) << OFPAT_DEC_NW_TTL)                 \
                    | (UINT32_C(1) << OFPAT_SET_FIELD)                  \
                    | (UINT32_C(1) << OFPAT_PUSH_PBB)                   \
                    | (UINT32_C(1) << OFPAT_POP_PBB))

void
group_table_features(const struct group_table *gt,
                     struct of_group_features *gf)
{
    memset(gf, 0, sizeof *gf);
    gf->types = ((1u << OFPGT_ALL) | (1u << OFPGT_SELECT)
                 | (1u << OFPGT_INDIRECT) | (1u << OFPGT_FF));
    gf->capabilities = (OFPGFC_SELECT_WEIGHT | OFPGFC_SELECT_LIVENESS
                        | OFPGFC_CHAINING | OFPGFC_CHAINING_CHECKS);
    for (int t = 0; t < 4; t++) {
        gf->max_groups[t] = gt->config.max_groups[t];
        gf->actions[t] = GT_ACTIONS;
    }
}
