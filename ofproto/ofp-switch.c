#include "ofproto/ofp-switch.h"

#include <ctype.h>
#include <inttypes.h>
#include <string.h>

#include "ofproto/arena.h"
#include "ofproto/ds.h"
#include "ofproto/ofp-msgs.h"
#include "ofproto/ofpbuf.h"
#include "ofproto/util.h"

/* The wire structs of whole messages begin with struct ofp_header, which
 * the dispatcher has already consumed: these give a member's offset and the
 * struct's length counted from the end of the header. */
#define BODY_OFS(STRUCT, MEMBER) \
    (offsetof(struct STRUCT, MEMBER) - sizeof(struct ofp_header))
#define BODY_LEN(STRUCT) (sizeof(struct STRUCT) - sizeof(struct ofp_header))

/* How many bytes of opaque data (echo payload, experimenter data) the
 * formatters dump before they stop. */
#define FORMAT_MAX_DATA 64

/* ---- Shared formatting helpers ---- */

struct bit_name {
    uint32_t bit;
    const char *name;
};

/* Appends the names of the bits set in 'bits', separated by spaces, with
 * any bits not in 'names' as one hex number; "0" if none is set. */
static void
format_bits(struct ds *s, uint32_t bits, const struct bit_name *names,
            size_t n_names)
{
    bool first = true;

    if (!bits) {
        ds_put_char(s, '0');
        return;
    }
    for (size_t i = 0; i < n_names; i++) {
        if (bits & names[i].bit) {
            ds_put_format(s, "%s%s", first ? "" : " ", names[i].name);
            bits &= ~names[i].bit;
            first = false;
        }
    }
    if (bits) {
        ds_put_format(s, "%s0x%"PRIx32, first ? "" : " ", bits);
    }
}

/* Appends 'len' bytes of opaque data as a hex dump on new lines indented
 * by two spaces, at most FORMAT_MAX_DATA bytes of it. */
static void
format_data(struct ds *s, const uint8_t *data, size_t len)
{
    size_t n = MIN(len, (size_t) FORMAT_MAX_DATA);

    if (!n) {
        return;
    }
    ds_put_char(s, '\n');
    ds_put_hex_dump(s, data, n, 16, 2);
    if (n < len) {
        ds_put_format(s, "\n  ... (%zu more bytes)", len - n);
    }
}

/* Appends the first 'max' bytes of 'str' (stopping at a NUL) with
 * non-printable bytes escaped as \xNN. */
static void
format_string(struct ds *s, const char *str, size_t max)
{
    for (size_t i = 0; i < max && str[i]; i++) {
        unsigned char c = str[i];

        if (isprint(c) && c != '\\') {
            ds_put_char(s, c);
        } else {
            ds_put_format(s, "\\x%02x", c);
        }
    }
}

/* ---- Messages without a body ---- */

enum ofperr
of_empty_decode(struct of_empty *empty OF_UNUSED, struct ofpbuf_rd *rd,
                struct arena *arena OF_UNUSED)
{
    return ofpbuf_rd_left(rd) ? OFPERR_OFPBRC_BAD_LEN : 0;
}

void
of_empty_encode(const struct of_empty *empty OF_UNUSED,
                struct ofpbuf *out OF_UNUSED)
{
}

void
of_empty_format(const struct of_empty *empty OF_UNUSED,
                struct ds *s OF_UNUSED)
{
}

/* ---- HELLO (7.5.1) ---- */

/* Length of a hello element header: type and length. */
#define HELLO_ELEM_HEADER_LEN sizeof(struct ofp_hello_elem_header)

enum ofperr
of_hello_decode(struct of_hello *hello, struct ofpbuf_rd *rd,
                struct arena *arena OF_UNUSED)
{
    memset(hello, 0, sizeof *hello);

