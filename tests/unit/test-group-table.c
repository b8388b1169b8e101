#include "switch/group-table.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ofproto/arena.h"
#include "ofproto/ds.h"
#include "ofproto/ofp-msgs.h"
#include "ofproto/ofpbuf.h"
#include "ofproto/util.h"
#include "switch/flow.h"
#include "tests/unit/unit-msgs.h"
#include "tests/unit/unit.h"

/* ---- Helpers ---- */

/* A fake port-liveness callback: ports 0..63, live unless marked down;
 * counts its calls. */
struct fake_ports {
    bool down[64];
    unsigned long calls;
};

static bool
fake_port_live(void *aux, uint32_t port)
{
    struct fake_ports *fp = aux;

    fp->calls++;
    return port < 64 && !fp->down[port];
}

static struct group_table *
table_new(struct fake_ports *fp)
{
    return group_table_create(NULL, fp ? fake_port_live : NULL, fp);
}

/* Parses 's' (ovs-ofctl syntax) as a group mod of 'command' and applies it
 * to 'gt' at 'now'.  The parsed message's memory is gone afterwards, as a
 * decoded message's is after its command: the sanitizer build catches a
 * table that kept pointers into it. */
static enum ofperr
gmod_at(struct group_table *gt, uint16_t command, const char *s,
        long long now)
{
    struct of_group_mod gm;
    struct arena arena;
    enum ofperr error;
    char *msg;

    arena_init(&arena);
    msg = of_group_mod_parse(&gm, s, command, &arena);
    if (msg) {
        fprintf(stderr, "%s: %s\n", s, msg);
        free(msg);
        arena_destroy(&arena);
        CU_FAIL_FATAL("group mod does not parse");
    }
    error = group_table_group_mod(gt, &gm, now, NULL, NULL, NULL);
    arena_destroy(&arena);
    return error;
}

static enum ofperr
add(struct group_table *gt, const char *s)
{
    return gmod_at(gt, OFPGC_ADD, s, 0);
}

static enum ofperr
modify(struct group_table *gt, const char *s)
{
    return gmod_at(gt, OFPGC_MODIFY, s, 0);
}

/* Deletes group 'id' (or OFPG_ALL); returns the error and appends the
 * deleted ids to 's' as "1,2,3". */
static enum ofperr
del(struct group_table *gt, uint32_t id, struct ds *s)
{
    struct of_group_mod gm = { .command = OFPGC_DELETE, .group_id = id };
    uint32_t *ids = NULL;
    size_t n = 0;
    struct arena arena;
    enum ofperr error;

    arena_init(&arena);
    error = group_table_group_mod(gt, &gm, 0, &arena, &ids, &n);
    for (size_t i = 0; s && i < n; i++) {
        ds_put_format(s, "%s%u", i ? "," : "", ids[i]);
    }
    arena_destroy(&arena);
    return error;
}

/* Asserts that 'error' is 'expected', naming both when it is not. */
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

/* The group descriptions, in ovs-ofctl syntax, one per line. */
static char *
dump(const struct group_table *gt)
{
    struct of_group_desc_reply reply = { NULL, 0 };
    struct arena arena;
    struct ds s;

    arena_init(&arena);
    ds_init(&s);
    group_table_desc(gt, &arena, &reply.descs, &reply.n);
    of_group_desc_reply_format(&reply, &s);
    arena_destroy(&arena);
    return ds_steal_cstr(&s);
}

#define ASSERT_DUMP_HAS(GT, TEXT)                                       \
    do {                                                                \
        char *dump_ = dump(GT);                                         \
        if (!strstr(dump_, TEXT)) {                                     \
            fprintf(stderr, "\n%s:%d: \"%s\" not in:\n%s\n",            \
                    __FILE__, __LINE__, TEXT, dump_);                   \
        }                                                               \
        CU_ASSERT_PTR_NOT_NULL(strstr(dump_, TEXT));                    \
        free(dump_);                                                    \
    } while (0)

static uint32_t
ref_count(const struct group_table *gt, uint32_t id)
{
    struct of_group_stats *stats = NULL;
    struct arena arena;
    size_t n = 0;
    uint32_t count;

    arena_init(&arena);
    group_table_stats(gt, id, 0, &arena, &stats, &n);
    CU_ASSERT_EQUAL_FATAL(n, 1);
    count = stats[0].ref_count;
    arena_destroy(&arena);
    return count;
}

/* The index of the bucket 'g' chooses for 'hash', or -1 for none, or 100
 * + n for a range of n buckets. */
static int
chosen(struct group_table *gt, uint32_t id, uint32_t hash)
{
    struct group *g = group_table_find(gt, id);
    struct group_bucket *b;
    size_t n;

    CU_ASSERT_PTR_NOT_NULL_FATAL(g);
    n = group_table_choose(gt, g, hash, &b);
    if (!n) {
        CU_ASSERT_PTR_NULL(b);
        return -1;
    }
    if (n > 1) {
        CU_ASSERT_PTR_EQUAL(b, g->buckets);
        return 100 + (int) n;
    }
    return (int) (b - g->buckets);
}

/* ---- Group mods ---- */

static void
test_add_modify_delete(void)
{
    struct group_table *gt = table_new(NULL);
    struct ds s = DS_EMPTY_INITIALIZER;

    ASSERT_ERR(add(gt, "group_id=1,type=all,bucket=output:1,"
                   "bucket=output:2"), 0);
    ASSERT_ERR(add(gt, "group_id=2,type=indirect,bucket=output:3"), 0);
    CU_ASSERT_EQUAL(group_table_count(gt), 2);
    ASSERT_DUMP_HAS(gt, "group_id=1,type=all,bucket=actions=output:1,"
                    "bucket=actions=output:2\n  group_id=2,type=indirect,"
                    "bucket=actions=output:3");

    /* MODIFY replaces type and buckets. */
    ASSERT_ERR(modify(gt, "group_id=1,type=select,"
                      "bucket=weight:5,actions=output:7"), 0);
    ASSERT_DUMP_HAS(gt, "group_id=1,type=select,bucket=weight:5,"
                    "actions=output:7\n");
    CU_ASSERT_EQUAL(group_table_find(gt, 1)->type, OFPGT_SELECT);

    /* DELETE of a group that does not exist: no error, nothing gone. */
    ASSERT_ERR(del(gt, 99, &s), 0);
    CU_ASSERT_STRING_EQUAL(ds_cstr(&s), "");
    CU_ASSERT_EQUAL(group_table_count(gt), 2);

    ASSERT_ERR(del(gt, 1, &s), 0);
    CU_ASSERT_STRING_EQUAL(ds_cstr(&s), "1");
    CU_ASSERT_PTR_NULL(group_table_find(gt, 1));
    CU_ASSERT_PTR_NOT_NULL(group_table_find(gt, 2));
    CU_ASSERT_EQUAL(group_table_count(gt), 1);

    /* The id is free again. */
    ASSERT_ERR(add(gt, "group_id=1,type=ff,bucket=watch_port:1,"
                   "actions=output:1"), 0);
    ds_destroy(&s);
    group_table_destroy(gt);
}

