#include "ofproto/ofp-flow.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ofproto/arena.h"
#include "ofproto/ds.h"
#include "ofproto/ofp-parse.h"
#include "ofproto/ofpbuf.h"
#include "ofproto/util.h"

/* The wire structs of FLOW_MOD and FLOW_REMOVED include the OpenFlow
 * header, which ofp-msgs reads and writes; these give the length of what
 * follows it and each field's offset within that body. */
#define BODY_LEN(STRUCT) (sizeof(struct STRUCT) - sizeof(struct ofp_header))
#define BODY_OFS(STRUCT, FIELD)                                             \
    (offsetof(struct STRUCT, FIELD) - sizeof(struct ofp_header))
#define FM_OFS(FIELD) BODY_OFS(ofp_flow_mod, FIELD)
#define FR_OFS(FIELD) BODY_OFS(ofp_flow_removed, FIELD)

/* Every OFPFF_* bit OpenFlow 1.3 defines (A.3.4.1). */
#define OFPFF_ALL (OFPFF_SEND_FLOW_REM | OFPFF_CHECK_OVERLAP               \
                   | OFPFF_RESET_COUNTS | OFPFF_NO_PKT_COUNTS             \
                   | OFPFF_NO_BYT_COUNTS)

struct flag_name {
    uint16_t flag;
    const char *name;           /* As ovs-ofctl prints and parses it. */
};

static const struct flag_name flow_mod_flags[] = {
    { OFPFF_SEND_FLOW_REM, "send_flow_rem" },
    { OFPFF_CHECK_OVERLAP, "check_overlap" },
    { OFPFF_RESET_COUNTS, "reset_counts" },
    { OFPFF_NO_PKT_COUNTS, "no_packet_counts" },
    { OFPFF_NO_BYT_COUNTS, "no_byte_counts" },
};

/* ---- Shared pieces ---- */

/* Decodes the struct ofp_match that must follow a fixed part.  A body that
 * ends before the match header is too short for its message type
 * (OFPBRC_BAD_LEN); a match whose own length runs past the body is the
 * match's error (OFPBMC_BAD_LEN, from of_match_decode()). */
static enum ofperr
decode_match(struct ofpbuf_rd *rd, struct of_match *match)
{
    if (ofpbuf_rd_left(rd) < sizeof(struct ofp_match)) {
        of_match_init(match);
        return OFPERR_OFPBRC_BAD_LEN;
    }
    return of_match_decode(rd, match);
}

/* Appends a duration as ovs-ofctl does: seconds, then the nanoseconds as a
 * decimal fraction without trailing zeros ("1.5s", "10s"). */
static void
format_duration(uint32_t sec, uint32_t nsec, struct ds *s)
{
    ds_put_format(s, "%"PRIu32, sec);
    if (nsec) {
        char frac[16];
        int n = snprintf(frac, sizeof frac, "%09"PRIu32, nsec);

        while (n > 0 && frac[n - 1] == '0') {
            n--;
        }
        ds_put_format(s, ".%.*s", n, frac);
    }
    ds_put_char(s, 's');
}

static void
format_group_no(uint32_t group, struct ds *s)
{
    if (group == OFPG_ANY) {
        ds_put_cstr(s, "ANY");
    } else if (group == OFPG_ALL) {
        ds_put_cstr(s, "ALL");
    } else {
        ds_put_format(s, "%"PRIu32, group);
    }
}

static void
format_table_id(uint8_t table_id, struct ds *s)
{
    if (table_id == OFPTT_ALL) {
        ds_put_cstr(s, "all");
    } else {
        ds_put_format(s, "%d", table_id);
    }
}

/* Appends the names of the OFPFF_* bits in 'flags', each preceded by
 * 'before' and followed by 'after'; unknown bits as one hex number. */
static void
format_flow_mod_flags(uint16_t flags, const char *before, const char *after,
                      struct ds *s)
{
    for (size_t i = 0; i < ARRAY_SIZE(flow_mod_flags); i++) {
        if (flags & flow_mod_flags[i].flag) {
            ds_put_format(s, "%s%s%s", before, flow_mod_flags[i].name,
                          after);
            flags &= ~flow_mod_flags[i].flag;
        }
    }
    if (flags) {
        ds_put_format(s, "%sflags:0x%"PRIx16"%s", before, flags, after);
    }
}

