#include "switch/meter-table.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ofproto/arena.h"
#include "ofproto/ds.h"
#include "ofproto/ofp-msgs.h"
#include "ofproto/ofpbuf.h"
#include "ofproto/util.h"
#include "tests/unit/unit-msgs.h"
#include "tests/unit/unit.h"

#define SEC 1000000000LL

/* ---- Helpers ---- */

/* Parses 's' (ovs-ofctl syntax) as a meter mod of 'command' and applies it
 * to 'mt' at 'now'.  The parsed message's memory is gone afterwards, as a
 * decoded message's is after its command. */
static enum ofperr
mmod_at(struct meter_table *mt, uint16_t command, const char *s,
        long long now)
{
    struct of_meter_mod mm;
    struct arena arena;
    enum ofperr error;
    char *msg;

    arena_init(&arena);
    msg = of_meter_mod_parse(&mm, s, command, &arena);
    if (msg) {
        fprintf(stderr, "%s: %s\n", s, msg);
        free(msg);
        arena_destroy(&arena);
        CU_FAIL_FATAL("meter mod does not parse");
    }
    error = meter_table_meter_mod(mt, &mm, now, NULL, NULL, NULL);
    arena_destroy(&arena);
    return error;
}

static enum ofperr
add(struct meter_table *mt, const char *s)
{
    return mmod_at(mt, OFPMC_ADD, s, 0);
}

static enum ofperr
modify(struct meter_table *mt, const char *s)
{
    return mmod_at(mt, OFPMC_MODIFY, s, 0);
}

/* Deletes meter 'id' (or OFPM_ALL); returns the error and appends the
 * deleted ids to 's' as "1,2,3". */
static enum ofperr
del(struct meter_table *mt, uint32_t id, struct ds *s)
{
    struct of_meter_mod mm = { .command = OFPMC_DELETE, .meter_id = id };
    uint32_t *ids = NULL;
    size_t n = 0;
    struct arena arena;
    enum ofperr error;

    arena_init(&arena);
    error = meter_table_meter_mod(mt, &mm, 0, &arena, &ids, &n);
    for (size_t i = 0; s && i < n; i++) {
        ds_put_format(s, "%s%u", i ? "," : "", ids[i]);
    }
    arena_destroy(&arena);
    return error;
}

#define ASSERT_ERR(ERROR, EXPECTED)                                     \
    do {                                                                \
        enum ofperr error_ = (ERROR);                                   \
        if (error_ != (EXPECTED)) {                                     \
            fprintf(stderr, "\n%s:%d: got %s, expected %s\n",           \
                    __FILE__, __LINE__, ofperr_name(error_),            \
                    ofperr_name(EXPECTED));                             \
        }                                                               \
        CU_ASSERT_EQUAL(error_, (EXPECTED));                            \
    } while (0)

/* The configuration of every meter, as METER_CONFIG text. */
static char *
dump(const struct meter_table *mt)
{
    struct of_meter_config_reply reply = { NULL, 0 };
    struct arena arena;
    struct ds s;

    arena_init(&arena);
    ds_init(&s);
    meter_table_configs(mt, OFPM_ALL, &arena, &reply.configs, &reply.n);
    of_meter_config_reply_format(&reply, &s);
    arena_destroy(&arena);
    return ds_steal_cstr(&s);
}

#define ASSERT_DUMP_HAS(MT, TEXT)                                       \
    do {                                                                \
        char *dump_ = dump(MT);                                         \
        if (!strstr(dump_, TEXT)) {                                     \
            fprintf(stderr, "\n%s:%d: \"%s\" not in:\n%s\n",            \
                    __FILE__, __LINE__, TEXT, dump_);                   \
        }                                                               \
        CU_ASSERT_PTR_NOT_NULL(strstr(dump_, TEXT));                    \
        free(dump_);                                                    \
    } while (0)

/* ---- Meter mods ---- */

