#include "switch/flow-table.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ofproto/arena.h"
#include "ofproto/ds.h"
#include "tests/unit/unit.h"

/* ---- Helpers ---- */

/* Parses 's' (ovs-ofctl syntax) as a flow mod of 'command' and applies it
 * to 'ft' at 'now'.  The parsed message's memory is gone afterwards, as a
 * decoded message's is after its command: the sanitizer build catches a
 * table that kept pointers into it. */
static enum ofperr
mod_at(struct flow_table *ft, uint8_t command, const char *s, long long now,
       struct flow_table_removed *removed)
{
    struct of_flow_mod fm;
    struct arena arena;
    enum ofperr error;
    char *msg;

    arena_init(&arena);
    msg = of_flow_mod_parse(&fm, s, command, &arena);
    if (msg) {
        fprintf(stderr, "%s: %s\n", s, msg);
        free(msg);
        CU_FAIL_FATAL("flow mod does not parse");
    }
    error = flow_table_flow_mod(ft, &fm, now, removed);
    arena_destroy(&arena);
    return error;
}

static enum ofperr
add(struct flow_table *ft, const char *s)
{
    return mod_at(ft, OFPFC_ADD, s, 0, NULL);
}

/* One line per entry, in flow_table_select() order:
 * "priority=P,MATCH cookie=0xC ACTIONS", joined by "; ". */
static char *
dump_at(const struct flow_table *ft, const char *filter, long long now)
{
    struct of_flow_stats_request req;
    struct of_flow_stats *stats = NULL;
    struct arena arena;
    struct ds s;
    size_t n = 0;
    char *msg;

    msg = of_flow_stats_request_parse(&req, filter ? filter : "");
    CU_ASSERT_PTR_NULL_FATAL(msg);
    arena_init(&arena);
    ds_init(&s);
    flow_table_flow_stats(ft, &req, now, &arena, &stats, &n);
    for (size_t i = 0; i < n; i++) {
        const struct of_flow_stats *fs = &stats[i];

        if (i) {
            ds_put_cstr(&s, "; ");
        }
        ds_put_format(&s, "priority=%u", fs->priority);
        if (fs->match.n) {
            ds_put_char(&s, ',');
            of_match_format(&fs->match, &s);
        }
        ds_put_format(&s, " cookie=%#llx actions=",
                      (unsigned long long) fs->cookie);
        of_instructions_format(fs->instructions, fs->n_instructions, &s);
    }
    arena_destroy(&arena);
    return ds_steal_cstr(&s);
}

#define ASSERT_DUMP(FT, FILTER, EXPECTED)                               \
    do {                                                                \
        char *dump_ = dump_at(FT, FILTER, 0);                           \
                                                                        \
        if (strcmp(dump_, EXPECTED)) {                                  \
            fprintf(stderr, "\n  got:      %s\n  expected: %s\n",       \
                    dump_, EXPECTED);                                   \
        }                                                               \
        CU_ASSERT_STRING_EQUAL(dump_, EXPECTED);                        \
        free(dump_);                                                    \
    } while (0)

/* A packet's flow key: IPv4 TCP from in_port. */
static struct flow
tcp_flow(uint32_t in_port, uint32_t src, uint32_t dst, uint16_t tp_dst)
{
    struct flow f;

    memset(&f, 0, sizeof f);
    f.in_port = in_port;
    f.eth_type = 0x0800;
    f.ip_proto = 6;
    f.nw_src = src;
    f.nw_dst = dst;
    f.tp_dst = tp_dst;
    return f;
}

static uint16_t
lookup_priority(const struct flow_table *ft, const struct flow *f)
{
    const struct flow_table_entry *e = flow_table_lookup(ft, f);

    return e ? e->priority : 0xffff;
}

/* ---- ADD ---- */

static void
test_add_and_lookup(void)
{
    struct flow_table *ft = flow_table_create(3, 100);
    const struct flow_table_entry *e;
    const struct flow_table_insts *fi;
    struct flow f;

    CU_ASSERT_EQUAL(flow_table_id(ft), 3);
    CU_ASSERT_EQUAL(add(ft, "priority=10,in_port=1,actions=output:2"), 0);
    CU_ASSERT_EQUAL(add(ft, "priority=20,tcp,nw_dst=10.0.0.0/24,"
                        "tp_dst=80,actions=output:3"), 0);
    CU_ASSERT_EQUAL(add(ft, "priority=0,actions=CONTROLLER:128"), 0);
    CU_ASSERT_EQUAL(flow_table_count(ft), 3);

    f = tcp_flow(1, 0x0a000101, 0x0a000005, 80);
    CU_ASSERT_EQUAL(lookup_priority(ft, &f), 20);
    f.tp_dst = 81;
    CU_ASSERT_EQUAL(lookup_priority(ft, &f), 10);
    f.in_port = 2;
    e = flow_table_lookup(ft, &f);
    CU_ASSERT_PTR_NOT_NULL_FATAL(e);
    CU_ASSERT_EQUAL(e->priority, 0);
    CU_ASSERT_EQUAL(e->table_id, 3);
    fi = e->insts;
    CU_ASSERT(fi->has_apply);
    CU_ASSERT_EQUAL(fi->n_apply, 1);
    CU_ASSERT_EQUAL(flow_table_insts_apply(fi)[0].type, OFPAT_OUTPUT);
    CU_ASSERT_EQUAL(flow_table_insts_apply(fi)[0].output.port,
                    OFPP_CONTROLLER);
    CU_ASSERT_EQUAL(flow_table_insts_apply(fi)[0].output.max_len, 128);
    CU_ASSERT_EQUAL(fi->goto_table, FLOW_TABLE_NO_GOTO);

    ASSERT_DUMP(ft, NULL,
                "priority=20,tcp,ipv4_dst=10.0.0.0/24,tcp_dst=80 cookie=0 "
                "actions=output:3; "
                "priority=10,in_port=1 cookie=0 actions=output:2; "
                "priority=0 cookie=0 actions=CONTROLLER:128");
    flow_table_destroy(ft);
    flow_table_destroy(NULL);
}

/* Instructions land in the engine form in execution order, and flow
 * statistics give them back in the message's order. */