/* Appends a space unless 's' has not grown since 'start'. */
static void
put_word_separator(struct ds *s, size_t start)
{
    if (s->length > start) {
        ds_put_char(s, ' ');
    }
}

static void
format_instructions(const struct of_instruction *insts, size_t n,
                    struct ds *s)
{
    ds_put_cstr(s, "actions=");
    if (n) {
        of_instructions_format(insts, n, s);
    } else {
        ds_put_cstr(s, "drop");
    }
}

/* ---- FLOW_MOD ---- */

static bool
command_names_table(uint8_t command)
{
    return (command == OFPFC_ADD || command == OFPFC_MODIFY
            || command == OFPFC_MODIFY_STRICT);
}

/* 7.2.4 (Flow Instruction Structures): "The table_id [of goto_table]
 * indicates the next table in the packet processing pipeline" and "must be
 * greater than the current table"; otherwise the switch replies
 * OFPBIC_BAD_TABLE_ID (7.4.4).  A delete across all tables has no current
 * table, and its instructions are ignored anyway (6.4), so it is not
 * checked. */
static enum ofperr
check_goto_table(uint8_t table_id, const struct of_instruction *insts,
                 size_t n)
{
    if (table_id == OFPTT_ALL) {
        return 0;
    }
    for (size_t i = 0; i < n; i++) {
        if (insts[i].type == OFPIT_GOTO_TABLE
            && insts[i].table_id <= table_id) {
            return OFPERR_OFPBIC_BAD_TABLE_ID;
        }
    }
    return 0;
}

enum ofperr
of_flow_mod_decode(struct of_flow_mod *fm, struct ofpbuf_rd *rd,
                   struct arena *arena)
{
    const uint8_t *w = ofpbuf_rd_pull(rd, BODY_LEN(ofp_flow_mod));
    enum ofperr error;

    fm->instructions = NULL;
    fm->n_instructions = 0;
    of_match_init(&fm->match);
    if (!w) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    fm->cookie = ofp_get_be64(w + FM_OFS(cookie));
    fm->cookie_mask = ofp_get_be64(w + FM_OFS(cookie_mask));
    fm->table_id = w[FM_OFS(table_id)];
    fm->command = w[FM_OFS(command)];
    fm->idle_timeout = ofp_get_be16(w + FM_OFS(idle_timeout));
    fm->hard_timeout = ofp_get_be16(w + FM_OFS(hard_timeout));
    fm->priority = ofp_get_be16(w + FM_OFS(priority));
    fm->buffer_id = ofp_get_be32(w + FM_OFS(buffer_id));
    fm->out_port = ofp_get_be32(w + FM_OFS(out_port));
    fm->out_group = ofp_get_be32(w + FM_OFS(out_group));
    fm->flags = ofp_get_be16(w + FM_OFS(flags));

    /* 7.4.4: an unknown command is OFPFMFC_BAD_COMMAND. */
    if (fm->command > OFPFC_DELETE_STRICT) {
        return OFPERR_OFPFMFC_BAD_COMMAND;
    }
    /* 7.3.4.2 (Modify Flow Entry Message): "The use of OFPTT_ALL is only
     * valid for delete requests"; 6.4 names OFPFMFC_BAD_TABLE_ID. */
    if (fm->table_id == OFPTT_ALL && command_names_table(fm->command)) {
        return OFPERR_OFPFMFC_BAD_TABLE_ID;
    }
    /* 7.4.4: unsupported or unknown flags are OFPFMFC_BAD_FLAGS. */
    if (fm->flags & ~OFPFF_ALL) {
        return OFPERR_OFPFMFC_BAD_FLAGS;
    }

    error = decode_match(rd, &fm->match);
    if (error) {
        return error;
    }
    /* 7.3.4.2: the instructions run to the end of the message. */
    error = of_instructions_decode(rd, ofpbuf_rd_left(rd), OF_ACTX_FLOW,
                                   arena, &fm->instructions,
                                   &fm->n_instructions);
    if (error) {
        return error;
    }
    return check_goto_table(fm->table_id, fm->instructions,
                            fm->n_instructions);
}

