/*
 * ofp-table: TABLE_MOD and the TABLE and TABLE_FEATURES multipart bodies
 * (every table feature property type of 1.3.5, 7.3.5.5).  Codec verbs as
 * described in ofp-switch.h.
 *
 * A decoded table-features list is an array of struct of_table_features,
 * each with its properties in wire order; each property's lists (ids,
 * table ids, OXM ids) are arrays in wire order.  Arrays come from the
 * arena passed to the decoder; experimenter data points into the bytes
 * being decoded.  OXM ids keep the raw 32-bit header (class, field,
 * hasmask, length), so re-encoding is byte-identical whatever length a
 * peer put there.
 *
 * Validation during decode, with the errors the spec names:
 *   TABLE_MOD:
 *     config bits other than OFPTC_DEPRECATED_MASK ... OFPTMFC_BAD_CONFIG
 *     (any table_id, OFPTT_ALL included, is accepted)
 *   TABLE stats reply:
 *     body not a whole number of 24-byte entries ..... OFPBRC_BAD_LEN
 *   TABLE_FEATURES request and reply:
 *     entry header truncated, entry length below 64,
 *       not a multiple of 8, or past the body ......... OFPBRC_BAD_LEN
 *     table_id OFPTT_ALL ............................. OFPTFFC_BAD_TABLE
 *     property header truncated, length below its
 *       fixed part, past the entry, padding past the
 *       entry, an id truncated or of the wrong length
 *       (4 for standard instruction and action ids,
 *       at least 8 for experimenter ones; OXM ids 4,
 *       experimenter-class OXM ids 8) ................. OFPTFFC_BAD_LEN
 *     unknown property type .......................... OFPTFFC_BAD_TYPE
 * Whether the switch supports what a request asks for is the switch's
 * business.
 *
 * Pure functions; safe from any thread.
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
    uint8_t table_id;           /* A table, or OFPTT_ALL. */
    uint32_t config;            /* Only OFPTC_DEPRECATED_MASK bits. */
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
 * for experimenter ids (type OFPIT_EXPERIMENTER or OFPAT_EXPERIMENTER) the
 * experimenter and whatever bytes follow it ('data', 'len'; usually
 * none).  Other ids are 4 bytes on the wire: type and length. */
struct of_feature_id {
    uint16_t type;
    uint32_t experimenter;
    const uint8_t *data;
    size_t len;
};

/* An OXM id in a table feature property: field header without payload.
 * Experimenter OXM ids (class OFPXMC_EXPERIMENTER) carry 'experimenter'.
 * In MATCH and WILDCARDS properties the hasmask bit means "maskable". */
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
    char name[OFP_MAX_TABLE_NAME_LEN + 1];     /* NUL-terminated. */
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

/* Text: one table per line, then one line per property, e.g.
 *   table 0 ("table0"):
 *     metadata: match=0xffffffffffffffff write=0xffffffffffffffff
 *     config=0x0 max_entries=1000000
 *     instructions: goto_table,write_metadata,write_actions,...
 *     next tables: 1-63
 *     apply actions: output,copy_ttl_out,...
 *     match: in_port,metadata/mask,eth_dst/mask,...
 * "/mask" marks an OXM id with the hasmask bit; "(miss)" follows the
 * label of a _MISS property. */
enum ofperr of_table_features_list_decode(struct of_table_features_list *,
                                          struct ofpbuf_rd *,
                                          struct arena *);
void of_table_features_list_encode(const struct of_table_features_list *,
                                   struct ofpbuf *);
void of_table_features_list_format(const struct of_table_features_list *,
                                   struct ds *);

/* ---- Helpers ---- */

/* The first property of 'type' in 'tf', or NULL. */
const struct of_table_feature_prop *
of_table_features_find_prop(const struct of_table_features *tf,
                            uint16_t type);

/* Fills 'tf' with the description of table 'table_id' of a pipeline of
 * 'n_tables' tables (0 to n_tables - 1) that supports all of OpenFlow
 * 1.3: every standard instruction (goto_table only where a later table
 * exists), every standard action in both write and apply actions, every
 * field of oxm-fields.def in match (with hasmask where the field is
 * maskable) and wildcards, every field but in_port, in_phy_port and
 * metadata in set_field, next tables table_id + 1 to n_tables - 1, the
 * whole metadata, and the same for the table-miss entry (each _MISS
 * property given explicitly).  Name "tableN", config 0.  Arrays come from
 * 'arena'. */
void of_table_features_default(struct of_table_features *tf,
                               uint8_t table_id, uint8_t n_tables,
                               uint32_t max_entries, struct arena *arena);

#endif /* ofproto/ofp-table.h */
