#include "ofproto/ofp-match.h"

#include "ofproto/ds.h"
#include "ofproto/util.h"

/* STUB: placeholder implementations, replaced as the family is written. */

const struct of_field_info *
of_field_info(enum of_field field OF_UNUSED)
{
    return NULL;
}

enum of_field
of_field_from_oxm(uint16_t oxm_class OF_UNUSED, uint8_t oxm_field OF_UNUSED)
{
    return OF_N_FIELDS;
}

enum of_field
of_field_from_name(const char *name OF_UNUSED)
{
    return OF_N_FIELDS;
}

void
of_value_from_wire(enum of_field a0 OF_UNUSED, const uint8_t *wire OF_UNUSED, union of_value *a2 OF_UNUSED)
{
    ;
}

void
of_value_to_wire(enum of_field a0 OF_UNUSED, const union of_value *a1 OF_UNUSED, uint8_t *wire OF_UNUSED)
{
    ;
}

bool
of_value_is_valid(enum of_field a0 OF_UNUSED, const union of_value *value OF_UNUSED)
{
    return false;
}

void
of_value_format(enum of_field a0 OF_UNUSED, const union of_value *value OF_UNUSED, const union of_value *mask OF_UNUSED, struct ds *a3 OF_UNUSED)
{
    ;
}

char *
of_value_parse(enum of_field a0 OF_UNUSED, const char *s OF_UNUSED, union of_value *value OF_UNUSED, union of_value *maskp OF_UNUSED)
{
    return xstrdup("not implemented");
}

enum ofperr
of_oxm_decode(struct ofpbuf_rd *rd OF_UNUSED, struct of_oxm *oxm OF_UNUSED)
{
    return OFPERR_OFPBRC_BAD_TYPE;
}

void
of_oxm_encode(const struct of_oxm *a0 OF_UNUSED, struct ofpbuf *a1 OF_UNUSED)
{
    ;
}

size_t
of_oxm_wire_len(const struct of_oxm *a0 OF_UNUSED)
{
    return 0;
}

void
of_oxm_format(const struct of_oxm *a0 OF_UNUSED, struct ds *a1 OF_UNUSED)
{
    ;
}

void
of_match_init(struct of_match *a0 OF_UNUSED)
{
    ;
}

enum ofperr
of_match_decode(struct ofpbuf_rd *rd OF_UNUSED, struct of_match *match OF_UNUSED)
{
    return OFPERR_OFPBRC_BAD_TYPE;
}

void
of_match_encode(const struct of_match *a0 OF_UNUSED, struct ofpbuf *a1 OF_UNUSED)
{
    ;
}

enum ofperr
of_match_validate(const struct of_match *a0 OF_UNUSED)
{
    return OFPERR_OFPBRC_BAD_TYPE;
}

const struct of_oxm *
of_match_find(const struct of_match *a0 OF_UNUSED, enum of_field field OF_UNUSED)
{
    return NULL;
}

bool
of_match_set(struct of_match *a0 OF_UNUSED, enum of_field field OF_UNUSED, const union of_value *value OF_UNUSED, const union of_value *mask OF_UNUSED)
{
    return false;
}

void
of_match_set_u8(struct of_match *a0 OF_UNUSED, enum of_field a1 OF_UNUSED, uint8_t a2 OF_UNUSED)
{
    ;
}

void
of_match_set_u16(struct of_match *a0 OF_UNUSED, enum of_field a1 OF_UNUSED, uint16_t a2 OF_UNUSED)
{
    ;
}

void
of_match_set_u32(struct of_match *a0 OF_UNUSED, enum of_field a1 OF_UNUSED, uint32_t a2 OF_UNUSED)
{
    ;
}

void
of_match_set_u64(struct of_match *a0 OF_UNUSED, enum of_field a1 OF_UNUSED, uint64_t a2 OF_UNUSED)
{
    ;
}

void
of_match_set_mac(struct of_match *a0 OF_UNUSED, enum of_field a1 OF_UNUSED, const uint8_t mac[6] OF_UNUSED)
{
    ;
}

void
of_match_remove(struct of_match *a0 OF_UNUSED, enum of_field field OF_UNUSED)
{
    ;
}

bool
of_match_equal(const struct of_match *a0 OF_UNUSED, const struct of_match *a1 OF_UNUSED)
{
    return false;
}

void
of_match_format(const struct of_match *a0 OF_UNUSED, struct ds *a1 OF_UNUSED)
{
    ;
}

char *
of_match_parse_field(struct of_match *a0 OF_UNUSED, const char *name OF_UNUSED, const char *value OF_UNUSED)
{
    return xstrdup("not implemented");
}

bool
of_match_is_field_name(const char *name OF_UNUSED)
{
    return false;
}