void
of_flow_mod_encode(const struct of_flow_mod *fm, struct ofpbuf *out)
{
    uint8_t *w = ofpbuf_put_zeros(out, BODY_LEN(ofp_flow_mod));

    ofp_put_be64(w + FM_OFS(cookie), fm->cookie);
    ofp_put_be64(w + FM_OFS(cookie_mask), fm->cookie_mask);
    w[FM_OFS(table_id)] = fm->table_id;
    w[FM_OFS(command)] = fm->command;
    ofp_put_be16(w + FM_OFS(idle_timeout), fm->idle_timeout);
    ofp_put_be16(w + FM_OFS(hard_timeout), fm->hard_timeout);
    ofp_put_be16(w + FM_OFS(priority), fm->priority);
    ofp_put_be32(w + FM_OFS(buffer_id), fm->buffer_id);
    ofp_put_be32(w + FM_OFS(out_port), fm->out_port);
    ofp_put_be32(w + FM_OFS(out_group), fm->out_group);
    ofp_put_be16(w + FM_OFS(flags), fm->flags);

    of_match_encode(&fm->match, out);
    of_instructions_encode(fm->instructions, fm->n_instructions, out);
}

static const char *
flow_mod_command_name(uint8_t command)
{
    switch ((enum ofp_flow_mod_command) command) {
    case OFPFC_ADD:
        return "ADD";
    case OFPFC_MODIFY:
        return "MOD";
    case OFPFC_MODIFY_STRICT:
        return "MOD_STRICT";
    case OFPFC_DELETE:
        return "DEL";
    case OFPFC_DELETE_STRICT:
        return "DEL_STRICT";
    }
    return NULL;
}

/* "ADD table:0 priority=10 cookie:0x5 idle:10 hard:20 send_flow_rem
 *  in_port=1,ip actions=output:2": every word after the command is one that
 * of_flow_mod_parse() accepts, so the text parses back. */
void
of_flow_mod_format(const struct of_flow_mod *fm, struct ds *s)
{
    const char *name = flow_mod_command_name(fm->command);

    if (name) {
        ds_put_cstr(s, name);
    } else {
        ds_put_format(s, "CMD(%d)", fm->command);
    }
    ds_put_cstr(s, " table:");
    format_table_id(fm->table_id, s);
    ds_put_format(s, " priority=%"PRIu16, fm->priority);
    if (fm->cookie || fm->cookie_mask) {
        ds_put_format(s, " cookie:0x%"PRIx64, fm->cookie);
        if (fm->cookie_mask) {
            ds_put_format(s, "/0x%"PRIx64, fm->cookie_mask);
        }
    }
    if (fm->idle_timeout) {
        ds_put_format(s, " idle:%"PRIu16, fm->idle_timeout);
    }
    if (fm->hard_timeout) {
        ds_put_format(s, " hard:%"PRIu16, fm->hard_timeout);
    }
    if (fm->buffer_id != OFP_NO_BUFFER) {
        ds_put_format(s, " buffer_id:0x%"PRIx32, fm->buffer_id);
    }
    if (fm->out_port != OFPP_ANY) {
        ds_put_cstr(s, " out_port:");
        of_port_no_format(fm->out_port, s);
    }
    if (fm->out_group != OFPG_ANY) {
        ds_put_cstr(s, " out_group:");
        format_group_no(fm->out_group, s);
    }
    format_flow_mod_flags(fm->flags, " ", "", s);
    if (fm->match.n) {
        ds_put_char(s, ' ');
        of_match_format(&fm->match, s);
    }
    ds_put_char(s, ' ');
    format_instructions(fm->instructions, fm->n_instructions, s);
}

/* ---- FLOW_REMOVED ---- */

enum ofperr
of_flow_removed_decode(struct of_flow_removed *fr, struct ofpbuf_rd *rd,
                       struct arena *arena OF_UNUSED)
{
    const uint8_t *w = ofpbuf_rd_pull(rd, BODY_LEN(ofp_flow_removed));