static void
test_delete_all(void)
{
    struct group_table *gt = table_new(NULL);
    struct ds s = DS_EMPTY_INITIALIZER;
    const uint32_t ids[] = { 70000, 5, 3, 0, 123456, 9, OFPG_MAX };

    for (size_t i = 0; i < ARRAY_SIZE(ids); i++) {
        char text[128];

        snprintf(text, sizeof text, "group_id=%u,type=all,bucket=output:1",
                 ids[i]);
        ASSERT_ERR(add(gt, text), 0);
    }
    /* A chain: 9 forwards to 5, which forwards to 3. */
    ASSERT_ERR(modify(gt, "group_id=5,type=indirect,bucket=group:3"), 0);
    ASSERT_ERR(modify(gt, "group_id=9,type=all,bucket=group:5,"
                      "bucket=output:2"), 0);

    ASSERT_ERR(del(gt, OFPG_ALL, &s), 0);
    CU_ASSERT_STRING_EQUAL(ds_cstr(&s),
                           "0,3,5,9,70000,123456,4294967040");
    CU_ASSERT_EQUAL(group_table_count(gt), 0);
    for (size_t i = 0; i < ARRAY_SIZE(ids); i++) {
        CU_ASSERT_PTR_NULL(group_table_find(gt, ids[i]));
    }

    /* An empty table: nothing to delete. */
    ds_clear(&s);
    ASSERT_ERR(del(gt, OFPG_ALL, &s), 0);
    CU_ASSERT_STRING_EQUAL(ds_cstr(&s), "");

    /* The table works after it. */
    ASSERT_ERR(add(gt, "group_id=5,type=all,bucket=output:1"), 0);
    CU_ASSERT_PTR_NOT_NULL(group_table_find(gt, 5));
    ds_destroy(&s);
    group_table_destroy(gt);
}

/* Many groups, added and deleted in a mixed order: the hash table keeps
 * finding every one that is there. */
static void
test_many_groups(void)
{
    struct group_table *gt = table_new(NULL);
    enum { N = 3000 };
    static bool present[N];

    memset(present, 0, sizeof present);
    for (uint32_t i = 0; i < N; i++) {
        char text[80];

        snprintf(text, sizeof text, "group_id=%u,type=all", i * 7919 % N);
        ASSERT_ERR(add(gt, text), 0);
        present[i * 7919 % N] = true;
    }
    for (uint32_t i = 0; i < N; i += 3) {
        ASSERT_ERR(del(gt, i * 31 % N, NULL), 0);
        present[i * 31 % N] = false;
    }
    for (uint32_t i = 0; i < N; i++) {
        struct group *g = group_table_find(gt, i);

        CU_ASSERT_EQUAL(g != NULL, present[i]);
        if (g) {
            CU_ASSERT_EQUAL(g->id, i);
        }
    }
    CU_ASSERT_PTR_NULL(group_table_find(gt, N + 5));
    group_table_destroy(gt);
}

static void
test_mod_errors(void)
{
    struct group_table *gt = table_new(NULL);
    struct of_action experimenter = { .type = OFPAT_EXPERIMENTER };
    struct of_bucket buckets[2] = {
        { .watch_port = OFPP_ANY, .watch_group = OFPG_ANY },
        { .watch_port = OFPP_ANY, .watch_group = OFPG_ANY },
    };
    struct of_group_mod gm = {
        .command = OFPGC_ADD, .type = OFPGT_ALL, .group_id = 1,
        .buckets = buckets, .n_buckets = 1,
    };

    /* Messages the codec would refuse; the table refuses them too. */
    gm.command = 3;
    ASSERT_ERR(group_table_group_mod(gt, &gm, 0, NULL, NULL, NULL),
               OFPERR_OFPGMFC_BAD_COMMAND);
    gm.command = OFPGC_ADD;
    gm.type = 4;
    ASSERT_ERR(group_table_group_mod(gt, &gm, 0, NULL, NULL, NULL),
               OFPERR_OFPGMFC_BAD_TYPE);
    gm.type = OFPGT_ALL;
    gm.group_id = OFPG_ALL;
    ASSERT_ERR(group_table_group_mod(gt, &gm, 0, NULL, NULL, NULL),
               OFPERR_OFPGMFC_INVALID_GROUP);
    gm.group_id = OFPG_ANY;
    ASSERT_ERR(group_table_group_mod(gt, &gm, 0, NULL, NULL, NULL),
               OFPERR_OFPGMFC_INVALID_GROUP);
    gm.group_id = OFPG_MAX + 1;
    ASSERT_ERR(group_table_group_mod(gt, &gm, 0, NULL, NULL, NULL),
               OFPERR_OFPGMFC_INVALID_GROUP);
    gm.group_id = 1;
    gm.type = OFPGT_INDIRECT;
    gm.n_buckets = 2;
    ASSERT_ERR(group_table_group_mod(gt, &gm, 0, NULL, NULL, NULL),
               OFPERR_OFPGMFC_INVALID_GROUP);
    gm.type = OFPGT_ALL;
    gm.n_buckets = 1;
    buckets[0].weight = 1;
    ASSERT_ERR(group_table_group_mod(gt, &gm, 0, NULL, NULL, NULL),
               OFPERR_OFPGMFC_INVALID_GROUP);
    buckets[0].weight = 0;
    gm.type = OFPGT_FF;
    ASSERT_ERR(group_table_group_mod(gt, &gm, 0, NULL, NULL, NULL),
               OFPERR_OFPGMFC_BAD_WATCH);
    buckets[0].watch_port = OFPP_MAX + 1;
    ASSERT_ERR(group_table_group_mod(gt, &gm, 0, NULL, NULL, NULL),
               OFPERR_OFPGMFC_BAD_WATCH);
    buckets[0].watch_port = OFPP_ANY;
    buckets[0].watch_group = OFPG_ALL;
    ASSERT_ERR(group_table_group_mod(gt, &gm, 0, NULL, NULL, NULL),
               OFPERR_OFPGMFC_BAD_WATCH);
    buckets[0].watch_group = OFPG_ANY;
    gm.type = OFPGT_ALL;
    buckets[0].actions = &experimenter;
    buckets[0].n_actions = 1;
    ASSERT_ERR(group_table_group_mod(gt, &gm, 0, NULL, NULL, NULL),
               OFPERR_OFPBAC_BAD_EXPERIMENTER);
    buckets[0].actions = NULL;
    buckets[0].n_actions = 0;
    CU_ASSERT_EQUAL(group_table_count(gt), 0);

    /* A DELETE with a bucket (EXT-510) or of no group id. */
    ASSERT_ERR(group_table_group_mod(gt, &gm, 0, NULL, NULL, NULL), 0);
    gm.command = OFPGC_DELETE;
    ASSERT_ERR(group_table_group_mod(gt, &gm, 0, NULL, NULL, NULL),
               OFPERR_OFPGMFC_INVALID_GROUP);
    gm.n_buckets = 0;
    gm.group_id = OFPG_ANY;
    ASSERT_ERR(group_table_group_mod(gt, &gm, 0, NULL, NULL, NULL),
               OFPERR_OFPGMFC_INVALID_GROUP);
    CU_ASSERT_EQUAL(group_table_count(gt), 1);

    /* ADD of an existing id, MODIFY of a missing one. */
    ASSERT_ERR(add(gt, "group_id=1,type=select,bucket=output:1"),
               OFPERR_OFPGMFC_GROUP_EXISTS);
    ASSERT_ERR(modify(gt, "group_id=2,type=all,bucket=output:1"),
               OFPERR_OFPGMFC_UNKNOWN_GROUP);
    CU_ASSERT_PTR_NULL(group_table_find(gt, 2));
    CU_ASSERT_EQUAL(group_table_find(gt, 1)->type, OFPGT_ALL);

    /* Group actions: to no group; to itself. */
    ASSERT_ERR(add(gt, "group_id=2,type=all,bucket=group:99"),
               OFPERR_OFPBAC_BAD_OUT_GROUP);
    ASSERT_ERR(add(gt, "group_id=2,type=all,bucket=output:1,"
                   "bucket=group:2"), OFPERR_OFPGMFC_LOOP);
    ASSERT_ERR(modify(gt, "group_id=1,type=indirect,bucket=group:1"),
               OFPERR_OFPGMFC_LOOP);
    CU_ASSERT_EQUAL(group_table_count(gt), 1);
    ASSERT_DUMP_HAS(gt, "group_id=1,type=all,bucket=actions=drop");
    group_table_destroy(gt);
}

