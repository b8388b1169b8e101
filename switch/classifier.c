#include "switch/classifier.h"

#include <stdlib.h>
#include <string.h>

#include "ofproto/util.h"

/* Fewest slots a subtable has. */
#define CLS_MIN_SLOTS 8

/* Subtables with at most this many slots are looked up in batches without
 * prefetching (they stay in the CPU's caches). */
#define CLS_BATCH_SMALL 4096

struct classifier_rule {
    struct classifier_rule *lower;  /* Same key, next lower priority. */
    struct cls_subtable *subtable;
    void *data;
    uint64_t seq;                   /* Insertion order, for ties. */
    uint32_t hash;                  /* Of the masked key. */
    uint32_t priority;
    uint64_t words[];               /* Masked key: subtable->n_words. */
};

/* One key's chain in a subtable's open-addressing table (linear probing).
 * The hash is kept in the slot so that a probe past other keys does not
 * touch their rules. */
struct cls_slot {
    uint32_t hash;
    struct classifier_rule *head;   /* NULL: empty slot. */
};

/* How many rules of one priority a subtable holds. */
struct cls_prio {
    uint32_t priority;
    uint32_t count;
};

struct cls_subtable {
    /* What a lookup reads, first. */
    uint32_t max_priority;          /* == prios[0].priority. */
    uint32_t n_words;               /* Words the mask touches. */
    size_t n_slots;                 /* A power of 2. */
    struct cls_slot *slots;
    uint8_t idx[FLOW_U64S];         /* The words' indexes in struct flow. */
    uint64_t mwords[FLOW_U64S];     /* Their mask bits. */

    size_t n_keys;                  /* Distinct keys: used slots. */
    size_t n_rules;                 /* In the classifier. */
    size_t n_refs;                  /* Rules allocated: + detached ones. */
    bool orphan;                    /* No longer in a classifier. */
    struct cls_prio *prios;         /* Descending priority. */
    size_t n_prios;
    size_t allocated_prios;
    uint32_t mask_hash;             /* Of the whole mask. */
    uint64_t mask[FLOW_U64S];       /* The whole mask. */
};

_Static_assert(FLOW_U64S <= UINT8_MAX, "word indexes fit in uint8_t");

/* ---- Words and hashes ---- */

/* Copies 'flow' into an array of words.  (A copy rather than a cast,
 * because struct flow is not an array of uint64_t as far as the compiler's
 * aliasing rules go; it compiles to a few vector moves.) */
static inline void
flow_to_words(const struct flow *flow, uint64_t words[FLOW_U64S])
{
    memcpy(words, flow, sizeof *flow);
}

static inline uint64_t
hash_add(uint64_t h, uint64_t w)
{
    h = (h + w) * 0x9e3779b97f4a7c15ull;
    return h ^ (h >> 29);
}

static inline uint32_t
hash_finish(uint64_t h, size_t n)
{
    h ^= n;
    h ^= h >> 32;
    h *= 0xbf58476d1ce4e5b9ull;
    h ^= h >> 29;
    return (uint32_t) h;
}

/* Hashes the 'n' masked words at 'words'. */
static inline uint32_t
hash_words(const uint64_t *words, size_t n)
{
    uint64_t h = 0;

    for (size_t i = 0; i < n; i++) {
        h = hash_add(h, words[i]);
    }
    return hash_finish(h, n);
}

/* Stores the words of 'flow' (as an array of FLOW_U64S words) that 'st'
 * uses, masked, in 'out', and returns their hash. */
static inline uint32_t
subtable_mask_words(const struct cls_subtable *st, const uint64_t *flow,
                    uint64_t *out)
{
    uint64_t h = 0;

    for (size_t i = 0; i < st->n_words; i++) {
        out[i] = flow[st->idx[i]] & st->mwords[i];
        h = hash_add(h, out[i]);
    }
    return hash_finish(h, st->n_words);
}

/* Like subtable_mask_words(), reading the words straight from 'flow'
 * (lookups: no copy of the whole key). */