    of_match_init(&fr->match);
    if (!w) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    fr->cookie = ofp_get_be64(w + FR_OFS(cookie));
    fr->priority = ofp_get_be16(w + FR_OFS(priority));
    fr->reason = w[FR_OFS(reason)];
    fr->table_id = w[FR_OFS(table_id)];
    fr->duration_sec = ofp_get_be32(w + FR_OFS(duration_sec));
    fr->duration_nsec = ofp_get_be32(w + FR_OFS(duration_nsec));
    fr->idle_timeout = ofp_get_be16(w + FR_OFS(idle_timeout));
    fr->hard_timeout = ofp_get_be16(w + FR_OFS(hard_timeout));
    fr->packet_count = ofp_get_be64(w + FR_OFS(packet_count));
    fr->byte_count = ofp_get_be64(w + FR_OFS(byte_count));
    return decode_match(rd, &fr->match);
}

void
of_flow_removed_encode(const struct of_flow_removed *fr, struct ofpbuf *out)
{
    uint8_t *w = ofpbuf_put_zeros(out, BODY_LEN(ofp_flow_removed));

    ofp_put_be64(w + FR_OFS(cookie), fr->cookie);
    ofp_put_be16(w + FR_OFS(priority), fr->priority);
    w[FR_OFS(reason)] = fr->reason;
    w[FR_OFS(table_id)] = fr->table_id;
    ofp_put_be32(w + FR_OFS(duration_sec), fr->duration_sec);
    ofp_put_be32(w + FR_OFS(duration_nsec), fr->duration_nsec);
    ofp_put_be16(w + FR_OFS(idle_timeout), fr->idle_timeout);
    ofp_put_be16(w + FR_OFS(hard_timeout), fr->hard_timeout);
    ofp_put_be64(w + FR_OFS(packet_count), fr->packet_count);
    ofp_put_be64(w + FR_OFS(byte_count), fr->byte_count);
    of_match_encode(&fr->match, out);
}

static const char *
flow_removed_reason_name(uint8_t reason)
{
    switch ((enum ofp_flow_removed_reason) reason) {
    case OFPRR_IDLE_TIMEOUT:
        return "IDLE_TIMEOUT";
    case OFPRR_HARD_TIMEOUT:
        return "HARD_TIMEOUT";
    case OFPRR_DELETE:
        return "DELETE";
    case OFPRR_GROUP_DELETE:
        return "GROUP_DELETE";
    }
    return NULL;
}

/* "reason=IDLE_TIMEOUT table=0 cookie=0x0 duration=3.021s idle_timeout=3
 *  n_packets=1 n_bytes=86 priority=65535,eth_dst=f2:0b:a4:7d:f8:ea" */
void
of_flow_removed_format(const struct of_flow_removed *fr, struct ds *s)
{
    const char *reason = flow_removed_reason_name(fr->reason);

    if (reason) {
        ds_put_format(s, "reason=%s", reason);
    } else {
        ds_put_format(s, "reason=%d", fr->reason);
    }
    ds_put_format(s, " table=%d cookie=0x%"PRIx64" duration=", fr->table_id,
                  fr->cookie);
    format_duration(fr->duration_sec, fr->duration_nsec, s);
    if (fr->idle_timeout) {
        ds_put_format(s, " idle_timeout=%"PRIu16, fr->idle_timeout);
    }
    if (fr->hard_timeout) {
        ds_put_format(s, " hard_timeout=%"PRIu16, fr->hard_timeout);
    }
    ds_put_format(s, " n_packets=%"PRIu64" n_bytes=%"PRIu64
                  " priority=%"PRIu16, fr->packet_count, fr->byte_count,
                  fr->priority);
    if (fr->match.n) {
        ds_put_char(s, ',');
        of_match_format(&fr->match, s);
    }
}

/* ---- OFPMP_FLOW and OFPMP_AGGREGATE requests ---- */

enum ofperr
of_flow_stats_request_decode(struct of_flow_stats_request *req,
                             struct ofpbuf_rd *rd,
                             struct arena *arena OF_UNUSED)
{
    const struct ofp_flow_stats_request *w = ofpbuf_rd_pull(rd, sizeof *w);

