/*
 * group-table: the switch's group table (OpenFlow 1.3.5, 5.6 and 7.3.4.2).
 *
 * The table holds groups, each a type (ALL, SELECT, INDIRECT,
 * FAST_FAILOVER) and a list of buckets of actions, copied out of decoded
 * GROUP_MODs (whose memory goes away after the command).  It applies
 * GROUP_MOD ADD, MODIFY and DELETE with the spec's errors, answers the
 * GROUP, GROUP_DESC and GROUP_FEATURES multiparts, and tells the pipeline
 * which buckets a packet runs.  It does not run actions: the pipeline runs
 * a bucket's actions as it runs an action list, and when one of them is a
 * group action it asks this table again (groups may chain).
 *
 * Data structure.  Groups are found by id through an open-addressing hash
 * table (one probe per packet that reaches a group).  A group's bucket
 * array and all its buckets' actions are one allocation.  Dumps sort by
 * group id.
 *
 * Chaining (5.6, OFPGFC_CHAINING and OFPGFC_CHAINING_CHECKS).  A bucket
 * may hold group actions.  The table keeps these invariants, checked on
 * every ADD and MODIFY:
 *   - every group action in a bucket names a group that exists (a DELETE
 *     of a group that another group forwards to is refused with
 *     OFPGMFC_CHAINED_GROUP, unless it is OFPG_ALL);
 *   - no group reaches itself through group actions (OFPGMFC_LOOP);
 *   - no chain of groups forwarding to groups is longer than the
 *     configured 'max_chain' groups (OFPGMFC_CHAINING_UNSUPPORTED), so the
 *     pipeline may follow group actions recursively without a stack limit
 *     of its own;
 *   - watch_group links never form a cycle (OFPGMFC_BAD_WATCH).
 * A watched group may be deleted: its watchers' buckets are then dead
 * until a group with that id is added again.
 *
 * Liveness (5.6.1).  A bucket with neither watch_port nor watch_group is
 * live.  Otherwise it is live if its watch_port is live (the caller's
 * callback decides, from the port's state) or its watch_group is live; a
 * group is live if any of its buckets is.  Liveness is evaluated when a
 * packet needs it, so a port going down moves traffic at the next packet
 * after the callback says so.  Watch chains deeper than
 * GROUP_TABLE_MAX_WATCH_DEPTH count as dead.
 *
 * Selection (group_table_choose()):
 *   ALL ............. every bucket;
 *   INDIRECT ........ its bucket (none if it has none);
 *   FAST_FAILOVER ... the first live bucket, or none;
 *   SELECT .......... one live bucket of nonzero weight, or none: weighted
 *                     rendezvous hashing over the caller's 32-bit flow hash
 *                     (group_flow_hash()).  Each bucket draws a score from
 *                     (hash, bucket index) and the best wins, with a score
 *                     scaled so that the share of flows a bucket wins is
 *                     its weight over the sum of weights.  A flow keeps its
 *                     bucket while the group and the buckets' liveness stay
 *                     the same; when a bucket dies only its own flows move,
 *                     and they come back when it revives.
 *
 * Counters.  A group counts the packets and bytes that reach it, a bucket
 * those it runs (group_hit(), group_bucket_hit(): the pipeline calls them,
 * except when tracing).  The reference count in group statistics is the
 * number of flows and groups that forward to the group: the table counts
 * groups itself, and the caller tells it about flows
 * (group_table_ref_flow(), group_table_unref_flow()).
 *
 * What the caller checks.  A bucket's actions are validated as a flow's
 * (7.3.4.2): the caller applies its own flow checks (ports, set_field
 * fields, NORMAL) to each bucket before calling group_table_group_mod(),
 * except for group actions, which this table checks (existence, loops,
 * chain length).  For flows and packet-outs, group_table_check_actions()
 * gives OFPBAC_BAD_OUT_GROUP for a group action that names no group.
 * When a DELETE removes groups, the caller removes the flows that forward
 * to them (6.4, 7.3.4.2: flow-table's out_group filter); the ids removed
 * are handed back for that.
 *
 * Time is an argument, never read here: 'now' is a monotonic time in
 * nanoseconds, used only for durations.
 *
 * Lifetime.  A struct group and its buckets belong to the table.  Pointers
 * from group_table_find() and group_table_choose() stay valid until the
 * next group_table_group_mod() (a MODIFY keeps the struct group but
 * replaces its buckets).
 *
 * Threading: none.  The table belongs to the datapath thread.  Lookups and
 * selection allocate nothing and take no lock.
 */
#ifndef SWITCH_GROUP_TABLE_H
#define SWITCH_GROUP_TABLE_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ofproto/ofp-errors.h"
#include "ofproto/ofp-group.h"

struct arena;
struct flow;
struct group_table;

