#include "ofproto/ofp-table.h"

#include <ctype.h>
#include <endian.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "ofproto/arena.h"
#include "ofproto/ds.h"
#include "ofproto/ofp-match.h"
#include "ofproto/ofpbuf.h"
#include "ofproto/util.h"

/* ---- TABLE_MOD (7.3.3) ---- */

enum ofperr
of_table_mod_decode(struct of_table_mod *tm, struct ofpbuf_rd *rd,
                    struct arena *arena OF_UNUSED)
{
    if (!ofpbuf_rd_u8(rd, &tm->table_id) || !ofpbuf_rd_skip(rd, 3)
        || !ofpbuf_rd_be32(rd, &tm->config)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }

    /* OpenFlow 1.3.5, 7.3.3: 'config' is kept for backward compatibility
     * and no flag is defined for it; enum ofp_table_config names only
     * OFPTC_DEPRECATED_MASK (the OpenFlow 1.1/1.2 miss bits).  Those bits
     * are accepted (and ignored by the switch); any other bit is a config
     * the switch cannot apply: OFPTMFC_BAD_CONFIG.  table_id may be any
     * table or OFPTT_ALL ("applied to all tables"). */
    if (tm->config & ~(uint32_t) OFPTC_DEPRECATED_MASK) {
        return OFPERR_OFPTMFC_BAD_CONFIG;
    }
    return 0;
}

void
of_table_mod_encode(const struct of_table_mod *tm, struct ofpbuf *out)
{
    ofpbuf_put_u8(out, tm->table_id);
    ofpbuf_put_zeros(out, 3);
    ofpbuf_put_be32(out, tm->config);
}

static void
format_table_id(uint8_t table_id, struct ds *s)
{
    if (table_id == OFPTT_ALL) {
        ds_put_cstr(s, "ALL");
    } else {
        ds_put_format(s, "%u", table_id);
    }
}

void
of_table_mod_format(const struct of_table_mod *tm, struct ds *s)
{
    ds_put_cstr(s, "table_id=");
    format_table_id(tm->table_id, s);
    ds_put_format(s, " config=0x%" PRIx32, tm->config);
    if (tm->config & OFPTC_DEPRECATED_MASK) {
        ds_put_cstr(s, "(deprecated)");
    }
}

/* ---- TABLE stats reply (7.3.5.3) ---- */

enum ofperr
of_table_stats_reply_decode(struct of_table_stats_reply *reply,
                            struct ofpbuf_rd *rd, struct arena *arena)
{
    reply->stats = NULL;
    reply->n = 0;
    while (ofpbuf_rd_left(rd)) {
        const struct ofp_table_stats *w = ofpbuf_rd_pull(rd, sizeof *w);
        struct of_table_stats *ts;

        if (!w) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        ts = arena_push(arena, (void **) &reply->stats, &reply->n,
                        sizeof *ts);
        ts->table_id = w->table_id;
        ts->active_count = be32toh(w->active_count);
        ts->lookup_count = be64toh(w->lookup_count);
        ts->matched_count = be64toh(w->matched_count);
    }
    return 0;
}

void
of_table_stats_reply_encode(const struct of_table_stats_reply *reply,
                            struct ofpbuf *out)
{
    for (size_t i = 0; i < reply->n; i++) {
        const struct of_table_stats *ts = &reply->stats[i];
        struct ofp_table_stats *w = ofpbuf_put_zeros(out, sizeof *w);

        w->table_id = ts->table_id;
        w->active_count = htobe32(ts->active_count);
        w->lookup_count = htobe64(ts->lookup_count);
        w->matched_count = htobe64(ts->matched_count);
    }
}

void
of_table_stats_reply_format(const struct of_table_stats_reply *reply,
                            struct ds *s)
{
    for (size_t i = 0; i < reply->n; i++) {
        const struct of_table_stats *ts = &reply->stats[i];

        ds_put_format(s, "\n  table %u: active=%" PRIu32 ", lookup=%"
                      PRIu64 ", matched=%" PRIu64, ts->table_id,
                      ts->active_count, ts->lookup_count,
                      ts->matched_count);
    }
}

