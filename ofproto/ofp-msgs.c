#include "ofproto/ofp-msgs.h"

#include <string.h>

#include "ofproto/ds.h"
#include "ofproto/ofpbuf.h"
#include "ofproto/util.h"

static const char *const type_names[OFPT_N_TYPES] = {
#define OFPMSG(TYPE, MEMBER, STEM) [OFPT_##TYPE] = "OFPT_" #TYPE,
#include "ofproto/ofp-msgs.def"
#undef OFPMSG
};

const char *
of_msg_type_name(uint8_t type)
{
    return type < OFPT_N_TYPES ? type_names[type] : NULL;
}

void
of_msg_init(struct of_msg *msg, uint8_t type, uint32_t xid)
{
    memset(msg, 0, sizeof *msg);
    msg->version = OFP_VERSION;
    msg->type = type;
    msg->xid = xid;
    arena_init(&msg->arena);
}

void
of_msg_uninit(struct of_msg *msg)
{
    if (msg) {
        arena_destroy(&msg->arena);
        msg->raw = NULL;
        msg->raw_len = 0;
    }
}

void
of_msg_header(const void *data, uint8_t *version, uint8_t *type,
              uint16_t *length, uint32_t *xid)
{
    const struct ofp_header *oh = data;

    *version = oh->version;
    *type = oh->type;
    *length = ofp_get_be16(&oh->length);
    *xid = ofp_get_be32(&oh->xid);
}

static enum ofperr
decode_body(struct of_msg *msg, struct ofpbuf_rd *rd)
{
    switch ((enum ofp_type) msg->type) {
#define OFPMSG(TYPE, MEMBER, STEM)                                          \
    case OFPT_##TYPE:                                                       \
        return of_##STEM##_decode(&msg->u.MEMBER, rd, &msg->arena);
#include "ofproto/ofp-msgs.def"
#undef OFPMSG
    }
    return OFPERR_OFPBRC_BAD_TYPE;
}

enum ofperr
of_msg_decode(struct of_msg *msg, const void *data, size_t len)
{
    uint8_t version, type;
    uint16_t length;
    uint32_t xid;
    struct ofpbuf_rd rd;
    enum ofperr error;

    of_msg_init(msg, 0, 0);
    if (len < OF_HEADER_LEN) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    of_msg_header(data, &version, &type, &length, &xid);
    msg->version = version;
    msg->type = type;
    msg->xid = xid;
    msg->raw = arena_memdup(&msg->arena, data, len);
    msg->raw_len = len;

    if (length != len) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    /* 7.1: a receiver replies OFPBRC_BAD_VERSION to any message but HELLO
     * of a version it does not speak.  HELLO negotiation is the
     * connection's business (6.3.2). */
    if (version != OFP_VERSION && type != OFPT_HELLO) {
        return OFPERR_OFPBRC_BAD_VERSION;
    }
    if (type >= OFPT_N_TYPES) {
        return OFPERR_OFPBRC_BAD_TYPE;
    }
    ofpbuf_rd_init(&rd, msg->raw + OF_HEADER_LEN, len - OF_HEADER_LEN);
    error = decode_body(msg, &rd);
    if (!error && ofpbuf_rd_left(&rd)) {
        error = OFPERR_OFPBRC_BAD_LEN;
    }
    return error;
}

static void
encode_body(const struct of_msg *msg, struct ofpbuf *out)
{
    switch ((enum ofp_type) msg->type) {
#define OFPMSG(TYPE, MEMBER, STEM)                                          \
    case OFPT_##TYPE:                                                       \
        of_##STEM##_encode(&msg->u.MEMBER, out);                            \
        return;
#include "ofproto/ofp-msgs.def"
#undef OFPMSG
    }
    of_abort("of_msg_encode: unknown message type %d", msg->type);
}

bool
of_msg_encode(const struct of_msg *msg, struct ofpbuf *out)
{
    size_t start = out->size;
    struct ofp_header *oh;
    size_t len;

    oh = ofpbuf_put_zeros(out, sizeof *oh);
    oh->version = msg->version ? msg->version : OFP_VERSION;
    oh->type = msg->type;
    ofp_put_be32(&oh->xid, msg->xid);
    encode_body(msg, out);

    len = out->size - start;
    if (len > OFP_MAX_MSG_LEN) {
        out->size = start;
        return false;
    }
    ofpbuf_set_be16(out, start + offsetof(struct ofp_header, length), len);
    return true;
}

static void
format_body(const struct of_msg *msg, struct ds *s)
{
    switch ((enum ofp_type) msg->type) {
#define OFPMSG(TYPE, MEMBER, STEM)                                          \
    case OFPT_##TYPE:                                                       \
        of_##STEM##_format(&msg->u.MEMBER, s);                              \
        return;
#include "ofproto/ofp-msgs.def"
#undef OFPMSG
    }
}

void
of_msg_format(const struct of_msg *msg, struct ds *s)
{
    const char *name = of_msg_type_name(msg->type);

    if (name) {
        ds_put_cstr(s, name);
    } else {
        ds_put_format(s, "OFPT_UNKNOWN(%d)", msg->type);
    }
    if (msg->version == OFP_VERSION) {
        ds_put_cstr(s, " (OF1.3)");
    } else {
        ds_put_format(s, " (OF 0x%02x)", msg->version);
    }
    ds_put_format(s, " (xid=0x%x):", msg->xid);
    if (name) {
        size_t before = s->length;

        ds_put_char(s, ' ');
        format_body(msg, s);
        if (s->length == before + 1) {
            ds_chomp(s, ' ');
        }
    }
}

void
of_msg_encode_error(enum ofperr error, const void *request, size_t len,
                    struct ofpbuf *out)
{
    struct of_msg msg;
    uint32_t xid = 0;

    if (len >= OF_HEADER_LEN) {
        xid = ofp_get_be32((const uint8_t *) request
                           + offsetof(struct ofp_header, xid));
    }
    of_msg_init(&msg, OFPT_ERROR, xid);
    msg.u.error.type = ofperr_type(error);
    msg.u.error.code = ofperr_code(error);
    msg.u.error.data = request;
    msg.u.error.len = MIN(len, (size_t) 64);
    of_msg_encode(&msg, out);
    of_msg_uninit(&msg);
}

void
of_msg_encode_empty(uint8_t type, uint32_t xid, struct ofpbuf *out)
{
    struct of_msg msg;

    of_msg_init(&msg, type, xid);
    of_msg_encode(&msg, out);
    of_msg_uninit(&msg);
}

void
of_msg_encode_hello(uint32_t xid, struct ofpbuf *out)
{
    struct of_msg msg;

    of_msg_init(&msg, OFPT_HELLO, xid);
    msg.u.hello.has_bitmap = true;
    msg.u.hello.n_bitmaps = 1;
    msg.u.hello.bitmaps[0] = 1u << OFP_VERSION;
    of_msg_encode(&msg, out);
    of_msg_uninit(&msg);
}