/* Watch chains deeper than this many groups are dead. */
#define GROUP_TABLE_MAX_WATCH_DEPTH 32

/* ---- Configuration ---- */

struct group_table_config {
    uint32_t max_groups[4];     /* Per type (index OFPGT_*): an ADD or a
                                 * MODIFY to a type that has this many is
                                 * OFPGMFC_OUT_OF_GROUPS. */
    uint32_t max_buckets;       /* Per group: more is OFPGMFC_OUT_OF_BUCKETS
                                 * (at most GROUP_TABLE_BUCKETS_LIMIT). */
    uint32_t max_chain;         /* Groups in the longest chain of group
                                 * actions, 1 to GROUP_TABLE_CHAIN_LIMIT. */
};

#define GROUP_TABLE_BUCKETS_LIMIT 65535
#define GROUP_TABLE_CHAIN_LIMIT 64

/* 65536 groups of each type, 1024 buckets per group, chains of 16. */
void group_table_config_default(struct group_table_config *);

/* Whether 'port' (a port number or OFPP_LOCAL) is live: up, not blocked,
 * and able to forward.  Called from the datapath thread while a packet is
 * processed: it must not block.  A port that does not exist is not
 * live. */
typedef bool group_table_port_live_func(void *aux, uint32_t port);

/* ---- Groups (read-only outside group-table.c, except the counters,
 * which group_hit() and group_bucket_hit() update) ---- */

struct group_bucket {
    struct of_action *actions;  /* Owned by the group. */
    size_t n_actions;
    uint16_t weight;            /* SELECT only; 0 elsewhere. */
    uint32_t watch_port;        /* OFPP_ANY: none. */
    uint32_t watch_group;       /* OFPG_ANY: none. */
    uint64_t packet_count;
    uint64_t byte_count;
};

struct group {
    uint32_t id;
    uint8_t type;               /* OFPGT_*. */
    struct group_bucket *buckets;
    size_t n_buckets;
    uint64_t packet_count;
    uint64_t byte_count;
    long long created;          /* ns: added, or last modified. */
    uint32_t n_flow_refs;       /* Flows that forward to this group. */
    uint32_t n_group_refs;      /* Groups that forward to this group. */

    /* Private to group-table.c. */
    uint64_t visit;             /* Mark of the last walk that saw it. */
    uint32_t depth;             /* Scratch of that walk. */
    bool live;                  /* Liveness, valid if 'live_query' is */
    uint64_t live_query;        /* the table's current query. */
};

/* Accounts one packet of 'n_bytes' bytes to group 'g' or bucket 'b'. */
static inline void
group_hit(struct group *g, uint64_t n_bytes)
{
    g->packet_count++;
    g->byte_count += n_bytes;
}

static inline void
group_bucket_hit(struct group_bucket *b, uint64_t n_bytes)
{
    b->packet_count++;
    b->byte_count += n_bytes;
}

/* ---- Create and destroy ---- */

/* Creates an empty table with the limits of 'config' (the defaults if
 * NULL).  'port_live' (with 'aux') answers port liveness; NULL means every
 * port is live. */
struct group_table *group_table_create(const struct group_table_config *,
                                       group_table_port_live_func *port_live,
                                       void *aux);

/* Frees the table and every group.  Accepts NULL. */
void group_table_destroy(struct group_table *);

const struct group_table_config *
group_table_get_config(const struct group_table *);

/* Number of groups. */
size_t group_table_count(const struct group_table *);

/* ---- Group mods ---- */