    /* 7.5.1: the body is a list of elements, each a TLV whose 'length'
     * counts its header and content but not the zero padding that follows
     * it up to a multiple of 8 bytes. */
    while (ofpbuf_rd_left(rd)) {
        const struct ofp_hello_elem_header *h;
        struct ofpbuf_rd elem;
        uint16_t type, len;
        size_t pad;

        h = ofpbuf_rd_peek(rd, sizeof *h);
        if (!h) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        type = ofp_get_be16(&h->type);
        len = ofp_get_be16(&h->length);
        if (len < HELLO_ELEM_HEADER_LEN || !ofpbuf_rd_sub(rd, len, &elem)) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        /* The last element may omit its padding: nothing can follow it,
         * so there is no ambiguity in accepting it. */
        pad = ROUND_UP(len, 8) - len;
        ofpbuf_rd_skip(rd, MIN(pad, ofpbuf_rd_left(rd)));

        ofpbuf_rd_skip(&elem, HELLO_ELEM_HEADER_LEN);
        if (type != OFPHET_VERSIONBITMAP) {
            /* 7.5.1: unknown elements must be ignored. */
            continue;
        }
        if (ofpbuf_rd_left(&elem) % 4) {
            /* The bitmap is a list of 32-bit words. */
            return OFPERR_OFPBRC_BAD_LEN;
        }
        if (hello->has_bitmap) {
            /* The spec allows one bitmap; the first one counts. */
            continue;
        }
        hello->has_bitmap = true;
        while (ofpbuf_rd_left(&elem)) {
            uint32_t word;

            ofpbuf_rd_be32(&elem, &word);
            /* Words past the 8th would describe versions above 255, which
             * an 8-bit version field cannot name: ignore them. */
            if (hello->n_bitmaps < OF_HELLO_MAX_BITMAPS) {
                hello->bitmaps[hello->n_bitmaps++] = word;
            }
        }
    }
    return 0;
}

void
of_hello_encode(const struct of_hello *hello, struct ofpbuf *out)
{
    size_t start = out->size;
    size_t n = MIN(hello->n_bitmaps, (size_t) OF_HELLO_MAX_BITMAPS);

    if (!hello->has_bitmap) {
        return;
    }
    ofpbuf_put_be16(out, OFPHET_VERSIONBITMAP);
    ofpbuf_put_be16(out, HELLO_ELEM_HEADER_LEN + 4 * n);
    for (size_t i = 0; i < n; i++) {
        ofpbuf_put_be32(out, hello->bitmaps[i]);
    }
    ofpbuf_pad(out, start, 8);
}

void
of_hello_format(const struct of_hello *hello, struct ds *s)
{
    size_t n = MIN(hello->n_bitmaps, (size_t) OF_HELLO_MAX_BITMAPS);
    bool any = false;

    if (!hello->has_bitmap) {
        return;
    }
    ds_put_cstr(s, "version bitmap:");
    for (size_t i = 0; i < n; i++) {
        for (int bit = 0; bit < 32; bit++) {
            if (hello->bitmaps[i] & (UINT32_C(1) << bit)) {
                ds_put_format(s, "%s 0x%02zx", any ? "," : "",
                              i * 32 + bit);
                any = true;
            }
        }
    }
    if (!any) {
        ds_put_cstr(s, " (none)");
    }
}

bool
of_hello_allows_13(const struct of_hello *hello, uint8_t version)
{
    /* 6.3.2: with version bitmaps the peer speaks exactly the versions
     * whose bits are set; without one, the negotiated version is the
     * smaller of the two header versions, so a peer that announces 1.3 or
     * later agrees to 1.3. */
    if (hello->has_bitmap) {
        return hello->n_bitmaps > 0
               && (hello->bitmaps[0] & (UINT32_C(1) << OFP_VERSION));
    }
    return version >= OFP_VERSION;
}

/* ---- ERROR (7.4.4) ---- */

