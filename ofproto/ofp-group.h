/*
 * ofp-group: GROUP_MOD and the GROUP, GROUP_DESC and GROUP_FEATURES
 * multipart bodies, and ovs-ofctl group syntax.  Codec verbs as described
 * in ofp-switch.h.
 *
 * GROUP_MOD validation (OpenFlow 1.3.5, 7.3.4.2 and A.4.4):
 *   message shorter than struct ofp_group_mod ......... OFPBRC_BAD_LEN
 *   unknown command .................................... OFPGMFC_BAD_COMMAND
 *   unknown type ....................................... OFPGMFC_BAD_TYPE
 *   group_id OFPG_ANY, above OFPG_MAX, or OFPG_ALL
 *     other than with DELETE ........................... OFPGMFC_INVALID_GROUP
 *   bucket list: bytes left that are too few for a
 *     bucket header, bucket len below 16, not a
 *     multiple of 8, or past the end ................... OFPGMFC_BAD_BUCKET
 *   bucket actions as in ofp-actions.h (an action
 *     whose length is wrong or overruns its bucket) .... OFPBAC_*
 *   DELETE with any bucket (1.3.5, EXT-510) ............ OFPGMFC_INVALID_GROUP
 *   and, for ADD and MODIFY:
 *   more than one bucket in an INDIRECT group .......... OFPGMFC_INVALID_GROUP
 *   a weight other than 0 outside SELECT ............... OFPGMFC_INVALID_GROUP
 *   watch_port that is no port (above OFPP_MAX and not
 *     reserved) or watch_group that is no group (above
 *     OFPG_MAX and not OFPG_ANY) ....................... OFPGMFC_BAD_WATCH
 *   a FAST_FAILOVER bucket with neither watch_port nor
 *     watch_group ...................................... OFPGMFC_BAD_WATCH
 *
 * Replies: an entry of a GROUP or GROUP_DESC reply whose length is short,
 * not a whole number of parts, or past the end is OFPBRC_BAD_LEN; buckets
 * inside a GROUP_DESC entry follow the bucket rules above, but the
 * group-mod checks of weights and watches are not applied to what a switch
 * reports.  GROUP_FEATURES is exactly 40 bytes.
 */
#ifndef OFPROTO_OFP_GROUP_H
#define OFPROTO_OFP_GROUP_H 1

#include <stddef.h>
#include <stdint.h>

#include "ofproto/ofp-actions.h"
#include "ofproto/ofp-errors.h"
#include "ofproto/ofp13.h"

struct arena;
struct ds;
struct ofpbuf;
struct ofpbuf_rd;

struct of_bucket {
    uint16_t weight;
    uint32_t watch_port;        /* OFPP_ANY: none. */
    uint32_t watch_group;       /* OFPG_ANY: none. */
    struct of_action *actions;
    size_t n_actions;
};

/* OFPT_GROUP_MOD. */
struct of_group_mod {
    uint16_t command;           /* OFPGC_*. */
    uint8_t type;               /* OFPGT_*. */
    uint32_t group_id;
    struct of_bucket *buckets;
    size_t n_buckets;
};

/* OFPMP_GROUP request. */
struct of_group_stats_request {
    uint32_t group_id;          /* OFPG_ALL for all. */
};

struct of_bucket_counter {
    uint64_t packet_count;
    uint64_t byte_count;
};

struct of_group_stats {
    uint32_t group_id;
    uint32_t ref_count;
    uint64_t packet_count;
    uint64_t byte_count;
    uint32_t duration_sec;
    uint32_t duration_nsec;
    struct of_bucket_counter *buckets;
    size_t n_buckets;
};

struct of_group_stats_reply {
    struct of_group_stats *stats;
    size_t n;
};

struct of_group_desc {
    uint8_t type;
    uint32_t group_id;
    struct of_bucket *buckets;
    size_t n_buckets;
};

struct of_group_desc_reply {
    struct of_group_desc *descs;
    size_t n;
};

/* OFPMP_GROUP_FEATURES reply. */
struct of_group_features {
    uint32_t types;             /* Bitmap of 1 << OFPGT_*. */
    uint32_t capabilities;      /* OFPGFC_*. */
    uint32_t max_groups[4];
    uint32_t actions[4];        /* Bitmaps of 1 << OFPAT_*. */
};

enum ofperr of_group_mod_decode(struct of_group_mod *, struct ofpbuf_rd *,
                                struct arena *);
void of_group_mod_encode(const struct of_group_mod *, struct ofpbuf *);
void of_group_mod_format(const struct of_group_mod *, struct ds *);

enum ofperr of_group_stats_request_decode(struct of_group_stats_request *,
                                          struct ofpbuf_rd *,
                                          struct arena *);
void of_group_stats_request_encode(const struct of_group_stats_request *,
                                   struct ofpbuf *);
void of_group_stats_request_format(const struct of_group_stats_request *,
                                   struct ds *);

enum ofperr of_group_stats_reply_decode(struct of_group_stats_reply *,
                                        struct ofpbuf_rd *, struct arena *);
void of_group_stats_reply_encode(const struct of_group_stats_reply *,
                                 struct ofpbuf *);
void of_group_stats_reply_format(const struct of_group_stats_reply *,
                                 struct ds *);

enum ofperr of_group_desc_reply_decode(struct of_group_desc_reply *,
                                       struct ofpbuf_rd *, struct arena *);
void of_group_desc_reply_encode(const struct of_group_desc_reply *,
                                struct ofpbuf *);
void of_group_desc_reply_format(const struct of_group_desc_reply *,
                                struct ds *);

enum ofperr of_group_features_decode(struct of_group_features *,
                                     struct ofpbuf_rd *, struct arena *);
void of_group_features_encode(const struct of_group_features *,
                              struct ofpbuf *);
void of_group_features_format(const struct of_group_features *,
                              struct ds *);

/* Parses a group in ovs-ofctl syntax, e.g.
 *   "group_id=1,type=select,bucket=weight:10,actions=output:1,
 *    bucket=weight:20,watch_port:2,actions=output:2"
 * into 'gm' for 'command' (OFPGC_*), arrays from 'arena'.
 *
 * Before the first "bucket=": group_id=N|all|any and
 * type=all|select|indirect|ff|fast_failover (both required except for
 * OFPGC_DELETE, which defaults to group_id=all).  In a bucket: weight:N,
 * watch_port:PORT, watch_group:N (':' or '='), then actions=LIST, which
 * runs to the next "bucket="; other words of a bucket are actions too
 * ("bucket=output:1").  Weights default to 1 in select groups, 0
 * elsewhere; watches to none.  The result obeys the GROUP_MOD rules above.
 * Returns NULL, or an error message naming the offending word that the
 * caller must free(). */
char *of_group_mod_parse(struct of_group_mod *gm, const char *s,
                         uint16_t command, struct arena *arena)
    __attribute__((warn_unused_result));

#endif /* ofproto/ofp-group.h */
