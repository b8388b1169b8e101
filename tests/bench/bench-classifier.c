/*
 * bench-classifier: the classifier and flow table micro-benchmark.
 *
 *   build/bench/bench-classifier [--quick]
 *
 * Prints lookups per second (one at a time, and in batches as the
 * datapath can make them) against the number of rules (1k to 1M) and of
 * distinct masks (1, 10, 100), the insert rate, the flow table's FLOW_MOD
 * ADD rate, and the resident memory of a flow table holding 1,000,000
 * flows.  A benchmark, not a test: it asserts nothing.  --quick stops at
 * 100k rules.
 *
 * Rules match IPv4 destination prefixes of varying lengths combined with
 * in_port, ip_proto and the TCP destination port, the shapes a routing or
 * ACL application installs.  Priorities are drawn at random from 0..999,
 * so every subtable holds a priority near the top and a lookup visits
 * nearly all of them: the cost shown is close to the worst case for the
 * number of masks.  A last table gives each mask its own priority, longer
 * prefixes first, where lookups stop at the first hit.  Lookup keys are
 * copies of random rules' keys, with random bits in every field the rule
 * does not match, so every lookup hits.
 */
#include "switch/classifier.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ofproto/util.h"
#include "switch/flow-table.h"

static uint64_t rng_state = 0x853c49e6748fea9bull;

