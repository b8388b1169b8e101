/*
 * ofp-table: TABLE_MOD and the TABLE and TABLE_FEATURES multipart bodies
 * (every table feature property type of 1.3.5, 7.3.5.5).  Codec verbs as
 * described in ofp-switch.h.
 */
#ifndef OFPROTO_OFP_TABLE_H
#define OFPROTO_OFP_TABLE_H 1

#include <stddef.h>
#include <stdint.h>

#include "ofproto/ofp-actions.h"
#include "ofproto/ofp-errors.h"
#include "ofproto/ofp13.h"

struct arena;
struct ds;
struct ofpbuf;
struct ofpbuf_rd;

/* OFPT_TABLE_MOD. */
struct of_table_mod {
    uint8_t table_id;
    uint32_t config;
};

struct of_table_stats {
    uint8_t table_id;
    uint32_t active_count;
    uint64_t lookup_count;
    uint64_t matched_count;
};

/* Body of an OFPMP_TABLE reply. */
struct of_table_stats_reply {
    struct of_table_stats *stats;
    size_t n;
};

/* An instruction or action id in a table feature property: the type, and
 * for experimenter ids the experimenter. */
struct of_feature_id {
    uint16_t type;
    uint32_t experimenter;
};

/* An OXM id in a table feature property: field header without payload.
 * Experimenter OXM ids carry 'experimenter'. */
struct of_feature_oxm {
    uint32_t oxm_header;
    uint32_t experimenter;
};

/* One table feature property (OFPTFPT_*).  Which member is used follows
 * from 'type': INSTRUCTIONS(_MISS), WRITE/APPLY_ACTIONS(_MISS): 'ids';
 * NEXT_TABLES(_MISS): 'tables'; MATCH, WILDCARDS, WRITE/APPLY_SETFIELD
 * (_MISS): 'oxms'; EXPERIMENTER(_MISS): 'experimenter'. */
struct of_table_feature_prop {
    uint16_t type;
    union {
        struct {
            struct of_feature_id *ids;
            size_t n;
        } ids;
        struct {
            uint8_t *ids;
            size_t n;
        } tables;
        struct {
            struct of_feature_oxm *oxms;
            size_t n;
        } oxms;
        struct of_experimenter experimenter;
    };
};

struct of_table_features {
    uint8_t table_id;
    char name[OFP_MAX_TABLE_NAME_LEN + 1];
    uint64_t metadata_match;
    uint64_t metadata_write;
    uint32_t config;
    uint32_t max_entries;
    struct of_table_feature_prop *props;
    size_t n_props;
};

/* Body of OFPMP_TABLE_FEATURES request (empty to query, or the tables to
 * set) and reply. */
struct of_table_features_list {
    struct of_table_features *tables;
    size_t n;
};

enum ofperr of_table_mod_decode(struct of_table_mod *, struct ofpbuf_rd *,
                                struct arena *);
void of_table_mod_encode(const struct of_table_mod *, struct ofpbuf *);
void of_table_mod_format(const struct of_table_mod *, struct ds *);

enum ofperr of_table_stats_reply_decode(struct of_table_stats_reply *,
                                        struct ofpbuf_rd *, struct arena *);
void of_table_stats_reply_encode(const struct of_table_stats_reply *,
                                 struct ofpbuf *);
void of_table_stats_reply_format(const struct of_table_stats_reply *,
                                 struct ds *);

enum ofperr of_table_features_list_decode(struct of_table_features_list *,
                                          struct ofpbuf_rd *,
                                          struct arena *);
void of_table_features_list_encode(const struct of_table_features_list *,
                                   struct ofpbuf *);
void of_table_features_list_format(const struct of_table_features_list *,
                                   struct ds *);

#endif /* ofproto/ofp-table.h */