    of_match_init(&req->match);
    if (!w) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    req->table_id = w->table_id;
    req->out_port = ofp_get_be32(&w->out_port);
    req->out_group = ofp_get_be32(&w->out_group);
    req->cookie = ofp_get_be64(&w->cookie);
    req->cookie_mask = ofp_get_be64(&w->cookie_mask);
    return decode_match(rd, &req->match);
}

void
of_flow_stats_request_encode(const struct of_flow_stats_request *req,
                             struct ofpbuf *out)
{
    struct ofp_flow_stats_request *w = ofpbuf_put_zeros(out, sizeof *w);

    w->table_id = req->table_id;
    ofp_put_be32(&w->out_port, req->out_port);
    ofp_put_be32(&w->out_group, req->out_group);
    ofp_put_be64(&w->cookie, req->cookie);
    ofp_put_be64(&w->cookie_mask, req->cookie_mask);
    of_match_encode(&req->match, out);
}

/* Only what differs from the defaults of_flow_stats_request_parse()
 * assumes, in words it accepts: "table=1 out_port=2 cookie=0x5/0xff
 * in_port=1,ip".  Nothing for a request for every flow. */
void
of_flow_stats_request_format(const struct of_flow_stats_request *req,
                             struct ds *s)
{
    size_t start = s->length;

    if (req->table_id != OFPTT_ALL) {
        ds_put_format(s, "table=%d", req->table_id);
    }
    if (req->out_port != OFPP_ANY) {
        put_word_separator(s, start);
        ds_put_cstr(s, "out_port=");
        of_port_no_format(req->out_port, s);
    }
    if (req->out_group != OFPG_ANY) {
        put_word_separator(s, start);
        ds_put_cstr(s, "out_group=");
        format_group_no(req->out_group, s);
    }
    if (req->cookie || req->cookie_mask) {
        put_word_separator(s, start);
        ds_put_format(s, "cookie=0x%"PRIx64"/0x%"PRIx64, req->cookie,
                      req->cookie_mask);
    }
    if (req->match.n) {
        put_word_separator(s, start);
        of_match_format(&req->match, s);
    }
}

/* ---- OFPMP_FLOW reply ---- */

static enum ofperr
decode_flow_stats(struct of_flow_stats *fs, struct ofpbuf_rd *entry,
                  struct arena *arena)
{
    const struct ofp_flow_stats *w = ofpbuf_rd_pull(entry, sizeof *w);
    enum ofperr error;

    fs->table_id = w->table_id;
    fs->duration_sec = ofp_get_be32(&w->duration_sec);
    fs->duration_nsec = ofp_get_be32(&w->duration_nsec);
    fs->priority = ofp_get_be16(&w->priority);
    fs->idle_timeout = ofp_get_be16(&w->idle_timeout);
    fs->hard_timeout = ofp_get_be16(&w->hard_timeout);
    fs->flags = ofp_get_be16(&w->flags);
    fs->cookie = ofp_get_be64(&w->cookie);
    fs->packet_count = ofp_get_be64(&w->packet_count);
    fs->byte_count = ofp_get_be64(&w->byte_count);

    error = decode_match(entry, &fs->match);
    if (error) {
        return error;
    }
    /* 7.3.5.2: the instructions fill the rest of the entry.  They are
     * what a switch reports, so only their structure is checked. */
    return of_instructions_decode(entry, ofpbuf_rd_left(entry),
                                  OF_ACTX_REPORT, arena, &fs->instructions,
                                  &fs->n_instructions);
}

enum ofperr
of_flow_stats_reply_decode(struct of_flow_stats_reply *reply,
                           struct ofpbuf_rd *rd, struct arena *arena)
{
    reply->stats = NULL;
    reply->n = 0;
    while (ofpbuf_rd_left(rd)) {
        struct of_flow_stats *fs;
        struct ofpbuf_rd entry;
        enum ofperr error;
        uint16_t length;

        /* 7.3.5.2: each ofp_flow_stats begins with its own length, which
         * must cover at least the fixed part and stay within the body. */
        if (!ofpbuf_rd_peek_be16(rd, &length)
            || length < sizeof(struct ofp_flow_stats)
            || !ofpbuf_rd_sub(rd, length, &entry)) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        fs = arena_push(arena, (void **) &reply->stats, &reply->n,
                        sizeof *fs);
        error = decode_flow_stats(fs, &entry, arena);
        if (error) {
            return error;
        }
    }
    return 0;
}

