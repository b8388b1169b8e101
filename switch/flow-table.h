/*
 * flow-table: one OpenFlow 1.3 flow table, with the semantics of section
 * 6.4 (flow table modification), 5.5 (timeouts) and 5.8 (counters) over a
 * classifier (classifier.h).
 *
 * A table holds entries (struct flow_table_entry), each one rule of its
 * classifier, and applies decoded FLOW_MODs to them: ADD (with
 * CHECK_OVERLAP and replacement of an identical entry), MODIFY and
 * MODIFY_STRICT, DELETE and DELETE_STRICT, with the cookie, out_port and
 * out_group filters and OFPFMFC_TABLE_FULL past a configurable number of
 * entries.  It answers flow and aggregate statistics with the same
 * selection, and expires entries whose idle or hard timeout has passed.
 *
 * Only the entries' own table: the caller dispatches a message to the
 * table(s) its table_id names (every table for OFPTT_ALL), so
 * of_flow_mod.table_id and of_flow_stats_request.table_id are not read
 * here.  Checks that need the rest of the switch (do ports, groups,
 * meters and the goto_table target exist) are the caller's too, made
 * before calling; the table refuses only what it cannot hold: experimenter
 * instructions (OFPBIC_BAD_EXPERIMENTER) and experimenter actions
 * (OFPBAC_BAD_EXPERIMENTER), since ofkit supports none.
 *
 * Time is an argument, never read here: 'now' is a monotonic time in
 * milliseconds.  An entry remembers when it was added ('created': its
 * duration and hard timeout) and when a packet last hit it ('used': its
 * idle timeout).
 *
 * Instructions.  A flow's instructions are copied out of the decoded
 * message (whose memory goes away after the command) into one allocation,
 * struct flow_table_insts, laid out for the pipeline: the fields are in
 * the order OpenFlow executes instructions (5.9: meter, apply_actions,
 * clear_actions, write_actions, write_metadata, goto_table), whatever
 * their order in the message, and the action lists are arrays of the
 * decoded struct of_action (ofp-actions.h) that the actions module runs
 * for packet-outs and group buckets alike.  Group and meter ids are stored
 * as given.  The message's order is remembered for flow statistics.
 *
 * References.  A table may be given hooks (flow_table_set_hooks()) that
 * it calls with an entry's instructions when they come into the table
 * (ADD, MODIFY) and when they leave it (replacement, MODIFY, DELETE,
 * timeout, flow_table_remove_if()), so that the owner of the groups and
 * meters they name can keep reference counts.  Destroying the table calls
 * no hook.
 *
 * Lifetime.  Entries and their instructions belong to the table.  A
 * pointer from flow_table_lookup() stays valid until the table next
 * changes, which changes flow_table_generation(): the exact-match cache
 * keeps the generation with each cached entry and ignores it once the
 * generation moved on.  Entries taken out of the table (delete, timeout)
 * are handed to the caller in a struct flow_table_removed, with their
 * reason, so that it can send FLOW_REMOVED for those with
 * OFPFF_SEND_FLOW_REM; the caller frees them.
 *
 * Threading: none.  A table belongs to the datapath thread.
 */
#ifndef SWITCH_FLOW_TABLE_H
#define SWITCH_FLOW_TABLE_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ofproto/ofp-errors.h"
#include "ofproto/ofp-flow.h"
#include "switch/flow.h"

struct arena;
struct classifier_rule;
struct flow_table;

/* goto_table of a flow that has none. */
#define FLOW_TABLE_NO_GOTO 0xff

/* ---- Instructions (read by the pipeline) ---- */

struct flow_table_insts {
    /* OFPIT_METER. */
    bool has_meter;
    uint32_t meter_id;

    /* OFPIT_APPLY_ACTIONS: actions[0 .. n_apply - 1]. */
    bool has_apply;
    uint16_t n_apply;

    /* OFPIT_CLEAR_ACTIONS. */
    bool clear_actions;

    /* OFPIT_WRITE_ACTIONS: actions[n_apply .. n_apply + n_write - 1]. */
    bool has_write;
    uint16_t n_write;

    /* OFPIT_WRITE_METADATA. */
    bool has_write_metadata;
    uint64_t metadata;
    uint64_t metadata_mask;

    /* OFPIT_GOTO_TABLE, or FLOW_TABLE_NO_GOTO. */
    uint8_t goto_table;

    /* The message's instruction types (OFPIT_*), in its order. */
    uint8_t n_order;
    uint8_t order[6];

    struct of_action actions[];
};

static inline const struct of_action *
flow_table_insts_apply(const struct flow_table_insts *insts)
{
    return insts->actions;
}

