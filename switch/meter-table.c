#include "switch/meter-table.h"

#include <stdlib.h>
#include <string.h>

#include "ofproto/arena.h"
#include "ofproto/util.h"

/* Fewest slots of the id hash table. */
#define MT_MIN_SLOTS 16

/* Token units per packet (pktps) and per kilobit of burst (both): a
 * billionth of a packet, a millionth of a bit. */
#define MT_UNITS_PER_PACKET INT64_C(1000000000)
#define MT_UNITS_PER_KILOBIT INT64_C(1000000000)
#define MT_UNITS_PER_BYTE INT64_C(8000000)

#define MT_FLAGS (OFPMF_KBPS | OFPMF_PKTPS | OFPMF_BURST | OFPMF_STATS)

struct meter_band {
    /* As configured. */
    uint16_t type;              /* OFPMBT_DROP or OFPMBT_DSCP_REMARK. */
    uint8_t prec_level;
    uint32_t rate;              /* Units per nanosecond. */
    uint32_t burst_size;

    /* The token bucket, in units (see meter-table.h). */
    int64_t capacity;
    int64_t tokens;             /* Below 0 after a packet larger than the
                                 * whole bucket. */

    uint64_t packet_count;      /* Packets it applied to. */
    uint64_t byte_count;
};

struct meter {
    uint32_t id;
    uint16_t flags;             /* OFPMF_*, as configured. */
    bool pktps;
    uint32_t flow_count;
    uint64_t packet_count;
    uint64_t byte_count;
    long long created;          /* ns. */
    long long last;             /* ns: when the buckets were filled. */
    struct meter_band *bands;   /* In the message's order. */
    uint8_t *order;             /* Indexes into 'bands', highest rate
                                 * first, equal rates in message order. */
    size_t n_bands;
};

/* One slot of the id hash table (open addressing, linear probing). */
struct mt_slot {
    uint32_t id;
    struct meter *meter;        /* NULL: empty. */
};

struct meter_table {
    struct meter_table_config config;
    struct mt_slot *slots;
    size_t n_slots;             /* A power of 2. */
    size_t n_meters;
};

/* ---- The id hash table ---- */

static size_t
slot_home(const struct meter_table *mt, uint32_t id)
{
    uint32_t h = id;

    /* MurmurHash3's finalizer. */
    h ^= h >> 16;
    h *= 0x85ebca6bu;
    h ^= h >> 13;
    h *= 0xc2b2ae35u;
    h ^= h >> 16;
    return h & (mt->n_slots - 1);
}

static struct mt_slot *
slot_find(const struct meter_table *mt, uint32_t id)
{
    size_t mask = mt->n_slots - 1;

    for (size_t i = slot_home(mt, id); ; i = (i + 1) & mask) {
        struct mt_slot *s = &mt->slots[i];

        if (!s->meter || s->id == id) {
            return s;
        }
    }
}

struct meter *
meter_table_find(const struct meter_table *mt, uint32_t id)
{
    return slot_find(mt, id)->meter;
}

static void
slots_resize(struct meter_table *mt, size_t n_slots)
{
    struct mt_slot *old = mt->slots;
    size_t n_old = mt->n_slots;

    mt->slots = xcalloc(n_slots, sizeof *mt->slots);
    mt->n_slots = n_slots;
    for (size_t i = 0; i < n_old; i++) {
        if (old[i].meter) {
            *slot_find(mt, old[i].id) = old[i];
        }
    }
    free(old);
}

static void
slot_insert(struct meter_table *mt, struct meter *m)
{
    struct mt_slot *s;

    if (2 * (mt->n_meters + 1) > mt->n_slots) {
        slots_resize(mt, 2 * mt->n_slots);
    }
    s = slot_find(mt, m->id);
    s->id = m->id;
    s->meter = m;
    mt->n_meters++;
}

/* Removes 'id' (which is in the table), moving later slots of the same
 * probe sequence back (Knuth, 6.4, Algorithm R). */