static void
test_instructions(void)
{
    struct flow_table *ft = flow_table_create(0, 100);
    struct of_action apply[2], write[1];
    struct of_instruction insts[6];
    const struct flow_table_entry *e;
    const struct flow_table_insts *fi;
    struct of_flow_stats *stats = NULL;
    struct of_flow_stats_request req;
    struct of_flow_mod fm;
    struct arena arena;
    struct flow f;
    size_t n = 0;

    memset(apply, 0, sizeof apply);
    memset(write, 0, sizeof write);
    memset(insts, 0, sizeof insts);
    apply[0].type = OFPAT_PUSH_VLAN;
    apply[0].ethertype = 0x8100;
    apply[1].type = OFPAT_OUTPUT;
    apply[1].output.port = 5;
    write[0].type = OFPAT_GROUP;
    write[0].group_id = 9;
    /* Deliberately not in execution order. */
    insts[0].type = OFPIT_GOTO_TABLE;
    insts[0].table_id = 4;
    insts[1].type = OFPIT_WRITE_ACTIONS;
    insts[1].actions.actions = write;
    insts[1].actions.n = 1;
    insts[2].type = OFPIT_WRITE_METADATA;
    insts[2].write_metadata.metadata = 0x12;
    insts[2].write_metadata.mask = 0xff;
    insts[3].type = OFPIT_CLEAR_ACTIONS;
    insts[4].type = OFPIT_APPLY_ACTIONS;
    insts[4].actions.actions = apply;
    insts[4].actions.n = 2;
    insts[5].type = OFPIT_METER;
    insts[5].meter_id = 7;

    memset(&fm, 0, sizeof fm);
    of_match_init(&fm.match);
    fm.command = OFPFC_ADD;
    fm.priority = 5;
    fm.out_port = OFPP_ANY;
    fm.out_group = OFPG_ANY;
    fm.buffer_id = OFP_NO_BUFFER;
    fm.instructions = insts;
    fm.n_instructions = 6;
    CU_ASSERT_EQUAL(flow_table_flow_mod(ft, &fm, 0, NULL), 0);
    /* The table holds copies. */
    memset(apply, 0xcc, sizeof apply);
    memset(write, 0xcc, sizeof write);

    memset(&f, 0, sizeof f);
    e = flow_table_lookup(ft, &f);
    CU_ASSERT_PTR_NOT_NULL_FATAL(e);
    fi = e->insts;
    CU_ASSERT(fi->has_meter);
    CU_ASSERT_EQUAL(fi->meter_id, 7);
    CU_ASSERT(fi->has_apply);
    CU_ASSERT_EQUAL(fi->n_apply, 2);
    CU_ASSERT_EQUAL(flow_table_insts_apply(fi)[0].type, OFPAT_PUSH_VLAN);
    CU_ASSERT_EQUAL(flow_table_insts_apply(fi)[0].ethertype, 0x8100);
    CU_ASSERT_EQUAL(flow_table_insts_apply(fi)[1].output.port, 5);
    CU_ASSERT(fi->clear_actions);
    CU_ASSERT(fi->has_write);
    CU_ASSERT_EQUAL(fi->n_write, 1);
    CU_ASSERT_EQUAL(flow_table_insts_write(fi)[0].type, OFPAT_GROUP);
    CU_ASSERT_EQUAL(flow_table_insts_write(fi)[0].group_id, 9);
    CU_ASSERT(fi->has_write_metadata);
    CU_ASSERT_EQUAL(fi->metadata, 0x12);
    CU_ASSERT_EQUAL(fi->metadata_mask, 0xff);
    CU_ASSERT_EQUAL(fi->goto_table, 4);

    arena_init(&arena);
    memset(&req, 0, sizeof req);
    of_match_init(&req.match);
    req.table_id = OFPTT_ALL;
    req.out_port = OFPP_ANY;
    req.out_group = OFPG_ANY;
    flow_table_flow_stats(ft, &req, 0, &arena, &stats, &n);
    CU_ASSERT_EQUAL_FATAL(n, 1);
    CU_ASSERT_EQUAL_FATAL(stats[0].n_instructions, 6);
    for (size_t i = 0; i < 6; i++) {
        CU_ASSERT_EQUAL(stats[0].instructions[i].type, insts[i].type);
    }
    CU_ASSERT_EQUAL(stats[0].instructions[0].table_id, 4);
    CU_ASSERT_EQUAL(stats[0].instructions[1].actions.n, 1);
    CU_ASSERT_EQUAL(stats[0].instructions[1].actions.actions[0].group_id, 9);
    CU_ASSERT_EQUAL(stats[0].instructions[2].write_metadata.mask, 0xff);
    CU_ASSERT_EQUAL(stats[0].instructions[4].actions.n, 2);
    CU_ASSERT_EQUAL(stats[0].instructions[4].actions.actions[1].output.port,
                    5);
    CU_ASSERT_EQUAL(stats[0].instructions[5].meter_id, 7);
    /* The stats own copies of the actions. */
    CU_ASSERT_PTR_NOT_EQUAL(stats[0].instructions[4].actions.actions,
                            flow_table_insts_apply(fi));
    arena_destroy(&arena);

    /* No instructions at all: a drop flow. */
    fm.n_instructions = 0;
    fm.instructions = NULL;
    fm.priority = 6;
    CU_ASSERT_EQUAL(flow_table_flow_mod(ft, &fm, 0, NULL), 0);
    e = flow_table_lookup(ft, &f);
    CU_ASSERT_EQUAL(e->priority, 6);
    CU_ASSERT_EQUAL(e->insts->n_order, 0);
    CU_ASSERT(!e->insts->has_apply);
    CU_ASSERT_EQUAL(e->insts->goto_table, FLOW_TABLE_NO_GOTO);
    flow_table_destroy(ft);
}

static void
test_unsupported(void)
{
    struct flow_table *ft = flow_table_create(0, 100);
    struct of_instruction inst;
    struct of_action action;
    struct of_flow_mod fm;
    uint64_t gen;

    memset(&fm, 0, sizeof fm);
    of_match_init(&fm.match);
    fm.out_port = OFPP_ANY;
    fm.out_group = OFPG_ANY;
    memset(&inst, 0, sizeof inst);
    inst.type = OFPIT_EXPERIMENTER;
    inst.experimenter.experimenter = 0x2320;
    fm.instructions = &inst;
    fm.n_instructions = 1;
    gen = flow_table_generation(ft);
    CU_ASSERT_EQUAL(flow_table_flow_mod(ft, &fm, 0, NULL),
                    OFPERR_OFPBIC_BAD_EXPERIMENTER);

    memset(&action, 0, sizeof action);
    action.type = OFPAT_EXPERIMENTER;
    inst.type = OFPIT_WRITE_ACTIONS;
    inst.actions.actions = &action;
    inst.actions.n = 1;
    CU_ASSERT_EQUAL(flow_table_flow_mod(ft, &fm, 0, NULL),
                    OFPERR_OFPBAC_BAD_EXPERIMENTER);
    fm.command = OFPFC_MODIFY;
    CU_ASSERT_EQUAL(flow_table_flow_mod(ft, &fm, 0, NULL),
                    OFPERR_OFPBAC_BAD_EXPERIMENTER);

    fm.command = 5;
    fm.n_instructions = 0;
    CU_ASSERT_EQUAL(flow_table_flow_mod(ft, &fm, 0, NULL),
                    OFPERR_OFPFMFC_BAD_COMMAND);
    CU_ASSERT_EQUAL(flow_table_count(ft), 0);
    CU_ASSERT_EQUAL(flow_table_generation(ft), gen);
    flow_table_destroy(ft);
}