static void
test_watch_errors(void)
{
    struct group_table *gt = table_new(NULL);

    ASSERT_ERR(add(gt, "group_id=1,type=ff,bucket=watch_port:1,"
                   "actions=output:1"), 0);

    /* Groups without liveness cannot watch (7.3.4.2). */
    ASSERT_ERR(add(gt, "group_id=2,type=all,bucket=watch_port:1,"
                   "actions=output:1"), OFPERR_OFPGMFC_WATCH_UNSUPPORTED);
    ASSERT_ERR(add(gt, "group_id=2,type=indirect,bucket=watch_group:1,"
                   "actions=output:1"), OFPERR_OFPGMFC_WATCH_UNSUPPORTED);

    /* Reserved ports other than LOCAL have no state. */
    ASSERT_ERR(add(gt, "group_id=2,type=ff,bucket=watch_port:CONTROLLER,"
                   "actions=output:1"), OFPERR_OFPGMFC_WATCH_UNSUPPORTED);
    ASSERT_ERR(add(gt, "group_id=2,type=select,bucket=watch_port:IN_PORT,"
                   "actions=output:1"), OFPERR_OFPGMFC_WATCH_UNSUPPORTED);
    ASSERT_ERR(add(gt, "group_id=2,type=ff,bucket=watch_port:ALL,"
                   "actions=output:1"), OFPERR_OFPGMFC_WATCH_UNSUPPORTED);
    ASSERT_ERR(add(gt, "group_id=2,type=ff,bucket=watch_port:LOCAL,"
                   "actions=output:1"), 0);
    ASSERT_ERR(del(gt, 2, NULL), 0);

    /* Port 0; a group that does not exist; the group itself. */
    ASSERT_ERR(add(gt, "group_id=2,type=ff,bucket=watch_port:0,"
                   "actions=output:1"), OFPERR_OFPGMFC_BAD_WATCH);
    ASSERT_ERR(add(gt, "group_id=2,type=ff,bucket=watch_group:7,"
                   "actions=output:1"), OFPERR_OFPGMFC_BAD_WATCH);
    ASSERT_ERR(add(gt, "group_id=2,type=ff,bucket=watch_group:2,"
                   "actions=output:1"), OFPERR_OFPGMFC_BAD_WATCH);
    CU_ASSERT_PTR_NULL(group_table_find(gt, 2));

    /* A watch cycle made by MODIFY: 2 watches 1; 1 may not watch 2. */
    ASSERT_ERR(add(gt, "group_id=2,type=ff,bucket=watch_group:1,"
                   "actions=output:1"), 0);
    ASSERT_ERR(add(gt, "group_id=3,type=select,bucket=watch_group:2,"
                   "actions=output:1"), 0);
    ASSERT_ERR(modify(gt, "group_id=1,type=ff,bucket=watch_group:3,"
                      "actions=output:1"), OFPERR_OFPGMFC_BAD_WATCH);
    ASSERT_ERR(modify(gt, "group_id=1,type=ff,bucket=watch_port:5,"
                      "actions=output:1,bucket=watch_group:2,"
                      "actions=output:2"), OFPERR_OFPGMFC_BAD_WATCH);
    ASSERT_DUMP_HAS(gt, "group_id=1,type=ff,bucket=watch_port:1,"
                    "actions=output:1\n");

    /* A watched group may go; a cycle through its id when it comes back
     * is refused. */
    ASSERT_ERR(del(gt, 1, NULL), 0);
    ASSERT_ERR(add(gt, "group_id=1,type=ff,bucket=watch_group:3,"
                   "actions=output:1"), OFPERR_OFPGMFC_BAD_WATCH);
    ASSERT_ERR(add(gt, "group_id=1,type=ff,bucket=watch_port:4,"
                   "actions=output:1"), 0);
    group_table_destroy(gt);
}