/* ---- TABLE_FEATURES (7.3.5.5) ---- */

/* What a property's body holds. */
enum prop_kind {
    PROP_INSTRUCTIONS,          /* Instruction ids. */
    PROP_NEXT_TABLES,           /* Table ids, one byte each. */
    PROP_ACTIONS,               /* Action ids. */
    PROP_OXMS,                  /* OXM ids. */
    PROP_EXPERIMENTER,          /* Experimenter, exp_type, data. */
    PROP_UNKNOWN,
};

static enum prop_kind
prop_kind(uint16_t type)
{
    switch ((enum ofp_table_feature_prop_type) type) {
    case OFPTFPT_INSTRUCTIONS:
    case OFPTFPT_INSTRUCTIONS_MISS:
        return PROP_INSTRUCTIONS;
    case OFPTFPT_NEXT_TABLES:
    case OFPTFPT_NEXT_TABLES_MISS:
        return PROP_NEXT_TABLES;
    case OFPTFPT_WRITE_ACTIONS:
    case OFPTFPT_WRITE_ACTIONS_MISS:
    case OFPTFPT_APPLY_ACTIONS:
    case OFPTFPT_APPLY_ACTIONS_MISS:
        return PROP_ACTIONS;
    case OFPTFPT_MATCH:
    case OFPTFPT_WILDCARDS:
    case OFPTFPT_WRITE_SETFIELD:
    case OFPTFPT_WRITE_SETFIELD_MISS:
    case OFPTFPT_APPLY_SETFIELD:
    case OFPTFPT_APPLY_SETFIELD_MISS:
        return PROP_OXMS;
    case OFPTFPT_EXPERIMENTER:
    case OFPTFPT_EXPERIMENTER_MISS:
        return PROP_EXPERIMENTER;
    }
    return PROP_UNKNOWN;
}

/* The label of a property type in text, without "(miss)". */
static const char *
prop_label(uint16_t type)
{
    switch ((enum ofp_table_feature_prop_type) type) {
    case OFPTFPT_INSTRUCTIONS:
    case OFPTFPT_INSTRUCTIONS_MISS:
        return "instructions";
    case OFPTFPT_NEXT_TABLES:
    case OFPTFPT_NEXT_TABLES_MISS:
        return "next tables";
    case OFPTFPT_WRITE_ACTIONS:
    case OFPTFPT_WRITE_ACTIONS_MISS:
        return "write actions";
    case OFPTFPT_APPLY_ACTIONS:
    case OFPTFPT_APPLY_ACTIONS_MISS:
        return "apply actions";
    case OFPTFPT_MATCH:
        return "match";
    case OFPTFPT_WILDCARDS:
        return "wildcards";
    case OFPTFPT_WRITE_SETFIELD:
    case OFPTFPT_WRITE_SETFIELD_MISS:
        return "write setfield";
    case OFPTFPT_APPLY_SETFIELD:
    case OFPTFPT_APPLY_SETFIELD_MISS:
        return "apply setfield";
    case OFPTFPT_EXPERIMENTER:
    case OFPTFPT_EXPERIMENTER_MISS:
        return "experimenter";
    }
    return NULL;
}

static bool
prop_is_miss(uint16_t type)
{
    switch ((enum ofp_table_feature_prop_type) type) {
    case OFPTFPT_INSTRUCTIONS_MISS:
    case OFPTFPT_NEXT_TABLES_MISS:
    case OFPTFPT_WRITE_ACTIONS_MISS:
    case OFPTFPT_APPLY_ACTIONS_MISS:
    case OFPTFPT_WRITE_SETFIELD_MISS:
    case OFPTFPT_APPLY_SETFIELD_MISS:
    case OFPTFPT_EXPERIMENTER_MISS:
        return true;
    case OFPTFPT_INSTRUCTIONS:
    case OFPTFPT_NEXT_TABLES:
    case OFPTFPT_WRITE_ACTIONS:
    case OFPTFPT_APPLY_ACTIONS:
    case OFPTFPT_MATCH:
    case OFPTFPT_WILDCARDS:
    case OFPTFPT_WRITE_SETFIELD:
    case OFPTFPT_APPLY_SETFIELD:
    case OFPTFPT_EXPERIMENTER:
        return false;
    }
    return false;
}