static inline const struct of_action *
flow_table_insts_write(const struct flow_table_insts *insts)
{
    return insts->actions + insts->n_apply;
}

/* ---- Entries ---- */

/* A flow entry.  Read-only outside flow-table.c, except for the counters
 * and 'used', which the pipeline updates with flow_table_entry_hit(). */
struct flow_table_entry {
    struct classifier_rule *rule;       /* NULL once removed. */
    struct flow_table_insts *insts;     /* Owned; read-only outside. */
    uint64_t cookie;
    uint64_t n_packets;                 /* Counted even if NO_PKT_COUNTS */
    uint64_t n_bytes;                   /* or NO_BYT_COUNTS (reports hide
                                         * them). */
    long long created;                  /* ms: added (or replaced). */
    long long used;                     /* ms: last hit, or 'created'. */
    struct flow_table_entry *to_prev;   /* In the table's list of entries */
    struct flow_table_entry *to_next;   /* with a timeout. */
    uint16_t priority;
    uint16_t idle_timeout;              /* Seconds, 0 for none. */
    uint16_t hard_timeout;
    uint16_t flags;                     /* OFPFF_*. */
    uint8_t table_id;
    uint8_t reason;                     /* OFPRR_*, once removed. */
};

/* Accounts 'n_packets' packets of 'n_bytes' bytes to 'e' at 'now'. */
static inline void
flow_table_entry_hit(struct flow_table_entry *e, uint64_t n_packets,
                     uint64_t n_bytes, long long now)
{
    e->n_packets += n_packets;
    e->n_bytes += n_bytes;
    e->used = now;
}

/* Fills '*fs' with 'e' as a flow statistics entry at 'now': its match,
 * and copies of its instructions allocated from 'arena'.  Counters a flag
 * disables (NO_PKT_COUNTS, NO_BYT_COUNTS) read UINT64_MAX, as 5.8 asks of
 * counters a switch does not keep. */
void flow_table_entry_stats(const struct flow_table_entry *e, long long now,
                            struct arena *arena, struct of_flow_stats *fs);

/* Fills '*fr' with the FLOW_REMOVED message for removed entry 'e' at
 * 'now' (its reason is e->reason). */
void flow_table_entry_removed(const struct flow_table_entry *e,
                              long long now, struct of_flow_removed *fr);

/* The entry's match as a key (masked) and mask; either may be NULL. */
void flow_table_entry_match(const struct flow_table_entry *e,
                            struct flow *key, struct flow *mask);

/* Frees a removed entry and its instructions.  Accepts NULL. */
void flow_table_entry_free(struct flow_table_entry *e);

/* ---- Removed entries ---- */

/* Entries taken out of a table, handed to the caller, who owns them. */
struct flow_table_removed {
    struct flow_table_entry **entries;
    size_t n;
    size_t allocated;
};

void flow_table_removed_init(struct flow_table_removed *);

/* Frees every entry and empties the list (which stays usable). */
void flow_table_removed_clear(struct flow_table_removed *);

/* Frees the entries and the list's memory.  Accepts NULL. */
void flow_table_removed_destroy(struct flow_table_removed *);

/* ---- Create and destroy ---- */

/* Creates table 'table_id' holding at most 'max_entries' entries. */
struct flow_table *flow_table_create(uint8_t table_id, uint32_t max_entries);

/* Frees the table and every entry in it.  Accepts NULL. */
void flow_table_destroy(struct flow_table *);

uint8_t flow_table_id(const struct flow_table *);
uint32_t flow_table_max_entries(const struct flow_table *);

/* Changes the limit; entries beyond it stay, but no ADD succeeds until
 * there are fewer. */
void flow_table_set_max_entries(struct flow_table *, uint32_t max_entries);

/* Called with the instructions of an entry that comes into the table
 * ('ref') or leaves it ('unref'); see "References" above.  Either may be
 * NULL. */
struct flow_table_hooks {
    void (*ref)(void *aux, const struct flow_table_insts *);
    void (*unref)(void *aux, const struct flow_table_insts *);
    void *aux;
};

/* Installs a copy of 'hooks' (NULL: none). */
void flow_table_set_hooks(struct flow_table *,
                          const struct flow_table_hooks *hooks);

/* ---- Flow mods ---- */

/* Applies 'fm' (decoded and validated by ofproto) to this table at 'now'.
 * Entries it removes (DELETE, DELETE_STRICT) are appended to 'removed'
 * with reason OFPRR_DELETE; 'removed' may be NULL, which frees them.
 * Returns 0 or the OpenFlow error, in which case the table is unchanged:
 *   ADD with CHECK_OVERLAP that overlaps ........... OFPFMFC_OVERLAP
 *   ADD of a new entry into a full table ........... OFPFMFC_TABLE_FULL
 *   an unknown command ............................. OFPFMFC_BAD_COMMAND
 *   experimenter instruction or action ............. OFPBIC_BAD_EXPERIMENTER,
 *                                                   OFPBAC_BAD_EXPERIMENTER
 * MODIFY and DELETE that select nothing succeed and change nothing. */