enum ofperr
of_error_msg_decode(struct of_error_msg *err, struct ofpbuf_rd *rd,
                    struct arena *arena OF_UNUSED)
{
    memset(err, 0, sizeof *err);
    if (!ofpbuf_rd_be16(rd, &err->type) || !ofpbuf_rd_be16(rd, &err->code)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    if (err->type == OFPET_EXPERIMENTER
        && !ofpbuf_rd_be32(rd, &err->experimenter)) {
        /* struct ofp_error_experimenter_msg: exp_type sits where 'code'
         * does, followed by the experimenter id. */
        return OFPERR_OFPBRC_BAD_LEN;
    }
    err->len = ofpbuf_rd_left(rd);
    err->data = ofpbuf_rd_pull(rd, err->len);
    return 0;
}

void
of_error_msg_encode(const struct of_error_msg *err, struct ofpbuf *out)
{
    ofpbuf_put_be16(out, err->type);
    ofpbuf_put_be16(out, err->code);
    if (err->type == OFPET_EXPERIMENTER) {
        ofpbuf_put_be32(out, err->experimenter);
    }
    if (err->len) {
        ofpbuf_put(out, err->data, err->len);
    }
}

/* True if 'data' is ASCII text worth printing as a string (OFPET_HELLO_FAILED
 * carries text, 7.4.4). */
static bool
is_text(const uint8_t *data, size_t len)
{
    if (!len) {
        return false;
    }
    for (size_t i = 0; i < len; i++) {
        if (!data[i] && i == len - 1) {
            break;
        }
        if (!isprint(data[i]) && !isspace(data[i])) {
            return false;
        }
    }
    return true;
}

/* Appends what the data of an error reveals of the offending request: the
 * whole message if it is complete and decodes, otherwise its type, xid and
 * length, and the bytes. */
static void
format_error_data(const struct of_error_msg *err, struct ds *s)
{
    const uint8_t *data = err->data;
    uint8_t version, type;
    uint16_t length;
    uint32_t xid;

    if (err->type == OFPET_HELLO_FAILED && is_text(data, err->len)) {
        ds_put_cstr(s, " \"");
        format_string(s, (const char *) data, err->len);
        ds_put_char(s, '"');
        return;
    }
    if (err->len < OF_HEADER_LEN || data[0] != OFP_VERSION) {
        format_data(s, data, err->len);
        return;
    }

    of_msg_header(data, &version, &type, &length, &xid);
    if (length == err->len && type != OFPT_ERROR) {
        struct of_msg inner;

        if (!of_msg_decode(&inner, data, err->len)) {
            ds_put_cstr(s, "\n  ");
            of_msg_format(&inner, s);
            of_msg_uninit(&inner);
            return;
        }
        of_msg_uninit(&inner);
    }
    ds_put_cstr(s, "\n  ");
    if (of_msg_type_name(type)) {
        ds_put_cstr(s, of_msg_type_name(type));
    } else {
        ds_put_format(s, "OFPT_UNKNOWN(%d)", type);
    }
    ds_put_format(s, " (xid=0x%"PRIx32")", xid);
    if (length > err->len) {
        ds_put_format(s, " (truncated to %zu of %u bytes)", err->len,
                      length);
    }
    format_data(s, data, err->len);
}

void
of_error_msg_format(const struct of_error_msg *err, struct ds *s)
{
    const char *type_name = ofperr_type_name(err->type);

    if (err->type == OFPET_EXPERIMENTER) {
        ds_put_format(s, "OFPET_EXPERIMENTER experimenter=0x%08"PRIx32
                      " exp_type=%u", err->experimenter, err->code);
    } else {
        enum ofperr error = ofperr_from_type_code(err->type, err->code);

        if (error) {
            ds_put_cstr(s, ofperr_name(error));
        } else if (type_name) {
            ds_put_format(s, "%s code=%u", type_name, err->code);
        } else {
            ds_put_format(s, "type=%u code=%u", err->type, err->code);
        }
    }
    format_error_data(err, s);
}

/* ---- ECHO_REQUEST and ECHO_REPLY (7.5.2, 7.5.3) ---- */

enum ofperr
of_echo_decode(struct of_echo *echo, struct ofpbuf_rd *rd,
               struct arena *arena OF_UNUSED)
{
    echo->len = ofpbuf_rd_left(rd);
    echo->data = ofpbuf_rd_pull(rd, echo->len);
    return 0;
}

void
of_echo_encode(const struct of_echo *echo, struct ofpbuf *out)
{
    if (echo->len) {
        ofpbuf_put(out, echo->data, echo->len);
    }
}

void
of_echo_format(const struct of_echo *echo, struct ds *s)
{
    ds_put_format(s, "%zu bytes of payload", echo->len);
    format_data(s, echo->data, echo->len);
}

/* ---- EXPERIMENTER (7.5.4) and the OFPMP_EXPERIMENTER body ---- */

/* Both have the same layout after their headers: experimenter, exp_type,
 * data (struct ofp_experimenter_header, struct
 * ofp_experimenter_multipart_header). */
_Static_assert(BODY_LEN(ofp_experimenter_header)
               == sizeof(struct ofp_experimenter_multipart_header),
               "experimenter bodies differ");

enum ofperr
of_experimenter_msg_decode(struct of_experimenter_msg *msg,
                           struct ofpbuf_rd *rd,
                           struct arena *arena OF_UNUSED)
{
    struct of_experimenter *exp = &msg->exp;