static void
test_limits(void)
{
    struct group_table_config config;
    struct group_table *gt;

    group_table_config_default(&config);
    config.max_groups[OFPGT_ALL] = 2;
    config.max_groups[OFPGT_INDIRECT] = 1;
    config.max_buckets = 3;
    gt = group_table_create(&config, NULL, NULL);

    ASSERT_ERR(add(gt, "group_id=1,type=all"), 0);
    ASSERT_ERR(add(gt, "group_id=2,type=all"), 0);
    ASSERT_ERR(add(gt, "group_id=3,type=all"),
               OFPERR_OFPGMFC_OUT_OF_GROUPS);
    ASSERT_ERR(add(gt, "group_id=3,type=indirect"), 0);
    ASSERT_ERR(add(gt, "group_id=4,type=indirect"),
               OFPERR_OFPGMFC_OUT_OF_GROUPS);
    ASSERT_ERR(add(gt, "group_id=4,type=select"), 0);

    /* MODIFY within its type is fine; into a full type is not; out of a
     * type frees a place in it. */
    ASSERT_ERR(modify(gt, "group_id=1,type=all,bucket=output:1"), 0);
    ASSERT_ERR(modify(gt, "group_id=4,type=all"),
               OFPERR_OFPGMFC_OUT_OF_GROUPS);
    ASSERT_ERR(modify(gt, "group_id=1,type=select"), 0);
    ASSERT_ERR(modify(gt, "group_id=4,type=all"), 0);

    /* Buckets. */
    ASSERT_ERR(add(gt, "group_id=5,type=select,bucket=output:1,"
                   "bucket=output:2,bucket=output:3"), 0);
    ASSERT_ERR(add(gt, "group_id=6,type=select,bucket=output:1,"
                   "bucket=output:2,bucket=output:3,bucket=output:4"),
               OFPERR_OFPGMFC_OUT_OF_BUCKETS);
    ASSERT_ERR(modify(gt, "group_id=5,type=select,bucket=output:1,"
                      "bucket=output:2,bucket=output:3,bucket=output:4"),
               OFPERR_OFPGMFC_OUT_OF_BUCKETS);
    CU_ASSERT_EQUAL(group_table_find(gt, 5)->n_buckets, 3);
    group_table_destroy(gt);
}

static void
test_loops(void)
{
    struct group_table *gt = table_new(NULL);

    /* 1 -> 2 -> 3, and 4 -> 3. */
    ASSERT_ERR(add(gt, "group_id=3,type=all,bucket=output:1"), 0);
    ASSERT_ERR(add(gt, "group_id=2,type=select,bucket=group:3,"
                   "bucket=output:2"), 0);
    ASSERT_ERR(add(gt, "group_id=1,type=indirect,bucket=group:2"), 0);
    ASSERT_ERR(add(gt, "group_id=4,type=ff,bucket=watch_port:1,"
                   "actions=group:3"), 0);

    /* 3 -> 1 closes a loop of three; 3 -> 2 one of two; 2 -> 1 too. */
    ASSERT_ERR(modify(gt, "group_id=3,type=all,bucket=output:1,"
                      "bucket=group:1"), OFPERR_OFPGMFC_LOOP);
    ASSERT_ERR(modify(gt, "group_id=3,type=indirect,bucket=group:2"),
               OFPERR_OFPGMFC_LOOP);
    ASSERT_ERR(modify(gt, "group_id=2,type=all,bucket=group:4,"
                      "bucket=group:1"), OFPERR_OFPGMFC_LOOP);
    ASSERT_DUMP_HAS(gt, "group_id=3,type=all,bucket=actions=output:1\n");

    /* 3 -> 4 closes one through a fast failover bucket (4 -> 3). */
    ASSERT_ERR(modify(gt, "group_id=3,type=all,bucket=group:4"),
               OFPERR_OFPGMFC_LOOP);

    /* A diamond is no loop: 5 -> 1 and 5 -> 4, both reaching 3. */
    ASSERT_ERR(add(gt, "group_id=5,type=all,bucket=group:1,"
                   "bucket=group:4"), 0);
    ASSERT_ERR(modify(gt, "group_id=4,type=ff,bucket=watch_port:1,"
                      "actions=group:2"), 0);
    group_table_destroy(gt);
}

static void
test_chain_length(void)
{
    struct group_table_config config;
    struct group_table *gt;

    group_table_config_default(&config);
    config.max_chain = 3;
    gt = group_table_create(&config, NULL, NULL);

    /* 3 -> 2 -> 1: three groups. */
    ASSERT_ERR(add(gt, "group_id=1,type=all,bucket=output:1"), 0);
    ASSERT_ERR(add(gt, "group_id=2,type=all,bucket=group:1"), 0);
    ASSERT_ERR(add(gt, "group_id=3,type=all,bucket=group:2"), 0);
    ASSERT_ERR(add(gt, "group_id=4,type=all,bucket=group:3"),
               OFPERR_OFPGMFC_CHAINING_UNSUPPORTED);
    ASSERT_ERR(add(gt, "group_id=4,type=all,bucket=group:2,"
                   "bucket=group:1"), 0);

    /* 11 -> 10 and 21 -> 20: making 10 forward to 21 chains four. */
    ASSERT_ERR(add(gt, "group_id=10,type=all,bucket=output:1"), 0);
    ASSERT_ERR(add(gt, "group_id=11,type=all,bucket=group:10"), 0);
    ASSERT_ERR(add(gt, "group_id=20,type=all,bucket=output:1"), 0);
    ASSERT_ERR(add(gt, "group_id=21,type=all,bucket=group:20"), 0);
    ASSERT_ERR(modify(gt, "group_id=10,type=all,bucket=group:21"),
               OFPERR_OFPGMFC_CHAINING_UNSUPPORTED);
    ASSERT_ERR(modify(gt, "group_id=10,type=all,bucket=group:20"), 0);
    ASSERT_ERR(modify(gt, "group_id=1,type=all,bucket=group:20"),
               OFPERR_OFPGMFC_CHAINING_UNSUPPORTED);
    group_table_destroy(gt);
}

