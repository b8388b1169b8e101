#include "switch/classifier.h"

#include <stdlib.h>
#include <string.h>

#include "tests/unit/unit.h"

/* ---- A linear reference classifier ----
 *
 * Rules in insertion order; a lookup takes the highest priority and, among
 * equals, the earliest inserted: the tie rule classifier.h documents. */

struct ref_rule {
    struct flow key, mask;
    uint32_t priority;
    int id;
};

struct ref {
    struct ref_rule *rules;
    size_t n;
};

static bool
ref_matches(const struct flow *flow, const struct flow *key,
            const struct flow *mask)
{
    const uint8_t *f = (const uint8_t *) flow, *k = (const uint8_t *) key;
    const uint8_t *m = (const uint8_t *) mask;

    for (size_t i = 0; i < sizeof *flow; i++) {
        if ((f[i] ^ k[i]) & m[i]) {
            return false;
        }
    }
    return true;
}

static const struct ref_rule *
ref_lookup(const struct ref *ref, const struct flow *flow)
{
    const struct ref_rule *best = NULL;

    for (size_t i = 0; i < ref->n; i++) {
        const struct ref_rule *r = &ref->rules[i];

        if (ref_matches(flow, &r->key, &r->mask)
            && (!best || r->priority > best->priority)) {
            best = r;
        }
    }
    return best;
}

static size_t
ref_find_exact(const struct ref *ref, const struct flow *key,
               const struct flow *mask, uint32_t priority)
{
    for (size_t i = 0; i < ref->n; i++) {
        const struct ref_rule *r = &ref->rules[i];

        if (r->priority == priority
            && !memcmp(&r->mask, mask, sizeof *mask)
            && ref_matches(key, &r->key, &r->mask)) {
            return i;
        }
    }
    return SIZE_MAX;
}

static void
ref_remove(struct ref *ref, size_t i)
{
    memmove(&ref->rules[i], &ref->rules[i + 1],
            (ref->n - i - 1) * sizeof *ref->rules);
    ref->n--;
}

/* ---- Keys and masks ---- */

static uint64_t rng_state;

static uint32_t
rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (uint32_t) (rng_state >> 11);
}

#define N_MASKS 9

/* Masks of different shapes, overlapping in every way: nested, disjoint,
 * partial bits of one field, and the empty mask. */
static void
make_mask(int which, struct flow *m)
{
    memset(m, 0, sizeof *m);
    switch (which) {
    case 0:                         /* Matches everything. */
        break;
    case 1:
        m->in_port = UINT32_MAX;
        break;
    case 2:
        m->in_port = UINT32_MAX;
        m->eth_type = UINT16_MAX;
        m->nw_dst = UINT32_MAX;
        break;
    case 3:
        m->eth_type = UINT16_MAX;
        m->nw_dst = 0xffffff00;
        break;
    case 4:
        m->eth_type = UINT16_MAX;
        m->nw_src = UINT32_MAX;
        m->tp_dst = UINT16_MAX;
        break;
    case 5:
        m->metadata = 0xf0;
        break;
    case 6:
        m->metadata = 0x0f;
        m->tp_dst = UINT16_MAX;
        break;
    case 7:
        m->eth_type = UINT16_MAX;
        m->ipv6_dst[15] = 0xff;
        m->eth_src[0] = 0x01;
        break;
    case 8:                         /* Many keys: a large hash table. */
        m->metadata = 0xff;
        break;
    }
}

/* A random flow from a small space, so that rules collide and match. */
static void
random_flow(struct flow *f)
{
    memset(f, 0, sizeof *f);
    f->in_port = 1 + rng() % 3;
    f->eth_type = rng() % 2 ? 0x0800 : 0x86dd;
    f->nw_dst = 0x0a000000 | (rng() % 2) << 8 | rng() % 3;
    f->nw_src = 0x0a000100 | rng() % 3;
    f->tp_dst = 80 + rng() % 3;
    f->metadata = rng() & 0xff;
    f->ipv6_dst[15] = rng() % 3;
    f->eth_src[0] = rng() % 2;
    f->tcp_flags = rng();          /* Never in a mask. */
}