static void
slot_remove(struct meter_table *mt, uint32_t id)
{
    size_t mask = mt->n_slots - 1;
    size_t i = slot_find(mt, id) - mt->slots;

    mt->slots[i].meter = NULL;
    for (size_t j = (i + 1) & mask; mt->slots[j].meter; j = (j + 1) & mask) {
        size_t k = slot_home(mt, mt->slots[j].id);

        if (i <= j ? (i < k && k <= j) : (i < k || k <= j)) {
            continue;
        }
        mt->slots[i] = mt->slots[j];
        mt->slots[j].meter = NULL;
        i = j;
    }
    mt->n_meters--;
}

/* ---- Create and destroy ---- */

void
meter_table_config_default(struct meter_table_config *config)
{
    config->max_meters = 65536;
    config->max_bands = 16;
}

struct meter_table *
meter_table_create(const struct meter_table_config *config)
{
    struct meter_table *mt = xzalloc(sizeof *mt);

    if (config) {
        mt->config = *config;
    } else {
        meter_table_config_default(&mt->config);
    }
    mt->slots = xcalloc(MT_MIN_SLOTS, sizeof *mt->slots);
    mt->n_slots = MT_MIN_SLOTS;
    return mt;
}

static void
meter_free(struct meter *m)
{
    if (m) {
        free(m->bands);
        free(m->order);
        free(m);
    }
}

void
meter_table_destroy(struct meter_table *mt)
{
    if (!mt) {
        return;
    }
    for (size_t i = 0; i < mt->n_slots; i++) {
        meter_free(mt->slots[i].meter);
    }
    free(mt->slots);
    free(mt);
}

const struct meter_table_config *
meter_table_get_config(const struct meter_table *mt)
{
    return &mt->config;
}

size_t
meter_table_count(const struct meter_table *mt)
{
    return mt->n_meters;
}

/* ---- Meter mods ---- */

static bool
meter_id_ok(uint32_t id, bool delete)
{
    /* 7.3.4.4: meters 1 to OFPM_MAX, and the virtual meters. */
    return ((id && id <= OFPM_MAX)
            || id == OFPM_SLOWPATH || id == OFPM_CONTROLLER
            || (delete && id == OFPM_ALL));
}

static enum ofperr
check_bands(const struct meter_table *mt, const struct of_meter_mod *mm)
{
    if (mm->n_bands > mt->config.max_bands) {
        return OFPERR_OFPMMFC_OUT_OF_BANDS;
    }
    for (size_t i = 0; i < mm->n_bands; i++) {
        const struct of_meter_band *b = &mm->bands[i];

        if (b->type != OFPMBT_DROP && b->type != OFPMBT_DSCP_REMARK) {
            return OFPERR_OFPMMFC_BAD_BAND;
        }
        if (!b->rate) {
            return OFPERR_OFPMMFC_BAD_RATE;
        }
        /* A burst of nothing would let no packet through. */
        if (mm->flags & OFPMF_BURST && !b->burst_size) {
            return OFPERR_OFPMMFC_BAD_BURST;
        }
        if (b->type == OFPMBT_DSCP_REMARK && b->prec_level > 63) {
            return OFPERR_OFPMMFC_BAD_BAND_VALUE;
        }
    }
    return 0;
}

static int64_t
band_capacity(const struct of_meter_band *b, uint16_t flags)
{
    int64_t capacity;

    if (flags & OFPMF_BURST) {
        return (int64_t) b->burst_size * MT_UNITS_PER_KILOBIT;
    }
    capacity = (int64_t) b->rate * METER_DEFAULT_BURST_NS;
    if (flags & OFPMF_PKTPS) {
        return MAX(capacity, 2 * MT_UNITS_PER_PACKET);
    }
    return MAX(capacity, 2 * METER_MIN_BURST_FRAME * MT_UNITS_PER_BYTE);
}