static void
test_chained_delete(void)
{
    struct group_table *gt = table_new(NULL);
    struct ds s = DS_EMPTY_INITIALIZER;

    ASSERT_ERR(add(gt, "group_id=1,type=all,bucket=output:1"), 0);
    ASSERT_ERR(add(gt, "group_id=2,type=all,bucket=group:1,"
                   "bucket=group:1"), 0);
    ASSERT_ERR(add(gt, "group_id=3,type=select,bucket=group:1"), 0);

    ASSERT_ERR(del(gt, 1, &s), OFPERR_OFPGMFC_CHAINED_GROUP);
    CU_ASSERT_STRING_EQUAL(ds_cstr(&s), "");
    CU_ASSERT_PTR_NOT_NULL(group_table_find(gt, 1));
    ASSERT_ERR(del(gt, 2, &s), 0);
    ASSERT_ERR(del(gt, 1, &s), OFPERR_OFPGMFC_CHAINED_GROUP);

    /* MODIFY that drops the group action releases it. */
    ASSERT_ERR(modify(gt, "group_id=3,type=select,bucket=output:3"), 0);
    ASSERT_ERR(del(gt, 1, &s), 0);
    CU_ASSERT_STRING_EQUAL(ds_cstr(&s), "21");
    ds_destroy(&s);
    group_table_destroy(gt);
}

static void
test_ref_count(void)
{
    struct group_table *gt = table_new(NULL);
    struct of_action acts[4] = {
        { .type = OFPAT_GROUP, .group_id = 1 },
        { .type = OFPAT_OUTPUT, .output = { .port = 1 } },
        { .type = OFPAT_GROUP, .group_id = 1 },
        { .type = OFPAT_GROUP, .group_id = 2 },
    };

    ASSERT_ERR(add(gt, "group_id=1,type=all,bucket=output:1"), 0);
    ASSERT_ERR(add(gt, "group_id=2,type=all,bucket=output:2"), 0);
    CU_ASSERT_EQUAL(ref_count(gt, 1), 0);

    /* A flow counts once however often it names the group. */
    group_table_ref_flow(gt, acts, 4);
    group_table_ref_flow(gt, acts, 1);
    CU_ASSERT_EQUAL(ref_count(gt, 1), 2);
    CU_ASSERT_EQUAL(ref_count(gt, 2), 1);

    /* Groups count once each, however many buckets forward. */
    ASSERT_ERR(add(gt, "group_id=3,type=all,bucket=group:1,"
                   "bucket=group:1,bucket=group:2"), 0);
    ASSERT_ERR(add(gt, "group_id=4,type=indirect,bucket=group:1"), 0);
    CU_ASSERT_EQUAL(ref_count(gt, 1), 4);
    CU_ASSERT_EQUAL(ref_count(gt, 2), 2);
    CU_ASSERT_EQUAL(ref_count(gt, 3), 0);

    /* MODIFY moves the references; it keeps those to the group itself. */
    group_table_ref_flow(gt, &acts[3], 1);
    ASSERT_ERR(modify(gt, "group_id=3,type=all,bucket=group:2"), 0);
    CU_ASSERT_EQUAL(ref_count(gt, 1), 3);
    CU_ASSERT_EQUAL(ref_count(gt, 2), 3);
    ASSERT_ERR(modify(gt, "group_id=2,type=select,bucket=output:5"), 0);
    CU_ASSERT_EQUAL(ref_count(gt, 2), 3);

    group_table_unref_flow(gt, acts, 4);
    CU_ASSERT_EQUAL(ref_count(gt, 1), 2);
    CU_ASSERT_EQUAL(ref_count(gt, 2), 2);
    ASSERT_ERR(del(gt, 4, NULL), 0);
    CU_ASSERT_EQUAL(ref_count(gt, 1), 1);

    /* Unknown groups are skipped; counts do not go below 0. */
    group_table_unref_flow(gt, acts, 1);
    group_table_unref_flow(gt, acts, 1);
    CU_ASSERT_EQUAL(ref_count(gt, 1), 0);
    acts[0].group_id = 77;
    group_table_ref_flow(gt, acts, 1);
    CU_ASSERT_PTR_NULL(group_table_find(gt, 77));

    /* Flow and packet-out checks. */
    ASSERT_ERR(group_table_check_actions(gt, acts, 4),
               OFPERR_OFPBAC_BAD_OUT_GROUP);
    ASSERT_ERR(group_table_check_actions(gt, &acts[1], 3), 0);
    group_table_destroy(gt);
}

/* ---- Liveness and selection ---- */

static void
test_types(void)
{
    struct group_table *gt = table_new(NULL);

    ASSERT_ERR(add(gt, "group_id=1,type=all,bucket=output:1,"
                   "bucket=output:2,bucket=output:3"), 0);
    ASSERT_ERR(add(gt, "group_id=2,type=all"), 0);
    ASSERT_ERR(add(gt, "group_id=3,type=indirect,bucket=output:1"), 0);
    ASSERT_ERR(add(gt, "group_id=4,type=indirect"), 0);
    ASSERT_ERR(add(gt, "group_id=5,type=select"), 0);
    ASSERT_ERR(add(gt, "group_id=6,type=select,bucket=weight:0,"
                   "actions=output:1"), 0);

    CU_ASSERT_EQUAL(chosen(gt, 1, 0), 103);
    CU_ASSERT_EQUAL(chosen(gt, 2, 0), -1);
    CU_ASSERT_EQUAL(chosen(gt, 3, 0), 0);
    CU_ASSERT_EQUAL(chosen(gt, 4, 0), -1);
    CU_ASSERT_EQUAL(chosen(gt, 5, 0), -1);
    for (uint32_t h = 0; h < 1000; h++) {
        CU_ASSERT_EQUAL(chosen(gt, 6, h * 2654435761u), -1);
    }

    /* Without a callback every port is live. */
    ASSERT_ERR(add(gt, "group_id=7,type=ff,bucket=watch_port:9,"
                   "actions=output:9"), 0);
    CU_ASSERT_EQUAL(chosen(gt, 7, 0), 0);
    CU_ASSERT(group_table_group_is_live(gt, group_table_find(gt, 7)));
    CU_ASSERT(!group_table_group_is_live(gt, group_table_find(gt, 2)));
    CU_ASSERT(group_table_group_is_live(gt, group_table_find(gt, 1)));
    group_table_destroy(gt);
}

