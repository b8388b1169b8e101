#include "ofproto/ofp-packet.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ofproto/arena.h"
#include "ofproto/ds.h"
#include "ofproto/ofp-flow.h"
#include "ofproto/ofp-parse.h"
#include "ofproto/ofpbuf.h"
#include "ofproto/util.h"

/* The wire structs include the OpenFlow header, which ofp-msgs handles;
 * these give the length of what follows it and each field's offset there. */
#define BODY_LEN(STRUCT) (sizeof(struct STRUCT) - sizeof(struct ofp_header))
#define BODY_OFS(STRUCT, FIELD)                                             \
    (offsetof(struct STRUCT, FIELD) - sizeof(struct ofp_header))
#define PI_OFS(FIELD) BODY_OFS(ofp_packet_in, FIELD)
#define PO_OFS(FIELD) BODY_OFS(ofp_packet_out, FIELD)

/* 7.4.1: two bytes of zero padding between the match and the frame, so
 * that the frame's IP header is 32-bit aligned. */
#define PACKET_IN_PAD 2

/* ---- A short summary of an Ethernet frame ---- */

#define ETH_HEADER_LEN 14
#define ETH_TYPE_IPV4 0x0800
#define ETH_TYPE_ARP 0x0806
#define ETH_TYPE_VLAN 0x8100
#define ETH_TYPE_VLAN_8021AD 0x88a8
#define ARP_LEN 28              /* Ethernet/IPv4 ARP. */
#define IPV4_MIN_LEN 20

