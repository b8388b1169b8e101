/*
 * ofp-match: OXM fields and the OpenFlow 1.3 match (section 7.2.3).
 *
 * A decoded match, struct of_match, is the list of OXM TLVs in wire order
 * (so that re-encoding is byte-identical), each a struct of_oxm holding one
 * field's value and optional mask in host order.  The list is inline and
 * bounded by OF_MATCH_MAX, which exceeds the number of distinct fields, so a
 * valid match always fits (duplicates are an error).
 *
 * Values (union of_value) are stored by the field's width: 1, 2, 3 and 4
 * byte fields in 'u8'/'u16'/'u32' (pbb_isid, 3 bytes, in u32), 8 in 'u64',
 * and Ethernet (6) and IPv6 (16) addresses as bytes in network order in
 * 'mac' and 'ipv6'.  IPv4 addresses are host-order u32.  Unused bytes are
 * zero, so two equal values compare equal with memcmp.
 *
 * Every field is described once in oxm-fields.def: name, class, width,
 * maskability, prerequisites, text format.
 *
 * Validation (of_match_validate(), and so of_match_decode()) applies the
 * spec's rules and returns the error it names:
 *   - unknown class or field ................ OFPBMC_BAD_FIELD
 *   - TLV length wrong for the field ........ OFPBMC_BAD_LEN
 *   - mask on a field that has none ......... OFPBMC_BAD_MASK
 *   - value bit set where the mask is 0 ..... OFPBMC_BAD_WILDCARDS
 *   - value out of range (vlan_pcp > 7, ...)  OFPBMC_BAD_VALUE
 *   - field given twice ..................... OFPBMC_DUP_FIELD
 *   - prerequisite missing .................. OFPBMC_BAD_PREREQ
 *   - match type not OXM .................... OFPBMC_BAD_TYPE
 *   - match length inconsistent ............. OFPBMC_BAD_LEN
 * Prerequisites may appear in any order (docs/spec-decisions.md).
 *
 * Pure functions; no globals but constant tables; safe from any thread.
 */
#ifndef OFPROTO_OFP_MATCH_H
#define OFPROTO_OFP_MATCH_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ofproto/ofp-errors.h"
#include "ofproto/ofp13.h"

struct ds;
struct ofpbuf;
struct ofpbuf_rd;

/* ---- Fields ---- */

enum of_field {
#define OXM(ENUM, NAME, CLASS, FIELD, BYTES, MASKABLE, FMT, PREREQ) \
    OF_FIELD_##ENUM,
#include "ofproto/oxm-fields.def"
#undef OXM
    OF_N_FIELDS
};

/* How a field's value is written in text. */
enum of_field_fmt {
    FMT_DEC,            /* Decimal; parses decimal or 0x hex. */
    FMT_HEX,            /* 0x hex; parses decimal or 0x hex. */
    FMT_PORT,           /* Port number or reserved name (LOCAL, ...). */
    FMT_MAC,            /* aa:bb:cc:dd:ee:ff */
    FMT_IPV4,           /* 10.0.0.1, mask as /24 or /255.255.255.0 */
    FMT_IPV6,           /* 2001:db8::1, mask as /64 or address */
    FMT_VLAN_VID,       /* 10 (present bit implied), "none", "present" */
    FMT_EXTHDR,         /* Flags: nonext,esp,auth,dest,frag,router,hop,... */
};

/* Prerequisites (table 12): what a match must contain before a field may
 * be matched. */
enum of_prereq {
    PREREQ_NONE,
    PREREQ_IN_PORT,     /* in_port present. */
    PREREQ_VLAN,        /* vlan_vid present and not OFPVID_NONE. */
    PREREQ_IP,          /* eth_type 0x0800 or 0x86dd. */
    PREREQ_IPV4,        /* eth_type 0x0800. */
    PREREQ_IPV6,        /* eth_type 0x86dd. */
    PREREQ_ARP,         /* eth_type 0x0806. */
    PREREQ_TCP,         /* ip_proto 6 (and PREREQ_IP). */
    PREREQ_UDP,         /* ip_proto 17. */
    PREREQ_SCTP,        /* ip_proto 132. */
    PREREQ_ICMPV4,      /* ip_proto 1 and eth_type 0x0800. */
    PREREQ_ICMPV6,      /* ip_proto 58 and eth_type 0x86dd. */
    PREREQ_ND,          /* icmpv6_type 135 or 136. */
    PREREQ_ND_SOL,      /* icmpv6_type 135. */
    PREREQ_ND_ADV,      /* icmpv6_type 136. */
    PREREQ_MPLS,        /* eth_type 0x8847 or 0x8848. */
    PREREQ_PBB,         /* eth_type 0x88e7. */
};

struct of_field_info {
    const char *name;           /* ovs-ofctl name, e.g. "eth_dst". */
    uint16_t oxm_class;
    uint8_t oxm_field;
    uint8_t bytes;              /* Payload length without mask. */
    bool maskable;
    enum of_field_fmt fmt;
    enum of_prereq prereq;
};

/* The description of 'field' (which must be < OF_N_FIELDS). */
const struct of_field_info *of_field_info(enum of_field field);

/* The field with this OXM class and field number, or OF_N_FIELDS. */
enum of_field of_field_from_oxm(uint16_t oxm_class, uint8_t oxm_field);

/* The field called 'name' in ovs-ofctl syntax (including aliases such as
 * "dl_dst", "nw_src", "tp_dst"), or OF_N_FIELDS. */
enum of_field of_field_from_name(const char *name);

/* ---- Values ---- */