static void
test_fast_failover(void)
{
    struct fake_ports fp;
    struct group_table *gt;

    memset(&fp, 0, sizeof fp);
    gt = table_new(&fp);
    ASSERT_ERR(add(gt, "group_id=1,type=ff,bucket=watch_port:1,"
                   "actions=output:1,bucket=watch_port:2,actions=output:2,"
                   "bucket=watch_port:3,actions=output:3"), 0);

    CU_ASSERT_EQUAL(chosen(gt, 1, 0), 0);
    fp.down[1] = true;
    CU_ASSERT_EQUAL(chosen(gt, 1, 0), 1);
    fp.down[2] = true;
    CU_ASSERT_EQUAL(chosen(gt, 1, 0), 2);
    fp.down[3] = true;
    CU_ASSERT_EQUAL(chosen(gt, 1, 0), -1);
    CU_ASSERT(!group_table_group_is_live(gt, group_table_find(gt, 1)));
    fp.down[2] = false;
    CU_ASSERT_EQUAL(chosen(gt, 1, 0), 1);
    fp.down[1] = false;
    CU_ASSERT_EQUAL(chosen(gt, 1, 0), 0);
    CU_ASSERT(group_table_group_is_live(gt, group_table_find(gt, 1)));

    /* watch_group: 10's first bucket watches group 20, live while port 5
     * or port 6 is. */
    ASSERT_ERR(add(gt, "group_id=20,type=ff,bucket=watch_port:5,"
                   "actions=output:5,bucket=watch_port:6,actions=output:6"),
               0);
    ASSERT_ERR(add(gt, "group_id=10,type=ff,bucket=watch_group:20,"
                   "actions=group:20,bucket=watch_port:7,"
                   "actions=output:7"), 0);
    CU_ASSERT_EQUAL(chosen(gt, 10, 0), 0);
    fp.down[5] = true;
    CU_ASSERT_EQUAL(chosen(gt, 10, 0), 0);
    CU_ASSERT_EQUAL(chosen(gt, 20, 0), 1);
    fp.down[6] = true;
    CU_ASSERT_EQUAL(chosen(gt, 20, 0), -1);
    CU_ASSERT_EQUAL(chosen(gt, 10, 0), 1);
    fp.down[7] = true;
    CU_ASSERT_EQUAL(chosen(gt, 10, 0), -1);
    fp.down[6] = false;
    CU_ASSERT_EQUAL(chosen(gt, 10, 0), 0);

    /* A bucket watching both is live if either is. */
    ASSERT_ERR(add(gt, "group_id=30,type=ff,bucket=watch_port:8,"
                   "watch_group:20,actions=output:8"), 0);
    fp.down[8] = true;
    CU_ASSERT_EQUAL(chosen(gt, 30, 0), 0);
    fp.down[6] = true;
    CU_ASSERT_EQUAL(chosen(gt, 30, 0), -1);
    fp.down[8] = false;
    CU_ASSERT_EQUAL(chosen(gt, 30, 0), 0);
    CU_ASSERT(group_table_bucket_is_live(gt,
                                         &group_table_find(gt, 30)
                                         ->buckets[0]));

    /* A watched group that is deleted is dead until it comes back. */
    memset(fp.down, 0, sizeof fp.down);
    ASSERT_ERR(modify(gt, "group_id=10,type=ff,bucket=watch_group:20,"
                      "actions=output:1,bucket=watch_port:7,"
                      "actions=output:7"), 0);
    ASSERT_ERR(del(gt, 30, NULL), 0);
    ASSERT_ERR(del(gt, 20, NULL), 0);
    CU_ASSERT_EQUAL(chosen(gt, 10, 0), 1);
    ASSERT_ERR(add(gt, "group_id=20,type=select,bucket=output:5"), 0);
    CU_ASSERT_EQUAL(chosen(gt, 10, 0), 0);
    group_table_destroy(gt);
}

/* Liveness asks about each group once per query, even where many watches
 * lead to it, and gives up past GROUP_TABLE_MAX_WATCH_DEPTH. */
static void
test_watch_depth(void)
{
    struct fake_ports fp;
    struct group_table *gt;
    struct group *g;
    char text[160];

    memset(&fp, 0, sizeof fp);
    gt = table_new(&fp);

    /* A ladder of 30 groups, each with two buckets watching the next:
     * walked naively it would ask the bottom port 2**30 times. */
    ASSERT_ERR(add(gt, "group_id=100,type=ff,bucket=watch_port:1,"
                   "actions=output:1"), 0);
    for (int i = 99; i >= 70; i--) {
        snprintf(text, sizeof text, "group_id=%d,type=ff,"
                 "bucket=watch_group:%d,actions=output:1,"
                 "bucket=watch_group:%d,actions=output:2", i, i + 1, i + 1);
        ASSERT_ERR(add(gt, text), 0);
    }
    fp.down[1] = true;
    fp.calls = 0;
    CU_ASSERT_EQUAL(chosen(gt, 70, 0), -1);
    CU_ASSERT_EQUAL(fp.calls, 1);
    fp.down[1] = false;
    CU_ASSERT_EQUAL(chosen(gt, 70, 0), 0);

    /* A chain of 40 watches: live from 32 below the port, dead above. */
    ASSERT_ERR(add(gt, "group_id=240,type=ff,bucket=watch_port:2,"
                   "actions=output:1"), 0);
    for (int i = 239; i >= 200; i--) {
        snprintf(text, sizeof text, "group_id=%d,type=ff,"
                 "bucket=watch_group:%d,actions=output:1", i, i + 1);
        ASSERT_ERR(add(gt, text), 0);
    }
    CU_ASSERT(group_table_group_is_live(gt, group_table_find(gt, 240)));
    g = group_table_find(gt, 240 - GROUP_TABLE_MAX_WATCH_DEPTH + 1);
    CU_ASSERT(group_table_group_is_live(gt, g));
    g = group_table_find(gt, 240 - GROUP_TABLE_MAX_WATCH_DEPTH);
    CU_ASSERT(!group_table_group_is_live(gt, g));
    CU_ASSERT(!group_table_group_is_live(gt, group_table_find(gt, 200)));
    group_table_destroy(gt);
}

/* A pseudo-random generator for synthetic flows (xorshift64*). */
static uint64_t
rnd(uint64_t *state)
{
    *state ^= *state >> 12;
    *state ^= *state << 25;
    *state ^= *state >> 27;
    return *state * UINT64_C(2685821657736338717);
}

/* A random TCP/IPv4 flow. */
static void
random_flow(uint64_t *state, struct flow *flow)
{
    uint64_t r = rnd(state);

    memset(flow, 0, sizeof *flow);
    memcpy(flow->eth_src, "\x02\x00\x00\x00\x00\x01", 6);
    memcpy(flow->eth_dst, "\x02\x00\x00\x00\x00\x02", 6);
    flow->eth_type = 0x0800;
    flow->ip_proto = 6;
    flow->nw_src = 0x0a000000 | (uint32_t) (r & 0xffff);
    flow->nw_dst = 0x0a010000 | (uint32_t) ((r >> 16) & 0xff);
    flow->tp_src = 1024 + (uint16_t) ((r >> 24) & 0x3fff);
    flow->tp_dst = (r >> 40) & 1 ? 80 : 443;
}

