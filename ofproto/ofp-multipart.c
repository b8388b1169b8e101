#include "ofproto/ofp-multipart.h"

#include <string.h>

#include "ofproto/arena.h"
#include "ofproto/ds.h"
#include "ofproto/ofp-msgs.h"
#include "ofproto/ofpbuf.h"
#include "ofproto/util.h"

/* How an encoded body divides into entries (see ofp-multipart.def). */
enum mp_entry_kind { MP_KIND_ONE, MP_KIND_FIXED, MP_KIND_LEN16 };

struct mp_entry_rule {
    enum mp_entry_kind kind;
    size_t arg;                 /* Entry size, or offset of the length. */
};

#define MP_ONE { MP_KIND_ONE, 0 }
#define MP_FIXED(N) { MP_KIND_FIXED, N }
#define MP_LEN16(OFS) { MP_KIND_LEN16, OFS }

struct mp_type_info {
    uint16_t type;
    const char *name;
    struct mp_entry_rule entry;
};

static const struct mp_type_info mp_types[] = {
#define OFPMP(TYPE, MEMBER, REQ, REPLY, ENTRY) \
    { OFPMP_##TYPE, "OFPMP_" #TYPE, ENTRY },
#include "ofproto/ofp-multipart.def"
#undef OFPMP
};

static const struct mp_type_info *
mp_type_info(uint16_t type)
{
    for (size_t i = 0; i < ARRAY_SIZE(mp_types); i++) {
        if (mp_types[i].type == type) {
            return &mp_types[i];
        }
    }
    return NULL;
}

const char *
of_mp_type_name(uint16_t type)
{
    const struct mp_type_info *info = mp_type_info(type);

    return info ? info->name : NULL;
}

/* ---- Bodies ---- */

static enum ofperr
decode_request_body(struct of_mp_request *mp, struct ofpbuf_rd *rd,
                    struct arena *arena)
{
    switch ((enum ofp_multipart_type) mp->type) {
#define OFPMP(TYPE, MEMBER, REQ, REPLY, ENTRY)                              \
    case OFPMP_##TYPE:                                                      \
        return of_##REQ##_decode(&mp->MEMBER, rd, arena);
#include "ofproto/ofp-multipart.def"
#undef OFPMP
    }
    return OFPERR_OFPBRC_BAD_MULTIPART;
}

static enum ofperr
decode_reply_body(struct of_mp_reply *mp, struct ofpbuf_rd *rd,
                  struct arena *arena)
{
    switch ((enum ofp_multipart_type) mp->type) {
#define OFPMP(TYPE, MEMBER, REQ, REPLY, ENTRY)                              \
    case OFPMP_##TYPE:                                                      \
        return of_##REPLY##_decode(&mp->MEMBER, rd, arena);
#include "ofproto/ofp-multipart.def"
#undef OFPMP
    }
    return OFPERR_OFPBRC_BAD_MULTIPART;
}

static void
encode_request_body(const struct of_mp_request *mp, struct ofpbuf *out)
{
    switch ((enum ofp_multipart_type) mp->type) {
#define OFPMP(TYPE, MEMBER, REQ, REPLY, ENTRY)                              \
    case OFPMP_##TYPE:                                                      \
        of_##REQ##_encode(&mp->MEMBER, out);                                \
        return;
#include "ofproto/ofp-multipart.def"
#undef OFPMP
    }
    of_abort("unknown multipart type %d", mp->type);
}

static void
encode_reply_body(const struct of_mp_reply *mp, struct ofpbuf *out)
{
    switch ((enum ofp_multipart_type) mp->type) {
#define OFPMP(TYPE, MEMBER, REQ, REPLY, ENTRY)                              \
    case OFPMP_##TYPE:                                                      \
        of_##REPLY##_encode(&mp->MEMBER, out);                              \
        return;
#include "ofproto/ofp-multipart.def"
#undef OFPMP
    }
    of_abort("unknown multipart type %d", mp->type);
}

static void
format_request_body(const struct of_mp_request *mp, struct ds *s)
{
    switch ((enum ofp_multipart_type) mp->type) {
#define OFPMP(TYPE, MEMBER, REQ, REPLY, ENTRY)                              \
    case OFPMP_##TYPE:                                                      \
        of_##REQ##_format(&mp->MEMBER, s);                                  \
        return;
#include "ofproto/ofp-multipart.def"
#undef OFPMP
    }
}

static void
format_reply_body(const struct of_mp_reply *mp, struct ds *s)
{
    switch ((enum ofp_multipart_type) mp->type) {
#define OFPMP(TYPE, MEMBER, REQ, REPLY, ENTRY)                              \
    case OFPMP_##TYPE:                                                      \
        of_##REPLY##_format(&mp->MEMBER, s);                                \
        return;
#include "ofproto/ofp-multipart.def"
#undef OFPMP
    }
}

/* ---- Envelopes ---- */

/* The 8 bytes after the OpenFlow header: type, flags, pad[4]. */
#define MP_ENVELOPE_LEN 8

static enum ofperr
decode_envelope(struct ofpbuf_rd *rd, uint16_t *type, uint16_t *flags)
{
    if (!ofpbuf_rd_be16(rd, type) || !ofpbuf_rd_be16(rd, flags)
        || !ofpbuf_rd_skip(rd, 4)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    if (!mp_type_info(*type)) {
        return OFPERR_OFPBRC_BAD_MULTIPART;
    }
    return 0;
}

static void
encode_envelope(uint16_t type, uint16_t flags, struct ofpbuf *out)
{
    ofpbuf_put_be16(out, type);
    ofpbuf_put_be16(out, flags);
    ofpbuf_put_zeros(out, 4);
}

enum ofperr
of_mp_request_decode(struct of_mp_request *mp, struct ofpbuf_rd *rd,
                     struct arena *arena)
{
    enum ofperr error = decode_envelope(rd, &mp->type, &mp->flags);

    return error ? error : decode_request_body(mp, rd, arena);
}

void
of_mp_request_encode(const struct of_mp_request *mp, struct ofpbuf *out)
{
    encode_envelope(mp->type, mp->flags, out);
    encode_request_body(mp, out);
}

static void
format_envelope(uint16_t type, uint16_t flags, struct ds *s)
{
    const char *name = of_mp_type_name(type);

    if (name) {
        ds_put_cstr(s, name);
    } else {
        ds_put_format(s, "OFPMP_UNKNOWN(%d)", type);
    }
    if (flags & 1) {
        ds_put_cstr(s, " flags=more");
        flags &= ~1;
    }
    if (flags) {
        ds_put_format(s, " flags=0x%x", flags);
    }
}

void
of_mp_request_format(const struct of_mp_request *mp, struct ds *s)
{
    size_t before;

    format_envelope(mp->type, mp->flags, s);
    ds_put_char(s, ' ');
    before = s->length;
    format_request_body(mp, s);
    if (s->length == before) {
        ds_chomp(s, ' ');
    }
}

enum ofperr
of_mp_reply_decode(struct of_mp_reply *mp, struct ofpbuf_rd *rd,
                   struct arena *arena)
{
    enum ofperr error = decode_envelope(rd, &mp->type, &mp->flags);

    return error ? error : decode_reply_body(mp, rd, arena);
}

void
of_mp_reply_encode(const struct of_mp_reply *mp, struct ofpbuf *out)
{
    encode_envelope(mp->type, mp->flags, out);
    encode_reply_body(mp, out);
}

void
of_mp_reply_format(const struct of_mp_reply *mp, struct ds *s)
{
    size_t before;

    format_envelope(mp->type, mp->flags, s);
    ds_put_char(s, ' ');
    before = s->length;
    format_reply_body(mp, s);
    if (s->length == before) {
        ds_chomp(s, ' ');
    }
}

/* ---- Splitting ---- */

/* Length of the entry that starts at 'p' with 'left' bytes remaining. */
static size_t
entry_len(const struct mp_entry_rule *rule, const uint8_t *p, size_t left)
{
    size_t len;

    switch (rule->kind) {
    case MP_KIND_FIXED:
        len = rule->arg;
        break;
    case MP_KIND_LEN16:
        if (left < rule->arg + 2) {
            return left;
        }
        len = ofp_get_be16(p + rule->arg);
        break;
    case MP_KIND_ONE:
    default:
        return left;
    }
    return len && len <= left ? len : left;
}

static void
put_part(struct ofpbuf *out, uint8_t msg_type, uint32_t xid,
         uint16_t mp_type, uint16_t flags, const uint8_t *body, size_t len)
{
    size_t start = out->size;
    struct ofp_header *oh = ofpbuf_put_zeros(out, sizeof *oh);

    oh->version = OFP_VERSION;
    oh->type = msg_type;
    ofp_put_be32(&oh->xid, xid);
    encode_envelope(mp_type, flags, out);
    ofpbuf_put(out, body, len);
    ofpbuf_set_be16(out, start + offsetof(struct ofp_header, length),
                    MIN(out->size - start, (size_t) OFP_MAX_MSG_LEN));
}

size_t
of_mp_encode_split(const struct of_msg *msg, size_t max_len,
                   struct ofpbuf *out)
{
    bool is_request = msg->type == OFPT_MULTIPART_REQUEST;
    uint16_t mp_type, flags;
    const struct mp_type_info *info;
    struct ofpbuf body;
    size_t cap, pos, n_msgs;

    if (is_request) {
        mp_type = msg->u.mp_request.type;
        flags = msg->u.mp_request.flags & ~OFPMPF_REQ_MORE;
    } else {
        mp_type = msg->u.mp_reply.type;
        flags = msg->u.mp_reply.flags & ~OFPMPF_REPLY_MORE;
    }
    info = mp_type_info(mp_type);
    if (!info) {
        of_abort("of_mp_encode_split: unknown multipart type %d", mp_type);
    }

    ofpbuf_init(&body);
    if (is_request) {
        encode_request_body(&msg->u.mp_request, &body);
    } else {
        encode_reply_body(&msg->u.mp_reply, &body);
    }

    max_len = MIN(MAX(max_len, (size_t) 64), (size_t) OFP_MAX_MSG_LEN);
    cap = max_len - OF_HEADER_LEN - MP_ENVELOPE_LEN;
    pos = 0;
    n_msgs = 0;
    do {
        size_t len = 0;

        /* Take whole entries while they fit; always at least one. */
        while (pos + len < body.size) {
            size_t e = entry_len(&info->entry, body.data + pos + len,
                                 body.size - pos - len);

            if (len && len + e > cap) {
                break;
            }
            len += e;
            if (len >= cap) {
                break;
            }
        }
        put_part(out, msg->type, msg->xid, mp_type,
                 flags | (pos + len < body.size ? 1 : 0),
                 body.data + pos, len);
        pos += len;
        n_msgs++;
    } while (pos < body.size);

    ofpbuf_uninit(&body);
    return n_msgs;
}

/* ---- Joining ---- */

void
of_mp_assembler_init(struct of_mp_assembler *a)
{
    memset(a, 0, sizeof *a);
    a->max_body = OF_MP_MAX_BODY;
    ofpbuf_init(&a->body);
}

void
of_mp_assembler_uninit(struct of_mp_assembler *a)
{
    if (a) {
        ofpbuf_uninit(&a->body);
        a->started = false;
    }
}

static void
assembler_reset(struct of_mp_assembler *a)
{
    a->started = false;
    a->n_parts = 0;
    ofpbuf_clear(&a->body);
}

enum ofperr
of_mp_assembler_add(struct of_mp_assembler *a, const void *data, size_t len,
                    struct of_msg *done, bool *complete)
{
    uint8_t version, msg_type;
    uint16_t length, mp_type, flags;
    uint32_t xid;
    struct ofpbuf_rd rd;
    enum ofperr error;

    *complete = false;
    if (len < OF_HEADER_LEN) {
        assembler_reset(a);
        return OFPERR_OFPBRC_BAD_LEN;
    }
    of_msg_header(data, &version, &msg_type, &length, &xid);
    if (length != len) {
        assembler_reset(a);
        return OFPERR_OFPBRC_BAD_LEN;
    }
    if (version != OFP_VERSION) {
        assembler_reset(a);
        return OFPERR_OFPBRC_BAD_VERSION;
    }
    if (msg_type != OFPT_MULTIPART_REQUEST
        && msg_type != OFPT_MULTIPART_REPLY) {
        assembler_reset(a);
        return OFPERR_OFPBRC_BAD_TYPE;
    }
    ofpbuf_rd_init(&rd, (const uint8_t *) data + OF_HEADER_LEN,
                   len - OF_HEADER_LEN);
    error = decode_envelope(&rd, &mp_type, &flags);
    if (error) {
        assembler_reset(a);
        return error;
    }

    if (!a->started) {
        a->started = true;
        a->msg_type = msg_type;
        a->mp_type = mp_type;
        a->xid = xid;
    } else if (a->msg_type != msg_type || a->mp_type != mp_type
               || a->xid != xid) {
        assembler_reset(a);
        return OFPERR_OFPBRC_BAD_MULTIPART;
    }
    if (a->body.size + ofpbuf_rd_left(&rd) > a->max_body) {
        assembler_reset(a);
        return OFPERR_OFPBRC_MULTIPART_BUFFER_OVERFLOW;
    }
    ofpbuf_put(&a->body, rd.p, ofpbuf_rd_left(&rd));
    a->n_parts++;
    if (flags & 1) {
        return 0;
    }

    /* The last part: decode the whole body at once. */
    of_msg_init(done, msg_type, xid);
    done->raw = arena_memdup(&done->arena, a->body.data, a->body.size);
    done->raw_len = a->body.size;
    ofpbuf_rd_init(&rd, done->raw, done->raw_len);
    if (msg_type == OFPT_MULTIPART_REQUEST) {
        done->u.mp_request.type = mp_type;
        done->u.mp_request.flags = flags;
        error = decode_request_body(&done->u.mp_request, &rd, &done->arena);
    } else {
        done->u.mp_reply.type = mp_type;
        done->u.mp_reply.flags = flags;
        error = decode_reply_body(&done->u.mp_reply, &rd, &done->arena);
    }
    if (!error && ofpbuf_rd_left(&rd)) {
        error = OFPERR_OFPBRC_BAD_LEN;
    }
    assembler_reset(a);
    if (error) {
        of_msg_uninit(done);
        return error;
    }
    *complete = true;
    return 0;
}