static inline uint32_t
subtable_mask_flow(const struct cls_subtable *st, const struct flow *flow,
                   uint64_t *out)
{
    const uint8_t *f = (const uint8_t *) flow;
    uint64_t h = 0;

    for (size_t i = 0; i < st->n_words; i++) {
        uint64_t w;

        memcpy(&w, f + st->idx[i] * sizeof w, sizeof w);
        out[i] = w & st->mwords[i];
        h = hash_add(h, out[i]);
    }
    return hash_finish(h, st->n_words);
}

static inline bool
words_equal(const uint64_t *a, const uint64_t *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (a[i] != b[i]) {
            return false;
        }
    }
    return true;
}

/* ---- Subtables ---- */

static struct cls_subtable *
subtable_create(const uint64_t mask[FLOW_U64S], uint32_t mask_hash)
{
    struct cls_subtable *st = xzalloc(sizeof *st);

    st->mask_hash = mask_hash;
    memcpy(st->mask, mask, sizeof st->mask);
    for (size_t i = 0; i < FLOW_U64S; i++) {
        if (mask[i]) {
            st->idx[st->n_words] = i;
            st->mwords[st->n_words] = mask[i];
            st->n_words++;
        }
    }
    st->n_slots = CLS_MIN_SLOTS;
    st->slots = xcalloc(st->n_slots, sizeof *st->slots);
    return st;
}

/* Takes 'st' out of service: frees the rules in it, its index and, unless
 * detached rules still refer to it, the subtable itself (the last one's
 * classifier_rule_free() does it then). */
static void
subtable_destroy(struct cls_subtable *st)
{
    for (size_t i = 0; i < st->n_slots; i++) {
        struct classifier_rule *r, *lower;

        for (r = st->slots[i].head; r; r = lower) {
            lower = r->lower;
            free(r);
            st->n_refs--;
        }
    }
    free(st->slots);
    free(st->prios);
    st->slots = NULL;
    st->prios = NULL;
    st->n_slots = st->n_prios = st->n_rules = st->n_keys = 0;
    st->orphan = true;
    if (!st->n_refs) {
        free(st);
    }
}

static void
subtable_rehash(struct cls_subtable *st, size_t n_slots)
{
    struct cls_slot *slots = xcalloc(n_slots, sizeof *slots);

    for (size_t i = 0; i < st->n_slots; i++) {
        if (st->slots[i].head) {
            size_t j = st->slots[i].hash & (n_slots - 1);

            while (slots[j].head) {
                j = (j + 1) & (n_slots - 1);
            }
            slots[j] = st->slots[i];
        }
    }
    free(st->slots);
    st->slots = slots;
    st->n_slots = n_slots;
}

/* The slot of the chain of rules with masked key 'words' (hash 'hash'),
 * or, if there is none, the empty slot where it would go. */
static inline struct cls_slot *
subtable_find_slot(const struct cls_subtable *st, const uint64_t *words,
                   uint32_t hash)
{
    size_t mask = st->n_slots - 1;

    for (size_t i = hash & mask; ; i = (i + 1) & mask) {
        struct cls_slot *slot = &st->slots[i];

        if (!slot->head
            || (slot->hash == hash
                && words_equal(slot->head->words, words, st->n_words))) {
            return slot;
        }
    }
}

/* The head of the chain with masked key 'words', or NULL. */
static inline struct classifier_rule *
subtable_find_head(const struct cls_subtable *st, const uint64_t *words,
                   uint32_t hash)
{
    return subtable_find_slot(st, words, hash)->head;
}

/* Empties 'slot' (linear probing's deletion: later entries of the run
 * that hash at or before the hole move back into it). */
static void
subtable_clear_slot(struct cls_subtable *st, struct cls_slot *slot)
{
    size_t mask = st->n_slots - 1;
    size_t hole = slot - st->slots;

    for (size_t j = (hole + 1) & mask; st->slots[j].head;
         j = (j + 1) & mask) {
        size_t home = st->slots[j].hash & mask;

        /* Move 'j' into the hole unless its home lies cyclically in
         * (hole, j]. */
        if ((j > hole && (home <= hole || home > j))
            || (j < hole && home <= hole && home > j)) {
            st->slots[hole] = st->slots[j];
            hole = j;
        }
    }
    st->slots[hole].head = NULL;
    st->slots[hole].hash = 0;
}