static void
random_rule(struct flow *key, struct flow *mask, uint32_t *priority)
{
    random_flow(key);
    make_mask(rng() % N_MASKS, mask);
    *priority = rng() % 4;
}

/* ---- The randomized comparison ---- */

/* Every rule the cursor visits (with filter 'key'/'mask' or none) agrees
 * with the reference's list of covered rules. */
static void
check_cursor(const struct classifier *cls, const struct ref *ref,
             const struct flow *key, const struct flow *mask)
{
    struct classifier_cursor c;
    struct classifier_rule *r;
    size_t n_expected = 0, n_seen = 0;
    bool *seen = calloc(ref->n + 1, sizeof *seen);

    for (size_t i = 0; i < ref->n; i++) {
        const struct ref_rule *rr = &ref->rules[i];
        bool covered = true;

        if (key) {
            const uint8_t *qm = (const uint8_t *) mask;
            const uint8_t *rm = (const uint8_t *) &rr->mask;

            for (size_t j = 0; j < sizeof *mask; j++) {
                if (qm[j] & ~rm[j]) {
                    covered = false;
                }
            }
            covered = covered && ref_matches(&rr->key, key, mask);
        }
        n_expected += covered;
    }

    classifier_cursor_init(&c, cls, key, mask);
    while ((r = classifier_cursor_next(&c)) != NULL) {
        const struct ref_rule *rr = classifier_rule_data(r);
        size_t i = rr - ref->rules;

        CU_ASSERT_FATAL(i < ref->n);
        CU_ASSERT(!seen[i]);
        seen[i] = true;
        n_seen++;
        if (key) {
            CU_ASSERT(classifier_rule_is_covered(r, key, mask));
        }
    }
    CU_ASSERT_EQUAL(n_seen, n_expected);
    free(seen);
}

/* The classifier's data pointers point into the reference's array, which
 * moves on removal; 'rules' maps reference ids to classifier rules. */
static void
resync_data(struct classifier_rule **rules, struct ref *ref)
{
    for (size_t i = 0; i < ref->n; i++) {
        classifier_rule_set_data(rules[ref->rules[i].id], &ref->rules[i]);
    }
}

static bool
ref_overlaps(const struct ref *ref, const struct flow *key,
             const struct flow *mask, uint32_t priority)
{
    for (size_t i = 0; i < ref->n; i++) {
        const struct ref_rule *r = &ref->rules[i];
        const uint8_t *a = (const uint8_t *) key;
        const uint8_t *b = (const uint8_t *) &r->key;
        const uint8_t *ma = (const uint8_t *) mask;
        const uint8_t *mb = (const uint8_t *) &r->mask;
        bool overlap = r->priority == priority;

        for (size_t j = 0; overlap && j < sizeof *key; j++) {
            if ((a[j] ^ b[j]) & ma[j] & mb[j]) {
                overlap = false;
            }
        }
        if (overlap) {
            return true;
        }
    }
    return false;
}