/* 6.4: an ADD with the match and priority of an existing entry replaces
 * it: new cookie, timeouts, flags, instructions and duration; counters
 * kept unless RESET_COUNTS; no FLOW_REMOVED. */
static void
test_add_replaces(void)
{
    struct flow_table *ft = flow_table_create(0, 1);
    struct flow_table_removed removed;
    struct flow_table_entry *e;
    struct flow f = tcp_flow(1, 1, 2, 80);
    uint64_t gen;

    flow_table_removed_init(&removed);
    CU_ASSERT_EQUAL(mod_at(ft, OFPFC_ADD, "priority=5,in_port=1,cookie=0x1,"
                           "idle_timeout=10,send_flow_rem,actions=output:2",
                           1000, &removed), 0);
    e = flow_table_lookup(ft, &f);
    flow_table_entry_hit(e, 3, 300, 2000);
    gen = flow_table_generation(ft);

    /* The table is full (1 entry), but a replacement needs no room. */
    CU_ASSERT_EQUAL(mod_at(ft, OFPFC_ADD, "priority=5,in_port=1,cookie=0x2,"
                           "hard_timeout=7,actions=output:3",
                           5000, &removed), 0);
    CU_ASSERT_EQUAL(removed.n, 0);
    CU_ASSERT_EQUAL(flow_table_count(ft), 1);
    CU_ASSERT_NOT_EQUAL(flow_table_generation(ft), gen);
    e = flow_table_lookup(ft, &f);
    CU_ASSERT_EQUAL(e->cookie, 2);
    CU_ASSERT_EQUAL(e->n_packets, 3);
    CU_ASSERT_EQUAL(e->n_bytes, 300);
    CU_ASSERT_EQUAL(e->created, 5000);
    CU_ASSERT_EQUAL(e->used, 5000);
    CU_ASSERT_EQUAL(e->idle_timeout, 0);
    CU_ASSERT_EQUAL(e->hard_timeout, 7);
    CU_ASSERT_EQUAL(e->flags, 0);
    ASSERT_DUMP(ft, NULL, "priority=5,in_port=1 cookie=0x2 "
                "actions=output:3");

    /* The hard timeout now counts from the replacement. */
    flow_table_expire(ft, 11999, &removed);
    CU_ASSERT_EQUAL(flow_table_count(ft), 1);
    flow_table_expire(ft, 12000, &removed);
    CU_ASSERT_EQUAL(flow_table_count(ft), 0);
    CU_ASSERT_EQUAL(removed.n, 1);
    flow_table_removed_clear(&removed);

    /* RESET_COUNTS clears them. */
    CU_ASSERT_EQUAL(add(ft, "priority=5,in_port=1,actions=output:2"), 0);
    e = flow_table_lookup(ft, &f);
    flow_table_entry_hit(e, 3, 300, 2000);
    CU_ASSERT_EQUAL(add(ft, "priority=5,in_port=1,reset_counts,"
                        "actions=output:2"), 0);
    e = flow_table_lookup(ft, &f);
    CU_ASSERT_EQUAL(e->n_packets, 0);
    CU_ASSERT_EQUAL(e->n_bytes, 0);

    /* Another priority is another entry: no room for it. */
    CU_ASSERT_EQUAL(add(ft, "priority=6,in_port=1,actions=output:2"),
                    OFPERR_OFPFMFC_TABLE_FULL);
    flow_table_removed_destroy(&removed);
    flow_table_destroy(ft);
}

static void
test_table_full(void)
{
    struct flow_table *ft = flow_table_create(0, 2);
    uint64_t gen;

    CU_ASSERT_EQUAL(flow_table_max_entries(ft), 2);
    CU_ASSERT_EQUAL(add(ft, "in_port=1,actions=output:2"), 0);
    CU_ASSERT_EQUAL(add(ft, "in_port=2,actions=output:1"), 0);
    gen = flow_table_generation(ft);
    CU_ASSERT_EQUAL(add(ft, "in_port=3,actions=output:1"),
                    OFPERR_OFPFMFC_TABLE_FULL);
    CU_ASSERT_EQUAL(flow_table_count(ft), 2);
    CU_ASSERT_EQUAL(flow_table_generation(ft), gen);
    CU_ASSERT_EQUAL(mod_at(ft, OFPFC_DELETE_STRICT,
                           "priority=32768,in_port=2", 0, NULL), 0);
    CU_ASSERT_EQUAL(flow_table_count(ft), 1);
    CU_ASSERT_EQUAL(add(ft, "in_port=3,actions=output:1"), 0);

    /* A lower limit keeps what is there but refuses more. */
    flow_table_set_max_entries(ft, 1);
    CU_ASSERT_EQUAL(flow_table_count(ft), 2);
    CU_ASSERT_EQUAL(add(ft, "in_port=4,actions=output:1"),
                    OFPERR_OFPFMFC_TABLE_FULL);
    flow_table_set_max_entries(ft, 3);
    CU_ASSERT_EQUAL(add(ft, "in_port=4,actions=output:1"), 0);
    flow_table_destroy(ft);
}

/* 6.4: with CHECK_OVERLAP, an entry a packet could match together with an
 * existing entry of the same priority is refused. */
static void
test_check_overlap(void)
{
    struct flow_table *ft = flow_table_create(0, 100);
    uint64_t gen;

    CU_ASSERT_EQUAL(add(ft, "priority=10,in_port=1,actions=output:2"), 0);
    CU_ASSERT_EQUAL(add(ft, "priority=10,ip,nw_dst=10.0.0.0/8,"
                        "actions=output:3"), 0);
    gen = flow_table_generation(ft);

    /* Disjoint fields overlap (in_port=1 and ip: a packet has both). */
    CU_ASSERT_EQUAL(add(ft, "priority=10,ip,nw_src=1.1.1.1,check_overlap,"
                        "actions=drop"), OFPERR_OFPFMFC_OVERLAP);
    /* An identical entry overlaps. */
    CU_ASSERT_EQUAL(add(ft, "priority=10,in_port=1,check_overlap,"
                        "actions=output:4"), OFPERR_OFPFMFC_OVERLAP);
    /* A wider match overlaps the narrower one. */
    CU_ASSERT_EQUAL(add(ft, "priority=10,check_overlap,actions=drop"),
                    OFPERR_OFPFMFC_OVERLAP);
    CU_ASSERT_EQUAL(flow_table_count(ft), 2);
    CU_ASSERT_EQUAL(flow_table_generation(ft), gen);
    ASSERT_DUMP(ft, NULL, "priority=10,in_port=1 cookie=0 actions=output:2; "
                "priority=10,ip,ipv4_dst=10.0.0.0/8 cookie=0 "
                "actions=output:3");

    /* Another priority never overlaps. */
    CU_ASSERT_EQUAL(add(ft, "priority=11,in_port=1,check_overlap,"
                        "actions=drop"), 0);
    /* The same field with a different value cannot match one packet. */
    CU_ASSERT_EQUAL(add(ft, "priority=11,in_port=2,check_overlap,"
                        "actions=drop"), 0);
    CU_ASSERT_EQUAL(add(ft, "priority=10,arp,in_port=2,check_overlap,"
                        "actions=drop"), 0);
    CU_ASSERT_EQUAL(add(ft, "priority=10,ip,nw_dst=11.0.0.0/8,in_port=2,"
                        "check_overlap,actions=drop"), 0);
    /* Prefixes: 10.1.0.0/16 lies inside 10.0.0.0/8. */
    CU_ASSERT_EQUAL(add(ft, "priority=10,ip,nw_dst=10.1.0.0/16,in_port=2,"
                        "check_overlap,actions=drop"),
                    OFPERR_OFPFMFC_OVERLAP);
    CU_ASSERT_EQUAL(flow_table_count(ft), 6);
    flow_table_destroy(ft);
}