union of_value {
    uint8_t u8;
    uint16_t u16;
    uint32_t u32;
    uint64_t u64;
    uint8_t mac[6];
    uint8_t ipv6[16];
    uint8_t bytes[16];
};

/* One OXM TLV. 'mask' is all-zero unless 'has_mask'. */
struct of_oxm {
    uint8_t field;              /* enum of_field. */
    bool has_mask;
    union of_value value;
    union of_value mask;
};

/* Converts between union of_value and the field's wire bytes (network
 * order, of_field_info()->bytes long). */
void of_value_from_wire(enum of_field, const uint8_t *wire,
                        union of_value *);
void of_value_to_wire(enum of_field, const union of_value *, uint8_t *wire);

/* True if 'value' is within the field's range (vlan_pcp <= 7, ...). */
bool of_value_is_valid(enum of_field, const union of_value *value);

/* Appends the value (and "/mask" if 'mask' is nonnull) in text. */
void of_value_format(enum of_field, const union of_value *value,
                     const union of_value *mask, struct ds *);

/* Parses 's' as a value of 'field', with an optional "/mask" if 'maskp' is
 * nonnull (on return *maskp is all-ones when no mask was given, and the
 * caller decides whether that means "exact").  Returns NULL on success or an
 * error message that names 's', which the caller must free(). */
char *of_value_parse(enum of_field, const char *s, union of_value *value,
                     union of_value *maskp)
    __attribute__((warn_unused_result));

/* ---- Single OXM TLVs (also used by the set_field action and table
 * features) ---- */

/* Reads one OXM TLV from 'rd' into 'oxm'.  Errors as listed at the top,
 * except duplicates and prerequisites, which are properties of a whole
 * match. */
enum ofperr of_oxm_decode(struct ofpbuf_rd *rd, struct of_oxm *oxm);

/* Appends 'oxm' as an OXM TLV (with mask if 'has_mask'). */
void of_oxm_encode(const struct of_oxm *, struct ofpbuf *);

/* Length on the wire of 'oxm' including its 4-byte header. */
size_t of_oxm_wire_len(const struct of_oxm *);

/* Appends "name=value[/mask]". */
void of_oxm_format(const struct of_oxm *, struct ds *);

/* ---- Matches ---- */

#define OF_MATCH_MAX 48

struct of_match {
    size_t n;
    struct of_oxm oxms[OF_MATCH_MAX];
};

/* Makes 'match' empty: matches every packet. */
void of_match_init(struct of_match *);

/* Decodes a struct ofp_match with its OXMs and trailing padding from 'rd'
 * and validates it.  On error 'match' is left empty. */
enum ofperr of_match_decode(struct ofpbuf_rd *rd, struct of_match *match);

/* Appends 'match' as struct ofp_match, OXMs and padding to 8 bytes. */
void of_match_encode(const struct of_match *, struct ofpbuf *);

/* Checks every rule listed at the top of this file. */
enum ofperr of_match_validate(const struct of_match *);

/* Like of_match_validate(), for text a person wrote: returns NULL if the
 * match is valid, otherwise a message naming the field at fault and what
 * it needs ("tcp_dst: needs tcp or tcp6 in the match (OFPBMC_BAD_PREREQ)"),
 * which the caller must free(). */
char *of_match_check(const struct of_match *)
    __attribute__((warn_unused_result));

/* True if 'match' meets the prerequisites of 'field' (7.2.3.6): what a
 * match needs before it may match 'field', and what a flow's match (as
 * changed by the actions before it) needs before a set_field may write
 * 'field' (7.2.5). */
bool of_match_prereqs_ok(const struct of_match *, enum of_field field);

/* The OXM for 'field' in 'match', or NULL. */
const struct of_oxm *of_match_find(const struct of_match *,
                                   enum of_field field);

/* Sets 'field' to 'value' (exact if 'mask' is NULL or all-ones), replacing
 * any earlier OXM for the field in place or appending a new one.  Bits of
 * 'value' outside 'mask' are cleared.  An all-zero mask removes the field.
 * Returns false if the match is full. */
bool of_match_set(struct of_match *, enum of_field field,
                  const union of_value *value, const union of_value *mask);

/* Convenience setters for exact matches. */
void of_match_set_u8(struct of_match *, enum of_field, uint8_t);
void of_match_set_u16(struct of_match *, enum of_field, uint16_t);
void of_match_set_u32(struct of_match *, enum of_field, uint32_t);
void of_match_set_u64(struct of_match *, enum of_field, uint64_t);
void of_match_set_mac(struct of_match *, enum of_field, const uint8_t mac[6]);

/* Removes 'field' from 'match', if present. */
void of_match_remove(struct of_match *, enum of_field field);

/* True if the two matches contain the same fields, values and masks,
 * regardless of order. */
bool of_match_equal(const struct of_match *, const struct of_match *);

/* Appends the match in ovs-ofctl syntax: protocol shorthand first ("ip",
 * "tcp", "arp", ... when eth_type and ip_proto imply it), then each field
 * "name=value" separated by commas.  Appends nothing for an empty match. */
void of_match_format(const struct of_match *, struct ds *);

/* Adds the field called 'name' with text value 'value' (NULL for the
 * shorthands "ip", "tcp", "arp", ... which take no value) to 'match'.
 * Returns NULL on success or an error message naming the offending word,
 * which the caller must free(). */
char *of_match_parse_field(struct of_match *, const char *name,
                           const char *value)
    __attribute__((warn_unused_result));

/* True if 'name' is a match field name or shorthand of_match_parse_field()
 * accepts. */
bool of_match_is_field_name(const char *name);

#endif /* ofproto/ofp-match.h */