/* Index in st->prios of 'priority', or where it would go. */
static size_t
subtable_prio_find(const struct cls_subtable *st, uint32_t priority,
                   bool *found)
{
    size_t lo = 0, hi = st->n_prios;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;

        if (st->prios[mid].priority == priority) {
            *found = true;
            return mid;
        } else if (st->prios[mid].priority > priority) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    *found = false;
    return lo;
}

static bool
subtable_has_priority(const struct cls_subtable *st, uint32_t priority)
{
    bool found;

    subtable_prio_find(st, priority, &found);
    return found;
}

static void
subtable_prio_add(struct cls_subtable *st, uint32_t priority)
{
    bool found;
    size_t i = subtable_prio_find(st, priority, &found);

    if (found) {
        st->prios[i].count++;
        return;
    }
    if (st->n_prios == st->allocated_prios) {
        st->allocated_prios = st->allocated_prios ? 2 * st->allocated_prios
                                                  : 4;
        st->prios = xrealloc(st->prios,
                             st->allocated_prios * sizeof *st->prios);
    }
    memmove(&st->prios[i + 1], &st->prios[i],
            (st->n_prios - i) * sizeof *st->prios);
    st->prios[i].priority = priority;
    st->prios[i].count = 1;
    st->n_prios++;
    st->max_priority = st->prios[0].priority;
}

static void
subtable_prio_remove(struct cls_subtable *st, uint32_t priority)
{
    bool found;
    size_t i = subtable_prio_find(st, priority, &found);

    if (!found) {
        of_abort("classifier: priority %u not in its subtable", priority);
    }
    if (--st->prios[i].count == 0) {
        st->n_prios--;
        memmove(&st->prios[i], &st->prios[i + 1],
                (st->n_prios - i) * sizeof *st->prios);
        if (st->n_prios) {
            st->max_priority = st->prios[0].priority;
        }
    }
}

/* ---- The subtable array ---- */

static uint32_t
mask_hash(const uint64_t mask[FLOW_U64S])
{
    return hash_words(mask, FLOW_U64S);
}

static size_t
cls_subtable_index(const struct classifier *cls,
                   const struct cls_subtable *st)
{
    for (size_t i = 0; i < cls->n_subtables; i++) {
        if (cls->subtables[i] == st) {
            return i;
        }
    }
    of_abort("classifier: subtable not found");
}

static struct cls_subtable *
cls_find_subtable(const struct classifier *cls,
                  const uint64_t mask[FLOW_U64S], uint32_t hash)
{
    for (size_t i = 0; i < cls->n_subtables; i++) {
        struct cls_subtable *st = cls->subtables[i];

        if (st->mask_hash == hash
            && !memcmp(st->mask, mask, sizeof st->mask)) {
            return st;
        }
    }
    return NULL;
}

/* Moves the subtable at index 'i', whose max priority changed, to its
 * place in the sorted array. */
static void
cls_resort(struct classifier *cls, size_t i)
{
    struct cls_subtable **a = cls->subtables;
    struct cls_subtable *st = a[i];

    while (i > 0 && a[i - 1]->max_priority < st->max_priority) {
        a[i] = a[i - 1];
        i--;
    }
    while (i + 1 < cls->n_subtables
           && a[i + 1]->max_priority > st->max_priority) {
        a[i] = a[i + 1];
        i++;
    }
    a[i] = st;
}

/* ---- Create and destroy ---- */

void
classifier_init(struct classifier *cls)
{
    memset(cls, 0, sizeof *cls);
}

void
classifier_destroy(struct classifier *cls)
{
    if (cls) {
        for (size_t i = 0; i < cls->n_subtables; i++) {
            subtable_destroy(cls->subtables[i]);
        }
        free(cls->subtables);
        memset(cls, 0, sizeof *cls);
    }
}

/* ---- Modifiers ---- */

