#include "ofproto/ofp-match.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ofproto/ds.h"
#include "ofproto/ofp-actions.h"
#include "ofproto/ofp-parse.h"
#include "ofproto/ofpbuf.h"
#include "ofproto/util.h"

static const struct of_field_info fields[OF_N_FIELDS] = {
#define OXM(ENUM, NAME, CLASS, FIELD, BYTES, MASKABLE, FMT, PREREQ) \
    [OF_FIELD_##ENUM] = { NAME, CLASS, FIELD, BYTES, MASKABLE, FMT, PREREQ },
#include "ofproto/oxm-fields.def"
#undef OXM
};

_Static_assert(OF_N_FIELDS <= 64, "field bitmaps are 64 bits");
_Static_assert(OF_N_FIELDS <= OF_MATCH_MAX,
               "a match must have room for every field once");

const struct of_field_info *
of_field_info(enum of_field field)
{
    return &fields[field];
}

enum of_field
of_field_from_oxm(uint16_t oxm_class, uint8_t oxm_field)
{
    for (int i = 0; i < OF_N_FIELDS; i++) {
        if (fields[i].oxm_class == oxm_class
            && fields[i].oxm_field == oxm_field) {
            return (enum of_field) i;
        }
    }
    return OF_N_FIELDS;
}

/* Other names ovs-ofctl accepts for a field, whose meaning does not depend
 * on the rest of the match. */
static const struct {
    const char *alias;
    enum of_field field;
} aliases[] = {
    { "dl_dst", OF_FIELD_ETH_DST },
    { "dl_src", OF_FIELD_ETH_SRC },
    { "dl_type", OF_FIELD_ETH_TYPE },
    { "dl_vlan_pcp", OF_FIELD_VLAN_PCP },
    { "nw_ecn", OF_FIELD_IP_ECN },
    { "icmpv4_type", OF_FIELD_ICMPV4_TYPE },
    { "icmpv4_code", OF_FIELD_ICMPV4_CODE },
    { "ipv6_flabel", OF_FIELD_IPV6_FLABEL },
    { "ipv6_nd_target", OF_FIELD_IPV6_ND_TARGET },
    { "ipv6_nd_sll", OF_FIELD_IPV6_ND_SLL },
    { "ipv6_nd_tll", OF_FIELD_IPV6_ND_TLL },
    { "tun_id", OF_FIELD_TUNNEL_ID },
    /* Where no protocol can tell IPv4 from ARP (set_field), ovs-ofctl's
     * network names mean IPv4; of_match_parse_field() decides by the
     * match for these. */
    { "nw_src", OF_FIELD_IPV4_SRC },
    { "nw_dst", OF_FIELD_IPV4_DST },
    { "ip_src", OF_FIELD_IPV4_SRC },
    { "ip_dst", OF_FIELD_IPV4_DST },
    { "nw_proto", OF_FIELD_IP_PROTO },
    { "tun_ipv4_src", OF_FIELD_TUN_IPV4_SRC },
    { "tun_ipv4_dst", OF_FIELD_TUN_IPV4_DST },
};

enum of_field
of_field_from_name(const char *name)
{
    int c = tolower((unsigned char) name[0]);

    /* Names are lower case: comparing first letters first keeps this
     * cheap, which matters to ofctl parsing 100,000 flows. */
    for (int i = 0; i < OF_N_FIELDS; i++) {
        if (fields[i].name[0] == c && !strcasecmp(fields[i].name, name)) {
            return (enum of_field) i;
        }
    }
    for (size_t i = 0; i < ARRAY_SIZE(aliases); i++) {
        if (!strcasecmp(aliases[i].alias, name)) {
            return aliases[i].field;
        }
    }
    return OF_N_FIELDS;
}

/* ---- Values ---- */

/* The valid bits of an integer field narrower than its storage, or 0 when
 * every bit of its width is valid. */
static uint64_t
field_bits(enum of_field field)
{
    switch (field) {
    case OF_FIELD_VLAN_VID:
        return 0x1fff;          /* OFPVID_PRESENT | 12-bit VID. */
    case OF_FIELD_VLAN_PCP:
    case OF_FIELD_MPLS_TC:
        return 0x7;
    case OF_FIELD_IP_DSCP:
        return 0x3f;
    case OF_FIELD_IP_ECN:
        return 0x3;
    case OF_FIELD_MPLS_LABEL:
    case OF_FIELD_IPV6_FLABEL:
        return 0xfffff;
    case OF_FIELD_MPLS_BOS:
        return 0x1;
    case OF_FIELD_PBB_ISID:
        return 0xffffff;
    case OF_FIELD_IPV6_EXTHDR:
        return 0x1ff;
    default:
        return 0;
    }
}

static bool
is_integer(enum of_field field)
{
    switch (fields[field].bytes) {
    case 1: case 2: case 3: case 4: case 8:
        return true;
    default:
        return false;
    }
}

static uint64_t
value_u64(enum of_field field, const union of_value *v)
{
    switch (fields[field].bytes) {
    case 1:
        return v->u8;
    case 2:
        return v->u16;
    case 3:
    case 4:
        return v->u32;
    case 8:
        return v->u64;
    default:
        return 0;
    }
}

static void
value_set_u64(enum of_field field, union of_value *v, uint64_t x)
{
    memset(v, 0, sizeof *v);
    switch (fields[field].bytes) {
    case 1:
        v->u8 = x;
        break;
    case 2:
        v->u16 = x;
        break;
    case 3:
    case 4:
        v->u32 = x;
        break;
    case 8:
        v->u64 = x;
        break;
    default:
        break;
    }
}

/* Largest value an integer field can hold. */
static uint64_t
field_max(enum of_field field)
{
    uint64_t bits = field_bits(field);
    unsigned int width = fields[field].bytes * 8;

    if (bits) {
        return bits;
    }
    return width >= 64 ? UINT64_MAX : (UINT64_C(1) << width) - 1;
}

void
of_value_from_wire(enum of_field field, const uint8_t *wire,
                   union of_value *v)
{
    unsigned int n = fields[field].bytes;

    memset(v, 0, sizeof *v);
    if (is_integer(field)) {
        uint64_t x = 0;

        for (unsigned int i = 0; i < n; i++) {
            x = (x << 8) | wire[i];
        }
        value_set_u64(field, v, x);
    } else {
        memcpy(v->bytes, wire, n);
    }
}

void
of_value_to_wire(enum of_field field, const union of_value *v,
                 uint8_t *wire)
{
    unsigned int n = fields[field].bytes;

    if (is_integer(field)) {
        uint64_t x = value_u64(field, v);

        for (unsigned int i = n; i-- > 0;) {
            wire[i] = x & 0xff;
            x >>= 8;
        }
    } else {
        memcpy(wire, v->bytes, n);
    }
}

bool
of_value_is_valid(enum of_field field, const union of_value *v)
{
    return !is_integer(field) || value_u64(field, v) <= field_max(field);
}

static bool
value_is_zero(const union of_value *v)
{
    static const union of_value zero;

    return !memcmp(v, &zero, sizeof *v);
}

/* Whether 'mask' is all-ones over the field's valid bits. */
static bool
mask_is_exact(enum of_field field, const union of_value *mask)
{
    if (is_integer(field)) {
        return value_u64(field, mask) == field_max(field);
    }
    for (unsigned int i = 0; i < fields[field].bytes; i++) {
        if (mask->bytes[i] != 0xff) {
            return false;
        }
    }
    return true;
}

static void
value_exact_mask(enum of_field field, union of_value *mask)
{
    if (is_integer(field)) {
        value_set_u64(field, mask, field_max(field));
    } else {
        memset(mask, 0, sizeof *mask);
        memset(mask->bytes, 0xff, fields[field].bytes);
    }
}

/* Whether 'value' has a bit set where 'mask' has not. */
static bool
value_outside_mask(enum of_field field, const union of_value *value,
                   const union of_value *mask)
{
    for (unsigned int i = 0; i < sizeof value->bytes; i++) {
        if (value->bytes[i] & ~mask->bytes[i]) {
            return true;
        }
    }
    (void) field;
    return false;
}

static void
value_and_mask(union of_value *value, const union of_value *mask)
{
    for (unsigned int i = 0; i < sizeof value->bytes; i++) {
        value->bytes[i] &= mask->bytes[i];
    }
}

/* Number of leading one bits if 'mask' (of 'n' bytes) is a CIDR prefix
 * mask, else -1. */
static int
prefix_len(const uint8_t *mask, unsigned int n)
{
    int len = 0;
    unsigned int i = 0;

    while (i < n && mask[i] == 0xff) {
        len += 8;
        i++;
    }
    if (i < n) {
        uint8_t b = mask[i];

        while (b & 0x80) {
            len++;
            b <<= 1;
        }
        if (b) {
            return -1;
        }
        for (i++; i < n; i++) {
            if (mask[i]) {
                return -1;
            }
        }
    }
    return len;
}

static void
format_mac(const uint8_t *mac, struct ds *s)
{
    ds_put_format(s, "%02x:%02x:%02x:%02x:%02x:%02x",
                  mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
}

static void
format_ipv4(uint32_t ip, struct ds *s)
{
    ds_put_format(s, "%u.%u.%u.%u", ip >> 24, (ip >> 16) & 0xff,
                  (ip >> 8) & 0xff, ip & 0xff);
}

static void
format_ipv6(const uint8_t *ip, struct ds *s)
{
    char buf[INET6_ADDRSTRLEN];

    inet_ntop(AF_INET6, ip, buf, sizeof buf);
    ds_put_cstr(s, buf);
}

static const char *const exthdr_names[] = {
    "nonext", "esp", "auth", "dest", "frag", "router", "hop", "unrep",
    "unseq",
};

static void
format_exthdr(uint16_t flags, struct ds *s)
{
    bool first = true;

    if (!flags) {
        ds_put_cstr(s, "0");
        return;
    }
    for (size_t i = 0; i < ARRAY_SIZE(exthdr_names); i++) {
        if (flags & (1u << i)) {
            ds_put_format(s, "%s%s", first ? "" : "|", exthdr_names[i]);
            first = false;
        }
    }
}

void
of_value_format(enum of_field field, const union of_value *value,
                const union of_value *mask, struct ds *s)
{
    const struct of_field_info *f = &fields[field];

    if (mask && mask_is_exact(field, mask)) {
        mask = NULL;
    }
    switch (f->fmt) {
    case FMT_DEC:
        ds_put_format(s, "%llu",
                      (unsigned long long) value_u64(field, value));
        if (mask) {
            ds_put_format(s, "/0x%llx",
                          (unsigned long long) value_u64(field, mask));
        }
        return;
    case FMT_HEX:
        ds_put_format(s, "0x%llx",
                      (unsigned long long) value_u64(field, value));
        if (mask) {
            ds_put_format(s, "/0x%llx",
                          (unsigned long long) value_u64(field, mask));
        }
        return;
    case FMT_PORT:
        of_port_no_format(value->u32, s);
        return;
    case FMT_MAC:
        format_mac(value->mac, s);
        if (mask) {
            ds_put_char(s, '/');
            format_mac(mask->mac, s);
        }
        return;
    case FMT_IPV4:
        format_ipv4(value->u32, s);
        if (mask) {
            uint8_t m[4];
            int plen;

            ofp_put_be32(m, mask->u32);
            plen = prefix_len(m, 4);
            if (plen >= 0) {
                ds_put_format(s, "/%d", plen);
            } else {
                ds_put_char(s, '/');
                format_ipv4(mask->u32, s);
            }
        }
        return;
    case FMT_IPV6:
        format_ipv6(value->ipv6, s);
        if (mask) {
            int plen = prefix_len(mask->ipv6, 16);

            if (plen >= 0) {
                ds_put_format(s, "/%d", plen);
            } else {
                ds_put_char(s, '/');
                format_ipv6(mask->ipv6, s);
            }
        }
        return;
    case FMT_VLAN_VID:
        if (mask) {
            ds_put_format(s, "0x%04x/0x%04x", value->u16, mask->u16);
        } else if (value->u16 == OFPVID_NONE) {
            ds_put_cstr(s, "none");
        } else if (value->u16 & OFPVID_PRESENT) {
            ds_put_format(s, "%u", value->u16 & 0xfff);
        } else {
            ds_put_format(s, "0x%04x", value->u16);
        }
        return;
    case FMT_EXTHDR:
        format_exthdr(value->u16, s);
        if (mask) {
            ds_put_format(s, "/0x%x", mask->u16);
        }
        return;
    }
}

static char *
parse_mac(const char *s, uint8_t mac[6])
{
    unsigned int b[6];
    int n = 0;

    if (sscanf(s, "%2x:%2x:%2x:%2x:%2x:%2x%n", &b[0], &b[1], &b[2], &b[3],
               &b[4], &b[5], &n) != 6 || s[n]) {
        return xasprintf("'%s' is not an Ethernet address", s);
    }
    for (int i = 0; i < 6; i++) {
        mac[i] = b[i];
    }
    return NULL;
}

static char *
parse_ipv4(const char *s, uint32_t *ip)
{
    struct in_addr a;

    if (inet_pton(AF_INET, s, &a) != 1) {
        return xasprintf("'%s' is not an IPv4 address", s);
    }
    *ip = ntohl(a.s_addr);
    return NULL;
}

static char *
parse_ipv6(const char *s, uint8_t ip[16])
{
    if (inet_pton(AF_INET6, s, ip) != 1) {
        return xasprintf("'%s' is not an IPv6 address", s);
    }
    return NULL;
}

/* Parses a CIDR prefix length "N" (0..bits) into a mask of 'n' bytes. */
static bool
parse_prefix(const char *s, unsigned int n, uint8_t *mask)
{
    uint64_t len;
    char *error = of_parse_number(NULL, s, n * 8, &len);

    if (error) {
        free(error);
        return false;
    }
    memset(mask, 0, n);
    for (unsigned int i = 0; i < len; i++) {
        mask[i / 8] |= 0x80 >> (i % 8);
    }
    return true;
}

static char *
parse_exthdr(const char *s, uint64_t *out)
{
    char *copy, *save = NULL;
    uint64_t x = 0;

    if (isdigit((unsigned char) *s)) {
        return of_parse_number(NULL, s, 0x1ff, out);
    }
    copy = xstrdup(s);
    for (char *w = strtok_r(copy, "|", &save); w;
         w = strtok_r(NULL, "|", &save)) {
        size_t i;

        for (i = 0; i < ARRAY_SIZE(exthdr_names); i++) {
            if (!strcasecmp(w, exthdr_names[i])) {
                x |= 1u << i;
                break;
            }
        }
        if (i == ARRAY_SIZE(exthdr_names)) {
            char *error = xasprintf("'%s' is not an ipv6_exthdr flag", w);

            free(copy);
            return error;
        }
    }
    free(copy);
    *out = x;
    return NULL;
}

/* Parses one value (no mask) of 'field'. */
static char *
parse_one(enum of_field field, const char *s, union of_value *v)
{
    const struct of_field_info *f = &fields[field];
    uint64_t x;
    char *error;

    memset(v, 0, sizeof *v);
    switch (f->fmt) {
    case FMT_DEC:
    case FMT_HEX:
        error = of_parse_number(NULL, s, field_max(field), &x);
        if (!error) {
            value_set_u64(field, v, x);
        }
        return error;
    case FMT_PORT:
        return of_port_no_parse(s, &v->u32);
    case FMT_MAC:
        return parse_mac(s, v->mac);
    case FMT_IPV4:
        return parse_ipv4(s, &v->u32);
    case FMT_IPV6:
        return parse_ipv6(s, v->ipv6);
    case FMT_VLAN_VID:
        if (!strcasecmp(s, "none")) {
            v->u16 = OFPVID_NONE;
            return NULL;
        }
        error = of_parse_number(NULL, s, 0x1fff, &x);
        if (!error) {
            /* A bare VLAN ID means "tagged with this VID" (as ovs-ofctl). */
            v->u16 = x < OFPVID_PRESENT ? (x | OFPVID_PRESENT) : x;
        }
        return error;
    case FMT_EXTHDR:
        error = parse_exthdr(s, &x);
        if (!error) {
            v->u16 = x;
        }
        return error;
    }
    return xasprintf("cannot parse '%s'", s);
}

char *
of_value_parse(enum of_field field, const char *s, union of_value *value,
               union of_value *maskp)
{
    const struct of_field_info *f = &fields[field];
    const char *slash = strchr(s, '/');
    char *head, *error;

    if (maskp) {
        value_exact_mask(field, maskp);
    }
    if (f->fmt == FMT_VLAN_VID && maskp && !strcasecmp(s, "present")) {
        memset(value, 0, sizeof *value);
        value->u16 = OFPVID_PRESENT;
        maskp->u16 = OFPVID_PRESENT;
        return NULL;
    }
    if (!slash || !maskp) {
        return parse_one(field, s, value);
    }

    head = xmemdup(s, slash - s + 1);
    head[slash - s] = '\0';
    if (f->fmt == FMT_VLAN_VID) {
        uint64_t x;

        /* With a mask, a VLAN value is taken literally: no present bit is
         * added. */
        error = of_parse_number(NULL, head, 0x1fff, &x);
        memset(value, 0, sizeof *value);
        if (!error) {
            value->u16 = x;
        }
    } else {
        error = parse_one(field, head, value);
    }
    free(head);
    if (error) {
        return error;
    }

    slash++;
    memset(maskp, 0, sizeof *maskp);
    switch (f->fmt) {
    case FMT_IPV4: {
        uint8_t m[4];

        if (!strchr(slash, '.') && parse_prefix(slash, 4, m)) {
            maskp->u32 = ofp_get_be32(m);
            return NULL;
        }
        return parse_ipv4(slash, &maskp->u32);
    }
    case FMT_IPV6:
        if (!strchr(slash, ':') && parse_prefix(slash, 16, maskp->ipv6)) {
            return NULL;
        }
        return parse_ipv6(slash, maskp->ipv6);
    case FMT_MAC:
        return parse_mac(slash, maskp->mac);
    case FMT_DEC:
    case FMT_HEX:
    case FMT_VLAN_VID:
    case FMT_EXTHDR: {
        uint64_t x;

        error = of_parse_number(NULL, slash, field_max(field), &x);
        if (!error) {
            value_set_u64(field, maskp, x);
        }
        return error;
    }
    case FMT_PORT:
        break;
    }
    return xasprintf("%s: '%s' does not take a mask", f->name, s);
}

/* ---- OXM TLVs ---- */

enum ofperr
of_oxm_decode(struct ofpbuf_rd *rd, struct of_oxm *oxm)
{
    uint32_t header;
    uint16_t oxm_class;
    unsigned int len, width;
    enum of_field field;
    const uint8_t *payload;

    memset(oxm, 0, sizeof *oxm);
    if (!ofpbuf_rd_be32(rd, &header)) {
        return OFPERR_OFPBMC_BAD_LEN;
    }
    oxm_class = OXM_CLASS(header);
    len = OXM_LENGTH(header);
    if (oxm_class == OFPXMC_EXPERIMENTER) {
        /* 7.2.3.2: an experimenter OXM carries a 32-bit experimenter id
         * inside its payload.  ofkit knows no experimenter OXM fields. */
        if (len < 4 || ofpbuf_rd_left(rd) < len) {
            return OFPERR_OFPBMC_BAD_LEN;
        }
        return OFPERR_OFPBMC_BAD_FIELD;
    }
    field = of_field_from_oxm(oxm_class, OXM_FIELD(header));
    if (field == OF_N_FIELDS) {
        return OFPERR_OFPBMC_BAD_FIELD;
    }
    width = fields[field].bytes;
    if (len != (OXM_HASMASK(header) ? 2 * width : width)) {
        return OFPERR_OFPBMC_BAD_LEN;
    }
    payload = ofpbuf_rd_pull(rd, len);
    if (!payload) {
        return OFPERR_OFPBMC_BAD_LEN;
    }

    oxm->field = field;
    oxm->has_mask = OXM_HASMASK(header);
    of_value_from_wire(field, payload, &oxm->value);
    if (oxm->has_mask) {
        /* Table 12: only some fields may be masked. */
        if (!fields[field].maskable) {
            return OFPERR_OFPBMC_BAD_MASK;
        }
        of_value_from_wire(field, payload + width, &oxm->mask);
        if (!of_value_is_valid(field, &oxm->mask)) {
            return OFPERR_OFPBMC_BAD_MASK;
        }
        /* 7.2.3.5: a value bit of 1 where the mask bit is 0 is an
         * error. */
        if (value_outside_mask(field, &oxm->value, &oxm->mask)) {
            return OFPERR_OFPBMC_BAD_WILDCARDS;
        }
    }
    if (!of_value_is_valid(field, &oxm->value)) {
        return OFPERR_OFPBMC_BAD_VALUE;
    }
    return 0;
}

size_t
of_oxm_wire_len(const struct of_oxm *oxm)
{
    return 4 + fields[oxm->field].bytes * (oxm->has_mask ? 2 : 1);
}

void
of_oxm_encode(const struct of_oxm *oxm, struct ofpbuf *out)
{
    const struct of_field_info *f = &fields[oxm->field];
    uint8_t *p;

    ofpbuf_put_be32(out, OXM_HEADER(f->oxm_class, f->oxm_field,
                                    oxm->has_mask,
                                    f->bytes * (oxm->has_mask ? 2 : 1)));
    p = ofpbuf_put_uninit(out, f->bytes * (oxm->has_mask ? 2 : 1));
    of_value_to_wire(oxm->field, &oxm->value, p);
    if (oxm->has_mask) {
        of_value_to_wire(oxm->field, &oxm->mask, p + f->bytes);
    }
}

void
of_oxm_format(const struct of_oxm *oxm, struct ds *s)
{
    ds_put_format(s, "%s=", fields[oxm->field].name);
    of_value_format(oxm->field, &oxm->value,
                    oxm->has_mask ? &oxm->mask : NULL, s);
}

/* ---- Matches ---- */

void
of_match_init(struct of_match *match)
{
    match->n = 0;
}

const struct of_oxm *
of_match_find(const struct of_match *match, enum of_field field)
{
    for (size_t i = 0; i < match->n; i++) {
        if (match->oxms[i].field == field) {
            return &match->oxms[i];
        }
    }
    return NULL;
}

/* If 'field' is matched exactly, stores its value as an integer. */
static bool
exact_value(const struct of_match *match, enum of_field field,
            uint64_t *value)
{
    const struct of_oxm *oxm = of_match_find(match, field);

    if (!oxm || (oxm->has_mask && !mask_is_exact(field, &oxm->mask))) {
        return false;
    }
    *value = value_u64(field, &oxm->value);
    return true;
}

static bool
exact_is(const struct of_match *match, enum of_field field, uint64_t a,
         uint64_t b)
{
    uint64_t v;

    return exact_value(match, field, &v) && (v == a || v == b);
}

static bool
prereq_ok(const struct of_match *match, enum of_prereq prereq)
{
    const struct of_oxm *vid;

    switch (prereq) {
    case PREREQ_NONE:
        return true;
    case PREREQ_IN_PORT:
        return of_match_find(match, OF_FIELD_IN_PORT) != NULL;
    case PREREQ_VLAN:
        /* vlan_vid != OFPVID_NONE: the present bit must be matched as 1. */
        vid = of_match_find(match, OF_FIELD_VLAN_VID);
        return vid && (vid->value.u16 & OFPVID_PRESENT)
               && (!vid->has_mask || vid->mask.u16 & OFPVID_PRESENT);
    case PREREQ_IP:
        return exact_is(match, OF_FIELD_ETH_TYPE, 0x0800, 0x86dd);
    case PREREQ_IPV4:
        return exact_is(match, OF_FIELD_ETH_TYPE, 0x0800, 0x0800);
    case PREREQ_IPV6:
        return exact_is(match, OF_FIELD_ETH_TYPE, 0x86dd, 0x86dd);
    case PREREQ_ARP:
        return exact_is(match, OF_FIELD_ETH_TYPE, 0x0806, 0x0806);
    case PREREQ_TCP:
        return prereq_ok(match, PREREQ_IP)
               && exact_is(match, OF_FIELD_IP_PROTO, 6, 6);
    case PREREQ_UDP:
        return prereq_ok(match, PREREQ_IP)
               && exact_is(match, OF_FIELD_IP_PROTO, 17, 17);
    case PREREQ_SCTP:
        return prereq_ok(match, PREREQ_IP)
               && exact_is(match, OF_FIELD_IP_PROTO, 132, 132);
    case PREREQ_ICMPV4:
        return prereq_ok(match, PREREQ_IPV4)
               && exact_is(match, OF_FIELD_IP_PROTO, 1, 1);
    case PREREQ_ICMPV6:
        return prereq_ok(match, PREREQ_IPV6)
               && exact_is(match, OF_FIELD_IP_PROTO, 58, 58);
    case PREREQ_ND:
        return prereq_ok(match, PREREQ_ICMPV6)
               && exact_is(match, OF_FIELD_ICMPV6_TYPE, 135, 136);
    case PREREQ_ND_SOL:
        return prereq_ok(match, PREREQ_ICMPV6)
               && exact_is(match, OF_FIELD_ICMPV6_TYPE, 135, 135);
    case PREREQ_ND_ADV:
        return prereq_ok(match, PREREQ_ICMPV6)
               && exact_is(match, OF_FIELD_ICMPV6_TYPE, 136, 136);
    case PREREQ_MPLS:
        return exact_is(match, OF_FIELD_ETH_TYPE, 0x8847, 0x8848);
    case PREREQ_PBB:
        return exact_is(match, OF_FIELD_ETH_TYPE, 0x88e7, 0x88e7);
    }
    return false;
}

bool
of_match_prereqs_ok(const struct of_match *match, enum of_field field)
{
    return field < OF_N_FIELDS && prereq_ok(match, fields[field].prereq);
}

enum ofperr
of_match_validate(const struct of_match *match)
{
    uint64_t seen = 0;

    for (size_t i = 0; i < match->n; i++) {
        const struct of_oxm *oxm = &match->oxms[i];
        enum of_field field = oxm->field;

        if (field >= OF_N_FIELDS) {
            return OFPERR_OFPBMC_BAD_FIELD;
        }
        if (seen & (UINT64_C(1) << field)) {
            return OFPERR_OFPBMC_DUP_FIELD;
        }
        seen |= UINT64_C(1) << field;
        if (oxm->has_mask) {
            if (!fields[field].maskable
                || !of_value_is_valid(field, &oxm->mask)) {
                return OFPERR_OFPBMC_BAD_MASK;
            }
            if (value_outside_mask(field, &oxm->value, &oxm->mask)) {
                return OFPERR_OFPBMC_BAD_WILDCARDS;
            }
        }
        if (!of_value_is_valid(field, &oxm->value)) {
            return OFPERR_OFPBMC_BAD_VALUE;
        }
    }
    /* 7.2.3.6: a field may be matched only if its prerequisites are.
     * Checked after the whole list is read, so order does not matter. */
    for (size_t i = 0; i < match->n; i++) {
        if (!prereq_ok(match, fields[match->oxms[i].field].prereq)) {
            return OFPERR_OFPBMC_BAD_PREREQ;
        }
    }
    return 0;
}

static const char *
prereq_text(enum of_prereq prereq)
{
    switch (prereq) {
    case PREREQ_NONE:
        return "nothing";
    case PREREQ_IN_PORT:
        return "in_port";
    case PREREQ_VLAN:
        return "a VLAN (vlan_vid other than none)";
    case PREREQ_IP:
        return "ip or ipv6";
    case PREREQ_IPV4:
        return "ip";
    case PREREQ_IPV6:
        return "ipv6";
    case PREREQ_ARP:
        return "arp";
    case PREREQ_TCP:
        return "tcp or tcp6";
    case PREREQ_UDP:
        return "udp or udp6";
    case PREREQ_SCTP:
        return "sctp or sctp6";
    case PREREQ_ICMPV4:
        return "icmp";
    case PREREQ_ICMPV6:
        return "icmp6";
    case PREREQ_ND:
        return "icmp6 with icmpv6_type 135 or 136";
    case PREREQ_ND_SOL:
        return "icmp6 with icmpv6_type=135";
    case PREREQ_ND_ADV:
        return "icmp6 with icmpv6_type=136";
    case PREREQ_MPLS:
        return "mpls or mplsm";
    case PREREQ_PBB:
        return "eth_type=0x88e7";
    }
    return "?";
}

char *
of_match_check(const struct of_match *match)
{
    enum ofperr error;

    for (size_t i = 0; i < match->n; i++) {
        const struct of_field_info *f = &fields[match->oxms[i].field];

        if (!prereq_ok(match, f->prereq)) {
            return xasprintf("%s: needs %s in the match (%s)", f->name,
                             prereq_text(f->prereq),
                             ofperr_name(OFPERR_OFPBMC_BAD_PREREQ));
        }
    }
    error = of_match_validate(match);
    if (error) {
        return xasprintf("match: %s (%s)", ofperr_description(error),
                         ofperr_name(error));
    }
    return NULL;
}

enum ofperr
of_match_decode(struct ofpbuf_rd *rd, struct of_match *match)
{
    uint16_t type, length;
    size_t padded;
    struct ofpbuf_rd oxms;
    enum ofperr error;

    of_match_init(match);
    if (!ofpbuf_rd_be16(rd, &type) || !ofpbuf_rd_be16(rd, &length)) {
        return OFPERR_OFPBMC_BAD_LEN;
    }
    /* 7.2.3.1: OpenFlow 1.3 knows only the OXM match type. */
    if (type != OFPMT_OXM) {
        return OFPERR_OFPBMC_BAD_TYPE;
    }
    if (length < sizeof(struct ofp_match)) {
        return OFPERR_OFPBMC_BAD_LEN;
    }
    padded = ROUND_UP(length, 8) - sizeof(struct ofp_match);
    if (!ofpbuf_rd_sub(rd, length - sizeof(struct ofp_match), &oxms)
        || !ofpbuf_rd_skip(rd, padded - (length - sizeof(struct ofp_match)))) {
        return OFPERR_OFPBMC_BAD_LEN;
    }

    while (ofpbuf_rd_left(&oxms)) {
        struct of_oxm oxm;

        error = of_oxm_decode(&oxms, &oxm);
        if (error) {
            of_match_init(match);
            return error;
        }
        if (match->n >= OF_MATCH_MAX) {
            /* More TLVs than there are fields: some field repeats. */
            of_match_init(match);
            return OFPERR_OFPBMC_DUP_FIELD;
        }
        match->oxms[match->n++] = oxm;
    }
    error = of_match_validate(match);
    if (error) {
        of_match_init(match);
    }
    return error;
}

void
of_match_encode(const struct of_match *match, struct ofpbuf *out)
{
    size_t start = out->size;

    ofpbuf_put_be16(out, OFPMT_OXM);
    ofpbuf_put_be16(out, 0);
    for (size_t i = 0; i < match->n; i++) {
        of_oxm_encode(&match->oxms[i], out);
    }
    ofpbuf_set_be16(out, start + 2, out->size - start);
    ofpbuf_pad(out, start, 8);
}

bool
of_match_set(struct of_match *match, enum of_field field,
             const union of_value *value, const union of_value *mask)
{
    struct of_oxm oxm;
    size_t i;

    memset(&oxm, 0, sizeof oxm);
    oxm.field = field;
    oxm.value = *value;
    if (mask && !mask_is_exact(field, mask)) {
        if (value_is_zero(mask)) {
            of_match_remove(match, field);
            return true;
        }
        oxm.has_mask = true;
        oxm.mask = *mask;
        value_and_mask(&oxm.value, &oxm.mask);
    }
    for (i = 0; i < match->n; i++) {
        if (match->oxms[i].field == field) {
            match->oxms[i] = oxm;
            return true;
        }
    }
    if (match->n >= OF_MATCH_MAX) {
        return false;
    }
    match->oxms[match->n++] = oxm;
    return true;
}

static void
set_integer(struct of_match *match, enum of_field field, uint64_t x)
{
    union of_value v;

    value_set_u64(field, &v, x);
    of_match_set(match, field, &v, NULL);
}

void
of_match_set_u8(struct of_match *match, enum of_field field, uint8_t x)
{
    set_integer(match, field, x);
}

void
of_match_set_u16(struct of_match *match, enum of_field field, uint16_t x)
{
    set_integer(match, field, x);
}

void
of_match_set_u32(struct of_match *match, enum of_field field, uint32_t x)
{
    set_integer(match, field, x);
}

void
of_match_set_u64(struct of_match *match, enum of_field field, uint64_t x)
{
    set_integer(match, field, x);
}

void
of_match_set_mac(struct of_match *match, enum of_field field,
                 const uint8_t mac[6])
{
    union of_value v;

    memset(&v, 0, sizeof v);
    memcpy(v.mac, mac, 6);
    of_match_set(match, field, &v, NULL);
}

void
of_match_remove(struct of_match *match, enum of_field field)
{
    for (size_t i = 0; i < match->n; i++) {
        if (match->oxms[i].field == field) {
            memmove(&match->oxms[i], &match->oxms[i + 1],
                    (match->n - i - 1) * sizeof match->oxms[0]);
            match->n--;
            return;
        }
    }
}

static bool
oxm_equal(const struct of_oxm *a, const struct of_oxm *b)
{
    return a->field == b->field && a->has_mask == b->has_mask
           && !memcmp(&a->value, &b->value, sizeof a->value)
           && (!a->has_mask || !memcmp(&a->mask, &b->mask, sizeof a->mask));
}

bool
of_match_equal(const struct of_match *a, const struct of_match *b)
{
    if (a->n != b->n) {
        return false;
    }
    for (size_t i = 0; i < a->n; i++) {
        const struct of_oxm *other = of_match_find(b, a->oxms[i].field);

        if (!other || !oxm_equal(&a->oxms[i], other)) {
            return false;
        }
    }
    return true;
}

/* ---- Text ---- */

/* Protocol shorthands: "tcp" means eth_type=0x0800,ip_proto=6. */
struct shorthand {
    const char *name;
    uint16_t eth_type;
    int ip_proto;               /* -1: none. */
};

static const struct shorthand shorthands[] = {
    { "ip", 0x0800, -1 },
    { "tcp", 0x0800, 6 },
    { "udp", 0x0800, 17 },
    { "sctp", 0x0800, 132 },
    { "icmp", 0x0800, 1 },
    { "ipv6", 0x86dd, -1 },
    { "tcp6", 0x86dd, 6 },
    { "udp6", 0x86dd, 17 },
    { "sctp6", 0x86dd, 132 },
    { "icmp6", 0x86dd, 58 },
    { "arp", 0x0806, -1 },
    { "mpls", 0x8847, -1 },
    { "mplsm", 0x8848, -1 },
};

static const struct shorthand *
find_shorthand(const char *name)
{
    for (size_t i = 0; i < ARRAY_SIZE(shorthands); i++) {
        if (!strcasecmp(shorthands[i].name, name)) {
            return &shorthands[i];
        }
    }
    return NULL;
}

void
of_match_format(const struct of_match *match, struct ds *s)
{
    const struct shorthand *sh = NULL;
    uint64_t eth_type, ip_proto;
    bool first = true;

    /* The most specific shorthand that the match implies. */
    if (exact_value(match, OF_FIELD_ETH_TYPE, &eth_type)) {
        bool has_proto = exact_value(match, OF_FIELD_IP_PROTO, &ip_proto);

        for (size_t i = 0; i < ARRAY_SIZE(shorthands); i++) {
            const struct shorthand *c = &shorthands[i];

            if (c->eth_type == eth_type
                && (c->ip_proto < 0
                    || (has_proto && (uint64_t) c->ip_proto == ip_proto))) {
                if (!sh || c->ip_proto >= 0) {
                    sh = c;
                }
            }
        }
    }
    if (sh) {
        ds_put_cstr(s, sh->name);
        first = false;
    }
    for (size_t i = 0; i < match->n; i++) {
        const struct of_oxm *oxm = &match->oxms[i];

        if (sh && (oxm->field == OF_FIELD_ETH_TYPE
                   || (oxm->field == OF_FIELD_IP_PROTO && sh->ip_proto >= 0))
            && !oxm->has_mask) {
            continue;
        }
        if (!first) {
            ds_put_char(s, ',');
        }
        of_oxm_format(oxm, s);
        first = false;
    }
}

static char *
add_value(struct of_match *match, enum of_field field, const char *value)
{
    union of_value v, m;
    char *error;

    if (!value) {
        return xasprintf("field '%s' needs a value", fields[field].name);
    }
    error = of_value_parse(field, value, &v,
                           fields[field].maskable ? &m : NULL);
    if (error) {
        char *full = xasprintf("%s: %s", fields[field].name, error);

        free(error);
        return full;
    }
    if (fields[field].maskable && value_outside_mask(field, &v, &m)) {
        /* ovs-ofctl clears the bits outside the mask; so do we. */
        value_and_mask(&v, &m);
    }
    if (!of_match_set(match, field, &v, fields[field].maskable ? &m : NULL)) {
        return xasprintf("%s: too many fields in match", fields[field].name);
    }
    return NULL;
}

/* The transport field 'suffix' ("src" or "dst") for the match's ip_proto,
 * for the ovs-ofctl names tp_src and tp_dst. */
static enum of_field
transport_field(const struct of_match *match, bool src)
{
    uint64_t proto;

    if (!exact_value(match, OF_FIELD_IP_PROTO, &proto)) {
        return OF_N_FIELDS;
    }
    switch (proto) {
    case 6:
        return src ? OF_FIELD_TCP_SRC : OF_FIELD_TCP_DST;
    case 17:
        return src ? OF_FIELD_UDP_SRC : OF_FIELD_UDP_DST;
    case 132:
        return src ? OF_FIELD_SCTP_SRC : OF_FIELD_SCTP_DST;
    default:
        return OF_N_FIELDS;
    }
}

static bool
is_arp(const struct of_match *match)
{
    return exact_is(match, OF_FIELD_ETH_TYPE, 0x0806, 0x0806);
}

static bool
is_ipv6(const struct of_match *match)
{
    return exact_is(match, OF_FIELD_ETH_TYPE, 0x86dd, 0x86dd);
}

static const char *const context_names[] = {
    "nw_src", "nw_dst", "nw_proto", "nw_tos", "tp_src", "tp_dst",
    "dl_vlan", "icmp_type", "icmp_code", "vlan_tci", "tcp_flags",
};

/* ovs-ofctl's vlan_tci=TCI[/MASK]: the 802.1Q tag control information,
 * whose VID and CFI (the tag-present bit) become vlan_vid and whose PCP
 * becomes vlan_pcp.  A PCP mask must be all or nothing: OpenFlow 1.3
 * cannot mask vlan_pcp. */
static char *
parse_vlan_tci(struct of_match *match, const char *value)
{
    union of_value v, m;
    uint64_t tci, mask = 0xffff;
    const char *slash;
    char *head, *error;
    unsigned int pcp_mask;

    if (!value) {
        return xasprintf("field 'vlan_tci' needs a value");
    }
    slash = strchr(value, '/');
    head = xmemdup(value, (slash ? (size_t) (slash - value)
                                 : strlen(value)) + 1);
    head[slash ? slash - value : (ptrdiff_t) strlen(value)] = '\0';
    error = of_parse_number("vlan_tci", head, 0xffff, &tci);
    free(head);
    if (!error && slash) {
        error = of_parse_number("vlan_tci", slash + 1, 0xffff, &mask);
    }
    if (error) {
        return error;
    }
    pcp_mask = (mask >> 13) & 7;
    if (pcp_mask && pcp_mask != 7) {
        return xasprintf("vlan_tci: mask '%s' covers part of the priority, "
                         "which OpenFlow 1.3 cannot match", value);
    }
    memset(&v, 0, sizeof v);
    memset(&m, 0, sizeof m);
    v.u16 = tci & 0x1fff & mask;
    m.u16 = mask & 0x1fff;
    if (m.u16) {
        of_match_set(match, OF_FIELD_VLAN_VID, &v, &m);
    }
    if (pcp_mask && tci & OFPVID_PRESENT) {
        /* Without a tag (CFI clear) there is no priority to match. */
        set_integer(match, OF_FIELD_VLAN_PCP, (tci >> 13) & 7);
    }
    return NULL;
}

bool
of_match_is_field_name(const char *name)
{
    if (of_field_from_name(name) != OF_N_FIELDS || find_shorthand(name)) {
        return true;
    }
    for (size_t i = 0; i < ARRAY_SIZE(context_names); i++) {
        if (!strcasecmp(context_names[i], name)) {
            return true;
        }
    }
    return false;
}

char *
of_match_parse_field(struct of_match *match, const char *name,
                     const char *value)
{
    const struct shorthand *sh = find_shorthand(name);
    enum of_field field;

    if (sh) {
        if (value) {
            return xasprintf("'%s' takes no value", name);
        }
        set_integer(match, OF_FIELD_ETH_TYPE, sh->eth_type);
        if (sh->ip_proto >= 0) {
            set_integer(match, OF_FIELD_IP_PROTO, sh->ip_proto);
        }
        return NULL;
    }

    /* ovs-ofctl names whose field depends on the protocol matched so far. */
    if (!strcasecmp(name, "nw_src") || !strcasecmp(name, "nw_dst")) {
        bool src = !strcasecmp(name, "nw_src");

        field = is_arp(match) ? (src ? OF_FIELD_ARP_SPA : OF_FIELD_ARP_TPA)
                : (src ? OF_FIELD_IPV4_SRC : OF_FIELD_IPV4_DST);
        return add_value(match, field, value);
    }
    if (!strcasecmp(name, "nw_proto")) {
        return add_value(match, is_arp(match) ? OF_FIELD_ARP_OP
                                              : OF_FIELD_IP_PROTO, value);
    }
    if (!strcasecmp(name, "tp_src") || !strcasecmp(name, "tp_dst")) {
        field = transport_field(match, !strcasecmp(name, "tp_src"));
        if (field == OF_N_FIELDS) {
            return xasprintf("%s: needs tcp, udp or sctp earlier in the "
                             "flow", name);
        }
        return add_value(match, field, value);
    }
    if (!strcasecmp(name, "icmp_type") || !strcasecmp(name, "icmp_code")) {
        bool type = !strcasecmp(name, "icmp_type");

        field = is_ipv6(match)
                ? (type ? OF_FIELD_ICMPV6_TYPE : OF_FIELD_ICMPV6_CODE)
                : (type ? OF_FIELD_ICMPV4_TYPE : OF_FIELD_ICMPV4_CODE);
        return add_value(match, field, value);
    }
    if (!strcasecmp(name, "nw_tos")) {
        uint64_t tos;
        char *error;

        if (!value) {
            return xasprintf("field 'nw_tos' needs a value");
        }
        error = of_parse_number(NULL, value, 255, &tos);
        if (error) {
            char *full = xasprintf("nw_tos: %s", error);

            free(error);
            return full;
        }
        if (tos & 3) {
            return xasprintf("nw_tos: '%s' has ECN bits set (use nw_ecn)",
                             value);
        }
        set_integer(match, OF_FIELD_IP_DSCP, tos >> 2);
        return NULL;
    }
    if (!strcasecmp(name, "vlan_tci")) {
        return parse_vlan_tci(match, value);
    }
    if (!strcasecmp(name, "tcp_flags")) {
        return xasprintf("tcp_flags: not a field of OpenFlow 1.3 (an "
                         "extension ofkit does not support)");
    }
    if (!strcasecmp(name, "dl_vlan")) {
        uint64_t vid;
        char *error;

        if (!value) {
            return xasprintf("field 'dl_vlan' needs a value");
        }
        error = of_parse_number(NULL, value, 0xffff, &vid);
        if (error) {
            char *full = xasprintf("dl_vlan: %s", error);

            free(error);
            return full;
        }
        if (vid == 0xffff) {
            set_integer(match, OF_FIELD_VLAN_VID, OFPVID_NONE);
        } else if (vid < 0x1000) {
            set_integer(match, OF_FIELD_VLAN_VID, vid | OFPVID_PRESENT);
        } else {
            return xasprintf("dl_vlan: '%s' is not a VLAN ID (0-4095, or "
                             "0xffff for none)", value);
        }
        return NULL;
    }

    field = of_field_from_name(name);
    if (field == OF_N_FIELDS) {
        return xasprintf("unknown field '%s'", name);
    }
    return add_value(match, field, value);
}