/* Installs the flags and bands of 'mm' into 'm' at 'now', buckets full. */
static void
meter_configure(struct meter *m, const struct of_meter_mod *mm,
                long long now)
{
    size_t n = mm->n_bands;

    free(m->bands);
    free(m->order);
    m->flags = mm->flags;
    m->pktps = (mm->flags & OFPMF_PKTPS) != 0;
    m->last = now;
    m->n_bands = n;
    m->bands = n ? xcalloc(n, sizeof *m->bands) : NULL;
    m->order = n ? xmalloc(n) : NULL;
    for (size_t i = 0; i < n; i++) {
        const struct of_meter_band *ob = &mm->bands[i];
        struct meter_band *b = &m->bands[i];
        size_t j;

        b->type = ob->type;
        b->prec_level = ob->prec_level;
        b->rate = ob->rate;
        b->burst_size = ob->burst_size;
        b->capacity = band_capacity(ob, mm->flags);
        b->tokens = b->capacity;

        /* Insertion sort by descending rate, stable. */
        for (j = i; j > 0 && m->bands[m->order[j - 1]].rate < b->rate; j--) {
            m->order[j] = m->order[j - 1];
        }
        m->order[j] = i;
    }
}

static int
compare_meters(const void *a_, const void *b_)
{
    const struct meter *const *a = a_;
    const struct meter *const *b = b_;

    return (*a)->id < (*b)->id ? -1 : (*a)->id > (*b)->id;
}

/* Returns meter 'id' (or every meter for OFPM_ALL) in a new array (caller
 * frees), by ascending id, and stores their number in '*np'. */
static struct meter **
collect(const struct meter_table *mt, uint32_t id, size_t *np)
{
    struct meter **meters;
    size_t n = 0;

    if (id != OFPM_ALL) {
        struct meter *m = meter_table_find(mt, id);

        *np = m ? 1 : 0;
        if (!m) {
            return NULL;
        }
        meters = xmalloc(sizeof *meters);
        meters[0] = m;
        return meters;
    }
    meters = xmalloc((mt->n_meters ? mt->n_meters : 1) * sizeof *meters);
    for (size_t i = 0; i < mt->n_slots; i++) {
        if (mt->slots[i].meter) {
            meters[n++] = mt->slots[i].meter;
        }
    }
    qsort(meters, n, sizeof *meters, compare_meters);
    *np = n;
    return meters;
}

static void
delete(struct meter_table *mt, uint32_t id, struct arena *arena,
       uint32_t **deletedp, size_t *n_deletedp)
{
    size_t n;
    struct meter **meters = collect(mt, id, &n);

    /* 7.3.4.4: deleting a meter that does not exist is no error. */
    for (size_t i = 0; i < n; i++) {
        if (deletedp) {
            uint32_t *idp = arena_push(arena, (void **) deletedp, n_deletedp,
                                       sizeof *idp);

            *idp = meters[i]->id;
        }
        slot_remove(mt, meters[i]->id);
        meter_free(meters[i]);
    }
    free(meters);
}

enum ofperr
meter_table_meter_mod(struct meter_table *mt, const struct of_meter_mod *mm,
                      long long now, struct arena *arena,
                      uint32_t **deletedp, size_t *n_deletedp)
{
    struct meter *m;
    enum ofperr error;

    if (mm->command != OFPMC_ADD && mm->command != OFPMC_MODIFY
        && mm->command != OFPMC_DELETE) {
        return OFPERR_OFPMMFC_BAD_COMMAND;
    }
    if (!meter_id_ok(mm->meter_id, mm->command == OFPMC_DELETE)) {
        return OFPERR_OFPMMFC_INVALID_METER;
    }
    if (mm->command == OFPMC_DELETE) {
        delete(mt, mm->meter_id, arena, deletedp, n_deletedp);
        return 0;
    }

    /* 7.3.4.4: KBPS and PKTPS exclude each other; with neither, KBPS
     * (the decoder's rule, docs/spec-decisions.md). */
    if (mm->flags & ~MT_FLAGS
        || (mm->flags & OFPMF_KBPS && mm->flags & OFPMF_PKTPS)) {
        return OFPERR_OFPMMFC_BAD_FLAGS;
    }
    m = meter_table_find(mt, mm->meter_id);
    if (mm->command == OFPMC_ADD && m) {
        return OFPERR_OFPMMFC_METER_EXISTS;
    }
    if (mm->command == OFPMC_MODIFY && !m) {
        return OFPERR_OFPMMFC_UNKNOWN_METER;
    }
    if (!m && mt->n_meters >= mt->config.max_meters) {
        return OFPERR_OFPMMFC_OUT_OF_METERS;
    }
    error = check_bands(mt, mm);
    if (error) {
        return error;
    }

    if (!m) {
        m = xzalloc(sizeof *m);
        m->id = mm->meter_id;
        m->created = now;
        slot_insert(mt, m);
    }
    meter_configure(m, mm, now);
    return 0;
}