/* ---- MODIFY ---- */

static void
setup_three(struct flow_table *ft)
{
    CU_ASSERT_EQUAL(add(ft, "priority=10,in_port=1,cookie=0x11,"
                        "idle_timeout=5,actions=output:2"), 0);
    CU_ASSERT_EQUAL(add(ft, "priority=20,tcp,in_port=1,tcp_dst=80,"
                        "cookie=0x12,send_flow_rem,actions=output:3"), 0);
    CU_ASSERT_EQUAL(add(ft, "priority=30,tcp,cookie=0x21,"
                        "actions=write_actions(group:7)"), 0);
}

static void
test_modify(void)
{
    struct flow_table *ft = flow_table_create(0, 100);
    struct flow_table_entry *e;
    struct flow f = tcp_flow(1, 1, 2, 80);
    uint64_t gen;

    setup_three(ft);
    e = flow_table_lookup(ft, &f);
    CU_ASSERT_EQUAL(e->priority, 30);
    flow_table_entry_hit(e, 2, 128, 10);

    /* Non-strict: in_port=1 selects both in_port=1 entries (equal or more
     * specific match, any priority) but not "tcp", which is less specific
     * for in_port.  Cookie, timeouts and flags stay. */
    gen = flow_table_generation(ft);
    CU_ASSERT_EQUAL(mod_at(ft, OFPFC_MODIFY, "in_port=1,cookie=0x99,"
                           "idle_timeout=1,actions=output:9", 0, NULL), 0);
    CU_ASSERT_NOT_EQUAL(flow_table_generation(ft), gen);
    ASSERT_DUMP(ft, NULL,
                "priority=30,tcp cookie=0x21 actions=write_actions(group:7); "
                "priority=20,tcp,in_port=1,tcp_dst=80 cookie=0x12 "
                "actions=output:9; "
                "priority=10,in_port=1 cookie=0x11 actions=output:9");
    f.tp_dst = 81;
    e = flow_table_lookup(ft, &f);
    CU_ASSERT_EQUAL(e->priority, 30);
    CU_ASSERT_EQUAL(e->n_packets, 2);
    f.in_port = 2;
    f.eth_type = 0x86dd;
    e = flow_table_lookup(ft, &f);
    CU_ASSERT_PTR_NULL(e);
    f = tcp_flow(1, 1, 2, 80);
    f.ip_proto = 17;
    e = flow_table_lookup(ft, &f);
    CU_ASSERT_EQUAL(e->priority, 10);
    CU_ASSERT_EQUAL(e->idle_timeout, 5);
    CU_ASSERT_EQUAL(e->cookie, 0x11);
    e = flow_table_lookup(ft, &(struct flow) { .in_port = 1,
                                               .eth_type = 0x0800,
                                               .ip_proto = 6,
                                               .tp_dst = 80 });
    CU_ASSERT_EQUAL(e->priority, 30);
    CU_ASSERT_EQUAL(e->flags, 0);

    /* Nothing selected: success, no change. */
    gen = flow_table_generation(ft);
    CU_ASSERT_EQUAL(mod_at(ft, OFPFC_MODIFY, "in_port=5,actions=drop", 0,
                           NULL), 0);
    CU_ASSERT_EQUAL(flow_table_generation(ft), gen);
    CU_ASSERT_EQUAL(flow_table_count(ft), 3);

    /* The cookie filter: only 0x1? entries. */
    CU_ASSERT_EQUAL(mod_at(ft, OFPFC_MODIFY, "cookie=0x10/0xf0,"
                           "actions=output:4", 0, NULL), 0);
    ASSERT_DUMP(ft, NULL,
                "priority=30,tcp cookie=0x21 actions=write_actions(group:7); "
                "priority=20,tcp,in_port=1,tcp_dst=80 cookie=0x12 "
                "actions=output:4; "
                "priority=10,in_port=1 cookie=0x11 actions=output:4");

    /* out_port does not filter a modify (6.4). */
    CU_ASSERT_EQUAL(mod_at(ft, OFPFC_MODIFY, "out_port=77,"
                           "actions=output:5", 0, NULL), 0);
    ASSERT_DUMP(ft, NULL,
                "priority=30,tcp cookie=0x21 actions=output:5; "
                "priority=20,tcp,in_port=1,tcp_dst=80 cookie=0x12 "
                "actions=output:5; "
                "priority=10,in_port=1 cookie=0x11 actions=output:5");
    flow_table_destroy(ft);
}

static void
test_modify_counters(void)
{
    struct flow_table *ft = flow_table_create(0, 100);
    struct flow_table_entry *e;
    struct flow f = tcp_flow(1, 1, 2, 80);

    setup_three(ft);
    e = flow_table_lookup(ft, &f);
    flow_table_entry_hit(e, 2, 128, 10);
    CU_ASSERT_EQUAL(mod_at(ft, OFPFC_MODIFY_STRICT, "priority=30,tcp,"
                           "actions=output:1", 20, NULL), 0);
    e = flow_table_lookup(ft, &f);
    CU_ASSERT_EQUAL(e->n_packets, 2);
    CU_ASSERT_EQUAL(e->created, 0);
    CU_ASSERT_EQUAL(e->used, 10);
    CU_ASSERT_EQUAL(mod_at(ft, OFPFC_MODIFY_STRICT, "priority=30,tcp,"
                           "reset_counts,actions=output:1", 30, NULL), 0);
    e = flow_table_lookup(ft, &f);
    CU_ASSERT_EQUAL(e->n_packets, 0);
    CU_ASSERT_EQUAL(e->n_bytes, 0);
    CU_ASSERT_EQUAL(e->created, 0);
    flow_table_destroy(ft);
}