struct classifier_rule *
classifier_insert(struct classifier *cls, const struct flow *key,
                  const struct flow *mask, uint32_t priority, void *data)
{
    uint64_t kw[FLOW_U64S], mw[FLOW_U64S], words[FLOW_U64S];
    struct classifier_rule *rule, *head;
    struct cls_subtable *st;
    struct cls_slot *slot;
    uint32_t mhash, hash;
    bool new_subtable = false;

    flow_to_words(key, kw);
    flow_to_words(mask, mw);
    mhash = mask_hash(mw);
    st = cls_find_subtable(cls, mw, mhash);
    if (!st) {
        st = subtable_create(mw, mhash);
        new_subtable = true;
    }

    hash = subtable_mask_words(st, kw, words);
    slot = subtable_find_slot(st, words, hash);
    head = slot->head;
    for (struct classifier_rule *r = head; r; r = r->lower) {
        if (r->priority == priority) {
            return NULL;        /* 'st' is not new: it holds 'r'. */
        }
    }

    rule = xmalloc(sizeof *rule + st->n_words * sizeof *rule->words);
    rule->subtable = st;
    rule->data = data;
    rule->seq = cls->next_seq++;
    rule->hash = hash;
    rule->priority = priority;
    memcpy(rule->words, words, st->n_words * sizeof *rule->words);

    if (!head) {
        /* A new key: a new chain in the empty slot. */
        rule->lower = NULL;
        slot->hash = hash;
        slot->head = rule;
        st->n_keys++;
    } else if (priority > head->priority) {
        /* The new head of an existing chain. */
        rule->lower = head;
        slot->head = rule;
    } else {
        struct classifier_rule *r = head;

        while (r->lower && r->lower->priority > priority) {
            r = r->lower;
        }
        rule->lower = r->lower;
        r->lower = rule;
    }
    st->n_rules++;
    st->n_refs++;
    cls->n_rules++;

    if (new_subtable) {
        if (cls->n_subtables == cls->allocated) {
            cls->allocated = cls->allocated ? 2 * cls->allocated : 8;
            cls->subtables = xrealloc(cls->subtables,
                                      cls->allocated
                                      * sizeof *cls->subtables);
        }
        cls->subtables[cls->n_subtables++] = st;
        subtable_prio_add(st, priority);
        cls_resort(cls, cls->n_subtables - 1);
    } else {
        uint32_t old_max = st->max_priority;

        subtable_prio_add(st, priority);
        if (st->max_priority != old_max) {
            cls_resort(cls, cls_subtable_index(cls, st));
        }
    }

    if (st->n_keys * 4 > st->n_slots * 3) {
        subtable_rehash(st, st->n_slots * 2);
    }
    return rule;
}

struct classifier_rule *
classifier_replace(struct classifier *cls, const struct flow *key,
                   const struct flow *mask, uint32_t priority, void *data,
                   void **old_datap)
{
    struct classifier_rule *old = classifier_find_exact(cls, key, mask,
                                                        priority);

    *old_datap = old ? classifier_remove(cls, old) : NULL;
    return classifier_insert(cls, key, mask, priority, data);
}

/* Takes 'rule' out of 'cls' without freeing it. */
static void
classifier_unlink(struct classifier *cls, struct classifier_rule *rule)
{
    struct cls_subtable *st = rule->subtable;
    struct cls_slot *slot = subtable_find_slot(st, rule->words, rule->hash);
    struct classifier_rule *head = slot->head;
    uint32_t priority = rule->priority;

    if (head == rule) {
        if (rule->lower) {
            slot->head = rule->lower;
        } else {
            subtable_clear_slot(st, slot);
            st->n_keys--;
        }
    } else {
        struct classifier_rule *r = head;

        while (r && r->lower != rule) {
            r = r->lower;
        }
        if (!r) {
            of_abort("classifier: removing a rule that is not there");
        }
        r->lower = rule->lower;
    }
    rule->lower = NULL;
    st->n_rules--;
    cls->n_rules--;

    if (!st->n_rules) {
        size_t i = cls_subtable_index(cls, st);

        memmove(&cls->subtables[i], &cls->subtables[i + 1],
                (cls->n_subtables - i - 1) * sizeof *cls->subtables);
        cls->n_subtables--;
        subtable_destroy(st);
    } else {
        uint32_t old_max = st->max_priority;

        subtable_prio_remove(st, priority);
        if (st->max_priority != old_max) {
            cls_resort(cls, cls_subtable_index(cls, st));
        }
        if (st->n_slots > CLS_MIN_SLOTS && st->n_keys * 8 < st->n_slots) {
            subtable_rehash(st, st->n_slots / 2);
        }
    }
}