static void
test_add_modify_delete(void)
{
    struct meter_table *mt = meter_table_create(NULL);
    struct ds s = DS_EMPTY_INITIALIZER;

    ASSERT_ERR(add(mt, "meter=1,kbps,bands=type=drop,rate=1000"), 0);
    ASSERT_ERR(add(mt, "meter=2,pktps,burst,stats,bands=type=dscp_remark,"
                   "rate=10,burst_size=5,prec_level=2"), 0);
    ASSERT_ERR(add(mt, "meter=controller,pktps,bands=type=drop,rate=100"),
               0);
    ASSERT_ERR(add(mt, "meter=slowpath,pktps,bands=type=drop,rate=100"), 0);
    ASSERT_ERR(add(mt, "meter=3"), 0);
    CU_ASSERT_EQUAL(meter_table_count(mt), 5);
    ASSERT_DUMP_HAS(mt, "meter=1 kbps bands=type=drop rate=1000\n"
                    "  meter=2 pktps burst stats bands=type=dscp_remark "
                    "rate=10 burst_size=5 prec_level=2\n  meter=3");
    CU_ASSERT_PTR_NOT_NULL(meter_table_find(mt, OFPM_CONTROLLER));
    CU_ASSERT_PTR_NOT_NULL(meter_table_find(mt, OFPM_SLOWPATH));

    ASSERT_ERR(modify(mt, "meter=1,pktps,bands=type=drop,rate=7,"
                      "type=dscp_remark,rate=3,prec_level=1"), 0);
    ASSERT_DUMP_HAS(mt, "meter=1 pktps bands=type=drop rate=7 "
                    "type=dscp_remark rate=3 prec_level=1\n");

    /* DELETE of a meter that does not exist: no error, nothing gone. */
    ASSERT_ERR(del(mt, 99, &s), 0);
    CU_ASSERT_STRING_EQUAL(ds_cstr(&s), "");
    ASSERT_ERR(del(mt, 2, &s), 0);
    CU_ASSERT_STRING_EQUAL(ds_cstr(&s), "2");
    CU_ASSERT_PTR_NULL(meter_table_find(mt, 2));
    CU_ASSERT_EQUAL(meter_table_count(mt), 4);

    /* OFPM_ALL: every meter, virtual ones too, by id. */
    ASSERT_ERR(add(mt, "meter=70000,bands=type=drop,rate=1"), 0);
    ds_clear(&s);
    ASSERT_ERR(del(mt, OFPM_ALL, &s), 0);
    CU_ASSERT_STRING_EQUAL(ds_cstr(&s), "1,3,70000,4294967293,4294967294");
    CU_ASSERT_EQUAL(meter_table_count(mt), 0);
    ds_clear(&s);
    ASSERT_ERR(del(mt, OFPM_ALL, &s), 0);
    CU_ASSERT_STRING_EQUAL(ds_cstr(&s), "");
    ASSERT_ERR(add(mt, "meter=1,kbps,bands=type=drop,rate=1000"), 0);
    ds_destroy(&s);
    meter_table_destroy(mt);
}

static void
test_many_meters(void)
{
    struct meter_table *mt = meter_table_create(NULL);
    enum { N = 3000 };
    static bool present[N + 1];

    memset(present, 0, sizeof present);
    for (uint32_t i = 1; i <= N; i++) {
        char text[80];
        uint32_t id = i * 7919 % N + 1;

        snprintf(text, sizeof text, "meter=%u,bands=type=drop,rate=%u",
                 id, id);
        ASSERT_ERR(add(mt, text), 0);
        present[id] = true;
    }
    for (uint32_t i = 0; i < N; i += 3) {
        uint32_t id = i * 31 % N + 1;

        ASSERT_ERR(del(mt, id, NULL), 0);
        present[id] = false;
    }
    for (uint32_t id = 1; id <= N; id++) {
        CU_ASSERT_EQUAL(meter_table_find(mt, id) != NULL, present[id]);
    }
    meter_table_destroy(mt);
}