enum ofperr flow_table_flow_mod(struct flow_table *,
                                const struct of_flow_mod *fm, long long now,
                                struct flow_table_removed *removed);

/* Takes out every entry for which 'pred' returns true and appends it to
 * 'removed' (which may be NULL, freeing them) with 'reason', by
 * descending priority, then in the order added.  For what a FLOW_MOD
 * cannot select: the flows that use a deleted group or meter (6.4,
 * 7.3.4.2, 7.3.4.4).  Visits every entry. */
void flow_table_remove_if(struct flow_table *,
                          bool (*pred)(const struct flow_table_entry *,
                                       void *aux),
                          void *aux, uint8_t reason,
                          struct flow_table_removed *removed);

/* ---- Timeouts ---- */

/* Takes out every entry whose hard timeout (since 'created') or idle
 * timeout (since 'used') has passed at 'now', and appends it to 'removed'
 * with reason OFPRR_HARD_TIMEOUT or OFPRR_IDLE_TIMEOUT (hard first when
 * both have passed).  Visits only entries that have a timeout. */
void flow_table_expire(struct flow_table *, long long now,
                       struct flow_table_removed *removed);

/* ---- Lookups ---- */

/* The entry of highest priority that 'flow' matches, or NULL (a miss).
 * Among matching entries of equal priority, the one added first.
 * Allocates nothing. */
struct flow_table_entry *flow_table_lookup(const struct flow_table *,
                                           const struct flow *flow);

/* Looks up 'n' flows (at most FLOW_TABLE_BATCH_MAX) at once: entries[i] is
 * what flow_table_lookup(flows[i]) returns.  Faster than one at a time in
 * large tables (the cache misses of the batch overlap). */
#define FLOW_TABLE_BATCH_MAX 32
void flow_table_lookup_batch(const struct flow_table *,
                             const struct flow *const flows[], size_t n,
                             struct flow_table_entry *entries[]);

/* Changes whenever an entry is added, removed or gets new instructions. */
uint64_t flow_table_generation(const struct flow_table *);

/* Number of entries. */
size_t flow_table_count(const struct flow_table *);

/* ---- Selection and statistics ---- */

/* Which entries a request selects (6.4):
 *   non-strict: every entry whose match equals the request's or is more
 *     specific (the request's mask is contained in the entry's and the
 *     entry's key agrees under it), of any priority;
 *   strict: the entry with exactly the request's match and priority;
 * and of those, the ones that pass every filter: cookie (equal under
 * 'cookie_mask'; mask 0 passes all), out_port (an output action to the
 * port in apply_actions or write_actions; OFPP_ANY passes all), out_group
 * (a group action to the group; OFPG_ANY passes all). */
struct flow_table_query {
    struct flow key;
    struct flow mask;
    bool strict;
    uint16_t priority;                  /* Strict only. */
    uint64_t cookie;
    uint64_t cookie_mask;
    uint32_t out_port;
    uint32_t out_group;
};

/* The query of a flow or aggregate statistics request (non-strict). */
void flow_table_query_from_stats_request(
    struct flow_table_query *, const struct of_flow_stats_request *);

/* Stores in '*entriesp' (an array the caller frees) and '*np' every entry
 * 'q' selects, by descending priority, then in the order added. */
void flow_table_select(const struct flow_table *,
                       const struct flow_table_query *q,
                       struct flow_table_entry ***entriesp, size_t *np);

/* Appends to '*statsp' (an array of '*np' entries grown with arena_push()
 * in 'arena') one entry per flow 'req' selects, in flow_table_select()'s
 * order. */
void flow_table_flow_stats(const struct flow_table *,
                           const struct of_flow_stats_request *req,
                           long long now, struct arena *arena,
                           struct of_flow_stats **statsp, size_t *np);

/* Adds the flows 'req' selects to '*reply' (which the caller zeroes, then
 * accumulates over the tables it asks).  A packet or byte count becomes
 * UINT64_MAX, and stays so, once a selected flow does not keep it
 * (NO_PKT_COUNTS, NO_BYT_COUNTS), as Open vSwitch does. */
void flow_table_aggregate(const struct flow_table *,
                          const struct of_flow_stats_request *req,
                          struct of_aggregate_reply *reply);

#endif /* switch/flow-table.h */