    memset(exp, 0, sizeof *exp);
    if (!ofpbuf_rd_be32(rd, &exp->experimenter)
        || !ofpbuf_rd_be32(rd, &exp->exp_type)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    exp->len = ofpbuf_rd_left(rd);
    exp->data = ofpbuf_rd_pull(rd, exp->len);
    return 0;
}

void
of_experimenter_msg_encode(const struct of_experimenter_msg *msg,
                           struct ofpbuf *out)
{
    const struct of_experimenter *exp = &msg->exp;

    ofpbuf_put_be32(out, exp->experimenter);
    ofpbuf_put_be32(out, exp->exp_type);
    if (exp->len) {
        ofpbuf_put(out, exp->data, exp->len);
    }
}

void
of_experimenter_msg_format(const struct of_experimenter_msg *msg,
                           struct ds *s)
{
    const struct of_experimenter *exp = &msg->exp;

    ds_put_format(s, "experimenter=0x%08"PRIx32" exp_type=%"PRIu32
                  " (%zu bytes of data)", exp->experimenter, exp->exp_type,
                  exp->len);
    format_data(s, exp->data, exp->len);
}

/* ---- FEATURES_REPLY (7.3.1) ---- */

static const struct bit_name capability_names[] = {
    { OFPC_FLOW_STATS, "FLOW_STATS" },
    { OFPC_TABLE_STATS, "TABLE_STATS" },
    { OFPC_PORT_STATS, "PORT_STATS" },
    { OFPC_GROUP_STATS, "GROUP_STATS" },
    { OFPC_IP_REASM, "IP_REASM" },
    { OFPC_QUEUE_STATS, "QUEUE_STATS" },
    { OFPC_PORT_BLOCKED, "PORT_BLOCKED" },
};

enum ofperr
of_switch_features_decode(struct of_switch_features *f,
                          struct ofpbuf_rd *rd,
                          struct arena *arena OF_UNUSED)
{
    const uint8_t *p;

    if (ofpbuf_rd_left(rd) != BODY_LEN(ofp_switch_features)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    p = ofpbuf_rd_pull(rd, BODY_LEN(ofp_switch_features));
    f->datapath_id = ofp_get_be64(p + BODY_OFS(ofp_switch_features,
                                               datapath_id));
    f->n_buffers = ofp_get_be32(p + BODY_OFS(ofp_switch_features,
                                             n_buffers));
    f->n_tables = p[BODY_OFS(ofp_switch_features, n_tables)];
    f->auxiliary_id = p[BODY_OFS(ofp_switch_features, auxiliary_id)];
    f->capabilities = ofp_get_be32(p + BODY_OFS(ofp_switch_features,
                                                capabilities));
    f->reserved = ofp_get_be32(p + BODY_OFS(ofp_switch_features, reserved));
    return 0;
}

void
of_switch_features_encode(const struct of_switch_features *f,
                          struct ofpbuf *out)
{
    uint8_t *p = ofpbuf_put_zeros(out, BODY_LEN(ofp_switch_features));