static void
test_mod_errors(void)
{
    struct meter_table_config config = { .max_meters = 2, .max_bands = 2 };
    struct meter_table *mt = meter_table_create(&config);
    struct of_meter_band bands[3] = {
        { .type = OFPMBT_DROP, .rate = 100 },
        { .type = OFPMBT_DROP, .rate = 200 },
        { .type = OFPMBT_DROP, .rate = 300 },
    };
    struct of_meter_mod mm = {
        .command = OFPMC_ADD, .flags = OFPMF_KBPS, .meter_id = 1,
        .bands = bands, .n_bands = 1,
    };

#define MOD(MM) meter_table_meter_mod(mt, MM, 0, NULL, NULL, NULL)
    /* What the codec would refuse, refused again. */
    mm.command = 3;
    ASSERT_ERR(MOD(&mm), OFPERR_OFPMMFC_BAD_COMMAND);
    mm.command = OFPMC_ADD;
    mm.meter_id = 0;
    ASSERT_ERR(MOD(&mm), OFPERR_OFPMMFC_INVALID_METER);
    mm.meter_id = OFPM_MAX + 1;
    ASSERT_ERR(MOD(&mm), OFPERR_OFPMMFC_INVALID_METER);
    mm.meter_id = OFPM_ALL;
    ASSERT_ERR(MOD(&mm), OFPERR_OFPMMFC_INVALID_METER);
    mm.command = OFPMC_DELETE;
    mm.meter_id = 0;
    ASSERT_ERR(MOD(&mm), OFPERR_OFPMMFC_INVALID_METER);
    mm.meter_id = OFPM_MAX + 2;
    ASSERT_ERR(MOD(&mm), OFPERR_OFPMMFC_INVALID_METER);
    mm.command = OFPMC_ADD;
    mm.meter_id = 1;
    mm.flags = OFPMF_KBPS | OFPMF_PKTPS;
    ASSERT_ERR(MOD(&mm), OFPERR_OFPMMFC_BAD_FLAGS);
    mm.flags = OFPMF_KBPS | 0x10;
    ASSERT_ERR(MOD(&mm), OFPERR_OFPMMFC_BAD_FLAGS);
    mm.flags = OFPMF_KBPS;
    bands[0].type = OFPMBT_EXPERIMENTER;
    ASSERT_ERR(MOD(&mm), OFPERR_OFPMMFC_BAD_BAND);
    bands[0].type = 3;
    ASSERT_ERR(MOD(&mm), OFPERR_OFPMMFC_BAD_BAND);
    bands[0].type = OFPMBT_DROP;
    bands[0].rate = 0;
    ASSERT_ERR(MOD(&mm), OFPERR_OFPMMFC_BAD_RATE);
    bands[0].rate = 100;
    bands[0].type = OFPMBT_DSCP_REMARK;
    bands[0].prec_level = 64;
    ASSERT_ERR(MOD(&mm), OFPERR_OFPMMFC_BAD_BAND_VALUE);
    bands[0].prec_level = 63;
    ASSERT_ERR(MOD(&mm), 0);
    CU_ASSERT_EQUAL(meter_table_count(mt), 1);
#undef MOD

    /* Flags with no unit mean KBPS. */
    ASSERT_ERR(add(mt, "meter=2,burst,bands=type=drop,rate=1,"
                   "burst_size=1"), 0);
    ASSERT_ERR(del(mt, 2, NULL), 0);

    /* Existence. */
    ASSERT_ERR(add(mt, "meter=1,pktps,bands=type=drop,rate=1"),
               OFPERR_OFPMMFC_METER_EXISTS);
    ASSERT_ERR(modify(mt, "meter=5,pktps,bands=type=drop,rate=1"),
               OFPERR_OFPMMFC_UNKNOWN_METER);
    CU_ASSERT_PTR_NULL(meter_table_find(mt, 5));

    /* Limits: 2 meters, 2 bands. */
    ASSERT_ERR(add(mt, "meter=2,pktps,bands=type=drop,rate=1,"
                   "type=drop,rate=2,type=drop,rate=3"),
               OFPERR_OFPMMFC_OUT_OF_BANDS);
    ASSERT_ERR(add(mt, "meter=2,pktps,bands=type=drop,rate=1,"
                   "type=drop,rate=2"), 0);
    ASSERT_ERR(add(mt, "meter=3,pktps,bands=type=drop,rate=1"),
               OFPERR_OFPMMFC_OUT_OF_METERS);
    ASSERT_ERR(add(mt, "meter=controller,pktps,bands=type=drop,rate=1"),
               OFPERR_OFPMMFC_OUT_OF_METERS);
    ASSERT_ERR(modify(mt, "meter=2,pktps,bands=type=drop,rate=1,"
                      "type=drop,rate=2,type=drop,rate=3"),
               OFPERR_OFPMMFC_OUT_OF_BANDS);
    ASSERT_ERR(modify(mt, "meter=2,pktps,bands=type=drop,rate=9"), 0);

    /* A burst of nothing with OFPMF_BURST; without it, burst_size is not
     * used, so 0 is fine. */
    ASSERT_ERR(modify(mt, "meter=2,pktps,burst,bands=type=drop,rate=9"),
               OFPERR_OFPMMFC_BAD_BURST);
    ASSERT_ERR(modify(mt, "meter=2,pktps,burst,bands=type=drop,rate=9,"
                      "burst_size=1,type=drop,rate=1,burst_size=0"),
               OFPERR_OFPMMFC_BAD_BURST);
    ASSERT_ERR(modify(mt, "meter=2,pktps,bands=type=drop,rate=9,"
                      "burst_size=0"), 0);

    /* Failed mods changed nothing. */
    CU_ASSERT_EQUAL(meter_table_count(mt), 2);
    ASSERT_DUMP_HAS(mt, "2 meters\n  meter=1 kbps bands=type=dscp_remark "
                    "rate=100 prec_level=63\n  meter=2 pktps bands=type=drop "
                    "rate=9");
    meter_table_destroy(mt);
}

/* ---- Metering ---- */

/* Sends 'n' packets of 'bytes' bytes at 'now' and returns how many
 * passed (any verdict but METER_DROP). */
static int
burst(struct meter *m, long long now, int n, uint32_t bytes)
{
    int passed = 0;

    for (int i = 0; i < n; i++) {
        uint8_t prec;

        passed += meter_apply(m, now, 1, bytes, &prec) != METER_DROP;
    }
    return passed;
}