static void
test_modify_strict(void)
{
    struct flow_table *ft = flow_table_create(0, 100);
    uint64_t gen;

    setup_three(ft);
    gen = flow_table_generation(ft);
    /* Strict needs the exact match and priority. */
    CU_ASSERT_EQUAL(mod_at(ft, OFPFC_MODIFY_STRICT, "priority=11,in_port=1,"
                           "actions=output:8", 0, NULL), 0);
    CU_ASSERT_EQUAL(mod_at(ft, OFPFC_MODIFY_STRICT, "priority=10,"
                           "actions=output:8", 0, NULL), 0);
    CU_ASSERT_EQUAL(mod_at(ft, OFPFC_MODIFY_STRICT, "priority=10,in_port=1,"
                           "cookie=0x12/0xff,actions=output:8", 0, NULL), 0);
    CU_ASSERT_EQUAL(flow_table_generation(ft), gen);
    CU_ASSERT_EQUAL(mod_at(ft, OFPFC_MODIFY_STRICT, "priority=10,in_port=1,"
                           "cookie=0x11/0xff,actions=output:8", 0, NULL), 0);
    CU_ASSERT_NOT_EQUAL(flow_table_generation(ft), gen);
    ASSERT_DUMP(ft, NULL,
                "priority=30,tcp cookie=0x21 actions=write_actions(group:7); "
                "priority=20,tcp,in_port=1,tcp_dst=80 cookie=0x12 "
                "actions=output:3; "
                "priority=10,in_port=1 cookie=0x11 actions=output:8");
    flow_table_destroy(ft);
}

/* ---- DELETE ---- */

static void
test_delete(void)
{
    struct flow_table *ft = flow_table_create(4, 100);
    struct flow_table_removed removed;
    struct of_flow_removed fr;
    uint64_t gen;

    flow_table_removed_init(&removed);
    setup_three(ft);

    /* Nothing selected: success, nothing removed. */
    gen = flow_table_generation(ft);
    CU_ASSERT_EQUAL(mod_at(ft, OFPFC_DELETE, "in_port=3", 0, &removed), 0);
    CU_ASSERT_EQUAL(removed.n, 0);
    CU_ASSERT_EQUAL(flow_table_generation(ft), gen);

    /* Non-strict in_port=1: both in_port=1 entries, highest priority
     * first, reason DELETE. */
    CU_ASSERT_EQUAL(mod_at(ft, OFPFC_DELETE, "in_port=1", 2500, &removed),
                    0);
    CU_ASSERT_NOT_EQUAL(flow_table_generation(ft), gen);
    CU_ASSERT_EQUAL_FATAL(removed.n, 2);
    CU_ASSERT_EQUAL(removed.entries[0]->priority, 20);
    CU_ASSERT_EQUAL(removed.entries[0]->reason, OFPRR_DELETE);
    CU_ASSERT(removed.entries[0]->flags & OFPFF_SEND_FLOW_REM);
    CU_ASSERT_EQUAL(removed.entries[1]->priority, 10);
    CU_ASSERT(!(removed.entries[1]->flags & OFPFF_SEND_FLOW_REM));
    flow_table_entry_removed(removed.entries[0], 2500, &fr);
    CU_ASSERT_EQUAL(fr.reason, OFPRR_DELETE);
    CU_ASSERT_EQUAL(fr.table_id, 4);
    CU_ASSERT_EQUAL(fr.priority, 20);
    CU_ASSERT_EQUAL(fr.cookie, 0x12);
    CU_ASSERT_EQUAL(fr.duration_sec, 2);
    CU_ASSERT_EQUAL(fr.duration_nsec, 500000000);
    CU_ASSERT_EQUAL(fr.match.n, 4);
    CU_ASSERT_PTR_NOT_NULL(of_match_find(&fr.match, OF_FIELD_TCP_DST));
    CU_ASSERT_EQUAL(of_match_find(&fr.match, OF_FIELD_IN_PORT)->value.u32, 1);
    ASSERT_DUMP(ft, NULL, "priority=30,tcp cookie=0x21 "
                "actions=write_actions(group:7)");

    /* The removed entries outlive the table. */
    flow_table_destroy(ft);
    flow_table_entry_removed(removed.entries[1], 2500, &fr);
    CU_ASSERT_EQUAL(fr.idle_timeout, 5);
    CU_ASSERT_EQUAL(fr.match.n, 1);
    flow_table_removed_destroy(&removed);
    flow_table_removed_destroy(NULL);
}

static void
test_delete_strict(void)
{
    struct flow_table *ft = flow_table_create(0, 100);
    struct flow_table_removed removed;

    flow_table_removed_init(&removed);
    setup_three(ft);
    /* Exact priority and match only. */
    CU_ASSERT_EQUAL(mod_at(ft, OFPFC_DELETE_STRICT, "priority=20,in_port=1",
                           0, &removed), 0);
    CU_ASSERT_EQUAL(mod_at(ft, OFPFC_DELETE_STRICT, "priority=11,in_port=1",
                           0, &removed), 0);
    CU_ASSERT_EQUAL(mod_at(ft, OFPFC_DELETE_STRICT, "priority=10", 0,
                           &removed), 0);
    CU_ASSERT_EQUAL(removed.n, 0);
    CU_ASSERT_EQUAL(mod_at(ft, OFPFC_DELETE_STRICT, "priority=10,in_port=1",
                           0, &removed), 0);
    CU_ASSERT_EQUAL_FATAL(removed.n, 1);
    CU_ASSERT_EQUAL(removed.entries[0]->priority, 10);
    CU_ASSERT_EQUAL(flow_table_count(ft), 2);

    /* Filters apply to strict deletes too. */
    CU_ASSERT_EQUAL(mod_at(ft, OFPFC_DELETE_STRICT, "priority=30,tcp,"
                           "out_group=8", 0, &removed), 0);
    CU_ASSERT_EQUAL(mod_at(ft, OFPFC_DELETE_STRICT, "priority=30,tcp,"
                           "cookie=0x22/0xff", 0, &removed), 0);
    CU_ASSERT_EQUAL(flow_table_count(ft), 2);
    CU_ASSERT_EQUAL(mod_at(ft, OFPFC_DELETE_STRICT, "priority=30,tcp,"
                           "out_group=7,cookie=0x21/0xff", 0, &removed), 0);
    CU_ASSERT_EQUAL(flow_table_count(ft), 1);
    CU_ASSERT_EQUAL(removed.n, 2);

    /* A NULL list frees what is removed. */
    CU_ASSERT_EQUAL(mod_at(ft, OFPFC_DELETE, "", 0, NULL), 0);
    CU_ASSERT_EQUAL(flow_table_count(ft), 0);
    flow_table_removed_destroy(&removed);
    flow_table_destroy(ft);
}

/* out_port and out_group select entries with an output (group) action
 * naming them, in apply_actions or write_actions. */