static void
run_random(uint64_t seed, int n_ops)
{
    enum { MAX_RULES = 4096 };
    struct classifier_rule **rules = calloc(n_ops + 1, sizeof *rules);
    struct ref ref = { calloc(MAX_RULES, sizeof *ref.rules), 0 };
    struct classifier cls;
    int next_id = 0;
    int n_lookups = 0, n_hits = 0, n_ties = 0;

    rng_state = seed;
    classifier_init(&cls);
    for (int op = 0; op < n_ops; op++) {
        unsigned int what = rng() % 100;
        struct flow key, mask, flow;
        uint32_t priority;

        if (what < 35 && ref.n < MAX_RULES) {
            /* Insert. */
            size_t old;
            struct classifier_rule *r;

            random_rule(&key, &mask, &priority);
            old = ref_find_exact(&ref, &key, &mask, priority);
            r = classifier_insert(&cls, &key, &mask, priority, NULL);
            if (old != SIZE_MAX) {
                CU_ASSERT_PTR_NULL(r);
                continue;
            }
            CU_ASSERT_PTR_NOT_NULL_FATAL(r);
            ref.rules[ref.n] = (struct ref_rule) {
                .key = key, .mask = mask, .priority = priority,
                .id = next_id };
            rules[next_id++] = r;
            ref.n++;
            resync_data(rules, &ref);
        } else if (what < 40 && ref.n < MAX_RULES) {
            /* Replace: the old rule (if any) leaves, the new one is last
             * in insertion order. */
            size_t old;
            void *old_data;
            struct classifier_rule *r;

            random_rule(&key, &mask, &priority);
            old = ref_find_exact(&ref, &key, &mask, priority);
            r = classifier_replace(&cls, &key, &mask, priority, NULL,
                                   &old_data);
            CU_ASSERT_PTR_NOT_NULL_FATAL(r);
            if (old != SIZE_MAX) {
                CU_ASSERT_PTR_EQUAL(old_data, &ref.rules[old]);
                ref_remove(&ref, old);
            } else {
                CU_ASSERT_PTR_NULL(old_data);
            }
            ref.rules[ref.n] = (struct ref_rule) {
                .key = key, .mask = mask, .priority = priority,
                .id = next_id };
            rules[next_id++] = r;
            ref.n++;
            resync_data(rules, &ref);
        } else if (what < 65 && ref.n) {
            /* Remove. */
            size_t i = rng() % ref.n;
            void *data = classifier_remove(&cls, rules[ref.rules[i].id]);

            CU_ASSERT_PTR_EQUAL(data, &ref.rules[i]);
            rules[ref.rules[i].id] = NULL;
            ref_remove(&ref, i);
            resync_data(rules, &ref);
        } else if (what < 90) {
            /* Lookup. */
            const struct ref_rule *expected;
            struct classifier_rule *r;

            random_flow(&flow);
            expected = ref_lookup(&ref, &flow);
            r = classifier_lookup(&cls, &flow);
            n_lookups++;
            if (expected) {
                n_hits++;
                CU_ASSERT_PTR_NOT_NULL_FATAL(r);
                CU_ASSERT_PTR_EQUAL(classifier_rule_data(r), expected);
                CU_ASSERT_EQUAL(classifier_rule_priority(r),
                                expected->priority);
                for (size_t i = 0; i < ref.n; i++) {
                    if (&ref.rules[i] != expected
                        && ref.rules[i].priority == expected->priority
                        && ref_matches(&flow, &ref.rules[i].key,
                                       &ref.rules[i].mask)) {
                        n_ties++;
                        break;
                    }
                }
            } else {
                CU_ASSERT_PTR_NULL(r);
            }
        } else if (what < 91) {
            /* A batch lookup agrees flow by flow. */
            struct flow flows[CLASSIFIER_BATCH_MAX];
            const struct flow *ptrs[CLASSIFIER_BATCH_MAX];
            struct classifier_rule *results[CLASSIFIER_BATCH_MAX];
            size_t n = 1 + rng() % CLASSIFIER_BATCH_MAX;

            for (size_t i = 0; i < n; i++) {
                random_flow(&flows[i]);
                ptrs[i] = &flows[i];
            }
            classifier_lookup_batch(&cls, ptrs, n, results);
            for (size_t i = 0; i < n; i++) {
                const struct ref_rule *expected = ref_lookup(&ref,
                                                             &flows[i]);

                CU_ASSERT_PTR_EQUAL(results[i] ? classifier_rule_data(
                                                     results[i]) : NULL,
                                    expected);
            }
        } else if (what < 94) {
            /* Find exact, and overlap. */
            size_t i;
            struct classifier_rule *r;

            if (ref.n && rng() % 2) {
                const struct ref_rule *rr = &ref.rules[rng() % ref.n];

                key = rr->key;
                mask = rr->mask;
                priority = rr->priority;
                /* Bits outside the mask do not matter. */
                key.tp_src = rng();
            } else {
                random_rule(&key, &mask, &priority);
            }
            i = ref_find_exact(&ref, &key, &mask, priority);
            r = classifier_find_exact(&cls, &key, &mask, priority);
            if (i == SIZE_MAX) {
                CU_ASSERT_PTR_NULL(r);
            } else {
                CU_ASSERT_PTR_EQUAL(r, rules[ref.rules[i].id]);
            }
            CU_ASSERT_EQUAL(classifier_overlaps(&cls, &key, &mask, priority),
                            ref_overlaps(&ref, &key, &mask, priority));
        } else if (what < 98) {
            /* Covered rules. */
            random_rule(&key, &mask, &priority);
            check_cursor(&cls, &ref, &key, &mask);
        } else {
            check_cursor(&cls, &ref, NULL, NULL);
        }
        CU_ASSERT_EQUAL_FATAL(classifier_count(&cls), ref.n);
    }

    /* The sequence exercised what it should. */
    CU_ASSERT(n_lookups > n_ops / 5);
    CU_ASSERT(n_hits > n_lookups / 2);
    CU_ASSERT(n_hits < n_lookups);
    CU_ASSERT(n_ties > n_lookups / 10);
    CU_ASSERT(classifier_n_subtables(&cls) > 1);

    /* Empty it completely: subtables go too. */
    while (ref.n) {
        classifier_remove(&cls, rules[ref.rules[ref.n - 1].id]);
        ref.n--;
    }
    CU_ASSERT_EQUAL(classifier_count(&cls), 0);
    CU_ASSERT_EQUAL(classifier_n_subtables(&cls), 0);
    for (int i = 0; i < 10; i++) {
        struct flow flow;

        random_flow(&flow);
        CU_ASSERT_PTR_NULL(classifier_lookup(&cls, &flow));
    }
    classifier_destroy(&cls);
    free(ref.rules);
    free(rules);
}