static void
test_burst(void)
{
    struct meter_table *mt = meter_table_create(NULL);
    struct meter *m;

    /* OFPMF_BURST: a full bucket lets exactly burst_size through at
     * once, then the rate refills it. */
    ASSERT_ERR(add(mt, "meter=1,pktps,burst,bands=type=drop,rate=100,"
                   "burst_size=10"), 0);
    m = meter_table_find(mt, 1);
    CU_ASSERT_EQUAL(burst(m, 0, 50, 100), 10);
    CU_ASSERT_EQUAL(burst(m, SEC / 100 - 1, 5, 100), 0);
    CU_ASSERT_EQUAL(burst(m, SEC / 100, 5, 100), 1);
    CU_ASSERT_EQUAL(burst(m, SEC / 100 + SEC / 20, 50, 100), 5);
    CU_ASSERT_EQUAL(burst(m, 100 * SEC, 50, 100), 10);

    /* kbps: 100 kilobits hold ten packets of 1250 bytes. */
    ASSERT_ERR(add(mt, "meter=2,kbps,burst,bands=type=drop,rate=1000,"
                   "burst_size=100"), 0);
    m = meter_table_find(mt, 2);
    CU_ASSERT_EQUAL(burst(m, 0, 50, 1250), 10);
    CU_ASSERT_EQUAL(burst(m, SEC / 100 - 1, 5, 1250), 0);
    CU_ASSERT_EQUAL(burst(m, SEC / 100, 5, 1250), 1);

    /* Without OFPMF_BURST: 100 ms of the rate... */
    ASSERT_ERR(add(mt, "meter=3,pktps,bands=type=drop,rate=1000"), 0);
    CU_ASSERT_EQUAL(burst(meter_table_find(mt, 3), 0, 500, 60), 100);
    ASSERT_ERR(add(mt, "meter=4,kbps,bands=type=drop,rate=8000"), 0);
    CU_ASSERT_EQUAL(burst(meter_table_find(mt, 4), 0, 500, 1000), 100);

    /* ...but at least two packets... */
    ASSERT_ERR(add(mt, "meter=5,pktps,bands=type=drop,rate=5"), 0);
    m = meter_table_find(mt, 5);
    CU_ASSERT_EQUAL(burst(m, 0, 10, 60), 2);
    CU_ASSERT_EQUAL(burst(m, SEC / 5, 10, 60), 1);

    /* ...or two 1518-byte frames (24,288 bits). */
    ASSERT_ERR(add(mt, "meter=10,kbps,bands=type=drop,rate=64"), 0);
    CU_ASSERT_EQUAL(burst(meter_table_find(mt, 10), 0, 10, 1518), 2);

    /* A packet larger than the whole bucket passes when it is full, and
     * leaves a debt: 10 kbps with a bucket of 24,288 bits, 4000-byte
     * packets (32 kilobits) pass every 3.2 s. */
    ASSERT_ERR(add(mt, "meter=6,kbps,bands=type=drop,rate=10"), 0);
    m = meter_table_find(mt, 6);
    CU_ASSERT_EQUAL(burst(m, 0, 3, 4000), 1);
    CU_ASSERT_EQUAL(burst(m, 32 * SEC / 10 - 1, 1, 4000), 0);
    CU_ASSERT_EQUAL(burst(m, 32 * SEC / 10, 1, 4000), 1);
    CU_ASSERT_EQUAL(burst(m, 64 * SEC / 10 - 1, 1, 4000), 0);
    CU_ASSERT_EQUAL(burst(m, 64 * SEC / 10, 1, 4000), 1);

    /* A clock that goes back adds nothing. */
    ASSERT_ERR(add(mt, "meter=7,pktps,burst,bands=type=drop,rate=1,"
                   "burst_size=1"), 0);
    m = meter_table_find(mt, 7);
    CU_ASSERT_EQUAL(burst(m, 10 * SEC, 2, 60), 1);
    CU_ASSERT_EQUAL(burst(m, 5 * SEC, 2, 60), 0);
    CU_ASSERT_EQUAL(burst(m, 11 * SEC, 2, 60), 1);

    /* The largest rate and burst do not overflow. */
    ASSERT_ERR(add(mt, "meter=8,kbps,burst,bands=type=drop,"
                   "rate=4294967295,burst_size=4294967295"), 0);
    m = meter_table_find(mt, 8);
    CU_ASSERT_EQUAL(burst(m, 0, 1000, 65535), 1000);
    CU_ASSERT_EQUAL(burst(m, 1000 * SEC, 1000, 65535), 1000);
    ASSERT_ERR(add(mt, "meter=9,pktps,bands=type=drop,rate=4294967295"),
               0);
    m = meter_table_find(mt, 9);
    CU_ASSERT_EQUAL(burst(m, 0, 1000, 65535), 1000);
    CU_ASSERT_EQUAL(burst(m, 1000000 * SEC, 1000, 65535), 1000);
    meter_table_destroy(mt);
}

/* Synthetic traffic for the accuracy tests. */
enum pattern {
    PERIODIC,                   /* Evenly spaced. */
    JITTER,                     /* Gaps uniform in [0, 2 x mean]. */
    BATCH,                      /* Batches of 32 read at once, the way
                                 * the datapath receives them. */
};

static const char *const pattern_names[] = { "periodic", "jitter",
                                             "batch" };

struct accuracy_case {
    bool pktps;
    uint32_t rate;              /* pkt/s or kbit/s. */
    uint32_t burst;             /* 0: no OFPMF_BURST. */
    uint32_t bytes;             /* 0: random sizes, 64 to 1518. */
    unsigned int patterns;      /* 1 << PERIODIC | ... */
};

/* xorshift64*. */
static uint64_t
rnd(uint64_t *state)
{
    *state ^= *state >> 12;
    *state ^= *state << 25;
    *state ^= *state >> 27;
    return *state * UINT64_C(2685821657736338717);
}

/* Offers a meter twice its rate (in packets for pktps, in bits for kbps)
 * and returns the relative error of the rate it lets through, measured
 * over 100,000 packets after the bucket's initial burst is spent. */