/* Decodes a list of instruction or action ids (7.3.5.5.2):
 * each is a type and a length; the length is 4, except for the
 * experimenter type 'exp_type', whose id carries the experimenter id (so
 * at least 8 bytes) and possibly more. */
static enum ofperr
decode_ids(struct ofpbuf_rd *rd, uint16_t exp_type,
           struct of_table_feature_prop *prop, struct arena *arena)
{
    prop->ids.ids = NULL;
    prop->ids.n = 0;
    while (ofpbuf_rd_left(rd)) {
        struct of_feature_id *id;
        struct ofpbuf_rd sub;
        uint16_t type, len;

        if (!ofpbuf_rd_be16(rd, &type) || !ofpbuf_rd_be16(rd, &len)
            || len < 4 || !ofpbuf_rd_sub(rd, len - 4, &sub)) {
            return OFPERR_OFPTFFC_BAD_LEN;
        }
        id = arena_push(arena, (void **) &prop->ids.ids, &prop->ids.n,
                        sizeof *id);
        id->type = type;
        if (type == exp_type) {
            if (!ofpbuf_rd_be32(&sub, &id->experimenter)) {
                return OFPERR_OFPTFFC_BAD_LEN;
            }
            id->len = ofpbuf_rd_left(&sub);
            id->data = id->len ? sub.p : NULL;
        } else if (len != 4) {
            /* 7.3.5.5.2: non-experimenter ids are 4 bytes. */
            return OFPERR_OFPTFFC_BAD_LEN;
        }
    }
    return 0;
}

/* Decodes a list of OXM ids (7.3.5.5.2): 32-bit OXM headers without
 * payload, 64-bit (header and experimenter) for the experimenter class.
 * The headers are kept as they are: their length field is whatever the
 * peer wrote (some switches write 0). */
static enum ofperr
decode_oxm_ids(struct ofpbuf_rd *rd, struct of_table_feature_prop *prop,
               struct arena *arena)
{
    prop->oxms.oxms = NULL;
    prop->oxms.n = 0;
    while (ofpbuf_rd_left(rd)) {
        struct of_feature_oxm *oxm;
        uint32_t header;

        if (!ofpbuf_rd_be32(rd, &header)) {
            return OFPERR_OFPTFFC_BAD_LEN;
        }
        oxm = arena_push(arena, (void **) &prop->oxms.oxms, &prop->oxms.n,
                         sizeof *oxm);
        oxm->oxm_header = header;
        if (OXM_CLASS(header) == OFPXMC_EXPERIMENTER
            && !ofpbuf_rd_be32(rd, &oxm->experimenter)) {
            return OFPERR_OFPTFFC_BAD_LEN;
        }
    }
    return 0;
}

/* Decodes one property and its padding from 'rd' (the rest of a table
 * features entry).  7.3.5.5.2: every property starts with type and
 * length; 'length' excludes the padding to a multiple of 8 that follows,
 * which belongs to the entry and is consumed here. */
static enum ofperr
decode_prop(struct of_table_feature_prop *prop, struct ofpbuf_rd *rd,
            struct arena *arena)
{
    const struct ofp_table_feature_prop_header *h;
    struct ofpbuf_rd body;
    uint16_t len;

    h = ofpbuf_rd_peek(rd, sizeof *h);
    if (!h) {
        return OFPERR_OFPTFFC_BAD_LEN;
    }
    len = be16toh(h->length);
    if (len < sizeof *h || !ofpbuf_rd_sub(rd, len, &body)
        || !ofpbuf_rd_skip(rd, ROUND_UP(len, 8) - len)) {
        return OFPERR_OFPTFFC_BAD_LEN;
    }
    prop->type = be16toh(h->type);
    ofpbuf_rd_skip(&body, sizeof *h);