void *
classifier_remove(struct classifier *cls, struct classifier_rule *rule)
{
    void *data = rule->data;

    classifier_unlink(cls, rule);
    classifier_rule_free(rule);
    return data;
}

void *
classifier_detach(struct classifier *cls, struct classifier_rule *rule)
{
    classifier_unlink(cls, rule);
    return rule->data;
}

void
classifier_rule_free(struct classifier_rule *rule)
{
    if (rule) {
        struct cls_subtable *st = rule->subtable;

        free(rule);
        if (!--st->n_refs && st->orphan) {
            free(st);
        }
    }
}

void
classifier_rule_set_data(struct classifier_rule *rule, void *data)
{
    rule->data = data;
}

/* ---- Lookups ---- */

/* True if 'a' should win over 'b' (NULL loses). */
static inline bool
rule_beats(const struct classifier_rule *a, const struct classifier_rule *b)
{
    return (!b
            || a->priority > b->priority
            || (a->priority == b->priority && a->seq < b->seq));
}

struct classifier_rule *
classifier_lookup(const struct classifier *cls, const struct flow *flow)
{
    struct classifier_rule *best = NULL;

    for (size_t i = 0; i < cls->n_subtables; i++) {
        const struct cls_subtable *st = cls->subtables[i];
        struct classifier_rule *head;
        uint64_t words[FLOW_U64S];
        uint32_t hash;

        if (best && st->max_priority < best->priority) {
            /* Sorted by max priority: nothing further can win. */
            break;
        }
        hash = subtable_mask_flow(st, flow, words);
        head = subtable_find_head(st, words, hash);
        if (head && rule_beats(head, best)) {
            best = head;
        }
    }
    return best;
}

void
classifier_lookup_batch(const struct classifier *cls,
                        const struct flow *const flows[], size_t n,
                        struct classifier_rule *results[])
{
    uint64_t words[CLASSIFIER_BATCH_MAX][FLOW_U64S];
    uint32_t hashes[CLASSIFIER_BATCH_MAX];
    uint8_t active[CLASSIFIER_BATCH_MAX];

    if (n > CLASSIFIER_BATCH_MAX) {
        of_abort("classifier: batch of %zu", n);
    }
    for (size_t i = 0; i < n; i++) {
        results[i] = NULL;
    }
    for (size_t s = 0; s < cls->n_subtables; s++) {
        const struct cls_subtable *st = cls->subtables[s];
        size_t n_active = 0;

        /* The flows this subtable could still give a better rule. */
        for (size_t i = 0; i < n; i++) {
            if (!results[i] || st->max_priority >= results[i]->priority) {
                active[n_active++] = i;
            }
        }
        if (!n_active) {
            break;              /* Nor can any later subtable. */
        }

        if (st->n_slots <= CLS_BATCH_SMALL) {
            /* Small enough to stay in cache: one pass. */
            for (size_t k = 0; k < n_active; k++) {
                size_t i = active[k];
                struct classifier_rule *head;
                uint32_t hash = subtable_mask_flow(st, flows[i], words[i]);

                head = subtable_find_head(st, words[i], hash);
                if (head && rule_beats(head, results[i])) {
                    results[i] = head;
                }
            }
            continue;
        }

        /* Hash every flow and prefetch its slot, then prefetch the rules
         * those slots point to, then compare: the cache misses of the
         * whole batch overlap instead of following one another. */
        for (size_t k = 0; k < n_active; k++) {
            size_t i = active[k];

            hashes[i] = subtable_mask_flow(st, flows[i], words[i]);
            __builtin_prefetch(&st->slots[hashes[i] & (st->n_slots - 1)]);
        }
        for (size_t k = 0; k < n_active; k++) {
            size_t i = active[k];
            const struct cls_slot *slot;

            slot = &st->slots[hashes[i] & (st->n_slots - 1)];
            if (slot->head && slot->hash == hashes[i]) {
                __builtin_prefetch(slot->head);
            }
        }
        for (size_t k = 0; k < n_active; k++) {
            size_t i = active[k];
            struct classifier_rule *head;

            head = subtable_find_head(st, words[i], hashes[i]);
            if (head && rule_beats(head, results[i])) {
                results[i] = head;
            }
        }
    }
}