static double
measure(const struct accuracy_case *c, enum pattern pattern)
{
    const long long n_measured = 100000;
    struct meter_table *mt = meter_table_create(NULL);
    /* Offered rate, in packets or bits per second. */
    uint64_t offered = 2 * (uint64_t) c->rate * (c->pktps ? 1 : 1000);
    /* The bucket, in packets or bits, and the packets that drain it. */
    uint64_t bucket = (c->burst
                       ? (uint64_t) c->burst * (c->pktps ? 1 : 1000)
                       : MAX(c->pktps ? 2 : 2 * 1518 * 8,
                             (uint64_t) c->rate * (c->pktps ? 1 : 1000)
                             / 10));
    uint64_t mean_size = c->bytes ? c->bytes : (64 + 1518) / 2;
    long long n_warm = 3 * bucket / (c->pktps ? 1 : mean_size * 8) + 1000;
    uint64_t state = 12345, passed = 0;
    long long start = 0, now = 0;
    /* Time in "offered units": ns * offered. */
    __uint128_t acc = 0;
    struct of_meter_mod mm;
    struct of_meter_band band = {
        .type = OFPMBT_DROP, .rate = c->rate, .burst_size = c->burst,
    };
    struct meter *m;
    double got;

    memset(&mm, 0, sizeof mm);
    mm.command = OFPMC_ADD;
    mm.meter_id = 1;
    mm.flags = ((c->pktps ? OFPMF_PKTPS : OFPMF_KBPS)
                | (c->burst ? OFPMF_BURST : 0));
    mm.bands = &band;
    mm.n_bands = 1;
    CU_ASSERT_EQUAL_FATAL(meter_table_meter_mod(mt, &mm, 0, NULL, NULL,
                                                NULL), 0);
    m = meter_table_find(mt, 1);

    for (long long i = 0; i < n_warm + n_measured; i += 32) {
        uint32_t sizes[32];
        long long times[32];

        /* The next 32 arrivals. */
        for (int k = 0; k < 32; k++) {
            uint64_t size = c->bytes ? c->bytes : 64 + rnd(&state) % 1455;
            __uint128_t work = (__uint128_t) SEC * (c->pktps ? 1 : size * 8);

            if (pattern == JITTER) {
                work = work * (rnd(&state) % 2048) / 1024;
            }
            acc += work;
            sizes[k] = size;
            times[k] = (long long) (acc / offered);
        }
        for (int k = 0; k < 32; k++) {
            long long t = pattern == BATCH ? times[31] : times[k];
            uint8_t prec;
            bool pass;

            if (i + k == n_warm) {
                start = t;
            }
            pass = meter_apply(m, t, 1, sizes[k], &prec) == METER_PASS;
            if (i + k >= n_warm && pass) {
                passed += c->pktps ? 1 : sizes[k] * 8;
            }
            now = t;
        }
    }

    /* What passed, per second, against the rate. */
    got = (double) passed * SEC / (double) (now - start);
    meter_table_destroy(mt);
    return got / ((double) c->rate * (c->pktps ? 1 : 1000)) - 1.0;
}

static void
test_accuracy(void)
{
    static const struct accuracy_case cases[] = {
#define ALL3 (1u << PERIODIC | 1u << JITTER | 1u << BATCH)
#define PJ (1u << PERIODIC | 1u << JITTER)
        /* Packets per second: 10 to a million.  (Batches of 32 at the
         * lowest rates would be seconds of traffic arriving at once,
         * which a small bucket rightly cuts: the datapath reads what has
         * arrived, at low rates one packet at a time.) */
        { true, 10, 0, 64, PJ },
        { true, 10, 20, 64, ALL3 },
        { true, 1000, 0, 64, ALL3 },
        { true, 1000, 100, 1500, ALL3 },
        { true, 1000000, 0, 64, ALL3 },
        { true, 1000000, 1000, 64, ALL3 },
        /* Kilobits per second: 64 kbit/s to 10 Gbit/s. */
        { false, 64, 0, 200, PJ },
        { false, 64, 0, 0, PJ },
        { false, 64, 64, 200, ALL3 },
        { false, 10000, 0, 1000, ALL3 },
        { false, 10000, 0, 0, ALL3 },
        { false, 10000, 500, 0, ALL3 },
        { false, 1000000, 0, 1000, ALL3 },
        { false, 1000000, 0, 0, ALL3 },
        { false, 1000000, 1000, 0, ALL3 },
        { false, 10000000, 0, 1500, ALL3 },
        { false, 10000000, 0, 0, ALL3 },
        { false, 10000000, 2000, 64, ALL3 },
#undef ALL3
#undef PJ
    };
    double worst = 0;

    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        const struct accuracy_case *c = &cases[i];

        for (int p = PERIODIC; p <= BATCH; p++) {
            double error;

            if (!(c->patterns & (1u << p))) {
                continue;
            }
            error = measure(c, p);
            if (error > 0.05 || error < -0.05) {
                fprintf(stderr, "\n%s %u %s, burst %u, %u bytes, %s: "
                        "off by %+.2f%%\n", c->pktps ? "pktps" : "kbps",
                        c->rate, c->pktps ? "pkt/s" : "kbit/s", c->burst,
                        c->bytes, pattern_names[p], error * 100);
            }
            CU_ASSERT(error <= 0.05 && error >= -0.05);
            worst = MAX(worst, error < 0 ? -error : error);
            if (getenv("METER_ACCURACY")) {
                fprintf(stderr, "%s %u, burst %u, %u bytes, %s: %+.3f%%\n",
                        c->pktps ? "pktps" : "kbps", c->rate, c->burst,
                        c->bytes, pattern_names[p], error * 100);
            }
        }
    }
    if (getenv("METER_ACCURACY")) {
        fprintf(stderr, "\nworst meter error: %.3f%%\n", worst * 100);
    }
}