static void
test_random_vs_reference(void)
{
    run_random(0x9e3779b97f4a7c15ull, 20000);
    run_random(12345, 20000);
    run_random(0xdeadbeefcafef00dull, 5000);
}

/* ---- Focused tests ---- */

static void
exact_ipv4_dst(struct flow *key, struct flow *mask, uint32_t dst)
{
    memset(key, 0, sizeof *key);
    memset(mask, 0, sizeof *mask);
    key->eth_type = 0x0800;
    key->nw_dst = dst;
    mask->eth_type = UINT16_MAX;
    mask->nw_dst = UINT32_MAX;
}

static void
test_basic(void)
{
    struct flow key, mask, flow;
    struct classifier cls;
    struct classifier_rule *a, *b, *c, *d;
    int da, db, dc, dd;

    classifier_init(&cls);
    exact_ipv4_dst(&key, &mask, 0x0a000001);
    a = classifier_insert(&cls, &key, &mask, 10, &da);
    CU_ASSERT_PTR_NOT_NULL(a);
    /* The same key, mask and priority again is refused... */
    CU_ASSERT_PTR_NULL(classifier_insert(&cls, &key, &mask, 10, &db));
    /* ...even if bits outside the mask differ. */
    key.tp_dst = 80;
    CU_ASSERT_PTR_NULL(classifier_insert(&cls, &key, &mask, 10, &db));
    /* Another priority is another rule, in the same chain. */
    b = classifier_insert(&cls, &key, &mask, 20, &db);
    c = classifier_insert(&cls, &key, &mask, 5, &dc);
    CU_ASSERT_PTR_NOT_NULL(b);
    CU_ASSERT_PTR_NOT_NULL(c);
    CU_ASSERT_EQUAL(classifier_count(&cls), 3);
    CU_ASSERT_EQUAL(classifier_n_subtables(&cls), 1);

    memset(&flow, 0, sizeof flow);
    flow.eth_type = 0x0800;
    flow.nw_dst = 0x0a000001;
    flow.in_port = 7;
    CU_ASSERT_PTR_EQUAL(classifier_lookup(&cls, &flow), b);
    flow.nw_dst = 0x0a000002;
    CU_ASSERT_PTR_NULL(classifier_lookup(&cls, &flow));

    /* A catch-all at priority 0 in its own subtable. */
    memset(&mask, 0, sizeof mask);
    d = classifier_insert(&cls, &key, &mask, 0, &dd);
    CU_ASSERT_EQUAL(classifier_n_subtables(&cls), 2);
    CU_ASSERT_PTR_EQUAL(classifier_lookup(&cls, &flow), d);
    CU_ASSERT_PTR_EQUAL(classifier_rule_data(d), &dd);
    flow.nw_dst = 0x0a000001;
    CU_ASSERT_PTR_EQUAL(classifier_lookup(&cls, &flow), b);

    /* Removing the chain's head, middle and tail in turn. */
    CU_ASSERT_PTR_EQUAL(classifier_remove(&cls, b), &db);
    CU_ASSERT_PTR_EQUAL(classifier_lookup(&cls, &flow), a);
    exact_ipv4_dst(&key, &mask, 0x0a000001);
    CU_ASSERT_PTR_EQUAL(classifier_find_exact(&cls, &key, &mask, 5), c);
    CU_ASSERT_PTR_NULL(classifier_find_exact(&cls, &key, &mask, 20));
    CU_ASSERT_PTR_EQUAL(classifier_remove(&cls, c), &dc);
    CU_ASSERT_PTR_EQUAL(classifier_lookup(&cls, &flow), a);
    CU_ASSERT_PTR_EQUAL(classifier_remove(&cls, a), &da);
    CU_ASSERT_PTR_EQUAL(classifier_lookup(&cls, &flow), d);
    CU_ASSERT_EQUAL(classifier_n_subtables(&cls), 1);
    classifier_destroy(&cls);
    classifier_destroy(NULL);
}