    switch (prop_kind(prop->type)) {
    case PROP_INSTRUCTIONS:
        return decode_ids(&body, OFPIT_EXPERIMENTER, prop, arena);
    case PROP_ACTIONS:
        return decode_ids(&body, OFPAT_EXPERIMENTER, prop, arena);
    case PROP_NEXT_TABLES:
        prop->tables.n = ofpbuf_rd_left(&body);
        prop->tables.ids = NULL;
        if (prop->tables.n) {
            prop->tables.ids = arena_memdup(arena, body.p, prop->tables.n);
        }
        return 0;
    case PROP_OXMS:
        return decode_oxm_ids(&body, prop, arena);
    case PROP_EXPERIMENTER:
        if (!ofpbuf_rd_be32(&body, &prop->experimenter.experimenter)
            || !ofpbuf_rd_be32(&body, &prop->experimenter.exp_type)) {
            return OFPERR_OFPTFFC_BAD_LEN;
        }
        prop->experimenter.len = ofpbuf_rd_left(&body);
        prop->experimenter.data = prop->experimenter.len ? body.p : NULL;
        return 0;
    case PROP_UNKNOWN:
        return OFPERR_OFPTFFC_BAD_TYPE;
    }
    return OFPERR_OFPTFFC_BAD_TYPE;
}

static enum ofperr
decode_table_features(struct of_table_features *tf, struct ofpbuf_rd *rd,
                      struct arena *arena)
{
    const struct ofp_table_features *w;
    struct ofpbuf_rd entry;
    uint16_t len;