static void
put_mac(struct ds *s, const char *name, const uint8_t *mac)
{
    ds_put_format(s, " %s=%02x:%02x:%02x:%02x:%02x:%02x", name,
                  mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
}

static void
put_ipv4(struct ds *s, const char *name, const uint8_t *ip)
{
    ds_put_format(s, " %s=%d.%d.%d.%d", name, ip[0], ip[1], ip[2], ip[3]);
}

/* Appends " data_len=N" and, as far as the frame holds them, its Ethernet
 * addresses and type (after at most one VLAN tag) and for ARP and IPv4 the
 * addresses: " eth_src=... eth_dst=... eth_type=0x0806 arp_op=1
 * arp_spa=10.0.0.1 arp_tpa=10.0.0.3". */
static void
format_frame(const uint8_t *data, size_t len, struct ds *s)
{
    const uint8_t *p;
    size_t left;
    uint16_t type;

    ds_put_format(s, " data_len=%zu", len);
    if (len < ETH_HEADER_LEN) {
        return;
    }
    put_mac(s, "eth_src", data + 6);
    put_mac(s, "eth_dst", data);
    type = ofp_get_be16(data + 12);
    p = data + ETH_HEADER_LEN;
    left = len - ETH_HEADER_LEN;
    if ((type == ETH_TYPE_VLAN || type == ETH_TYPE_VLAN_8021AD) && left >= 4) {
        uint16_t tci = ofp_get_be16(p);

        ds_put_format(s, " vlan_vid=%d vlan_pcp=%d", tci & 0xfff, tci >> 13);
        type = ofp_get_be16(p + 2);
        p += 4;
        left -= 4;
    }
    ds_put_format(s, " eth_type=0x%04"PRIx16, type);

    if (type == ETH_TYPE_ARP && left >= ARP_LEN) {
        ds_put_format(s, " arp_op=%"PRIu16, ofp_get_be16(p + 6));
        put_ipv4(s, "arp_spa", p + 14);
        put_ipv4(s, "arp_tpa", p + 24);
    } else if (type == ETH_TYPE_IPV4 && left >= IPV4_MIN_LEN
               && p[0] >> 4 == 4) {
        put_ipv4(s, "ipv4_src", p + 12);
        put_ipv4(s, "ipv4_dst", p + 16);
        ds_put_format(s, " ip_proto=%d", p[9]);
    }
}

static void
format_buffer_id(uint32_t buffer_id, struct ds *s)
{
    if (buffer_id == OFP_NO_BUFFER) {
        ds_put_cstr(s, "none");
    } else {
        ds_put_format(s, "0x%"PRIx32, buffer_id);
    }
}

/* ---- PACKET_IN ---- */

enum ofperr
of_packet_in_decode(struct of_packet_in *pin, struct ofpbuf_rd *rd,
                    struct arena *arena OF_UNUSED)
{
    const uint8_t *w = ofpbuf_rd_pull(rd, BODY_LEN(ofp_packet_in));
    enum ofperr error;

    of_match_init(&pin->match);
    pin->data = NULL;
    pin->len = 0;
    if (!w) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    pin->buffer_id = ofp_get_be32(w + PI_OFS(buffer_id));
    pin->total_len = ofp_get_be16(w + PI_OFS(total_len));
    pin->reason = w[PI_OFS(reason)];
    pin->table_id = w[PI_OFS(table_id)];
    pin->cookie = ofp_get_be64(w + PI_OFS(cookie));

    /* A body that ends before the match header is too short for the
     * message; a match running past the body is the match's error. */
    if (ofpbuf_rd_left(rd) < sizeof(struct ofp_match)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    error = of_match_decode(rd, &pin->match);
    if (error) {
        return error;
    }
    if (!ofpbuf_rd_skip(rd, PACKET_IN_PAD)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    /* The frame is the rest of the message (7.4.1). */
    pin->len = ofpbuf_rd_left(rd);
    pin->data = ofpbuf_rd_pull(rd, pin->len);
    return 0;
}

void
of_packet_in_encode(const struct of_packet_in *pin, struct ofpbuf *out)
{
    uint8_t *w = ofpbuf_put_zeros(out, BODY_LEN(ofp_packet_in));

    ofp_put_be32(w + PI_OFS(buffer_id), pin->buffer_id);
    ofp_put_be16(w + PI_OFS(total_len), pin->total_len);
    w[PI_OFS(reason)] = pin->reason;
    w[PI_OFS(table_id)] = pin->table_id;
    ofp_put_be64(w + PI_OFS(cookie), pin->cookie);
    of_match_encode(&pin->match, out);
    ofpbuf_put_zeros(out, PACKET_IN_PAD);
    if (pin->len) {
        ofpbuf_put(out, pin->data, pin->len);
    }
}

static const char *
packet_in_reason_name(uint8_t reason)
{
    switch ((enum ofp_packet_in_reason) reason) {
    case OFPR_NO_MATCH:
        return "NO_MATCH";
    case OFPR_ACTION:
        return "ACTION";
    case OFPR_INVALID_TTL:
        return "INVALID_TTL";
    }
    return NULL;
}

/* "in_port=6 reason=ACTION table=1 cookie=0x1020300000000 buffer_id=0x2
 *  total_len=42 data_len=42 eth_src=... eth_dst=... eth_type=0x0806 ..."
 * and " match=..." when the match holds more than in_port. */
void
of_packet_in_format(const struct of_packet_in *pin, struct ds *s)
{
    const struct of_oxm *in_port = of_match_find(&pin->match,
                                                 OF_FIELD_IN_PORT);
    const char *reason = packet_in_reason_name(pin->reason);

    ds_put_cstr(s, "in_port=");
    if (in_port) {
        of_port_no_format(in_port->value.u32, s);
    } else {
        ds_put_cstr(s, "none");
    }
    if (reason) {
        ds_put_format(s, " reason=%s", reason);
    } else {
        ds_put_format(s, " reason=%d", pin->reason);
    }
    ds_put_format(s, " table=%d cookie=0x%"PRIx64" buffer_id=",
                  pin->table_id, pin->cookie);
    format_buffer_id(pin->buffer_id, s);
    ds_put_format(s, " total_len=%"PRIu16, pin->total_len);
    format_frame(pin->data, pin->len, s);
    if (pin->match.n > (in_port ? 1 : 0)) {
        ds_put_cstr(s, " match=");
        of_match_format(&pin->match, s);
    }
}

/* ---- PACKET_OUT ---- */

/* 7.3.7: "The in_port field ... must be set to either a valid standard
 * switch port or OFPP_CONTROLLER."  ofkit also accepts OFPP_LOCAL, as Open
 * vSwitch does (the switch's own port is a port packets can come from).
 * Everything else -- 0, numbers above OFPP_MAX, the other reserved ports
 * and OFPP_ANY -- is OFPBRC_BAD_PORT (7.4.4). */
static bool
packet_out_in_port_is_valid(uint32_t port)
{
    return ((port > 0 && port <= OFPP_MAX) || port == OFPP_LOCAL
            || port == OFPP_CONTROLLER);
}

enum ofperr
of_packet_out_decode(struct of_packet_out *po, struct ofpbuf_rd *rd,
                     struct arena *arena)
{
    const uint8_t *w = ofpbuf_rd_pull(rd, BODY_LEN(ofp_packet_out));
    uint16_t actions_len;
    enum ofperr error;

    po->actions = NULL;
    po->n_actions = 0;
    po->data = NULL;
    po->len = 0;
    if (!w) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    po->buffer_id = ofp_get_be32(w + PO_OFS(buffer_id));
    po->in_port = ofp_get_be32(w + PO_OFS(in_port));
    actions_len = ofp_get_be16(w + PO_OFS(actions_len));

    if (actions_len > ofpbuf_rd_left(rd)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    if (!packet_out_in_port_is_valid(po->in_port)) {
        return OFPERR_OFPBRC_BAD_PORT;
    }
    /* 7.3.7: output to OFPP_TABLE is meaningful here and only here. */
    error = of_actions_decode(rd, actions_len, OF_ACTX_PACKET_OUT, arena,
                              &po->actions, &po->n_actions);
    if (error) {
        return error;
    }
    /* 7.3.7: the frame follows the actions.  With a buffer_id other than
     * OFP_NO_BUFFER the switch uses its buffered packet and ignores any
     * data here; without one, an empty frame is still well-formed on the
     * wire, and what to do with it is the switch's business. */
    po->len = ofpbuf_rd_left(rd);
    po->data = ofpbuf_rd_pull(rd, po->len);
    return 0;
}

void
of_packet_out_encode(const struct of_packet_out *po, struct ofpbuf *out)
{
    size_t start = out->size;
    uint8_t *w = ofpbuf_put_zeros(out, BODY_LEN(ofp_packet_out));
    size_t actions_len;

    ofp_put_be32(w + PO_OFS(buffer_id), po->buffer_id);
    ofp_put_be32(w + PO_OFS(in_port), po->in_port);
    actions_len = of_actions_encode(po->actions, po->n_actions, out);
    ofpbuf_set_be16(out, start + PO_OFS(actions_len), actions_len);
    if (po->len) {
        ofpbuf_put(out, po->data, po->len);
    }
}

/* "in_port=CONTROLLER buffer_id=none actions=output:ALL data_len=42
 *  eth_src=... eth_dst=... eth_type=0x0800 ipv4_src=... ..." */
void
of_packet_out_format(const struct of_packet_out *po, struct ds *s)
{
    ds_put_cstr(s, "in_port=");
    of_port_no_format(po->in_port, s);
    ds_put_cstr(s, " buffer_id=");
    format_buffer_id(po->buffer_id, s);
    ds_put_cstr(s, " actions=");
    of_actions_format(po->actions, po->n_actions, s);
    format_frame(po->data, po->len, s);
}

static int
hex_digit_value(char c)
{
    return (isdigit((unsigned char) c) ? c - '0'
            : tolower((unsigned char) c) - 'a' + 10);
}

static char *
parse_packet_hex(const char *value, struct arena *arena,
                 const uint8_t **datap, size_t *lenp)
{
    size_t n = value ? strlen(value) : 0;
    uint8_t *data;

    if (!n) {
        return xstrdup("packet: missing value");
    }
    for (size_t i = 0; i < n; i++) {
        if (!isxdigit((unsigned char) value[i])) {
            return xasprintf("packet: '%s' is not hexadecimal", value);
        }
    }
    if (n % 2) {
        return xasprintf("packet: '%s' has an odd number of hex digits",
                         value);
    }
    data = arena_alloc(arena, n / 2);
    for (size_t i = 0; i < n / 2; i++) {
        data[i] = (hex_digit_value(value[2 * i]) << 4
                   | hex_digit_value(value[2 * i + 1]));
    }
    *datap = data;
    *lenp = n / 2;
    return NULL;
}

static char *
parse_packet_out_word(struct of_packet_out *po, const char *key,
                      const char *value, struct arena *arena)
{
    if (!strcmp(key, "in_port")) {
        char *error;

        if (!value || !*value) {
            return xstrdup("in_port: missing value");
        }
        error = of_port_no_parse(value, &po->in_port);
        if (error) {
            char *msg = xasprintf("in_port: %s", error);

            free(error);
            return msg;
        }
        if (!packet_out_in_port_is_valid(po->in_port)) {
            return xasprintf("in_port: '%s' is not a port a packet can come "
                             "from (use a port number, LOCAL or "
                             "CONTROLLER)", value);
        }
        return NULL;
    } else if (!strcmp(key, "buffer_id")) {
        uint64_t n;
        char *error;

        if (value && !strcasecmp(value, "none")) {
            po->buffer_id = OFP_NO_BUFFER;
            return NULL;
        }
        error = of_parse_number(key, value, UINT32_MAX, &n);
        if (!error) {
            po->buffer_id = n;
        }
        return error;
    } else if (!strcmp(key, "actions")) {
        if (!value) {
            return xstrdup("actions: missing value");
        }
        return of_actions_parse(value, OF_ACTX_PACKET_OUT, arena,
                                &po->actions, &po->n_actions);
    } else if (!strcmp(key, "packet")) {
        return parse_packet_hex(value, arena, &po->data, &po->len);
    }
    return xasprintf("unknown field '%s'", key);
}

char *
of_packet_out_parse(struct of_packet_out *po, const char *s,
                    struct arena *arena)
{
    static const char *const stop_keys[] = {
        "packet", "in_port", "buffer_id", NULL
    };
    char *copy = xstrdup(s);
    char *p = copy;
    char *key, *value;
    char *error = NULL;

    memset(po, 0, sizeof *po);
    po->buffer_id = OFP_NO_BUFFER;
    po->in_port = OFPP_CONTROLLER;
    while (!error && of_parse_next_kv(&p, &key, &value, stop_keys)) {
        error = parse_packet_out_word(po, key, value, arena);
    }
    free(copy);
    return error;
}