void
of_flow_stats_reply_encode(const struct of_flow_stats_reply *reply,
                           struct ofpbuf *out)
{
    for (size_t i = 0; i < reply->n; i++) {
        const struct of_flow_stats *fs = &reply->stats[i];
        size_t start = out->size;
        struct ofp_flow_stats *w = ofpbuf_put_zeros(out, sizeof *w);

        w->table_id = fs->table_id;
        ofp_put_be32(&w->duration_sec, fs->duration_sec);
        ofp_put_be32(&w->duration_nsec, fs->duration_nsec);
        ofp_put_be16(&w->priority, fs->priority);
        ofp_put_be16(&w->idle_timeout, fs->idle_timeout);
        ofp_put_be16(&w->hard_timeout, fs->hard_timeout);
        ofp_put_be16(&w->flags, fs->flags);
        ofp_put_be64(&w->cookie, fs->cookie);
        ofp_put_be64(&w->packet_count, fs->packet_count);
        ofp_put_be64(&w->byte_count, fs->byte_count);
        of_match_encode(&fs->match, out);
        of_instructions_encode(fs->instructions, fs->n_instructions, out);
        ofpbuf_set_be16(out, start + offsetof(struct ofp_flow_stats, length),
                        out->size - start);
    }
}

/* One flow per line, as ovs-ofctl dump-flows prints them:
 *  " cookie=0x0, duration=1.5s, table=0, n_packets=3, n_bytes=180,
 *   idle_timeout=10, priority=10,in_port=1 actions=output:2" */
void
of_flow_stats_reply_format(const struct of_flow_stats_reply *reply,
                           struct ds *s)
{
    for (size_t i = 0; i < reply->n; i++) {
        const struct of_flow_stats *fs = &reply->stats[i];

        if (!i) {
            /* The line starts after the envelope, without its space. */
            ds_chomp(s, ' ');
        }
        ds_put_format(s, "\n cookie=0x%"PRIx64", duration=", fs->cookie);
        format_duration(fs->duration_sec, fs->duration_nsec, s);
        ds_put_format(s, ", table=%d, n_packets=%"PRIu64", n_bytes=%"PRIu64
                      ", ", fs->table_id, fs->packet_count, fs->byte_count);
        if (fs->idle_timeout) {
            ds_put_format(s, "idle_timeout=%"PRIu16", ", fs->idle_timeout);
        }
        if (fs->hard_timeout) {
            ds_put_format(s, "hard_timeout=%"PRIu16", ", fs->hard_timeout);
        }
        format_flow_mod_flags(fs->flags, "", ", ", s);
        ds_put_format(s, "priority=%"PRIu16, fs->priority);
        if (fs->match.n) {
            ds_put_char(s, ',');
            of_match_format(&fs->match, s);
        }
        ds_put_char(s, ' ');
        format_instructions(fs->instructions, fs->n_instructions, s);
    }
}

/* ---- OFPMP_AGGREGATE reply ---- */

enum ofperr
of_aggregate_reply_decode(struct of_aggregate_reply *agg,
                          struct ofpbuf_rd *rd, struct arena *arena OF_UNUSED)
{
    const struct ofp_aggregate_stats_reply *w = ofpbuf_rd_pull(rd,
                                                               sizeof *w);

    if (!w) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    agg->packet_count = ofp_get_be64(&w->packet_count);
    agg->byte_count = ofp_get_be64(&w->byte_count);
    agg->flow_count = ofp_get_be32(&w->flow_count);
    return 0;
}

void
of_aggregate_reply_encode(const struct of_aggregate_reply *agg,
                          struct ofpbuf *out)
{
    struct ofp_aggregate_stats_reply *w = ofpbuf_put_zeros(out, sizeof *w);

    ofp_put_be64(&w->packet_count, agg->packet_count);
    ofp_put_be64(&w->byte_count, agg->byte_count);
    ofp_put_be32(&w->flow_count, agg->flow_count);
}