    ofp_put_be64(p + BODY_OFS(ofp_switch_features, datapath_id),
                 f->datapath_id);
    ofp_put_be32(p + BODY_OFS(ofp_switch_features, n_buffers),
                 f->n_buffers);
    p[BODY_OFS(ofp_switch_features, n_tables)] = f->n_tables;
    p[BODY_OFS(ofp_switch_features, auxiliary_id)] = f->auxiliary_id;
    ofp_put_be32(p + BODY_OFS(ofp_switch_features, capabilities),
                 f->capabilities);
    ofp_put_be32(p + BODY_OFS(ofp_switch_features, reserved), f->reserved);
}

void
of_switch_features_format(const struct of_switch_features *f, struct ds *s)
{
    ds_put_format(s, "dpid:%016"PRIx64"\n  n_tables:%u, n_buffers:%"PRIu32,
                  f->datapath_id, f->n_tables, f->n_buffers);
    if (f->auxiliary_id) {
        ds_put_format(s, ", auxiliary_id:%u", f->auxiliary_id);
    }
    if (f->reserved) {
        ds_put_format(s, ", reserved:0x%"PRIx32, f->reserved);
    }
    ds_put_cstr(s, "\n  capabilities: ");
    format_bits(s, f->capabilities, capability_names,
                ARRAY_SIZE(capability_names));
}

/* ---- GET_CONFIG_REPLY and SET_CONFIG (7.3.2) ---- */

enum ofperr
of_switch_config_decode(struct of_switch_config *c, struct ofpbuf_rd *rd,
                        struct arena *arena OF_UNUSED)
{
    if (ofpbuf_rd_left(rd) != BODY_LEN(ofp_switch_config)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    ofpbuf_rd_be16(rd, &c->flags);
    ofpbuf_rd_be16(rd, &c->miss_send_len);

    /* A.3.2: the only flags are the OFPC_FRAG_* values, and DROP and REASM
     * together (3, the mask itself) is no mode at all. */
    if (c->flags & ~OFPC_FRAG_MASK
        || (c->flags & OFPC_FRAG_MASK) == OFPC_FRAG_MASK) {
        return OFPERR_OFPSCFC_BAD_FLAGS;
    }
    return 0;
}

void
of_switch_config_encode(const struct of_switch_config *c, struct ofpbuf *out)
{
    ofpbuf_put_be16(out, c->flags);
    ofpbuf_put_be16(out, c->miss_send_len);
}

void
of_switch_config_format(const struct of_switch_config *c, struct ds *s)
{
    uint16_t other = c->flags & ~OFPC_FRAG_MASK;

    ds_put_cstr(s, "frags=");
    switch (c->flags & OFPC_FRAG_MASK) {
    case OFPC_FRAG_NORMAL:
        ds_put_cstr(s, "normal");
        break;
    case OFPC_FRAG_DROP:
        ds_put_cstr(s, "drop");
        break;
    case OFPC_FRAG_REASM:
        ds_put_cstr(s, "reassemble");
        break;
    default:
        ds_put_cstr(s, "drop+reassemble");
        break;
    }
    if (other) {
        ds_put_format(s, " flags=0x%x", other);
    }
    if (c->miss_send_len == OFPCML_NO_BUFFER) {
        ds_put_cstr(s, " miss_send_len=NO_BUFFER");
    } else {
        ds_put_format(s, " miss_send_len=%u", c->miss_send_len);
    }
}

/* ---- ROLE_REQUEST and ROLE_REPLY (7.3.9) ---- */

static const char *
role_name(uint32_t role)
{
    switch ((enum ofp_controller_role) role) {
    case OFPCR_ROLE_NOCHANGE:
        return "nochange";
    case OFPCR_ROLE_EQUAL:
        return "equal";
    case OFPCR_ROLE_MASTER:
        return "master";
    case OFPCR_ROLE_SLAVE:
        return "slave";
    }
    return NULL;
}

enum ofperr
of_role_decode(struct of_role *r, struct ofpbuf_rd *rd,
               struct arena *arena OF_UNUSED)
{
    const uint8_t *p;