static void
test_rule_get(void)
{
    struct flow key, mask, k2, m2;
    struct classifier cls;
    struct classifier_rule *r;

    classifier_init(&cls);
    exact_ipv4_dst(&key, &mask, 0x0a0000ff);
    mask.nw_dst = 0xffffff00;
    mask.ipv6_src[3] = 0xf0;
    key.ipv6_src[3] = 0xab;
    key.in_port = 5;            /* Outside the mask: dropped. */
    r = classifier_insert(&cls, &key, &mask, 1, NULL);
    classifier_rule_get(r, &k2, &m2);
    CU_ASSERT_EQUAL(memcmp(&m2, &mask, sizeof mask), 0);
    CU_ASSERT_EQUAL(k2.nw_dst, 0x0a000000);
    CU_ASSERT_EQUAL(k2.ipv6_src[3], 0xa0);
    CU_ASSERT_EQUAL(k2.in_port, 0);
    CU_ASSERT_EQUAL(k2.eth_type, 0x0800);

    /* Covering: a request's match equal to or less specific than the
     * rule's. */
    CU_ASSERT(classifier_rule_is_covered(r, &key, &mask));
    memset(&m2, 0, sizeof m2);
    CU_ASSERT(classifier_rule_is_covered(r, &key, &m2));
    m2.eth_type = UINT16_MAX;
    CU_ASSERT(classifier_rule_is_covered(r, &key, &m2));
    k2 = key;
    k2.eth_type = 0x86dd;
    CU_ASSERT(!classifier_rule_is_covered(r, &k2, &m2));
    m2.nw_dst = UINT32_MAX;     /* More specific than the rule. */
    CU_ASSERT(!classifier_rule_is_covered(r, &key, &m2));
    m2.nw_dst = 0xff000000;
    CU_ASSERT(classifier_rule_is_covered(r, &key, &m2));
    m2.in_port = UINT32_MAX;    /* A field the rule does not match. */
    CU_ASSERT(!classifier_rule_is_covered(r, &key, &m2));
    classifier_destroy(&cls);
}

/* Ties between subtables: the rule inserted first wins, whatever the
 * masks, and a replaced rule counts as new. */