struct classifier_rule *
classifier_find_exact(const struct classifier *cls, const struct flow *key,
                      const struct flow *mask, uint32_t priority)
{
    uint64_t kw[FLOW_U64S], mw[FLOW_U64S], words[FLOW_U64S];
    struct classifier_rule *r;
    struct cls_subtable *st;
    uint32_t hash;

    flow_to_words(mask, mw);
    st = cls_find_subtable(cls, mw, mask_hash(mw));
    if (!st || !subtable_has_priority(st, priority)) {
        return NULL;
    }
    flow_to_words(key, kw);
    hash = subtable_mask_words(st, kw, words);
    for (r = subtable_find_head(st, words, hash); r; r = r->lower) {
        if (r->priority == priority) {
            return r;
        }
        if (r->priority < priority) {
            break;
        }
    }
    return NULL;
}

/* True if 'r' (of subtable 'st') agrees with 'kw' on every bit of 'mw'
 * (full-width key and mask). */
static bool
rule_agrees(const struct cls_subtable *st, const struct classifier_rule *r,
            const uint64_t *kw, const uint64_t *mw)
{
    for (size_t i = 0; i < st->n_words; i++) {
        size_t w = st->idx[i];

        if ((r->words[i] ^ kw[w]) & mw[w]) {
            return false;
        }
    }
    return true;
}

bool
classifier_overlaps(const struct classifier *cls, const struct flow *key,
                    const struct flow *mask, uint32_t priority)
{
    uint64_t kw[FLOW_U64S], mw[FLOW_U64S];

    flow_to_words(key, kw);
    flow_to_words(mask, mw);
    for (size_t i = 0; i < cls->n_subtables; i++) {
        const struct cls_subtable *st = cls->subtables[i];
        bool contained = true;

        if (st->max_priority < priority) {
            break;
        }
        if (!subtable_has_priority(st, priority)) {
            continue;
        }
        for (size_t j = 0; j < st->n_words; j++) {
            if (st->mwords[j] & ~mw[st->idx[j]]) {
                contained = false;
                break;
            }
        }
        if (contained) {
            /* Every bit the subtable matches, the new rule matches too:
             * only rules with the new rule's key under the subtable's
             * mask can overlap it, and they share one chain. */
            uint64_t words[FLOW_U64S];
            uint32_t hash = subtable_mask_words(st, kw, words);
            const struct classifier_rule *r;

            for (r = subtable_find_head(st, words, hash); r;
                 r = r->lower) {
                if (r->priority == priority) {
                    return true;
                }
            }
        } else {
            for (size_t j = 0; j < st->n_slots; j++) {
                const struct classifier_rule *r;

                for (r = st->slots[j].head; r; r = r->lower) {
                    if (r->priority == priority
                        && rule_agrees(st, r, kw, mw)) {
                        return true;
                    }
                }
            }
        }
    }
    return false;
}

size_t
classifier_count(const struct classifier *cls)
{
    return cls->n_rules;
}

size_t
classifier_n_subtables(const struct classifier *cls)
{
    return cls->n_subtables;
}

/* ---- Rules ---- */

void *
classifier_rule_data(const struct classifier_rule *rule)
{
    return rule->data;
}

uint32_t
classifier_rule_priority(const struct classifier_rule *rule)
{
    return rule->priority;
}

uint64_t
classifier_rule_seq(const struct classifier_rule *rule)
{
    return rule->seq;
}