/* ---- References from flows ---- */

void
meter_table_ref_flow(struct meter_table *mt, uint32_t meter_id)
{
    struct meter *m = meter_table_find(mt, meter_id);

    if (m) {
        m->flow_count++;
    }
}

void
meter_table_unref_flow(struct meter_table *mt, uint32_t meter_id)
{
    struct meter *m = meter_table_find(mt, meter_id);

    if (m && m->flow_count) {
        m->flow_count--;
    }
}

/* ---- Metering ---- */

/* The tokens of 'b' once 'elapsed' more nanoseconds have brought theirs,
 * up to its capacity.  The product cannot overflow: it is taken only when
 * it fits in the room left, and tokens never exceed the capacity. */
static int64_t
band_filled(const struct meter_band *b, uint64_t elapsed)
{
    uint64_t room = b->capacity - b->tokens;

    if (elapsed > room / b->rate) {
        return b->capacity;
    }
    return b->tokens + (int64_t) (elapsed * b->rate);
}

static int64_t
meter_cost(const struct meter *m, uint32_t n_packets, uint32_t n_bytes)
{
    return (m->pktps ? (int64_t) n_packets * MT_UNITS_PER_PACKET
                     : (int64_t) n_bytes * MT_UNITS_PER_BYTE);
}

/* Whether a frame of 'cost' conforms to a band holding 'tokens'. */
static bool
band_conforms(const struct meter_band *b, int64_t tokens, int64_t cost)
{
    return tokens >= MIN(cost, b->capacity);
}

enum meter_verdict
meter_apply(struct meter *m, long long now, uint32_t n_packets,
            uint32_t n_bytes, uint8_t *prec_level)
{
    int64_t cost = meter_cost(m, n_packets, n_bytes);
    struct meter_band *applied = NULL;

    m->packet_count += n_packets;
    m->byte_count += n_bytes;
    if (now > m->last) {
        uint64_t elapsed = now - m->last;

        for (size_t i = 0; i < m->n_bands; i++) {
            m->bands[i].tokens = band_filled(&m->bands[i], elapsed);
        }
        m->last = now;
    }

    /* 5.7: the band of highest rate that the packet exceeds applies;
     * bands of higher rates, which it conforms to, are charged. */
    for (size_t k = 0; k < m->n_bands; k++) {
        struct meter_band *b = &m->bands[m->order[k]];

        if (band_conforms(b, b->tokens, cost)) {
            b->tokens -= cost;
        } else {
            applied = b;
            break;
        }
    }
    if (!applied) {
        return METER_PASS;
    }
    applied->packet_count += n_packets;
    applied->byte_count += n_bytes;
    if (applied->type == OFPMBT_DSCP_REMARK) {
        *prec_level = applied->prec_level;
        return METER_REMARK;
    }
    return METER_DROP;
}