/* Applies 'gm' at 'now'.  Returns 0 or the OpenFlow error, in which case
 * the table is unchanged.  Checks, in this order:
 *
 *   unknown command ................................. OFPGMFC_BAD_COMMAND
 *   DELETE:
 *     group_id above OFPG_MAX, other than OFPG_ALL ... OFPGMFC_INVALID_GROUP
 *     any bucket (1.3.5, EXT-510) .................... OFPGMFC_INVALID_GROUP
 *     a group that another group forwards to ......... OFPGMFC_CHAINED_GROUP
 *     (a group that does not exist: nothing happens, no error)
 *   ADD and MODIFY:
 *     unknown type ................................... OFPGMFC_BAD_TYPE
 *     group_id above OFPG_MAX (ALL, ANY) ............. OFPGMFC_INVALID_GROUP
 *     ADD of an id that exists ....................... OFPGMFC_GROUP_EXISTS
 *     MODIFY of an id that does not .................. OFPGMFC_UNKNOWN_GROUP
 *     ADD, or MODIFY to another type, when the type
 *       has as many groups as its limit .............. OFPGMFC_OUT_OF_GROUPS
 *     more buckets than the limit .................... OFPGMFC_OUT_OF_BUCKETS
 *     more than one bucket in INDIRECT, or a weight
 *       outside SELECT ............................... OFPGMFC_INVALID_GROUP
 *     a watch in an ALL or INDIRECT group (they have
 *       no liveness), or watch_port a reserved port
 *       other than LOCAL ........................... OFPGMFC_WATCH_UNSUPPORTED
 *     a FAST_FAILOVER bucket without a watch, watch_port
 *       0 or above OFPP_MAX and not reserved,
 *       watch_group above OFPG_MAX, a watch_group that
 *       does not exist, or one whose watches lead back
 *       to this group ................................ OFPGMFC_BAD_WATCH
 *     an experimenter action ......................... OFPBAC_BAD_EXPERIMENTER
 *     a group action to this group ................... OFPGMFC_LOOP
 *     a group action to no group ..................... OFPBAC_BAD_OUT_GROUP
 *     a group action to a group that reaches this
 *       one (MODIFY) ................................. OFPGMFC_LOOP
 *     a chain longer than 'max_chain' groups
 *       ........................................ OFPGMFC_CHAINING_UNSUPPORTED
 *
 * ADD creates the group.  MODIFY replaces its type and buckets as a new
 * entry would (7.3.4.2: the entry "must be removed, and the new group
 * entry added"): counters and duration start again, while the flows and
 * groups that forward to it still do, so its reference count stays.
 * DELETE removes the group, or every group for OFPG_ALL.
 *
 * If 'deletedp' is nonnull, the ids of the groups a DELETE removed are
 * appended, in ascending order, to '*deletedp', an array of '*n_deletedp'
 * elements grown with arena_push() in 'arena': the caller must remove the
 * flows that forward to them. */
enum ofperr group_table_group_mod(struct group_table *,
                                  const struct of_group_mod *gm,
                                  long long now, struct arena *arena,
                                  uint32_t **deletedp, size_t *n_deletedp);

/* ---- References from flows ---- */

/* 0 if every group action in 'actions' names a group of the table,
 * otherwise OFPBAC_BAD_OUT_GROUP (6.4).  For flows and packet-outs. */
enum ofperr group_table_check_actions(const struct group_table *,
                                      const struct of_action *actions,
                                      size_t n);

/* A flow whose actions (apply and write together) are 'actions' was added
 * (ref) or removed (unref): each group the list names, counted once
 * however often it is named, gains or loses one flow reference.  Groups
 * that no longer exist are skipped. */
void group_table_ref_flow(struct group_table *,
                          const struct of_action *actions, size_t n);
void group_table_unref_flow(struct group_table *,
                            const struct of_action *actions, size_t n);

/* ---- Lookups and selection (per packet) ---- */

/* The group 'id', or NULL. */
struct group *group_table_find(const struct group_table *, uint32_t id);

/* Whether 'g', or bucket 'b', is live (5.6.1, see above).  Each call
 * evaluates a group at most once however many watches lead to it (the
 * table keeps the answers of the current call in the groups: hence the
 * non-const table). */
bool group_table_group_is_live(struct group_table *, struct group *g);
bool group_table_bucket_is_live(struct group_table *,
                                const struct group_bucket *b);

/* The buckets of 'g' that a packet with flow hash 'hash' runs, as a range
 * of g's bucket array: stores its first element in '*bucketsp' and returns
 * its length (0 when the packet runs none, and then '*bucketsp' is NULL).
 * 'hash' matters only to SELECT groups.  Allocates nothing. */
size_t group_table_choose(struct group_table *, const struct group *g,
                          uint32_t hash, struct group_bucket **bucketsp);

/* A hash of the flow's addresses and ports for SELECT groups: Ethernet
 * source and destination, IPv4 (or ARP) and IPv6 source and destination,
 * IP protocol, and transport source and destination ports.  It is
 * symmetric: swapping every source with its destination gives the same
 * hash, so both directions of a connection take the same bucket. */
uint32_t group_flow_hash(const struct flow *);

/* ---- Statistics and descriptions ---- */

/* Appends to '*statsp' (an array of '*np' entries grown with arena_push()
 * in 'arena') the statistics of group 'group_id' at 'now', or of every
 * group for OFPG_ALL, by ascending id.  A group that does not exist adds
 * nothing.  Bucket counter arrays are allocated from 'arena'. */
void group_table_stats(const struct group_table *, uint32_t group_id,
                       long long now, struct arena *arena,
                       struct of_group_stats **statsp, size_t *np);

/* Appends the description of every group, by ascending id, the same way.
 * Buckets and their actions are copies in 'arena'. */
void group_table_desc(const struct group_table *, struct arena *arena,
                      struct of_group_desc **descsp, size_t *np);

/* What the table supports: every group type; weights, liveness in select
 * groups, chaining and chaining checks; the configured maximum number of
 * groups of each type; every OpenFlow 1.3 action but experimenter ones in
 * buckets of every type. */
void group_table_features(const struct group_table *,
                          struct of_group_features *);

#endif /* switch/group-table.h */