void
classifier_rule_get(const struct classifier_rule *rule, struct flow *key,
                    struct flow *mask)
{
    const struct cls_subtable *st = rule->subtable;

    if (key) {
        uint64_t kw[FLOW_U64S];

        memset(kw, 0, sizeof kw);
        for (size_t i = 0; i < st->n_words; i++) {
            kw[st->idx[i]] = rule->words[i];
        }
        memcpy(key, kw, sizeof *key);
    }
    if (mask) {
        memcpy(mask, st->mask, sizeof *mask);
    }
}

/* True if mask 'mw' is contained in the mask of 'st'. */
static bool
subtable_contains_mask(const struct cls_subtable *st, const uint64_t *mw)
{
    for (size_t i = 0; i < FLOW_U64S; i++) {
        if (mw[i] & ~st->mask[i]) {
            return false;
        }
    }
    return true;
}

bool
classifier_rule_is_covered(const struct classifier_rule *rule,
                           const struct flow *key, const struct flow *mask)
{
    uint64_t kw[FLOW_U64S], mw[FLOW_U64S];

    flow_to_words(key, kw);
    flow_to_words(mask, mw);
    return (subtable_contains_mask(rule->subtable, mw)
            && rule_agrees(rule->subtable, rule, kw, mw));
}

/* ---- Iteration ---- */

/* Sets up the cursor for the subtable at c->st_idx, skipping those the
 * filter cannot select.  Returns false past the last subtable. */
static bool
cursor_enter_subtable(struct classifier_cursor *c)
{
    for (; c->st_idx < c->cls->n_subtables; c->st_idx++) {
        const struct cls_subtable *st = c->cls->subtables[c->st_idx];

        c->slot = 0;
        c->head = NULL;
        c->rule = NULL;
        c->probe = false;
        if (!c->filter) {
            return true;
        }
        if (!subtable_contains_mask(st, c->mask)) {
            continue;
        }
        if (!memcmp(st->mask, c->mask, sizeof st->mask)) {
            uint64_t words[FLOW_U64S];
            uint32_t hash = subtable_mask_words(st, c->key, words);

            c->probe = true;
            c->head = subtable_find_head(st, words, hash);
            if (!c->head) {
                continue;
            }
        }
        return true;
    }
    return false;
}

void
classifier_cursor_init(struct classifier_cursor *c,
                       const struct classifier *cls,
                       const struct flow *key, const struct flow *mask)
{
    memset(c, 0, sizeof *c);
    c->cls = cls;
    c->filter = key != NULL;
    if (c->filter) {
        flow_to_words(key, c->key);
        flow_to_words(mask, c->mask);
        for (size_t i = 0; i < FLOW_U64S; i++) {
            c->key[i] &= c->mask[i];
        }
    }
    c->st_idx = 0;
    cursor_enter_subtable(c);
}

/* The next rule of the current subtable after c->rule, ignoring the
 * filter, or NULL. */
static struct classifier_rule *
cursor_step(struct classifier_cursor *c)
{
    const struct cls_subtable *st = c->cls->subtables[c->st_idx];

    if (c->rule && c->rule->lower) {
        return c->rule = c->rule->lower;
    }
    if (c->probe) {
        c->rule = c->head;          /* NULL the second time. */
        c->head = NULL;
        return c->rule;
    }
    while (c->slot < st->n_slots) {
        struct classifier_rule *head = st->slots[c->slot++].head;

        if (head) {
            return c->rule = head;
        }
    }
    return c->rule = NULL;
}

struct classifier_rule *
classifier_cursor_next(struct classifier_cursor *c)
{
    while (c->st_idx < c->cls->n_subtables) {
        const struct cls_subtable *st = c->cls->subtables[c->st_idx];
        struct classifier_rule *r;

        while ((r = cursor_step(c)) != NULL) {
            if (!c->filter || c->probe
                || rule_agrees(st, r, c->key, c->mask)) {
                return r;
            }
        }
        c->st_idx++;
        if (!cursor_enter_subtable(c)) {
            return NULL;
        }
    }
    return NULL;
}