enum meter_verdict
meter_peek(const struct meter *m, long long now, uint32_t n_packets,
           uint32_t n_bytes, struct meter_band_info *info)
{
    int64_t cost = meter_cost(m, n_packets, n_bytes);
    uint64_t elapsed = now > m->last ? now - m->last : 0;

    for (size_t k = 0; k < m->n_bands; k++) {
        const struct meter_band *b = &m->bands[m->order[k]];

        if (!band_conforms(b, band_filled(b, elapsed), cost)) {
            info->index = m->order[k];
            info->type = b->type;
            info->rate = b->rate;
            info->pktps = m->pktps;
            info->prec_level = b->prec_level;
            return (b->type == OFPMBT_DSCP_REMARK ? METER_REMARK
                                                  : METER_DROP);
        }
    }
    return METER_PASS;
}

uint32_t
meter_id(const struct meter *m)
{
    return m->id;
}

uint8_t
meter_dscp_remark(uint8_t dscp, uint8_t prec_level)
{
    unsigned int class = (dscp >> 3) & 7;
    unsigned int drop = (dscp >> 1) & 3;

    dscp &= 0x3f;
    if (!prec_level) {
        return dscp;
    }
    /* RFC 2597: AFcd is class c (1 to 4), drop precedence d (1 to 3). */
    if (!(dscp & 1) && class >= 1 && class <= 4 && drop >= 1) {
        drop = MIN(3u, drop + prec_level);
        return (class << 3) | (drop << 1);
    }
    /* RFC 2474, 4.2.2: class selectors, higher is better. */
    class = class > prec_level ? class - prec_level : 0;
    return class << 3;
}

/* ---- Statistics, configuration, features ---- */

void
meter_table_stats(const struct meter_table *mt, uint32_t meter_id,
                  long long now, struct arena *arena,
                  struct of_meter_stats **statsp, size_t *np)
{
    size_t n;
    struct meter **meters = collect(mt, meter_id, &n);

    for (size_t i = 0; i < n; i++) {
        const struct meter *m = meters[i];
        struct of_meter_stats *ms = arena_push(arena, (void **) statsp, np,
                                               sizeof *ms);
        long long age = MAX(0, now - m->created);

        ms->meter_id = m->id;
        ms->flow_count = m->flow_count;
        ms->packet_in_count = m->packet_count;
        ms->byte_in_count = m->byte_count;
        ms->duration_sec = age / 1000000000;
        ms->duration_nsec = age % 1000000000;
        ms->n_bands = m->n_bands;
        ms->bands = (m->n_bands
                     ? arena_alloc(arena, m->n_bands * sizeof *ms->bands)
                     : NULL);
        for (size_t j = 0; j < m->n_bands; j++) {
            ms->bands[j].packet_band_count = m->bands[j].packet_count;
            ms->bands[j].byte_band_count = m->bands[j].byte_count;
        }
    }
    free(meters);
}

void
meter_table_configs(const struct meter_table *mt, uint32_t meter_id,
                    struct arena *arena, struct of_meter_config **configsp,
                    size_t *np)
{
    size_t n;
    struct meter **meters = collect(mt, meter_id, &n);

    for (size_t i = 0; i < n; i++) {
        const struct meter *m = meters[i];
        struct of_meter_config *mc = arena_push(arena, (void **) configsp,
                                                np, sizeof *mc);

        mc->flags = m->flags;
        mc->meter_id = m->id;
        mc->n_bands = m->n_bands;
        mc->bands = (m->n_bands
                     ? arena_alloc(arena, m->n_bands * sizeof *mc->bands)
                     : NULL);
        for (size_t j = 0; j < m->n_bands; j++) {
            const struct meter_band *b = &m->bands[j];
            struct of_meter_band *ob = &mc->bands[j];

            ob->type = b->type;
            ob->rate = b->rate;
            ob->burst_size = b->burst_size;
            ob->prec_level = b->prec_level;
        }
    }
    free(meters);
}

void
meter_table_features(const struct meter_table *mt,
                     struct of_meter_features *mf)
{
    memset(mf, 0, sizeof *mf);
    mf->max_meter = mt->config.max_meters;
    mf->band_types = (1u << OFPMBT_DROP) | (1u << OFPMBT_DSCP_REMARK);
    mf->capabilities = MT_FLAGS;
    mf->max_bands = mt->config.max_bands;
    mf->max_color = 0;
}