/* The virtual meter OFPM_CONTROLLER holds packet-ins to its rate. */
static void
test_controller_meter(void)
{
    struct meter_table *mt = meter_table_create(NULL);
    struct meter *m;
    int passed = 0;

    ASSERT_ERR(add(mt, "meter=controller,pktps,bands=type=drop,rate=100"),
               0);
    m = meter_table_find(mt, OFPM_CONTROLLER);
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    /* 10 s of 10,000 packet-ins per second. */
    for (long long i = 0; i < 100000; i++) {
        uint8_t prec;

        passed += (meter_apply(m, i * SEC / 10000, 1, 100, &prec)
                   == METER_PASS);
    }
    /* 100 per second, plus the first 100 ms burst. */
    CU_ASSERT(passed >= 1000 && passed <= 1011);
    meter_table_destroy(mt);
}

/* Several bands: the band of highest rate that is exceeded applies. */
static void
test_bands(void)
{
    struct meter_table *mt = meter_table_create(NULL);
    struct of_meter_stats *stats = NULL;
    size_t n_stats = 0;
    struct arena arena;
    struct meter *m;
    int clean = 0, remarked = 0, dropped = 0;

    /* 5000 pkt/s for 10 s against DSCP_REMARK at 3000 and DROP at 1000:
     * 2000/s remarked (exceeding 3000), then of the 3000/s that conform,
     * 1000 pass and 2000 are dropped (exceeding 1000); each full bucket
     * adds its 10 packets at the start. */
    ASSERT_ERR(add(mt, "meter=1,pktps,burst,bands=type=drop,rate=1000,"
                   "burst_size=10,type=dscp_remark,rate=3000,prec_level=2,"
                   "burst_size=10"), 0);
    m = meter_table_find(mt, 1);
    for (long long i = 0; i < 50000; i++) {
        uint8_t prec = 0;

        switch (meter_apply(m, i * SEC / 5000, 1, 100, &prec)) {
        case METER_PASS:
            clean++;
            break;
        case METER_REMARK:
            remarked++;
            CU_ASSERT_EQUAL(prec, 2);
            break;
        case METER_DROP:
            dropped++;
            break;
        }
    }
    CU_ASSERT(clean >= 9990 && clean <= 10030);
    CU_ASSERT(remarked >= 19970 && remarked <= 20010);
    CU_ASSERT(dropped >= 19970 && dropped <= 20010);

    /* Band counters, in the message's order. */
    arena_init(&arena);
    meter_table_stats(mt, 1, 10 * SEC, &arena, &stats, &n_stats);
    CU_ASSERT_EQUAL_FATAL(n_stats, 1);
    CU_ASSERT_EQUAL(stats[0].packet_in_count, 50000);
    CU_ASSERT_EQUAL(stats[0].byte_in_count, 5000000);
    CU_ASSERT_EQUAL_FATAL(stats[0].n_bands, 2);
    CU_ASSERT_EQUAL(stats[0].bands[0].packet_band_count, (uint64_t) dropped);
    CU_ASSERT_EQUAL(stats[0].bands[1].packet_band_count,
                    (uint64_t) remarked);
    CU_ASSERT_EQUAL(stats[0].bands[1].byte_band_count,
                    100 * (uint64_t) remarked);
    arena_destroy(&arena);

    /* The other way round: DROP at 3000 over DSCP_REMARK at 1000 gives
     * 2000 dropped, 2000 remarked, 1000 clean. */
    clean = remarked = dropped = 0;
    ASSERT_ERR(modify(mt, "meter=1,pktps,burst,bands=type=dscp_remark,"
                      "rate=1000,prec_level=1,burst_size=10,type=drop,"
                      "rate=3000,burst_size=10"), 0);
    for (long long i = 0; i < 50000; i++) {
        uint8_t prec = 0;

        switch (meter_apply(m, i * SEC / 5000, 1, 100, &prec)) {
        case METER_PASS:
            clean++;
            break;
        case METER_REMARK:
            remarked++;
            break;
        case METER_DROP:
            dropped++;
            break;
        }
    }
    CU_ASSERT(clean >= 9990 && clean <= 10030);
    CU_ASSERT(remarked >= 19970 && remarked <= 20010);
    CU_ASSERT(dropped >= 19970 && dropped <= 20010);

    /* Equal rates: the first listed applies. */
    ASSERT_ERR(add(mt, "meter=2,pktps,burst,bands=type=dscp_remark,"
                   "rate=10,prec_level=3,burst_size=1,type=drop,rate=10,"
                   "burst_size=1"), 0);
    m = meter_table_find(mt, 2);
    {
        uint8_t prec = 0;

        CU_ASSERT_EQUAL(meter_apply(m, 0, 1, 100, &prec), METER_PASS);
        CU_ASSERT_EQUAL(meter_apply(m, 0, 1, 100, &prec), METER_REMARK);
        CU_ASSERT_EQUAL(prec, 3);
    }

    /* No bands: everything passes, and is counted. */
    ASSERT_ERR(add(mt, "meter=3,pktps"), 0);
    m = meter_table_find(mt, 3);
    CU_ASSERT_EQUAL(burst(m, 0, 1000, 64), 1000);
    meter_table_destroy(mt);
}

