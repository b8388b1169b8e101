/*
 * ofp-flow: FLOW_MOD, FLOW_REMOVED, and the FLOW and AGGREGATE multipart
 * bodies; and the ovs-ofctl flow syntax for flow mods and flow stats
 * requests.  Codec verbs as described in ofp-switch.h.
 *
 * FLOW_MOD validation beyond match and instructions (ofp-match.h,
 * ofp-actions.h): unknown command is OFPFMFC_BAD_COMMAND; table_id
 * OFPTT_ALL with ADD or MODIFY(_STRICT) is OFPFMFC_BAD_TABLE_ID; unknown
 * flag bits are OFPFMFC_BAD_FLAGS; goto_table to a table not after the
 * flow's own is OFPBIC_BAD_TABLE_ID (not checked for a delete across
 * OFPTT_ALL, which has no table of its own).
 *
 * Lengths: a fixed part cut short, or a body that ends before its match
 * header, is OFPBRC_BAD_LEN; a match running past the body is
 * OFPBMC_BAD_LEN; instructions past it OFPBIC_BAD_LEN.  A flow stats entry
 * whose length is below 48 or runs past the body is OFPBRC_BAD_LEN; one
 * that ends inside its match or instructions gets their error.
 */
#ifndef OFPROTO_OFP_FLOW_H
#define OFPROTO_OFP_FLOW_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ofproto/ofp-actions.h"
#include "ofproto/ofp-errors.h"
#include "ofproto/ofp-match.h"
#include "ofproto/ofp13.h"

struct arena;
struct ds;
struct ofpbuf;
struct ofpbuf_rd;

/* OFPT_FLOW_MOD. */
struct of_flow_mod {
    uint64_t cookie;
    uint64_t cookie_mask;
    uint8_t table_id;
    uint8_t command;            /* OFPFC_*. */
    uint16_t idle_timeout;
    uint16_t hard_timeout;
    uint16_t priority;
    uint32_t buffer_id;
    uint32_t out_port;
    uint32_t out_group;
    uint16_t flags;             /* OFPFF_*. */
    struct of_match match;
    struct of_instruction *instructions;
    size_t n_instructions;
};

/* OFPT_FLOW_REMOVED. */
struct of_flow_removed {
    uint64_t cookie;
    uint16_t priority;
    uint8_t reason;             /* OFPRR_*. */
    uint8_t table_id;
    uint32_t duration_sec;
    uint32_t duration_nsec;
    uint16_t idle_timeout;
    uint16_t hard_timeout;
    uint64_t packet_count;
    uint64_t byte_count;
    struct of_match match;
};

/* Body of OFPMP_FLOW and OFPMP_AGGREGATE requests. */
struct of_flow_stats_request {
    uint8_t table_id;           /* OFPTT_ALL for all. */
    uint32_t out_port;          /* OFPP_ANY for any. */
    uint32_t out_group;         /* OFPG_ANY for any. */
    uint64_t cookie;
    uint64_t cookie_mask;
    struct of_match match;
};

struct of_flow_stats {
    uint8_t table_id;
    uint32_t duration_sec;
    uint32_t duration_nsec;
    uint16_t priority;
    uint16_t idle_timeout;
    uint16_t hard_timeout;
    uint16_t flags;
    uint64_t cookie;
    uint64_t packet_count;
    uint64_t byte_count;
    struct of_match match;
    struct of_instruction *instructions;
    size_t n_instructions;
};

/* Body of an OFPMP_FLOW reply. */
struct of_flow_stats_reply {
    struct of_flow_stats *stats;
    size_t n;
};

/* Body of an OFPMP_AGGREGATE reply. */
struct of_aggregate_reply {
    uint64_t packet_count;
    uint64_t byte_count;
    uint32_t flow_count;
};

enum ofperr of_flow_mod_decode(struct of_flow_mod *, struct ofpbuf_rd *,
                               struct arena *);
void of_flow_mod_encode(const struct of_flow_mod *, struct ofpbuf *);
void of_flow_mod_format(const struct of_flow_mod *, struct ds *);

enum ofperr of_flow_removed_decode(struct of_flow_removed *,
                                   struct ofpbuf_rd *, struct arena *);
void of_flow_removed_encode(const struct of_flow_removed *, struct ofpbuf *);
void of_flow_removed_format(const struct of_flow_removed *, struct ds *);

enum ofperr of_flow_stats_request_decode(struct of_flow_stats_request *,
                                         struct ofpbuf_rd *, struct arena *);
void of_flow_stats_request_encode(const struct of_flow_stats_request *,
                                  struct ofpbuf *);
void of_flow_stats_request_format(const struct of_flow_stats_request *,
                                  struct ds *);

enum ofperr of_flow_stats_reply_decode(struct of_flow_stats_reply *,
                                       struct ofpbuf_rd *, struct arena *);
void of_flow_stats_reply_encode(const struct of_flow_stats_reply *,
                                struct ofpbuf *);
void of_flow_stats_reply_format(const struct of_flow_stats_reply *,
                                struct ds *);

enum ofperr of_aggregate_reply_decode(struct of_aggregate_reply *,
                                      struct ofpbuf_rd *, struct arena *);
void of_aggregate_reply_encode(const struct of_aggregate_reply *,
                               struct ofpbuf *);
void of_aggregate_reply_format(const struct of_aggregate_reply *,
                               struct ds *);

/* Parses a flow in ovs-ofctl syntax, e.g.
 *   "table=0,priority=10,in_port=1,dl_dst=aa:bb:cc:dd:ee:ff,ip,
 *    nw_dst=10.0.0.0/24,actions=push_vlan:0x8100,
 *    set_field:10->vlan_vid,output:2"
 * into 'fm' for 'command' (OFPFC_*), with arrays from 'arena'.  Keywords
 * besides match fields and actions: table, priority, cookie (value or
 * value/mask), idle_timeout, hard_timeout, buffer_id, out_port, out_group,
 * send_flow_rem, check_overlap, reset_counts, no_packet_counts,
 * no_byte_counts; "idle" and "hard" are accepted for the timeouts, and
 * ':' as well as '=' between a keyword and its value, so the text
 * of_flow_mod_format() prints after the command word parses back.  Table
 * is a number or "all"; out_group a number, "any" or "all"; buffer_id a
 * number or "none".  Defaults follow ovs-ofctl: priority 32768, table 0
 * (OFPTT_ALL for deletes), buffer OFP_NO_BUFFER, out_port OFPP_ANY,
 * out_group OFPG_ANY, no instructions.  Refuses what decoding would:
 * table "all" for add and modify, goto_table to a table not after the
 * flow's.  Returns NULL on success or an error message naming the
 * offending word, which the caller must free(). */
char *of_flow_mod_parse(struct of_flow_mod *fm, const char *s,
                        uint8_t command, struct arena *arena)
    __attribute__((warn_unused_result));

/* Parses the match part (and table, out_port, out_group, cookie/mask) of a
 * dump-flows argument into a flow stats request.  Defaults: table
 * OFPTT_ALL, out_port OFPP_ANY, out_group OFPG_ANY, cookie and mask 0
 * ("cookie=V" alone means an exact cookie, mask all-ones).  Returns NULL on
 * success or an error message the caller must free(). */
char *of_flow_stats_request_parse(struct of_flow_stats_request *,
                                  const char *s)
    __attribute__((warn_unused_result));

/* ---- The ovs-ofctl "key=value,..." syntax (also used by ofp-packet) ---- */

#endif /* ofproto/ofp-flow.h */