    /* The entry's own length is a length of the multipart body, not of
     * properties: a wrong one is OFPBRC_BAD_LEN.  7.3.5.5.1: the length
     * "is padded to 64 bits", and covers the 64-byte fixed part. */
    w = ofpbuf_rd_peek(rd, sizeof *w);
    if (!w) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    len = be16toh(w->length);
    if (len < sizeof *w || len % 8 || !ofpbuf_rd_sub(rd, len, &entry)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    ofpbuf_rd_skip(&entry, sizeof *w);

    /* OFPTT_ALL names no table. */
    if (w->table_id == OFPTT_ALL) {
        return OFPERR_OFPTFFC_BAD_TABLE;
    }
    tf->table_id = w->table_id;
    memcpy(tf->name, w->name, OFP_MAX_TABLE_NAME_LEN);
    tf->name[OFP_MAX_TABLE_NAME_LEN] = '\0';
    tf->metadata_match = be64toh(w->metadata_match);
    tf->metadata_write = be64toh(w->metadata_write);
    tf->config = be32toh(w->config);
    tf->max_entries = be32toh(w->max_entries);

    tf->props = NULL;
    tf->n_props = 0;
    while (ofpbuf_rd_left(&entry)) {
        struct of_table_feature_prop *prop;
        enum ofperr error;

        prop = arena_push(arena, (void **) &tf->props, &tf->n_props,
                          sizeof *prop);
        error = decode_prop(prop, &entry, arena);
        if (error) {
            return error;
        }
    }
    return 0;
}

enum ofperr
of_table_features_list_decode(struct of_table_features_list *list,
                              struct ofpbuf_rd *rd, struct arena *arena)
{
    list->tables = NULL;
    list->n = 0;
    while (ofpbuf_rd_left(rd)) {
        struct of_table_features *tf;
        enum ofperr error;

        tf = arena_push(arena, (void **) &list->tables, &list->n,
                        sizeof *tf);
        error = decode_table_features(tf, rd, arena);
        if (error) {
            return error;
        }
    }
    return 0;
}

static void
encode_ids(const struct of_table_feature_prop *prop, uint16_t exp_type,
           struct ofpbuf *out)
{
    for (size_t i = 0; i < prop->ids.n; i++) {
        const struct of_feature_id *id = &prop->ids.ids[i];

        ofpbuf_put_be16(out, id->type);
        if (id->type == exp_type) {
            if (id->len > UINT16_MAX - 8) {
                of_abort("experimenter feature id too long");
            }
            ofpbuf_put_be16(out, 8 + id->len);
            ofpbuf_put_be32(out, id->experimenter);
            if (id->len) {
                ofpbuf_put(out, id->data, id->len);
            }
        } else {
            ofpbuf_put_be16(out, 4);
        }
    }
}

static void
encode_prop(const struct of_table_feature_prop *prop, struct ofpbuf *out)
{
    size_t start = out->size;

    ofpbuf_put_be16(out, prop->type);
    ofpbuf_put_be16(out, 0);
    switch (prop_kind(prop->type)) {
    case PROP_INSTRUCTIONS:
        encode_ids(prop, OFPIT_EXPERIMENTER, out);
        break;
    case PROP_ACTIONS:
        encode_ids(prop, OFPAT_EXPERIMENTER, out);
        break;
    case PROP_NEXT_TABLES:
        if (prop->tables.n) {
            ofpbuf_put(out, prop->tables.ids, prop->tables.n);
        }
        break;
    case PROP_OXMS:
        for (size_t i = 0; i < prop->oxms.n; i++) {
            const struct of_feature_oxm *oxm = &prop->oxms.oxms[i];

            ofpbuf_put_be32(out, oxm->oxm_header);
            if (OXM_CLASS(oxm->oxm_header) == OFPXMC_EXPERIMENTER) {
                ofpbuf_put_be32(out, oxm->experimenter);
            }
        }
        break;
    case PROP_EXPERIMENTER:
        ofpbuf_put_be32(out, prop->experimenter.experimenter);
        ofpbuf_put_be32(out, prop->experimenter.exp_type);
        if (prop->experimenter.len) {
            ofpbuf_put(out, prop->experimenter.data, prop->experimenter.len);
        }
        break;
    case PROP_UNKNOWN:
        of_abort("unknown table feature property type %d", prop->type);
    }
    if (out->size - start > UINT16_MAX) {
        of_abort("table feature property of %zu bytes", out->size - start);
    }
    ofpbuf_set_be16(out, start + 2, out->size - start);
    ofpbuf_pad(out, start, 8);
}

void
of_table_features_list_encode(const struct of_table_features_list *list,
                              struct ofpbuf *out)
{
    for (size_t i = 0; i < list->n; i++) {
        const struct of_table_features *tf = &list->tables[i];
        size_t start = out->size;
        struct ofp_table_features *w = ofpbuf_put_zeros(out, sizeof *w);

        w->table_id = tf->table_id;
        memcpy(w->name, tf->name,
               strnlen(tf->name, OFP_MAX_TABLE_NAME_LEN));
        w->metadata_match = htobe64(tf->metadata_match);
        w->metadata_write = htobe64(tf->metadata_write);
        w->config = htobe32(tf->config);
        w->max_entries = htobe32(tf->max_entries);
        for (size_t j = 0; j < tf->n_props; j++) {
            encode_prop(&tf->props[j], out);
        }
        if (out->size - start > UINT16_MAX) {
            of_abort("table features entry of %zu bytes", out->size - start);
        }
        ofpbuf_set_be16(out, start, out->size - start);
    }
}

/* Appends 'name' in double quotes, with control characters, '"' and '\'
 * escaped as \xNN (other bytes, UTF-8 included, as they are). */
static void
format_name(const char *name, struct ds *s)
{
    ds_put_char(s, '"');
    for (const char *p = name; *p; p++) {
        unsigned char c = *p;

        if (c < 0x20 || c == 0x7f || c == '"' || c == '\\') {
            ds_put_format(s, "\\x%02x", c);
        } else {
            ds_put_char(s, c);
        }
    }
    ds_put_char(s, '"');
}

static const char *
instruction_name(uint16_t type)
{
    switch (type) {
    case OFPIT_GOTO_TABLE:
        return "goto_table";
    case OFPIT_WRITE_METADATA:
        return "write_metadata";
    case OFPIT_WRITE_ACTIONS:
        return "write_actions";
    case OFPIT_APPLY_ACTIONS:
        return "apply_actions";
    case OFPIT_CLEAR_ACTIONS:
        return "clear_actions";
    case OFPIT_METER:
        return "meter";
    }
    return NULL;
}

/* Appends an action type as ovs-ofctl spells it ("output", "set_field"):
 * the spec name without "OFPAT_", in lower case. */
static void
format_action_type(uint16_t type, struct ds *s)
{
    const char *name = of_action_type_name(type);

    if (name && !strncmp(name, "OFPAT_", 6)) {
        for (const char *p = name + 6; *p; p++) {
            ds_put_char(s, tolower((unsigned char) *p));
        }
    } else {
        ds_put_format(s, "action(%u)", type);
    }
}

static void
format_ids(const struct of_table_feature_prop *prop, bool instructions,
           struct ds *s)
{
    uint16_t exp_type = instructions ? OFPIT_EXPERIMENTER
                                     : OFPAT_EXPERIMENTER;