static void
test_ties(void)
{
    struct flow k, m1, m2, m3, flow;
    struct classifier cls;
    struct classifier_rule *r1, *r2, *r3;
    void *old;
    int d;

    memset(&k, 0, sizeof k);
    k.in_port = 1;
    k.eth_type = 0x0800;
    k.tp_dst = 22;
    memset(&m1, 0, sizeof m1);
    m2 = m3 = m1;
    m1.tp_dst = UINT16_MAX;
    m2.in_port = UINT32_MAX;
    m3.eth_type = UINT16_MAX;
    flow = k;

    classifier_init(&cls);
    r2 = classifier_insert(&cls, &k, &m2, 7, NULL);
    r1 = classifier_insert(&cls, &k, &m1, 7, NULL);
    r3 = classifier_insert(&cls, &k, &m3, 7, NULL);
    CU_ASSERT_PTR_EQUAL(classifier_lookup(&cls, &flow), r2);
    classifier_remove(&cls, r2);
    CU_ASSERT_PTR_EQUAL(classifier_lookup(&cls, &flow), r1);
    r1 = classifier_replace(&cls, &k, &m1, 7, &d, &old);
    CU_ASSERT_PTR_NULL(old);
    CU_ASSERT_PTR_EQUAL(classifier_lookup(&cls, &flow), r3);
    /* A higher priority in the last subtable still wins. */
    r2 = classifier_insert(&cls, &k, &m2, 8, NULL);
    CU_ASSERT_PTR_EQUAL(classifier_lookup(&cls, &flow), r2);
    CU_ASSERT(classifier_overlaps(&cls, &k, &m1, 8));
    CU_ASSERT(!classifier_overlaps(&cls, &k, &m1, 9));
    flow.tp_dst = 23;
    CU_ASSERT(classifier_overlaps(&cls, &flow, &m1, 7));   /* Via m3. */
    classifier_remove(&cls, r3);
    CU_ASSERT(!classifier_overlaps(&cls, &flow, &m1, 7));
    /* Disjoint masks always overlap: a packet can match both. */
    CU_ASSERT(classifier_overlaps(&cls, &flow, &m3, 7));
    CU_ASSERT(!classifier_overlaps(&cls, &flow, &m3, 6));
    /* Contained masks: only if the keys agree. */
    m3.tp_dst = UINT16_MAX;
    CU_ASSERT(!classifier_overlaps(&cls, &flow, &m3, 7));
    CU_ASSERT(classifier_overlaps(&cls, &k, &m3, 7));
    classifier_destroy(&cls);
}

/* Many rules of one shape: buckets grow and shrink, lookups stay exact,
 * and removal in priority order keeps the subtable order right. */
static void
test_grow_shrink(void)
{
    enum { N = 20000 };
    struct classifier_rule **rules = calloc(N, sizeof *rules);
    struct flow key, mask, catchall;
    struct classifier cls;
    struct classifier_rule *low;

    classifier_init(&cls);
    memset(&catchall, 0, sizeof catchall);
    low = classifier_insert(&cls, &catchall, &catchall, 1000, NULL);
    for (uint32_t i = 0; i < N; i++) {
        exact_ipv4_dst(&key, &mask, i * 2654435761u);
        rules[i] = classifier_insert(&cls, &key, &mask, 1 + i % 2000, NULL);
        CU_ASSERT_PTR_NOT_NULL_FATAL(rules[i]);
    }
    for (uint32_t i = 0; i < N; i++) {
        exact_ipv4_dst(&key, &mask, i * 2654435761u);
        CU_ASSERT_PTR_EQUAL(classifier_lookup(&cls, &key),
                            1 + i % 2000 > 1000 ? rules[i] : low);
    }
    /* Remove the highest priorities first. */
    for (uint32_t p = 2000; p >= 1; p--) {
        for (uint32_t i = p - 1; i < N; i += 2000) {
            classifier_remove(&cls, rules[i]);
        }
        exact_ipv4_dst(&key, &mask, (p - 1) * 2654435761u);
        CU_ASSERT_PTR_EQUAL(classifier_lookup(&cls, &key), low);
    }
    CU_ASSERT_EQUAL(classifier_count(&cls), 1);
    CU_ASSERT_EQUAL(classifier_n_subtables(&cls), 1);
    classifier_destroy(&cls);
    free(rules);
}