    if (ofpbuf_rd_left(rd) != BODY_LEN(ofp_role_request)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    p = ofpbuf_rd_pull(rd, BODY_LEN(ofp_role_request));
    r->role = ofp_get_be32(p + BODY_OFS(ofp_role_request, role));
    r->generation_id = ofp_get_be64(p + BODY_OFS(ofp_role_request,
                                                 generation_id));

    /* A.4.4: OFPRRFC_BAD_ROLE, "invalid role", for anything but the four
     * OFPCR_ROLE_* values. */
    if (!role_name(r->role)) {
        return OFPERR_OFPRRFC_BAD_ROLE;
    }
    return 0;
}

void
of_role_encode(const struct of_role *r, struct ofpbuf *out)
{
    uint8_t *p = ofpbuf_put_zeros(out, BODY_LEN(ofp_role_request));

    ofp_put_be32(p + BODY_OFS(ofp_role_request, role), r->role);
    ofp_put_be64(p + BODY_OFS(ofp_role_request, generation_id),
                 r->generation_id);
}

void
of_role_format(const struct of_role *r, struct ds *s)
{
    const char *name = role_name(r->role);

    if (name) {
        ds_put_format(s, "role=%s", name);
    } else {
        ds_put_format(s, "role=%"PRIu32, r->role);
    }
    ds_put_format(s, " generation_id=%"PRIu64, r->generation_id);
}

/* ---- GET_ASYNC_REPLY and SET_ASYNC (7.3.10) ---- */

static const struct bit_name packet_in_reasons[] = {
    { 1u << OFPR_NO_MATCH, "no_match" },
    { 1u << OFPR_ACTION, "action" },
    { 1u << OFPR_INVALID_TTL, "invalid_ttl" },
};

static const struct bit_name port_status_reasons[] = {
    { 1u << OFPPR_ADD, "add" },
    { 1u << OFPPR_DELETE, "delete" },
    { 1u << OFPPR_MODIFY, "modify" },
};

static const struct bit_name flow_removed_reasons[] = {
    { 1u << OFPRR_IDLE_TIMEOUT, "idle" },
    { 1u << OFPRR_HARD_TIMEOUT, "hard" },
    { 1u << OFPRR_DELETE, "delete" },
    { 1u << OFPRR_GROUP_DELETE, "group_delete" },
};

enum ofperr
of_async_config_decode(struct of_async_config *a, struct ofpbuf_rd *rd,
                       struct arena *arena OF_UNUSED)
{
    if (ofpbuf_rd_left(rd) != BODY_LEN(ofp_async_config)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    /* 7.3.10 defines no error for reason bits it does not name; they are
     * kept (and printed in hex) so that the message re-encodes as sent. */
    for (int i = 0; i < 2; i++) {
        ofpbuf_rd_be32(rd, &a->packet_in_mask[i]);
    }
    for (int i = 0; i < 2; i++) {
        ofpbuf_rd_be32(rd, &a->port_status_mask[i]);
    }
    for (int i = 0; i < 2; i++) {
        ofpbuf_rd_be32(rd, &a->flow_removed_mask[i]);
    }
    return 0;
}

void
of_async_config_encode(const struct of_async_config *a, struct ofpbuf *out)
{
    for (int i = 0; i < 2; i++) {
        ofpbuf_put_be32(out, a->packet_in_mask[i]);
    }
    for (int i = 0; i < 2; i++) {
        ofpbuf_put_be32(out, a->port_status_mask[i]);
    }
    for (int i = 0; i < 2; i++) {
        ofpbuf_put_be32(out, a->flow_removed_mask[i]);
    }
}

static void
format_async_mask(struct ds *s, const char *title, uint32_t mask,
                  const struct bit_name *names, size_t n_names)
{
    ds_put_format(s, "\n  %14s: ", title);
    if (mask) {
        format_bits(s, mask, names, n_names);
    } else {
        ds_put_cstr(s, "(off)");
    }
}

void
of_async_config_format(const struct of_async_config *a, struct ds *s)
{
    static const char *const roles[2] = { "master", "slave" };

    for (int i = 0; i < 2; i++) {
        ds_put_format(s, "%s%s:", i ? "\n" : "", roles[i]);
        format_async_mask(s, "PACKET_IN", a->packet_in_mask[i],
                          packet_in_reasons, ARRAY_SIZE(packet_in_reasons));
        format_async_mask(s, "PORT_STATUS", a->port_status_mask[i],
                          port_status_reasons,
                          ARRAY_SIZE(port_status_reasons));
        format_async_mask(s, "FLOW_REMOVED", a->flow_removed_mask[i],
                          flow_removed_reasons,
                          ARRAY_SIZE(flow_removed_reasons));
    }
}

/* ---- OFPMP_DESC reply (7.3.5.1) ---- */

/* Copies a NUL-padded wire string of 'n' bytes into 'dst' (n + 1 bytes),
 * always NUL-terminated.  A full-length string has no NUL on the wire. */
static void
get_string(char *dst, const char *src, size_t n)
{
    memcpy(dst, src, n);
    dst[n] = '\0';
}

/* Writes 'src' into a wire field of 'n' bytes, NUL-padded (the field is
 * already zero).  A string of exactly 'n' bytes fills it without a NUL. */
static void
put_string(char *dst, const char *src, size_t n)
{
    memcpy(dst, src, strnlen(src, n));
}

enum ofperr
of_desc_decode(struct of_desc *d, struct ofpbuf_rd *rd,
               struct arena *arena OF_UNUSED)
{
    const struct ofp_desc *w;