    for (size_t i = 0; i < prop->ids.n; i++) {
        const struct of_feature_id *id = &prop->ids.ids[i];

        if (i) {
            ds_put_char(s, ',');
        }
        if (id->type == exp_type) {
            ds_put_format(s, "experimenter(0x%" PRIx32, id->experimenter);
            if (id->len) {
                ds_put_cstr(s, ",data=");
                ds_put_hex(s, id->data, id->len);
            }
            ds_put_char(s, ')');
        } else if (instructions) {
            const char *name = instruction_name(id->type);

            if (name) {
                ds_put_cstr(s, name);
            } else {
                ds_put_format(s, "instruction(%u)", id->type);
            }
        } else {
            format_action_type(id->type, s);
        }
    }
}

/* Appends table ids, runs of consecutive ids compressed ("1-63"). */
static void
format_tables(const uint8_t *ids, size_t n, struct ds *s)
{
    if (!n) {
        ds_put_cstr(s, "none");
        return;
    }
    for (size_t i = 0; i < n; ) {
        size_t j = i;

        while (j + 1 < n && ids[j + 1] == ids[j] + 1) {
            j++;
        }
        if (i) {
            ds_put_char(s, ',');
        }
        if (j > i) {
            ds_put_format(s, "%u-%u", ids[i], ids[j]);
        } else {
            ds_put_format(s, "%u", ids[i]);
        }
        i = j + 1;
    }
}

static void
format_oxm_id(const struct of_feature_oxm *oxm, struct ds *s)
{
    uint32_t h = oxm->oxm_header;
    uint16_t oxm_class = OXM_CLASS(h);
    enum of_field field = of_field_from_oxm(oxm_class, OXM_FIELD(h));
    const struct of_field_info *info = NULL;

    if (oxm_class != OFPXMC_EXPERIMENTER && field < OF_N_FIELDS) {
        info = of_field_info(field);
    }
    if (info && info->name) {
        ds_put_cstr(s, info->name);
    } else if (oxm_class == OFPXMC_EXPERIMENTER) {
        ds_put_format(s, "experimenter(0x%" PRIx32 ":%u)",
                      oxm->experimenter, OXM_FIELD(h));
    } else {
        ds_put_format(s, "oxm(0x%04x:%u)", oxm_class, OXM_FIELD(h));
    }
    if (OXM_HASMASK(h)) {
        ds_put_cstr(s, "/mask");
    }
}

static void
format_prop(const struct of_table_feature_prop *prop, struct ds *s)
{
    const char *label = prop_label(prop->type);

    ds_put_cstr(s, "\n    ");
    if (!label) {
        ds_put_format(s, "property(%u)", prop->type);
        return;
    }
    ds_put_cstr(s, label);
    if (prop_is_miss(prop->type)) {
        ds_put_cstr(s, " (miss)");
    }
    ds_put_cstr(s, ": ");
    switch (prop_kind(prop->type)) {
    case PROP_INSTRUCTIONS:
        format_ids(prop, true, s);
        break;
    case PROP_ACTIONS:
        format_ids(prop, false, s);
        break;
    case PROP_NEXT_TABLES:
        format_tables(prop->tables.ids, prop->tables.n, s);
        break;
    case PROP_OXMS:
        for (size_t i = 0; i < prop->oxms.n; i++) {
            if (i) {
                ds_put_char(s, ',');
            }
            format_oxm_id(&prop->oxms.oxms[i], s);
        }
        break;
    case PROP_EXPERIMENTER:
        ds_put_format(s, "experimenter=0x%" PRIx32 " exp_type=%" PRIu32,
                      prop->experimenter.experimenter,
                      prop->experimenter.exp_type);
        if (prop->experimenter.len) {
            ds_put_cstr(s, " data=");
            ds_put_hex(s, prop->experimenter.data, prop->experimenter.len);
        }
        break;
    case PROP_UNKNOWN:
        break;
    }
    ds_chomp(s, ' ');
}

void
of_table_features_list_format(const struct of_table_features_list *list,
                              struct ds *s)
{
    for (size_t i = 0; i < list->n; i++) {
        const struct of_table_features *tf = &list->tables[i];

        ds_put_format(s, "\n  table %u (", tf->table_id);
        format_name(tf->name, s);
        ds_put_format(s, "):\n    metadata: match=0x%016" PRIx64
                      " write=0x%016" PRIx64, tf->metadata_match,
                      tf->metadata_write);
        ds_put_format(s, "\n    config=0x%" PRIx32 " max_entries=%" PRIu32,
                      tf->config, tf->max_entries);
        for (size_t j = 0; j < tf->n_props; j++) {
            format_prop(&tf->props[j], s);
        }
    }
}

/* ---- Helpers ---- */

const struct of_table_feature_prop *
of_table_features_find_prop(const struct of_table_features *tf,
                            uint16_t type)
{
    for (size_t i = 0; i < tf->n_props; i++) {
        if (tf->props[i].type == type) {
            return &tf->props[i];
        }
    }
    return NULL;
}

/* What of_table_features_default() describes.  goto_table first: the
 * last table leaves it out. */
static const uint16_t default_instructions[] = {
    OFPIT_GOTO_TABLE, OFPIT_WRITE_METADATA, OFPIT_WRITE_ACTIONS,
    OFPIT_APPLY_ACTIONS, OFPIT_CLEAR_ACTIONS, OFPIT_METER,
};

static const uint16_t default_actions[] = {
    OFPAT_OUTPUT, OFPAT_COPY_TTL_OUT, OFPAT_COPY_TTL_IN, OFPAT_SET_MPLS_TTL,
    OFPAT_DEC_MPLS_TTL, OFPAT_PUSH_VLAN, OFPAT_POP_VLAN, OFPAT_PUSH_MPLS,
    OFPAT_POP_MPLS, OFPAT_SET_QUEUE, OFPAT_GROUP, OFPAT_SET_NW_TTL,
    OFPAT_DEC_NW_TTL, OFPAT_SET_FIELD, OFPAT_PUSH_PBB, OFPAT_POP_PBB,
};

struct default_field {
    enum of_field field;
    uint16_t oxm_class;
    uint8_t oxm_field;
    uint8_t bytes;
    bool maskable;
};

static const struct default_field default_fields[] = {
#define OXM(ENUM, NAME, CLASS, FIELD, BYTES, MASKABLE, FMT, PREREQ) \
    { OF_FIELD_##ENUM, CLASS, FIELD, BYTES, MASKABLE },
#include "ofproto/oxm-fields.def"
#undef OXM
};

static struct of_table_feature_prop *
push_prop(struct of_table_features *tf, uint16_t type, struct arena *arena)
{
    struct of_table_feature_prop *prop;

    prop = arena_push(arena, (void **) &tf->props, &tf->n_props,
                      sizeof *prop);
    prop->type = type;
    return prop;
}

static void
default_ids(struct of_table_features *tf, uint16_t type,
            const uint16_t *types, size_t n, struct arena *arena)
{
    struct of_table_feature_prop *prop = push_prop(tf, type, arena);

    for (size_t i = 0; i < n; i++) {
        struct of_feature_id *id;

        id = arena_push(arena, (void **) &prop->ids.ids, &prop->ids.n,
                        sizeof *id);
        id->type = types[i];
    }
}

static void
default_tables(struct of_table_features *tf, uint16_t type,
               uint8_t table_id, uint8_t n_tables, struct arena *arena)
{
    struct of_table_feature_prop *prop = push_prop(tf, type, arena);

    for (unsigned int t = table_id + 1u; t < n_tables; t++) {
        uint8_t *id = arena_push(arena, (void **) &prop->tables.ids,
                                 &prop->tables.n, sizeof *id);
        *id = t;
    }
}

/* 'with_masks': the hasmask bit (and doubled length) for maskable
 * fields.  'setfield': leave out what set_field may not set. */
static void
default_oxms(struct of_table_features *tf, uint16_t type, bool with_masks,
             bool setfield, struct arena *arena)
{
    struct of_table_feature_prop *prop = push_prop(tf, type, arena);

    for (size_t i = 0; i < ARRAY_SIZE(default_fields); i++) {
        const struct default_field *f = &default_fields[i];
        bool hasmask = with_masks && f->maskable;
        struct of_feature_oxm *oxm;

        /* in_port, in_phy_port and metadata are not packet header fields
         * (docs/spec-decisions.md: set_field on them is BAD_SET_TYPE). */
        if (setfield && (f->field == OF_FIELD_IN_PORT
                         || f->field == OF_FIELD_IN_PHY_PORT
                         || f->field == OF_FIELD_METADATA)) {
            continue;
        }
        oxm = arena_push(arena, (void **) &prop->oxms.oxms, &prop->oxms.n,
                         sizeof *oxm);
        oxm->oxm_header = OXM_HEADER(f->oxm_class, f->oxm_field, hasmask,
                                     hasmask ? 2 * f->bytes : f->bytes);
    }
}

void
of_table_features_default(struct of_table_features *tf, uint8_t table_id,
                          uint8_t n_tables, uint32_t max_entries,
                          struct arena *arena)
{
    /* goto_table must go to a later table (5.1), so the last table has no
     * goto_table: leave out default_instructions[0]. */
    size_t skip = table_id + 1u < n_tables ? 0 : 1;

    memset(tf, 0, sizeof *tf);
    tf->table_id = table_id;
    snprintf(tf->name, sizeof tf->name, "table%u", table_id);
    tf->metadata_match = UINT64_MAX;
    tf->metadata_write = UINT64_MAX;
    tf->config = 0;
    tf->max_entries = max_entries;

    /* In type order; each _MISS property right after its twin. */
    for (int miss = 0; miss < 2; miss++) {
        default_ids(tf, miss ? OFPTFPT_INSTRUCTIONS_MISS
                             : OFPTFPT_INSTRUCTIONS,
                    default_instructions + skip,
                    ARRAY_SIZE(default_instructions) - skip, arena);
    }
    for (int miss = 0; miss < 2; miss++) {
        default_tables(tf, miss ? OFPTFPT_NEXT_TABLES_MISS
                                : OFPTFPT_NEXT_TABLES,
                       table_id, n_tables, arena);
    }
    for (int miss = 0; miss < 2; miss++) {
        default_ids(tf, miss ? OFPTFPT_WRITE_ACTIONS_MISS
                             : OFPTFPT_WRITE_ACTIONS,
                    default_actions, ARRAY_SIZE(default_actions), arena);
    }
    for (int miss = 0; miss < 2; miss++) {
        default_ids(tf, miss ? OFPTFPT_APPLY_ACTIONS_MISS
                             : OFPTFPT_APPLY_ACTIONS,
                    default_actions, ARRAY_SIZE(default_actions), arena);
    }
    default_oxms(tf, OFPTFPT_MATCH, true, false, arena);
    default_oxms(tf, OFPTFPT_WILDCARDS, false, false, arena);
    default_oxms(tf, OFPTFPT_WRITE_SETFIELD, false, true, arena);
    default_oxms(tf, OFPTFPT_WRITE_SETFIELD_MISS, false, true, arena);
    default_oxms(tf, OFPTFPT_APPLY_SETFIELD, false, true, arena);
    default_oxms(tf, OFPTFPT_APPLY_SETFIELD_MISS, false, true, arena);
}