static void
test_dscp_remark(void)
{
    static const struct {
        uint8_t dscp, prec_level, expected;
    } cases[] = {
        { 10, 1, 12 },          /* AF11 -> AF12. */
        { 12, 1, 14 },          /* AF12 -> AF13. */
        { 14, 1, 14 },          /* AF13 stays. */
        { 10, 2, 14 },          /* AF11 -> AF13. */
        { 34, 1, 36 },          /* AF41 -> AF42. */
        { 18, 5, 22 },          /* AF21 -> AF23. */
        { 24, 1, 16 },          /* CS3 -> CS2 (Ryu's conformance test). */
        { 56, 3, 32 },          /* CS7 -> CS4. */
        { 46, 1, 32 },          /* EF -> CS4. */
        { 8, 1, 0 },            /* CS1 -> CS0. */
        { 0, 1, 0 },            /* Default stays. */
        { 16, 9, 0 },           /* CS2, far: CS0. */
        { 46, 0, 46 },          /* Level 0: no change. */
        { 12, 0, 12 },
        { 42, 1, 32 },          /* Class 5 with drop bits is not AF. */
    };

    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        uint8_t got = meter_dscp_remark(cases[i].dscp, cases[i].prec_level);

        if (got != cases[i].expected) {
            fprintf(stderr, "\ndscp %u + %u: got %u, expected %u\n",
                    cases[i].dscp, cases[i].prec_level, got,
                    cases[i].expected);
        }
        CU_ASSERT_EQUAL(got, cases[i].expected);
    }
}

/* ---- Statistics, configuration, features ---- */

static void
encode_decode(const struct of_msg *msg, struct of_msg *back)
{
    struct ofpbuf b = OFPBUF_INITIALIZER;
    char *text;

    text = unit_round_trip(msg);
    free(text);
    CU_ASSERT_FATAL(of_msg_encode(msg, &b));
    CU_ASSERT_EQUAL_FATAL(of_msg_decode(back, b.data, b.size), 0);
    ofpbuf_uninit(&b);
}