static void
test_delete_filters(void)
{
    struct flow_table *ft = flow_table_create(0, 100);
    struct flow_table_removed removed;

    flow_table_removed_init(&removed);
    CU_ASSERT_EQUAL(add(ft, "priority=1,in_port=1,actions=output:2"), 0);
    CU_ASSERT_EQUAL(add(ft, "priority=2,in_port=1,"
                        "actions=write_actions(output:2)"), 0);
    CU_ASSERT_EQUAL(add(ft, "priority=3,in_port=1,actions=output:3,"
                        "group:2"), 0);
    CU_ASSERT_EQUAL(add(ft, "priority=4,in_port=1,"
                        "actions=write_actions(group:2)"), 0);
    CU_ASSERT_EQUAL(add(ft, "priority=5,in_port=1,actions=output:4,"
                        "write_actions(output:2),goto_table:3"), 0);
    CU_ASSERT_EQUAL(add(ft, "priority=6,in_port=1,cookie=0xab,"
                        "actions=output:2"), 0);

    /* out_port=2 with cookie: only the cookie's entry. */
    CU_ASSERT_EQUAL(mod_at(ft, OFPFC_DELETE, "out_port=2,cookie=0xab/0xff",
                           0, &removed), 0);
    CU_ASSERT_EQUAL_FATAL(removed.n, 1);
    CU_ASSERT_EQUAL(removed.entries[0]->priority, 6);
    flow_table_removed_clear(&removed);
    CU_ASSERT_EQUAL(removed.n, 0);

    /* Statistics use the same filters. */
    ASSERT_DUMP(ft, "out_port=2",
                "priority=5,in_port=1 cookie=0 actions=output:4,"
                "write_actions(output:2),goto_table:3; "
                "priority=2,in_port=1 cookie=0 "
                "actions=write_actions(output:2); "
                "priority=1,in_port=1 cookie=0 actions=output:2");
    ASSERT_DUMP(ft, "out_group=2",
                "priority=4,in_port=1 cookie=0 "
                "actions=write_actions(group:2); "
                "priority=3,in_port=1 cookie=0 actions=output:3,group:2");
    ASSERT_DUMP(ft, "out_group=2,out_port=3",
                "priority=3,in_port=1 cookie=0 actions=output:3,group:2");
    ASSERT_DUMP(ft, "out_port=9", "");

    /* out_group=2 deletes 3 and 4. */
    CU_ASSERT_EQUAL(mod_at(ft, OFPFC_DELETE, "out_group=2", 0, &removed),
                    0);
    CU_ASSERT_EQUAL_FATAL(removed.n, 2);
    CU_ASSERT_EQUAL(removed.entries[0]->priority, 4);
    CU_ASSERT_EQUAL(removed.entries[1]->priority, 3);
    flow_table_removed_clear(&removed);

    /* Filters and match together. */
    CU_ASSERT_EQUAL(mod_at(ft, OFPFC_DELETE, "in_port=1,out_port=4", 0,
                           &removed), 0);
    CU_ASSERT_EQUAL_FATAL(removed.n, 1);
    CU_ASSERT_EQUAL(removed.entries[0]->priority, 5);
    CU_ASSERT_EQUAL(mod_at(ft, OFPFC_DELETE, "out_port=2", 0, &removed), 0);
    CU_ASSERT_EQUAL(removed.n, 3);
    CU_ASSERT_EQUAL(flow_table_count(ft), 0);
    flow_table_removed_destroy(&removed);
    flow_table_destroy(ft);
}

/* ---- Timeouts ---- */

static void
test_timeouts(void)
{
    struct flow_table *ft = flow_table_create(0, 100);
    struct flow_table_removed removed;
    struct flow_table_entry *e;
    struct flow f1 = tcp_flow(1, 1, 2, 80), f2 = tcp_flow(2, 1, 2, 80);
    uint64_t gen;

    flow_table_removed_init(&removed);
    /* idle 2 s; hard 5 s; both (idle 3, hard 4); none. */
    CU_ASSERT_EQUAL(mod_at(ft, OFPFC_ADD, "priority=1,in_port=1,"
                           "idle_timeout=2,actions=drop", 1000, NULL), 0);
    CU_ASSERT_EQUAL(mod_at(ft, OFPFC_ADD, "priority=2,in_port=2,"
                           "hard_timeout=5,actions=drop", 1000, NULL), 0);
    CU_ASSERT_EQUAL(mod_at(ft, OFPFC_ADD, "priority=3,in_port=3,"
                           "idle_timeout=3,hard_timeout=4,send_flow_rem,"
                           "actions=drop", 1000, NULL), 0);
    CU_ASSERT_EQUAL(mod_at(ft, OFPFC_ADD, "priority=4,in_port=4,"
                           "actions=drop", 1000, NULL), 0);

    /* Traffic keeps the idle entries alive. */
    gen = flow_table_generation(ft);
    flow_table_entry_hit(flow_table_lookup(ft, &f1), 1, 60, 2500);
    flow_table_entry_hit(flow_table_lookup(ft, &f2), 1, 60, 2500);
    e = flow_table_lookup(ft, &(struct flow) { .in_port = 3 });
    flow_table_entry_hit(e, 1, 60, 2500);
    CU_ASSERT_EQUAL(flow_table_generation(ft), gen);
    flow_table_expire(ft, 4499, &removed);
    CU_ASSERT_EQUAL(removed.n, 0);
    CU_ASSERT_EQUAL(flow_table_generation(ft), gen);
    flow_table_expire(ft, 4500, &removed);
    CU_ASSERT_EQUAL_FATAL(removed.n, 1);
    CU_ASSERT_EQUAL(removed.entries[0]->priority, 1);
    CU_ASSERT_EQUAL(removed.entries[0]->reason, OFPRR_IDLE_TIMEOUT);
    CU_ASSERT_NOT_EQUAL(flow_table_generation(ft), gen);

    /* Entry 3: idle would have passed at 4000, but traffic at 2500 moved
     * it to 5500, so the hard timeout (5000) comes first. */
    flow_table_expire(ft, 4999, &removed);
    CU_ASSERT_EQUAL(removed.n, 1);
    flow_table_expire(ft, 5000, &removed);
    CU_ASSERT_EQUAL_FATAL(removed.n, 2);
    CU_ASSERT_EQUAL(removed.entries[1]->priority, 3);
    CU_ASSERT_EQUAL(removed.entries[1]->reason, OFPRR_HARD_TIMEOUT);

    /* Hard timeout despite traffic. */
    flow_table_expire(ft, 6000, &removed);
    CU_ASSERT_EQUAL_FATAL(removed.n, 3);
    CU_ASSERT_EQUAL(removed.entries[2]->priority, 2);
    CU_ASSERT_EQUAL(removed.entries[2]->reason, OFPRR_HARD_TIMEOUT);

    /* No timeout: stays forever. */
    flow_table_expire(ft, 1000000000, &removed);
    CU_ASSERT_EQUAL(removed.n, 3);
    CU_ASSERT_EQUAL(flow_table_count(ft), 1);
    flow_table_removed_clear(&removed);

    /* Both passed at once: hard is the reason. */
    CU_ASSERT_EQUAL(mod_at(ft, OFPFC_ADD, "priority=3,in_port=3,"
                           "idle_timeout=1,hard_timeout=1,actions=drop",
                           1000, NULL), 0);
    flow_table_expire(ft, 9000, &removed);
    CU_ASSERT_EQUAL_FATAL(removed.n, 1);
    CU_ASSERT_EQUAL(removed.entries[0]->reason, OFPRR_HARD_TIMEOUT);
    flow_table_removed_clear(&removed);

    /* A deleted entry leaves the timeout list with it. */
    CU_ASSERT_EQUAL(mod_at(ft, OFPFC_ADD, "priority=3,in_port=3,"
                           "idle_timeout=1,actions=drop", 1000, NULL), 0);
    CU_ASSERT_EQUAL(mod_at(ft, OFPFC_ADD, "priority=5,in_port=5,"
                           "idle_timeout=1,actions=drop", 1000, NULL), 0);
    CU_ASSERT_EQUAL(mod_at(ft, OFPFC_DELETE, "in_port=3", 0, NULL), 0);
    /* A replacement without timeouts leaves it too. */
    CU_ASSERT_EQUAL(mod_at(ft, OFPFC_ADD, "priority=5,in_port=5,"
                           "actions=drop", 1000, NULL), 0);
    flow_table_expire(ft, 9000, &removed);
    CU_ASSERT_EQUAL(removed.n, 0);
    CU_ASSERT_EQUAL(flow_table_count(ft), 2);
    flow_table_removed_destroy(&removed);
    flow_table_destroy(ft);
}