static uint64_t
rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static double
now_sec(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Resident memory of this process, in bytes. */
static long long
resident_bytes(void)
{
    long long size = 0, resident = 0;
    FILE *f = fopen("/proc/self/statm", "r");

    if (f) {
        if (fscanf(f, "%lld %lld", &size, &resident) != 2) {
            resident = 0;
        }
        fclose(f);
    }
    return resident * sysconf(_SC_PAGESIZE);
}

/* Mask number 'i' (distinct for i < 100): an IPv4 destination prefix of
 * 32 - i / 4 bits, plus in_port, ip_proto and tcp_dst in the four
 * combinations given by i % 4. */
static void
make_mask(int i, struct flow *mask)
{
    int plen = 32 - i / 4;

    memset(mask, 0, sizeof *mask);
    mask->eth_type = UINT16_MAX;
    mask->nw_dst = plen >= 32 ? UINT32_MAX : ~(UINT32_MAX >> plen);
    if (i % 4 == 1 || i % 4 == 3) {
        mask->in_port = UINT32_MAX;
    }
    if (i % 4 >= 2) {
        mask->ip_proto = UINT8_MAX;
        mask->tp_dst = UINT16_MAX;
    }
}

/* A rule, compactly, to make packets that hit it. */
struct bench_rule {
    uint32_t nw_dst;
    uint16_t tp_dst;
    uint8_t in_port;
    uint8_t mask;
};

static void
rule_key(const struct bench_rule *r, struct flow *key)
{
    memset(key, 0, sizeof *key);
    key->in_port = r->in_port;
    key->eth_type = 0x0800;
    key->ip_proto = 6;
    key->nw_dst = r->nw_dst;
    key->tp_dst = r->tp_dst;
}

static void
random_rule(int n_masks, struct bench_rule *r)
{
    uint64_t x = rng();

    r->nw_dst = (uint32_t) x;
    r->tp_dst = (x >> 32) % 1024;
    r->in_port = 1 + (x >> 42) % 64;
    r->mask = (x >> 50) % n_masks;
}

/* A packet that hits rule 'r': its key under its mask, random elsewhere
 * in the fields the other masks look at. */
static void
make_hit(const struct bench_rule *r, const struct flow *masks,
         struct flow *flow)
{
    const struct flow *m = &masks[r->mask];
    struct bench_rule other;
    struct flow key;

    random_rule(1, &other);
    rule_key(r, &key);
    rule_key(&other, flow);
    flow->in_port = (key.in_port & m->in_port) | (flow->in_port
                                                  & ~m->in_port);
    flow->nw_dst = (key.nw_dst & m->nw_dst) | (flow->nw_dst & ~m->nw_dst);
    flow->tp_dst = (key.tp_dst & m->tp_dst) | (flow->tp_dst & ~m->tp_dst);
}

#define N_PACKETS 65536

struct result {
    double insert_rate;
    double lookup_rate;         /* One at a time. */
    double batch_rate;          /* In batches of CLASSIFIER_BATCH_MAX. */
};

/* Looks up every packet, one at a time; returns the sum of the
 * priorities found. */
static uint64_t
lookup_all(const struct classifier *cls, const struct flow *packets)
{
    uint64_t sum = 0;

    for (size_t i = 0; i < N_PACKETS; i++) {
        const struct classifier_rule *r = classifier_lookup(cls,
                                                            &packets[i]);

        sum += r ? classifier_rule_priority(r) : 0;
    }
    return sum;
}

/* The same in batches. */
static uint64_t
lookup_all_batched(const struct classifier *cls, const struct flow *packets)
{
    uint64_t sum = 0;

    for (size_t i = 0; i < N_PACKETS; i += CLASSIFIER_BATCH_MAX) {
        struct classifier_rule *results[CLASSIFIER_BATCH_MAX];
        const struct flow *flows[CLASSIFIER_BATCH_MAX];

        for (size_t j = 0; j < CLASSIFIER_BATCH_MAX; j++) {
            flows[j] = &packets[i + j];
        }
        classifier_lookup_batch(cls, flows, CLASSIFIER_BATCH_MAX, results);
        for (size_t j = 0; j < CLASSIFIER_BATCH_MAX; j++) {
            sum += results[j] ? classifier_rule_priority(results[j]) : 0;
        }
    }
    return sum;
}

/* Builds a classifier of 'n_rules' rules over 'n_masks' masks and times
 * inserts and lookups.  Priorities are random, or with 'lpm' one per
 * mask, so that a lookup can stop early. */
static struct result
bench_classifier(size_t n_rules, int n_masks, bool lpm)
{
    struct bench_rule *rules = xmalloc(n_rules * sizeof *rules);
    struct flow *packets = xmalloc(N_PACKETS * sizeof *packets);
    struct flow masks[100];
    struct classifier cls;
    struct result res;
    uint64_t sum = 0;
    size_t n_lookups;
    double t0, t1;

    for (int i = 0; i < n_masks; i++) {
        make_mask(i, &masks[i]);
    }
    for (size_t i = 0; i < n_rules; i++) {
        random_rule(n_masks, &rules[i]);
    }

    classifier_init(&cls);
    t0 = now_sec();
    for (size_t i = 0; i < n_rules; i++) {
        struct flow key;

        rule_key(&rules[i], &key);
        /* A duplicate (key, mask, priority) is refused; rare, harmless.
         * 'lpm': longer prefixes (lower mask numbers) first, as a routing
         * application installs them. */
        classifier_insert(&cls, &key, &masks[rules[i].mask],
                          lpm ? 1000u - rules[i].mask : rng() % 1000, NULL);
    }
    t1 = now_sec();
    res.insert_rate = n_rules / (t1 - t0);

    for (size_t i = 0; i < N_PACKETS; i++) {
        make_hit(&rules[rng() % n_rules], masks, &packets[i]);
    }
    /* The best of 3 rounds of 0.2 s each, one at a time and in batches:
     * other processes on the machine only ever slow a round down. */
    res.lookup_rate = res.batch_rate = 0;
    for (int round = 0; round < 6; round++) {
        bool batch = round % 2;

        n_lookups = 0;
        t0 = now_sec();
        do {
            if (!batch) {
                sum += lookup_all(&cls, packets);
            } else {
                sum += lookup_all_batched(&cls, packets);
            }
            n_lookups += N_PACKETS;
            t1 = now_sec();
        } while (t1 - t0 < 0.2);
        if (!batch) {
            res.lookup_rate = MAX(res.lookup_rate, n_lookups / (t1 - t0));
        } else {
            res.batch_rate = MAX(res.batch_rate, n_lookups / (t1 - t0));
        }
    }
    if (sum == 42) {
        printf(" ");            /* Keeps 'sum', and so the lookups. */
    }

    classifier_destroy(&cls);
    free(packets);
    free(rules);
    return res;
}

/* Adds 'n' flows "ip,nw_dst=A,actions=output:P" (distinct A) to a flow
 * table through flow_table_flow_mod(), as the agent does for each
 * FLOW_MOD, and reports the rate and the resident memory it took. */
static void
bench_flow_table(size_t n)
{
    struct flow_table *ft = flow_table_create(0, UINT32_MAX);
    struct of_instruction inst;
    struct of_action action;
    struct of_flow_mod fm;
    long long rss0, rss1;
    double t0, t1;

    memset(&fm, 0, sizeof fm);
    memset(&inst, 0, sizeof inst);
    memset(&action, 0, sizeof action);
    fm.command = OFPFC_ADD;
    fm.priority = 100;
    fm.buffer_id = OFP_NO_BUFFER;
    fm.out_port = OFPP_ANY;
    fm.out_group = OFPG_ANY;
    fm.instructions = &inst;
    fm.n_instructions = 1;
    inst.type = OFPIT_APPLY_ACTIONS;
    inst.actions.actions = &action;
    inst.actions.n = 1;
    action.type = OFPAT_OUTPUT;

    rss0 = resident_bytes();
    t0 = now_sec();
    for (size_t i = 0; i < n; i++) {
        of_match_init(&fm.match);
        of_match_set_u16(&fm.match, OF_FIELD_ETH_TYPE, 0x0800);
        of_match_set_u32(&fm.match, OF_FIELD_IPV4_DST,
                         0x0a000000 + (uint32_t) i);
        action.output.port = 1 + i % 4;
        if (flow_table_flow_mod(ft, &fm, 0, NULL)) {
            fprintf(stderr, "flow_table_flow_mod failed\n");
            exit(1);
        }
    }
    t1 = now_sec();
    rss1 = resident_bytes();
    printf("flow table: %zu flows added in %.2f s (%.0f flow mods/s)\n",
           flow_table_count(ft), t1 - t0, n / (t1 - t0));
    printf("flow table: resident memory for %zu flows: %.1f MiB "
           "(%.0f bytes per flow)\n", n, (rss1 - rss0) / 1048576.0,
           (double) (rss1 - rss0) / n);
    flow_table_destroy(ft);
}

int
main(int argc, char *argv[])
{
    static const size_t sizes[] = { 1000, 10000, 100000, 1000000 };
    static const int n_masks[] = { 1, 10, 100 };
    bool quick = argc > 1 && !strcmp(argv[1], "--quick");
    size_t n_sizes = quick ? 3 : 4;

    /* First, while the heap is fresh, so that the memory figure is
     * honest. */
    bench_flow_table(quick ? 100000 : 1000000);

    printf("\nclassifier: millions of lookups/s one at a time / in batches "
           "of %d,\nand (inserts/s), by number of rules and of masks\n",
           CLASSIFIER_BATCH_MAX);
    printf("%8s", "rules");
    for (size_t j = 0; j < ARRAY_SIZE(n_masks); j++) {
        printf("  %18d mask%s", n_masks[j], n_masks[j] > 1 ? "s" : " ");
    }
    printf("\n");
    for (size_t i = 0; i < n_sizes; i++) {
        printf("%8zu", sizes[i]);
        for (size_t j = 0; j < ARRAY_SIZE(n_masks); j++) {
            struct result r = bench_classifier(sizes[i], n_masks[j],
                                               false);

            printf("  %6.2f / %6.2f (%4.2fM)", r.lookup_rate / 1e6,
                   r.batch_rate / 1e6, r.insert_rate / 1e6);
            fflush(stdout);
        }
        printf("\n");
    }

    printf("\nclassifier, one priority per mask (longest prefix first):\n");
    for (size_t j = 1; j < ARRAY_SIZE(n_masks); j++) {
        struct result r = bench_classifier(100000, n_masks[j], true);

        printf("%8d rules, %3d masks: %.2fM / %.2fM lookups/s\n", 100000,
               n_masks[j], r.lookup_rate / 1e6, r.batch_rate / 1e6);
    }
    return 0;
}