void
of_aggregate_reply_format(const struct of_aggregate_reply *agg,
                          struct ds *s)
{
    ds_put_format(s, "packet_count=%"PRIu64" byte_count=%"PRIu64
                  " flow_count=%"PRIu32, agg->packet_count, agg->byte_count,
                  agg->flow_count);
}

/* ---- The ovs-ofctl syntax ---- */


static char *
parse_u8(const char *name, const char *value, uint8_t *out)
{
    uint64_t n;
    char *error = of_parse_number(name, value, UINT8_MAX, &n);

    if (!error) {
        *out = n;
    }
    return error;
}

static char *
parse_u16(const char *name, const char *value, uint16_t *out)
{
    uint64_t n;
    char *error = of_parse_number(name, value, UINT16_MAX, &n);

    if (!error) {
        *out = n;
    }
    return error;
}

static char *
parse_u32(const char *name, const char *value, uint32_t *out)
{
    uint64_t n;
    char *error = of_parse_number(name, value, UINT32_MAX, &n);

    if (!error) {
        *out = n;
    }
    return error;
}

/* A table number, or "all" for OFPTT_ALL. */
static char *
parse_table_id(const char *name, const char *value, uint8_t *table_id)
{
    if (value && !strcasecmp(value, "all")) {
        *table_id = OFPTT_ALL;
        return NULL;
    }
    return parse_u8(name, value, table_id);
}

/* A group number, or "any" / "all". */
static char *
parse_group_no(const char *name, const char *value, uint32_t *group)
{
    if (value && !strcasecmp(value, "any")) {
        *group = OFPG_ANY;
        return NULL;
    } else if (value && !strcasecmp(value, "all")) {
        *group = OFPG_ALL;
        return NULL;
    }
    return parse_u32(name, value, group);
}

static char *
parse_port_no(const char *name, const char *value, uint32_t *port)
{
    char *error;

    if (!value || !*value) {
        return xasprintf("%s: missing value", name);
    }
    error = of_port_no_parse(value, port);
    if (error) {
        char *msg = xasprintf("%s: %s", name, error);

        free(error);
        return msg;
    }
    return NULL;
}

/* "V" or "V/M".  Without a mask, '*mask' is 'default_mask'. */
static char *
parse_cookie(const char *value, uint64_t default_mask, uint64_t *cookie,
             uint64_t *mask)
{
    const char *slash = value ? strchr(value, '/') : NULL;
    char *error;

    if (!slash) {
        *mask = default_mask;
        return of_parse_number("cookie", value, UINT64_MAX, cookie);
    } else {
        char *v = xmemdup(value, slash - value + 1);

        v[slash - value] = '\0';
        error = of_parse_number("cookie", v, UINT64_MAX, cookie);
        if (!error) {
            if (!strcmp(slash + 1, "-1")) {
                /* ovs-ofctl's way of writing an all-ones mask. */
                *mask = UINT64_MAX;
            } else {
                error = of_parse_number("cookie", slash + 1, UINT64_MAX,
                                        mask);
            }
        }
        free(v);
        return error;
    }
}

static char *
parse_match_field(struct of_match *match, const char *key, const char *value)
{
    if (!of_match_is_field_name(key)) {
        return xasprintf("unknown field '%s'", key);
    }
    return of_match_parse_field(match, key, value);
}

static char *
no_value(const char *key, const char *value)
{
    return value ? xasprintf("%s: takes no value (got '%s')", key, value)
                 : NULL;
}