/* ---- Counters and statistics ---- */

static void
test_counters(void)
{
    struct flow_table *ft = flow_table_create(1, 100);
    struct flow_table_removed removed;
    struct of_flow_stats_request req;
    struct of_aggregate_reply agg;
    struct of_flow_stats *stats = NULL;
    struct of_flow_removed fr;
    struct arena arena;
    size_t n = 0;

    flow_table_removed_init(&removed);
    CU_ASSERT_EQUAL(mod_at(ft, OFPFC_ADD, "priority=1,in_port=1,"
                           "actions=drop", 1000, NULL), 0);
    CU_ASSERT_EQUAL(mod_at(ft, OFPFC_ADD, "priority=2,in_port=2,"
                           "no_packet_counts,idle_timeout=9,actions=drop",
                           1000, NULL), 0);
    CU_ASSERT_EQUAL(mod_at(ft, OFPFC_ADD, "priority=3,in_port=3,"
                           "no_byte_counts,hard_timeout=8,actions=drop",
                           1000, NULL), 0);
    for (uint32_t port = 1; port <= 3; port++) {
        struct flow f = tcp_flow(port, 1, 2, 3);

        flow_table_entry_hit(flow_table_lookup(ft, &f), port, port * 100,
                             1500);
    }

    CU_ASSERT_PTR_NULL(of_flow_stats_request_parse(&req, ""));
    arena_init(&arena);
    flow_table_flow_stats(ft, &req, 3250, &arena, &stats, &n);
    CU_ASSERT_EQUAL_FATAL(n, 3);
    CU_ASSERT_EQUAL(stats[0].priority, 3);
    CU_ASSERT_EQUAL(stats[0].table_id, 1);
    CU_ASSERT_EQUAL(stats[0].packet_count, 3);
    CU_ASSERT_EQUAL(stats[0].byte_count, UINT64_MAX);
    CU_ASSERT_EQUAL(stats[0].hard_timeout, 8);
    CU_ASSERT_EQUAL(stats[0].flags, OFPFF_NO_BYT_COUNTS);
    CU_ASSERT_EQUAL(stats[0].duration_sec, 2);
    CU_ASSERT_EQUAL(stats[0].duration_nsec, 250000000);
    CU_ASSERT_EQUAL(stats[1].packet_count, UINT64_MAX);
    CU_ASSERT_EQUAL(stats[1].byte_count, 200);
    CU_ASSERT_EQUAL(stats[1].idle_timeout, 9);
    CU_ASSERT_EQUAL(stats[2].packet_count, 1);
    CU_ASSERT_EQUAL(stats[2].byte_count, 100);
    CU_ASSERT_EQUAL(stats[2].flags, 0);
    arena_destroy(&arena);

    /* Aggregates: a count some flow does not keep is unknown. */
    memset(&agg, 0, sizeof agg);
    CU_ASSERT_PTR_NULL(of_flow_stats_request_parse(&req, "in_port=1"));
    flow_table_aggregate(ft, &req, &agg);
    CU_ASSERT_EQUAL(agg.flow_count, 1);
    CU_ASSERT_EQUAL(agg.packet_count, 1);
    CU_ASSERT_EQUAL(agg.byte_count, 100);
    /* Accumulates over calls (tables). */
    flow_table_aggregate(ft, &req, &agg);
    CU_ASSERT_EQUAL(agg.flow_count, 2);
    CU_ASSERT_EQUAL(agg.packet_count, 2);
    CU_ASSERT_PTR_NULL(of_flow_stats_request_parse(&req, ""));
    memset(&agg, 0, sizeof agg);
    flow_table_aggregate(ft, &req, &agg);
    CU_ASSERT_EQUAL(agg.flow_count, 3);
    CU_ASSERT_EQUAL(agg.packet_count, UINT64_MAX);
    CU_ASSERT_EQUAL(agg.byte_count, UINT64_MAX);
    CU_ASSERT_PTR_NULL(of_flow_stats_request_parse(&req, "cookie=0x5"));
    memset(&agg, 0, sizeof agg);
    flow_table_aggregate(ft, &req, &agg);
    CU_ASSERT_EQUAL(agg.flow_count, 0);

    /* FLOW_REMOVED carries the same rule. */
    flow_table_expire(ft, 10500, &removed);
    CU_ASSERT_EQUAL_FATAL(removed.n, 2);
    flow_table_entry_removed(removed.entries[0], 10500, &fr);
    CU_ASSERT_EQUAL(fr.reason, OFPRR_HARD_TIMEOUT);
    CU_ASSERT_EQUAL(fr.packet_count, 3);
    CU_ASSERT_EQUAL(fr.byte_count, UINT64_MAX);
    CU_ASSERT_EQUAL(fr.duration_sec, 9);
    CU_ASSERT_EQUAL(fr.duration_nsec, 500000000);
    CU_ASSERT_EQUAL(fr.hard_timeout, 8);
    flow_table_entry_removed(removed.entries[1], 10500, &fr);
    CU_ASSERT_EQUAL(fr.reason, OFPRR_IDLE_TIMEOUT);
    CU_ASSERT_EQUAL(fr.packet_count, UINT64_MAX);
    CU_ASSERT_EQUAL(fr.byte_count, 200);
    flow_table_removed_destroy(&removed);
    flow_table_destroy(ft);
}

/* Statistics select like non-strict commands: the request's match or more
 * specific, with the cookie filter. */
