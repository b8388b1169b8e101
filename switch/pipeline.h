/*
 * pipeline: a packet through the flow tables (OpenFlow 1.3.5, 5.1-5.10).
 *
 * The pipeline owns the switch's flow tables (flow-table.h) and runs a
 * packet through them: in each table the entry of highest priority that
 * matches (through an exact-match cache in front of the classifier), then
 * its instructions in the spec's order (5.9): meter (which may drop the
 * packet or remark its DSCP before anything else happens), apply_actions
 * (executed at once, in list order), clear_actions and write_actions (the
 * action set), write_metadata, goto_table (forward only).  A miss in a
 * table without a table-miss entry drops the packet (5.4).  When no
 * goto_table follows, the action set runs in the order of 5.10: copy TTL
 * inwards, pops, push MPLS, push PBB, push VLAN, copy TTL outwards,
 * decrement TTL, set fields (and TTLs), queue, group, and output if there
 * was no group.
 *
 * Groups (5.6).  A group action, in an action list or in the action set,
 * runs the buckets the group table chooses (group-table.h: every bucket
 * of ALL, the one of INDIRECT, the first live one of FAST_FAILOVER, one
 * by a hash of the flow's addresses and ports for SELECT), each on a copy
 * of the packet and its key as they are at the group action, so that
 * what a bucket does reaches neither the other buckets nor the actions
 * after the group.  A bucket's actions run as an action list, in their
 * order; a group action among them enters the next group (chains are as
 * long as the group table allows, each level with a copy buffer of its
 * own, allocated with the pipeline).  The group in the action set comes
 * last, so its last bucket runs on the packet itself.  The pipeline
 * counts packets and bytes of each group and bucket it runs.
 *
 * Meters (5.7).  The meter instruction hands the packet to the meter
 * table's meter_apply() at the batch's time (pipeline_env.now_ns): a
 * DROP band drops it (no further instruction runs, the action set is
 * discarded), a DSCP_REMARK band raises the drop precedence of an IPv4 or
 * IPv6 packet's DSCP.  A GSO super-frame is metered as the segments it
 * stands for.
 *
 * Reference counts.  The pipeline tells the group and meter tables which
 * flows use their groups and meters (flow_table_set_hooks() on every
 * table), for the ref_count of group statistics and the flow_count of
 * meter statistics.
 *
 * Header changes keep the key in step (packet-edit.h), re-extracting the
 * frame when an edit asks for it, so later tables match what the packet
 * is now.
 *
 * What leaves the pipeline goes through the caller's struct pipeline_env:
 * outputs to ports (a copy of the packet as it is at that moment),
 * packet-ins.  The pipeline itself does no I/O.
 *
 * Exact-match cache.  A direct-mapped cache of (table, full key) ->
 * entry (or miss) saves the classifier lookup for packets of a flow seen
 * before.  Entries carry the table's generation (flow_table_generation())
 * and are ignored once it moves on, so a table change never needs the
 * cache flushed and a lookup never returns a removed entry.
 *
 * Tracing.  With a 'trace' string, the pipeline writes each step (table,
 * entry hit or miss, each instruction and action, the action set, the
 * outputs, each group with the buckets it chose and what they did, each
 * meter with the band that would apply) and changes nothing: no counters,
 * no cache, no outputs, no meter tokens.
 *
 * Threading: the datapath thread's.  No allocation per packet.
 */
#ifndef SWITCH_PIPELINE_H
#define SWITCH_PIPELINE_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ofproto/ofp-actions.h"
#include "switch/flow-table.h"
#include "switch/flow.h"
#include "switch/packet.h"

struct ds;
struct group_table;
struct meter_table;
struct pipeline;

/* What the pipeline asks of the datapath. */
struct pipeline_env {
    void *aux;
    long long now;              /* ms, for counters and timeouts. */
    long long now_ns;           /* ns, monotonic, read once per batch: for
                                 * meters. */
    uint32_t queue_id;          /* Set by set_queue (ignored for now). */

    /* Output 'p' as it is now to 'port': a port number, OFPP_LOCAL,
     * OFPP_FLOOD or OFPP_ALL (the pipeline resolves IN_PORT, TABLE and
     * CONTROLLER itself).  'p' must be copied. */
    void (*output)(void *aux, const struct dp_packet *p, uint32_t port);

    /* Send 'p' (with key 'flow') to the controllers: 'reason' OFPR_*,
     * the table and cookie of the entry that sent it, and 'max_len'
     * (OFPCML_NO_BUFFER, or the bytes to send with a buffer id). */
    void (*packet_in)(void *aux, struct dp_packet *p, const struct flow *flow,
                      uint8_t reason, uint8_t table_id, uint64_t cookie,
                      uint16_t max_len);
};

/* The 'max_len' of packet-ins that no output action asked for (invalid
 * TTL), a value no action can hold (above OFPCML_MAX, not
 * OFPCML_NO_BUFFER): the datapath substitutes SET_CONFIG's miss_send_len.
 */
#define PIPELINE_MISS_SEND_LEN 0xfffe

/* ---- Create and destroy ---- */

/* Creates 'n_tables' empty tables of 'max_flows' entries each.  The
 * pipeline runs the groups of 'groups' and the meters of 'meters' (either
 * may be NULL: none), which stay the caller's and must outlive it.  With
 * 'groups', allocates one packet buffer per group level the table allows
 * (group_table_config.max_chain). */
struct pipeline *pipeline_create(uint8_t n_tables, uint32_t max_flows,
                                 struct group_table *groups,
                                 struct meter_table *meters);
void pipeline_destroy(struct pipeline *);       /* Accepts NULL. */

uint8_t pipeline_n_tables(const struct pipeline *);
struct flow_table *pipeline_table(const struct pipeline *, uint8_t table_id);

/* Per-table lookups and matches, for table statistics. */
void pipeline_table_counts(const struct pipeline *, uint8_t table_id,
                           uint64_t *lookups, uint64_t *matches);

/* Unhappy paths, counted. */
struct pipeline_stats {
    uint64_t meter_drops;       /* Packets a meter instruction dropped. */
    uint64_t group_missing;     /* Group actions to no group (checks when
                                 * flows and groups change prevent it). */
    uint64_t group_too_deep;    /* Buckets not run: no copy buffer left. */
};

const struct pipeline_stats *pipeline_get_stats(const struct pipeline *);

/* ---- Running ---- */

/* Runs 'p', whose key is 'flow' (flow_extract() done), through the tables
 * from table 0.  'flow' and 'p' change as actions edit the packet.  With
 * 'trace' nonnull, describes every step instead of doing it. */
void pipeline_process(struct pipeline *, struct dp_packet *p,
                      struct flow *flow, const struct pipeline_env *env,
                      struct ds *trace);

/* Runs a packet-out's action list on 'p' (7.3.7): output to OFPP_TABLE
 * sends a copy through the tables from table 0. */
void pipeline_execute(struct pipeline *, struct dp_packet *p,
                      struct flow *flow, const struct of_action *actions,
                      size_t n_actions, const struct pipeline_env *env,
                      struct ds *trace);

#endif /* switch/pipeline.h */