    if (ofpbuf_rd_left(rd) != sizeof *w) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    w = ofpbuf_rd_pull(rd, sizeof *w);
    get_string(d->mfr_desc, w->mfr_desc, DESC_STR_LEN);
    get_string(d->hw_desc, w->hw_desc, DESC_STR_LEN);
    get_string(d->sw_desc, w->sw_desc, DESC_STR_LEN);
    get_string(d->serial_num, w->serial_num, SERIAL_NUM_LEN);
    get_string(d->dp_desc, w->dp_desc, DESC_STR_LEN);
    return 0;
}

void
of_desc_encode(const struct of_desc *d, struct ofpbuf *out)
{
    struct ofp_desc *w = ofpbuf_put_zeros(out, sizeof *w);

    put_string(w->mfr_desc, d->mfr_desc, DESC_STR_LEN);
    put_string(w->hw_desc, d->hw_desc, DESC_STR_LEN);
    put_string(w->sw_desc, d->sw_desc, DESC_STR_LEN);
    put_string(w->serial_num, d->serial_num, SERIAL_NUM_LEN);
    put_string(w->dp_desc, d->dp_desc, DESC_STR_LEN);
}

void
of_desc_format(const struct of_desc *d, struct ds *s)
{
    ds_put_cstr(s, "Manufacturer: ");
    format_string(s, d->mfr_desc, DESC_STR_LEN);
    ds_put_cstr(s, "\n  Hardware: ");
    format_string(s, d->hw_desc, DESC_STR_LEN);
    ds_put_cstr(s, "\n  Software: ");
    format_string(s, d->sw_desc, DESC_STR_LEN);
    ds_put_cstr(s, "\n  Serial Num: ");
    format_string(s, d->serial_num, SERIAL_NUM_LEN);
    ds_put_cstr(s, "\n  DP Description: ");
    format_string(s, d->dp_desc, DESC_STR_LEN);
}