static void
test_stats_selection(void)
{
    struct flow_table *ft = flow_table_create(0, 100);
    struct flow_table_entry **entries;
    struct flow_table_query q;
    struct of_flow_stats_request req;
    size_t n;

    setup_three(ft);
    ASSERT_DUMP(ft, "tcp",
                "priority=30,tcp cookie=0x21 actions=write_actions(group:7); "
                "priority=20,tcp,in_port=1,tcp_dst=80 cookie=0x12 "
                "actions=output:3");
    ASSERT_DUMP(ft, "tcp,tp_dst=80",
                "priority=20,tcp,in_port=1,tcp_dst=80 cookie=0x12 "
                "actions=output:3");
    ASSERT_DUMP(ft, "ip", "priority=30,tcp cookie=0x21 "
                "actions=write_actions(group:7); "
                "priority=20,tcp,in_port=1,tcp_dst=80 cookie=0x12 "
                "actions=output:3");
    ASSERT_DUMP(ft, "udp", "");
    ASSERT_DUMP(ft, "cookie=0x10/0xf0",
                "priority=20,tcp,in_port=1,tcp_dst=80 cookie=0x12 "
                "actions=output:3; "
                "priority=10,in_port=1 cookie=0x11 actions=output:2");
    ASSERT_DUMP(ft, "cookie=0x11",
                "priority=10,in_port=1 cookie=0x11 actions=output:2");

    /* flow_table_select() with a strict query. */
    CU_ASSERT_PTR_NULL(of_flow_stats_request_parse(&req, "in_port=1"));
    flow_table_query_from_stats_request(&q, &req);
    q.strict = true;
    q.priority = 10;
    flow_table_select(ft, &q, &entries, &n);
    CU_ASSERT_EQUAL_FATAL(n, 1);
    CU_ASSERT_EQUAL(entries[0]->cookie, 0x11);
    free(entries);
    q.strict = false;
    flow_table_select(ft, &q, &entries, &n);
    CU_ASSERT_EQUAL(n, 2);
    free(entries);
    flow_table_destroy(ft);
}

/* Equal priorities: the entry added first wins, and a dump lists entries
 * of one priority in the order added. */
static void
test_ties(void)
{
    struct flow_table *ft = flow_table_create(0, 100);
    struct flow f = tcp_flow(1, 1, 2, 80);

    CU_ASSERT_EQUAL(add(ft, "priority=5,tcp,tp_dst=80,cookie=1,"
                        "actions=drop"), 0);
    CU_ASSERT_EQUAL(add(ft, "priority=5,in_port=1,cookie=2,actions=drop"),
                    0);
    CU_ASSERT_EQUAL(flow_table_lookup(ft, &f)->cookie, 1);
    ASSERT_DUMP(ft, NULL, "priority=5,tcp,tcp_dst=80 cookie=0x1 actions=drop; "
                "priority=5,in_port=1 cookie=0x2 actions=drop");
    /* Replacing keeps the place. */
    CU_ASSERT_EQUAL(add(ft, "priority=5,tcp,tp_dst=80,cookie=3,"
                        "actions=drop"), 0);
    CU_ASSERT_EQUAL(flow_table_lookup(ft, &f)->cookie, 3);
    CU_ASSERT_EQUAL(mod_at(ft, OFPFC_DELETE_STRICT, "priority=5,tcp,"
                           "tp_dst=80", 0, NULL), 0);
    CU_ASSERT_EQUAL(flow_table_lookup(ft, &f)->cookie, 2);
    flow_table_destroy(ft);
}

static void
test_many(void)
{
    enum { N = 5000 };
    struct flow_table *ft = flow_table_create(0, N);
    struct flow_table_removed removed;
    char s[128];

    flow_table_removed_init(&removed);
    for (int i = 0; i < N; i++) {
        snprintf(s, sizeof s, "priority=%d,ip,nw_dst=10.%d.%d.0/24,"
                 "idle_timeout=%d,actions=output:%d", i % 7, i / 256,
                 i % 256, 1 + i % 3, 1 + i % 4);
        CU_ASSERT_EQUAL_FATAL(mod_at(ft, OFPFC_ADD, s, 0, NULL), 0);
    }
    CU_ASSERT_EQUAL(add(ft, "ip,actions=drop"), OFPERR_OFPFMFC_TABLE_FULL);
    for (int i = 0; i < N; i += 97) {
        struct flow f = tcp_flow(1, 1, 0x0a000005 | (i / 256) << 16
                                         | (i % 256) << 8, 80);
        const struct flow_table_entry *e = flow_table_lookup(ft, &f);

        CU_ASSERT_PTR_NOT_NULL_FATAL(e);
        CU_ASSERT_EQUAL(e->priority, i % 7);
        CU_ASSERT_EQUAL(flow_table_insts_apply(e->insts)[0].output.port,
                        1 + i % 4);
    }
    /* The batch lookup agrees. */
    for (int i = 0; i < N; i += FLOW_TABLE_BATCH_MAX) {
        struct flow flows[FLOW_TABLE_BATCH_MAX];
        const struct flow *ptrs[FLOW_TABLE_BATCH_MAX];
        struct flow_table_entry *entries[FLOW_TABLE_BATCH_MAX];

        for (int j = 0; j < FLOW_TABLE_BATCH_MAX; j++) {
            int k = (i + j * 7) % (N + 100);    /* Some miss. */

            flows[j] = tcp_flow(1, 1, 0x0a000005 | (k / 256) << 16
                                      | (k % 256) << 8, 80);
            ptrs[j] = &flows[j];
        }
        flow_table_lookup_batch(ft, ptrs, FLOW_TABLE_BATCH_MAX, entries);
        for (int j = 0; j < FLOW_TABLE_BATCH_MAX; j++) {
            CU_ASSERT_PTR_EQUAL(entries[j],
                                flow_table_lookup(ft, &flows[j]));
        }
    }
    CU_ASSERT_EQUAL(mod_at(ft, OFPFC_DELETE, "out_port=4", 0, &removed), 0);
    CU_ASSERT_EQUAL(removed.n, N / 4);
    flow_table_expire(ft, 1000, &removed);
    CU_ASSERT_EQUAL(removed.n, N / 4 + (N - N / 4) / 3);
    flow_table_removed_destroy(&removed);
    CU_ASSERT_EQUAL(flow_table_count(ft), N - N / 4 - (N - N / 4) / 3);
    flow_table_destroy(ft);
}

static CU_TestInfo tests[] = {
    { "add and lookup", test_add_and_lookup },
    { "instructions", test_instructions },
    { "unsupported instructions and commands", test_unsupported },
    { "add replaces an identical entry", test_add_replaces },
    { "table full", test_table_full },
    { "check_overlap", test_check_overlap },
    { "modify", test_modify },
    { "modify counters", test_modify_counters },
    { "modify_strict", test_modify_strict },
    { "delete", test_delete },
    { "delete_strict", test_delete_strict },
    { "out_port and out_group filters", test_delete_filters },
    { "timeouts", test_timeouts },
    { "counters and statistics", test_counters },
    { "statistics selection", test_stats_selection },
    { "ties", test_ties },
    { "many flows", test_many },
    CU_TEST_INFO_NULL,
};

UNIT_SUITE("flow-table", tests);