static char *
parse_flow_mod_word(struct of_flow_mod *fm, const char *key,
                    const char *value, struct arena *arena)
{
    for (size_t i = 0; i < ARRAY_SIZE(flow_mod_flags); i++) {
        if (!strcmp(key, flow_mod_flags[i].name)) {
            fm->flags |= flow_mod_flags[i].flag;
            return no_value(key, value);
        }
    }
    if (!strcmp(key, "table")) {
        return parse_table_id(key, value, &fm->table_id);
    } else if (!strcmp(key, "priority")) {
        return parse_u16(key, value, &fm->priority);
    } else if (!strcmp(key, "cookie")) {
        return parse_cookie(value, 0, &fm->cookie, &fm->cookie_mask);
    } else if (!strcmp(key, "idle_timeout") || !strcmp(key, "idle")) {
        return parse_u16(key, value, &fm->idle_timeout);
    } else if (!strcmp(key, "hard_timeout") || !strcmp(key, "hard")) {
        return parse_u16(key, value, &fm->hard_timeout);
    } else if (!strcmp(key, "buffer_id")) {
        if (value && !strcasecmp(value, "none")) {
            fm->buffer_id = OFP_NO_BUFFER;
            return NULL;
        }
        return parse_u32(key, value, &fm->buffer_id);
    } else if (!strcmp(key, "out_port")) {
        return parse_port_no(key, value, &fm->out_port);
    } else if (!strcmp(key, "out_group")) {
        return parse_group_no(key, value, &fm->out_group);
    } else if (!strcmp(key, "actions")) {
        if (!value) {
            return xstrdup("actions: missing value");
        }
        return of_instructions_parse(value, arena, &fm->instructions,
                                     &fm->n_instructions);
    }
    return parse_match_field(&fm->match, key, value);
}

char *
of_flow_mod_parse(struct of_flow_mod *fm, const char *s, uint8_t command,
                  struct arena *arena)
{
    char *copy = xstrdup(s);
    char *p = copy;
    char *key, *value;
    char *error = NULL;

    memset(fm, 0, sizeof *fm);
    fm->command = command;
    fm->table_id = command_names_table(command) ? 0 : OFPTT_ALL;
    fm->priority = OFP_DEFAULT_PRIORITY;
    fm->buffer_id = OFP_NO_BUFFER;
    fm->out_port = OFPP_ANY;
    fm->out_group = OFPG_ANY;
    of_match_init(&fm->match);

    while (!error && of_parse_next_kv(&p, &key, &value, NULL)) {
        error = parse_flow_mod_word(fm, key, value, arena);
    }
    free(copy);
    if (error) {
        return error;
    }

    /* Catch here what the switch would refuse (see of_flow_mod_decode()),
     * with a message a person can act on. */
    error = of_match_check(&fm->match);
    if (error) {
        return error;
    }
    if (fm->table_id == OFPTT_ALL && command_names_table(command)) {
        return xstrdup("table: 'all' is valid only for deletes");
    }
    if (fm->table_id != OFPTT_ALL) {
        for (size_t i = 0; i < fm->n_instructions; i++) {
            const struct of_instruction *inst = &fm->instructions[i];

            if (inst->type == OFPIT_GOTO_TABLE
                && inst->table_id <= fm->table_id) {
                return xasprintf("actions: goto_table:%d must name a table "
                                 "after this flow's table %d",
                                 inst->table_id, fm->table_id);
            }
        }
    }
    return NULL;
}

static char *
parse_flow_stats_request_word(struct of_flow_stats_request *req,
                              const char *key, const char *value)
{
    if (!strcmp(key, "table")) {
        return parse_table_id(key, value, &req->table_id);
    } else if (!strcmp(key, "out_port")) {
        return parse_port_no(key, value, &req->out_port);
    } else if (!strcmp(key, "out_group")) {
        return parse_group_no(key, value, &req->out_group);
    } else if (!strcmp(key, "cookie")) {
        return parse_cookie(value, UINT64_MAX, &req->cookie,
                            &req->cookie_mask);
    }
    return parse_match_field(&req->match, key, value);
}

char *
of_flow_stats_request_parse(struct of_flow_stats_request *req, const char *s)
{
    char *copy = xstrdup(s);
    char *p = copy;
    char *key, *value;
    char *error = NULL;

    memset(req, 0, sizeof *req);
    req->table_id = OFPTT_ALL;
    req->out_port = OFPP_ANY;
    req->out_group = OFPG_ANY;
    of_match_init(&req->match);

    while (!error && of_parse_next_kv(&p, &key, &value, NULL)) {
        error = parse_flow_stats_request_word(req, key, value);
    }
    free(copy);
    return error ? error : of_match_check(&req->match);
}