static void
test_stats(void)
{
    struct meter_table *mt = meter_table_create(NULL);
    const struct of_meter_stats *ms;
    struct of_msg msg, back;
    struct meter *m;
    char *text;

    CU_ASSERT_EQUAL(mmod_at(mt, OFPMC_ADD, "meter=1,pktps,burst,stats,"
                            "bands=type=drop,rate=10,burst_size=2", 3 * SEC),
                    0);
    CU_ASSERT_EQUAL(mmod_at(mt, OFPMC_ADD, "meter=2,kbps,"
                            "bands=type=drop,rate=10000", 4 * SEC), 0);
    m = meter_table_find(mt, 1);
    CU_ASSERT_EQUAL(burst(m, 3 * SEC, 5, 100), 2);
    meter_table_ref_flow(mt, 1);
    meter_table_ref_flow(mt, 1);
    meter_table_ref_flow(mt, 1);
    meter_table_unref_flow(mt, 1);
    meter_table_ref_flow(mt, 77);
    meter_table_unref_flow(mt, 2);

    of_msg_init(&msg, OFPT_MULTIPART_REPLY, 5);
    msg.u.mp_reply.type = OFPMP_METER;
    meter_table_stats(mt, OFPM_ALL, 5 * SEC + 7, &msg.arena,
                      &msg.u.mp_reply.meter.stats, &msg.u.mp_reply.meter.n);
    encode_decode(&msg, &back);
    CU_ASSERT_EQUAL_FATAL(back.u.mp_reply.meter.n, 2);
    ms = &back.u.mp_reply.meter.stats[0];
    CU_ASSERT_EQUAL(ms->meter_id, 1);
    CU_ASSERT_EQUAL(ms->flow_count, 2);
    CU_ASSERT_EQUAL(ms->packet_in_count, 5);
    CU_ASSERT_EQUAL(ms->byte_in_count, 500);
    CU_ASSERT_EQUAL(ms->duration_sec, 2);
    CU_ASSERT_EQUAL(ms->duration_nsec, 7);
    CU_ASSERT_EQUAL_FATAL(ms->n_bands, 1);
    CU_ASSERT_EQUAL(ms->bands[0].packet_band_count, 3);
    CU_ASSERT_EQUAL(ms->bands[0].byte_band_count, 300);
    ms = &back.u.mp_reply.meter.stats[1];
    CU_ASSERT_EQUAL(ms->meter_id, 2);
    CU_ASSERT_EQUAL(ms->flow_count, 0);
    CU_ASSERT_EQUAL(ms->duration_sec, 1);
    of_msg_uninit(&back);
    of_msg_uninit(&msg);

    /* One meter; a meter that does not exist adds nothing. */
    of_msg_init(&msg, OFPT_MULTIPART_REPLY, 6);
    msg.u.mp_reply.type = OFPMP_METER;
    meter_table_stats(mt, 2, 5 * SEC, &msg.arena,
                      &msg.u.mp_reply.meter.stats, &msg.u.mp_reply.meter.n);
    meter_table_stats(mt, 3, 5 * SEC, &msg.arena,
                      &msg.u.mp_reply.meter.stats, &msg.u.mp_reply.meter.n);
    CU_ASSERT_EQUAL(msg.u.mp_reply.meter.n, 1);
    text = unit_round_trip(&msg);
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "1 meter\n  meter=2 flow_count=0"));
    free(text);
    of_msg_uninit(&msg);

    /* MODIFY keeps the meter's counters and flows, not the bands'. */
    CU_ASSERT_EQUAL(mmod_at(mt, OFPMC_MODIFY, "meter=1,kbps,"
                            "bands=type=dscp_remark,rate=5,prec_level=1,"
                            "type=drop,rate=50", 6 * SEC), 0);
    of_msg_init(&msg, OFPT_MULTIPART_REPLY, 7);
    msg.u.mp_reply.type = OFPMP_METER;
    meter_table_stats(mt, 1, 6 * SEC, &msg.arena,
                      &msg.u.mp_reply.meter.stats, &msg.u.mp_reply.meter.n);
    encode_decode(&msg, &back);
    ms = &back.u.mp_reply.meter.stats[0];
    CU_ASSERT_EQUAL(ms->flow_count, 2);
    CU_ASSERT_EQUAL(ms->packet_in_count, 5);
    CU_ASSERT_EQUAL(ms->duration_sec, 3);
    CU_ASSERT_EQUAL_FATAL(ms->n_bands, 2);
    CU_ASSERT_EQUAL(ms->bands[0].packet_band_count, 0);
    CU_ASSERT_EQUAL(ms->bands[1].packet_band_count, 0);
    of_msg_uninit(&back);
    of_msg_uninit(&msg);

    /* Configuration. */
    of_msg_init(&msg, OFPT_MULTIPART_REPLY, 8);
    msg.u.mp_reply.type = OFPMP_METER_CONFIG;
    meter_table_configs(mt, OFPM_ALL, &msg.arena,
                        &msg.u.mp_reply.meter_config.configs,
                        &msg.u.mp_reply.meter_config.n);
    encode_decode(&msg, &back);
    CU_ASSERT_EQUAL_FATAL(back.u.mp_reply.meter_config.n, 2);
    CU_ASSERT_EQUAL(back.u.mp_reply.meter_config.configs[0].flags,
                    OFPMF_KBPS);
    CU_ASSERT_EQUAL_FATAL(back.u.mp_reply.meter_config.configs[0].n_bands,
                          2);
    CU_ASSERT_EQUAL(back.u.mp_reply.meter_config.configs[0].bands[0].type,
                    OFPMBT_DSCP_REMARK);
    CU_ASSERT_EQUAL(back.u.mp_reply.meter_config.configs[0].bands[1].rate,
                    50);
    text = unit_round_trip(&msg);
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "meter=1 kbps bands="
                                  "type=dscp_remark rate=5 prec_level=1 "
                                  "type=drop rate=50\n  meter=2 kbps "
                                  "bands=type=drop rate=10000"));
    free(text);
    of_msg_uninit(&back);
    of_msg_uninit(&msg);
    meter_table_destroy(mt);
}

static void
test_features(void)
{
    struct meter_table_config config = { .max_meters = 300,
                                         .max_bands = 7 };
    struct meter_table *mt = meter_table_create(&config);
    const struct of_meter_features *mf;
    struct of_msg msg, back;
    char *text;

    of_msg_init(&msg, OFPT_MULTIPART_REPLY, 9);
    msg.u.mp_reply.type = OFPMP_METER_FEATURES;
    meter_table_features(mt, &msg.u.mp_reply.meter_features);
    encode_decode(&msg, &back);
    mf = &back.u.mp_reply.meter_features;
    CU_ASSERT_EQUAL(mf->max_meter, 300);
    CU_ASSERT_EQUAL(mf->band_types, 0x6);
    CU_ASSERT_EQUAL(mf->capabilities, 0xf);
    CU_ASSERT_EQUAL(mf->max_bands, 7);
    CU_ASSERT_EQUAL(mf->max_color, 0);
    text = unit_round_trip(&msg);
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "max_meter=300 max_bands=7 "
                                  "max_color=0"));
    free(text);
    of_msg_uninit(&back);
    of_msg_uninit(&msg);
    meter_table_destroy(mt);

    /* The defaults. */
    mt = meter_table_create(NULL);
    CU_ASSERT_EQUAL(meter_table_get_config(mt)->max_meters, 65536);
    CU_ASSERT_EQUAL(meter_table_get_config(mt)->max_bands, 16);
    meter_table_destroy(mt);
}

static CU_TestInfo tests[] = {
    { "add, modify, delete", test_add_modify_delete },
    { "many meters", test_many_meters },
    { "meter mod errors", test_mod_errors },
    { "burst", test_burst },
    { "accuracy", test_accuracy },
    { "controller meter", test_controller_meter },
    { "bands", test_bands },
    { "dscp remark", test_dscp_remark },
    { "statistics and configuration", test_stats },
    { "features", test_features },
    CU_TEST_INFO_NULL,
};

UNIT_SUITE("meter-table", tests);