static void
test_flow_hash(void)
{
    uint64_t state = 42;
    struct flow a, b;
    size_t same = 0;

    for (int i = 0; i < 1000; i++) {
        random_flow(&state, &a);
        b = a;
        memcpy(b.eth_src, a.eth_dst, 6);
        memcpy(b.eth_dst, a.eth_src, 6);
        b.nw_src = a.nw_dst;
        b.nw_dst = a.nw_src;
        b.tp_src = a.tp_dst;
        b.tp_dst = a.tp_src;
        CU_ASSERT_EQUAL(group_flow_hash(&a), group_flow_hash(&b));

        /* Every field listed changes the hash. */
        b = a;
        b.tp_src++;
        same += group_flow_hash(&a) == group_flow_hash(&b);
        b = a;
        b.ip_proto = 17;
        same += group_flow_hash(&a) == group_flow_hash(&b);
        b = a;
        b.nw_dst ^= 0x100;
        same += group_flow_hash(&a) == group_flow_hash(&b);
        b = a;
        b.eth_src[5] ^= 1;
        same += group_flow_hash(&a) == group_flow_hash(&b);
        b = a;
        b.ipv6_dst[15] = 1;
        same += group_flow_hash(&a) == group_flow_hash(&b);

        /* And nothing else. */
        b = a;
        b.in_port = 5;
        b.vlan_vid = 0x1005;
        b.ip_dscp = 3;
        CU_ASSERT_EQUAL(group_flow_hash(&a), group_flow_hash(&b));
    }
    CU_ASSERT(same <= 1);
}

/* Shares of 'n' synthetic flows among the buckets of select group 'id'
 * (counts[i] for bucket i, counts[n_buckets] for none); chosen[] records
 * each flow's bucket. */
static void
select_shares(struct group_table *gt, uint32_t id, size_t n_flows,
              size_t counts[], int chosen_[])
{
    struct group *g = group_table_find(gt, id);
    uint64_t state = 7;

    memset(counts, 0, (g->n_buckets + 1) * sizeof *counts);
    for (size_t i = 0; i < n_flows; i++) {
        struct group_bucket *b;
        struct flow flow;
        uint32_t hash;
        int c;

        random_flow(&state, &flow);
        hash = group_flow_hash(&flow);
        c = group_table_choose(gt, g, hash, &b) ? (int) (b - g->buckets)
                                                : (int) g->n_buckets;
        counts[c]++;
        chosen_[i] = c;

        /* The same flow takes the same bucket every time. */
        CU_ASSERT_EQUAL(chosen(gt, id, hash),
                        c == (int) g->n_buckets ? -1 : c);
    }
}

static void
assert_share(size_t count, size_t n, double expected)
{
    double share = (double) count / n;

    if (share < expected - 0.01 || share > expected + 0.01) {
        fprintf(stderr, "\nshare %.4f, expected %.4f\n", share, expected);
    }
    CU_ASSERT(share >= expected - 0.01 && share <= expected + 0.01);
}

static void
test_select_weights(void)
{
    enum { N = 120000 };
    struct fake_ports fp;
    struct group_table *gt;
    static int before[N], after[N];
    size_t counts[6];

    memset(&fp, 0, sizeof fp);
    gt = table_new(&fp);
    ASSERT_ERR(add(gt, "group_id=1,type=select,"
                   "bucket=weight:10,watch_port:1,actions=output:1,"
                   "bucket=weight:20,watch_port:2,actions=output:2,"
                   "bucket=weight:0,actions=output:3,"
                   "bucket=weight:30,watch_port:4,actions=output:4,"
                   "bucket=weight:60,actions=output:5"), 0);

    /* Shares follow the weights: 10/120, 20/120, 0, 30/120, 60/120. */
    select_shares(gt, 1, N, counts, before);
    assert_share(counts[0], N, 10.0 / 120);
    assert_share(counts[1], N, 20.0 / 120);
    CU_ASSERT_EQUAL(counts[2], 0);
    assert_share(counts[3], N, 30.0 / 120);
    assert_share(counts[4], N, 60.0 / 120);
    CU_ASSERT_EQUAL(counts[5], 0);

    /* Bucket 1 dies: only its flows move, to the others by weight. */
    fp.down[2] = true;
    select_shares(gt, 1, N, counts, after);
    CU_ASSERT_EQUAL(counts[1], 0);
    assert_share(counts[0], N, 10.0 / 100);
    assert_share(counts[3], N, 30.0 / 100);
    assert_share(counts[4], N, 60.0 / 100);
    for (size_t i = 0; i < N; i++) {
        if (before[i] != 1) {
            CU_ASSERT_EQUAL(after[i], before[i]);
        }
    }

    /* It comes back: every flow returns. */
    fp.down[2] = false;
    select_shares(gt, 1, N, counts, after);
    CU_ASSERT_EQUAL(memcmp(before, after, sizeof before), 0);

    /* Equal weights share equally; all dead or all 0 weights: none. */
    ASSERT_ERR(add(gt, "group_id=2,type=select,bucket=weight:1,"
                   "watch_port:1,actions=output:1,bucket=weight:1,"
                   "watch_port:2,actions=output:2"), 0);
    select_shares(gt, 2, N, counts, after);
    assert_share(counts[0], N, 0.5);
    assert_share(counts[1], N, 0.5);
    fp.down[1] = fp.down[2] = true;
    select_shares(gt, 2, N / 10, counts, after);
    CU_ASSERT_EQUAL(counts[2], N / 10);

    /* Extreme weights. */
    ASSERT_ERR(add(gt, "group_id=3,type=select,bucket=weight:65535,"
                   "actions=output:1,bucket=weight:1,actions=output:2"), 0);
    select_shares(gt, 3, N, counts, after);
    CU_ASSERT(counts[1] <= 20);
    group_table_destroy(gt);
}

/* ---- Statistics and features ---- */