/* A detached rule stays readable after its subtable, and even the
 * classifier, is gone (the sanitizer build checks the memory). */
static void
test_detach(void)
{
    struct flow key, mask, k2, m2;
    struct classifier cls;
    struct classifier_rule *a, *b, *c;
    int d;

    classifier_init(&cls);
    exact_ipv4_dst(&key, &mask, 0x0a000001);
    a = classifier_insert(&cls, &key, &mask, 3, &d);
    b = classifier_insert(&cls, &key, &mask, 4, NULL);
    memset(&m2, 0, sizeof m2);
    m2.in_port = UINT32_MAX;
    c = classifier_insert(&cls, &key, &m2, 4, NULL);

    CU_ASSERT_PTR_EQUAL(classifier_detach(&cls, a), &d);
    CU_ASSERT_EQUAL(classifier_count(&cls), 2);
    CU_ASSERT_PTR_NULL(classifier_find_exact(&cls, &key, &mask, 3));
    classifier_remove(&cls, b);
    CU_ASSERT_EQUAL(classifier_n_subtables(&cls), 1);
    classifier_rule_get(a, &k2, &m2);
    CU_ASSERT_EQUAL(k2.nw_dst, 0x0a000001);
    CU_ASSERT_EQUAL(m2.nw_dst, UINT32_MAX);
    CU_ASSERT_EQUAL(classifier_rule_priority(a), 3);
    CU_ASSERT_PTR_EQUAL(classifier_rule_data(a), &d);
    classifier_rule_free(a);

    /* Detached, then the classifier destroyed, then freed. */
    classifier_detach(&cls, c);
    a = classifier_insert(&cls, &key, &mask, 3, &d);
    b = classifier_insert(&cls, &key, &mask, 5, &d);
    classifier_detach(&cls, b);
    classifier_destroy(&cls);
    classifier_rule_get(b, &k2, &m2);
    CU_ASSERT_EQUAL(k2.nw_dst, 0x0a000001);
    CU_ASSERT_EQUAL(classifier_rule_priority(b), 5);
    classifier_rule_free(b);
    classifier_rule_free(c);
    classifier_rule_free(NULL);
}

/* Insertions and deletions in a small table, where probe runs often wrap
 * around its end: every key present must stay findable. */
static void
test_small_table_churn(void)
{
    enum { N_KEYS = 40, MAX_PRESENT = 6 };
    struct classifier_rule *rules[N_KEYS] = { NULL };
    struct flow key, mask;
    struct classifier cls;
    int n_present = 0;

    memset(&mask, 0, sizeof mask);
    mask.metadata = UINT64_MAX;
    memset(&key, 0, sizeof key);
    classifier_init(&cls);
    rng_state = 42;
    for (int op = 0; op < 200000; op++) {
        int k = rng() % N_KEYS;

        key.metadata = k;
        if (rules[k]) {
            classifier_remove(&cls, rules[k]);
            rules[k] = NULL;
            n_present--;
        } else if (n_present < MAX_PRESENT) {
            rules[k] = classifier_insert(&cls, &key, &mask, 1, NULL);
            n_present++;
        }
        for (int i = 0; i < N_KEYS; i++) {
            key.metadata = i;
            if (classifier_lookup(&cls, &key) != rules[i]) {
                CU_FAIL_FATAL("lookup disagrees");
            }
        }
    }
    CU_ASSERT_EQUAL(classifier_count(&cls), n_present);
    classifier_destroy(&cls);
}

static CU_TestInfo tests[] = {
    { "small table churn", test_small_table_churn },
    { "detach", test_detach },
    { "basic", test_basic },
    { "rule get and covering", test_rule_get },
    { "ties go to the first inserted", test_ties },
    { "grow and shrink", test_grow_shrink },
    { "randomized against a reference", test_random_vs_reference },
    CU_TEST_INFO_NULL,
};

UNIT_SUITE("classifier", tests);