/* Encodes 'msg' and decodes it again into 'back' (which the caller
 * uninits), asserting both work and the bytes round-trip. */
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
    const long long sec = 1000000000;
    struct group_table *gt = table_new(NULL);
    struct group_bucket *b;
    struct of_msg msg, back;
    struct group *g;
    char *text;

    CU_ASSERT_EQUAL(gmod_at(gt, OFPGC_ADD, "group_id=1,type=all,"
                            "bucket=output:1,bucket=output:2", 5 * sec), 0);
    CU_ASSERT_EQUAL(gmod_at(gt, OFPGC_ADD, "group_id=2,type=select,"
                            "bucket=weight:3,actions=group:1", 6 * sec), 0);
    g = group_table_find(gt, 1);
    for (int i = 0; i < 3; i++) {
        CU_ASSERT_EQUAL(group_table_choose(gt, g, 0, &b), 2);
        group_hit(g, 100);
        group_bucket_hit(&b[0], 100);
        group_bucket_hit(&b[1], 100);
    }
    group_bucket_hit(&b[1], 64);

    of_msg_init(&msg, OFPT_MULTIPART_REPLY, 9);
    msg.u.mp_reply.type = OFPMP_GROUP;
    group_table_stats(gt, OFPG_ALL, 7 * sec + 250, &msg.arena,
                      &msg.u.mp_reply.group.stats, &msg.u.mp_reply.group.n);
    encode_decode(&msg, &back);
    {
        const struct of_group_stats_reply *r = &back.u.mp_reply.group;

        CU_ASSERT_EQUAL_FATAL(r->n, 2);
        CU_ASSERT_EQUAL(r->stats[0].group_id, 1);
        CU_ASSERT_EQUAL(r->stats[0].ref_count, 1);
        CU_ASSERT_EQUAL(r->stats[0].packet_count, 3);
        CU_ASSERT_EQUAL(r->stats[0].byte_count, 300);
        CU_ASSERT_EQUAL(r->stats[0].duration_sec, 2);
        CU_ASSERT_EQUAL(r->stats[0].duration_nsec, 250);
        CU_ASSERT_EQUAL_FATAL(r->stats[0].n_buckets, 2);
        CU_ASSERT_EQUAL(r->stats[0].buckets[0].packet_count, 3);
        CU_ASSERT_EQUAL(r->stats[0].buckets[1].packet_count, 4);
        CU_ASSERT_EQUAL(r->stats[0].buckets[1].byte_count, 364);
        CU_ASSERT_EQUAL(r->stats[1].group_id, 2);
        CU_ASSERT_EQUAL(r->stats[1].ref_count, 0);
        CU_ASSERT_EQUAL(r->stats[1].duration_sec, 1);
        CU_ASSERT_EQUAL(r->stats[1].n_buckets, 1);
    }
    of_msg_uninit(&back);
    of_msg_uninit(&msg);

    /* One group; a group that does not exist gives an empty reply. */
    of_msg_init(&msg, OFPT_MULTIPART_REPLY, 10);
    msg.u.mp_reply.type = OFPMP_GROUP;
    group_table_stats(gt, 2, 7 * sec, &msg.arena,
                      &msg.u.mp_reply.group.stats, &msg.u.mp_reply.group.n);
    CU_ASSERT_EQUAL(msg.u.mp_reply.group.n, 1);
    group_table_stats(gt, 3, 7 * sec, &msg.arena,
                      &msg.u.mp_reply.group.stats, &msg.u.mp_reply.group.n);
    CU_ASSERT_EQUAL(msg.u.mp_reply.group.n, 1);
    text = unit_round_trip(&msg);
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "group_id=2,duration=1.000000000s,"
                                  "ref_count=0,packet_count=0"));
    free(text);
    of_msg_uninit(&msg);

    /* MODIFY starts the counters again and keeps the references. */
    CU_ASSERT_EQUAL(gmod_at(gt, OFPGC_MODIFY, "group_id=1,type=all,"
                            "bucket=output:3", 8 * sec), 0);
    g = group_table_find(gt, 1);
    CU_ASSERT_EQUAL(g->packet_count, 0);
    CU_ASSERT_EQUAL(g->buckets[0].packet_count, 0);
    CU_ASSERT_EQUAL(g->created, 8 * sec);
    CU_ASSERT_EQUAL(ref_count(gt, 1), 1);

    /* Descriptions. */
    of_msg_init(&msg, OFPT_MULTIPART_REPLY, 11);
    msg.u.mp_reply.type = OFPMP_GROUP_DESC;
    group_table_desc(gt, &msg.arena, &msg.u.mp_reply.group_desc.descs,
                     &msg.u.mp_reply.group_desc.n);
    encode_decode(&msg, &back);
    text = unit_round_trip(&msg);
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "2 groups\n  group_id=1,type=all,"
                                  "bucket=actions=output:3\n  group_id=2,"
                                  "type=select,bucket=weight:3,"
                                  "actions=group:1"));
    free(text);
    CU_ASSERT_EQUAL(back.u.mp_reply.group_desc.n, 2);
    of_msg_uninit(&back);
    of_msg_uninit(&msg);
    group_table_destroy(gt);
}

static void
test_features(void)
{
    struct group_table_config config;
    struct group_table *gt;
    struct of_msg msg, back;
    const struct of_group_features *gf;
    char *text;

    group_table_config_default(&config);
    config.max_groups[OFPGT_FF] = 77;
    gt = group_table_create(&config, NULL, NULL);

    of_msg_init(&msg, OFPT_MULTIPART_REPLY, 12);
    msg.u.mp_reply.type = OFPMP_GROUP_FEATURES;
    group_table_features(gt, &msg.u.mp_reply.group_features);
    encode_decode(&msg, &back);
    gf = &back.u.mp_reply.group_features;
    CU_ASSERT_EQUAL(gf->types, 0xf);
    CU_ASSERT_EQUAL(gf->capabilities, 0xf);
    CU_ASSERT_EQUAL(gf->max_groups[OFPGT_ALL], 65536);
    CU_ASSERT_EQUAL(gf->max_groups[OFPGT_FF], 77);
    for (int t = 0; t < 4; t++) {
        CU_ASSERT_EQUAL(gf->actions[t], 0x0fff9801);
    }
    text = unit_round_trip(&msg);
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "select_weight"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "chaining_checks"));
    free(text);
    of_msg_uninit(&back);
    of_msg_uninit(&msg);
    group_table_destroy(gt);
}

static CU_TestInfo tests[] = {
    { "add, modify, delete", test_add_modify_delete },
    { "delete all", test_delete_all },
    { "many groups", test_many_groups },
    { "group mod errors", test_mod_errors },
    { "watch errors", test_watch_errors },
    { "limits", test_limits },
    { "loops", test_loops },
    { "chain length", test_chain_length },
    { "chained delete", test_chained_delete },
    { "reference counts", test_ref_count },
    { "group types", test_types },
    { "fast failover", test_fast_failover },
    { "watch depth", test_watch_depth },
    { "flow hash", test_flow_hash },
    { "select weights", test_select_weights },
    { "statistics and descriptions", test_stats },
    { "features", test_features },
    CU_TEST_INFO_NULL,
};

UNIT_SUITE("group-table", tests);
