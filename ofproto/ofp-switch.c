#include "ofproto/ofp-switch.h"

#include "ofproto/ds.h"
#include "ofproto/util.h"

/* STUB: placeholder implementations, replaced as the family is written. */

bool
of_hello_allows_13(const struct of_hello *a0 OF_UNUSED, uint8_t version OF_UNUSED)
{
    return false;
}

enum ofperr
of_empty_decode(struct of_empty *a0 OF_UNUSED, struct ofpbuf_rd *a1 OF_UNUSED, struct arena *a2 OF_UNUSED)
{
    return OFPERR_OFPBRC_BAD_TYPE;
}

void
of_empty_encode(const struct of_empty *a0 OF_UNUSED, struct ofpbuf *a1 OF_UNUSED)
{
    ;
}

void
of_empty_format(const struct of_empty *a0 OF_UNUSED, struct ds *a1 OF_UNUSED)
{
    ;
}

enum ofperr
of_hello_decode(struct of_hello *a0 OF_UNUSED, struct ofpbuf_rd *a1 OF_UNUSED, struct arena *a2 OF_UNUSED)
{
    return OFPERR_OFPBRC_BAD_TYPE;
}

void
of_hello_encode(const struct of_hello *a0 OF_UNUSED, struct ofpbuf *a1 OF_UNUSED)
{
    ;
}

void
of_hello_format(const struct of_hello *a0 OF_UNUSED, struct ds *a1 OF_UNUSED)
{
    ;
}

enum ofperr
of_error_msg_decode(struct of_error_msg *a0 OF_UNUSED, struct ofpbuf_rd *a1 OF_UNUSED, struct arena *a2 OF_UNUSED)
{
    return OFPERR_OFPBRC_BAD_TYPE;
}

void
of_error_msg_encode(const struct of_error_msg *a0 OF_UNUSED, struct ofpbuf *a1 OF_UNUSED)
{
    ;
}

void
of_error_msg_format(const struct of_error_msg *a0 OF_UNUSED, struct ds *a1 OF_UNUSED)
{
    ;
}

enum ofperr
of_echo_decode(struct of_echo *a0 OF_UNUSED, struct ofpbuf_rd *a1 OF_UNUSED, struct arena *a2 OF_UNUSED)
{
    return OFPERR_OFPBRC_BAD_TYPE;
}

void
of_echo_encode(const struct of_echo *a0 OF_UNUSED, struct ofpbuf *a1 OF_UNUSED)
{
    ;
}

void
of_echo_format(const struct of_echo *a0 OF_UNUSED, struct ds *a1 OF_UNUSED)
{
    ;
}

enum ofperr
of_experimenter_msg_decode(struct of_experimenter_msg *a0 OF_UNUSED, struct ofpbuf_rd *a1 OF_UNUSED, struct arena *a2 OF_UNUSED)
{
    return OFPERR_OFPBRC_BAD_TYPE;
}

void
of_experimenter_msg_encode(const struct of_experimenter_msg *a0 OF_UNUSED, struct ofpbuf *a1 OF_UNUSED)
{
    ;
}

void
of_experimenter_msg_format(const struct of_experimenter_msg *a0 OF_UNUSED, struct ds *a1 OF_UNUSED)
{
    ;
}

enum ofperr
of_switch_features_decode(struct of_switch_features *a0 OF_UNUSED, struct ofpbuf_rd *a1 OF_UNUSED, struct arena *a2 OF_UNUSED)
{
    return OFPERR_OFPBRC_BAD_TYPE;
}

void
of_switch_features_encode(const struct of_switch_features *a0 OF_UNUSED, struct ofpbuf *a1 OF_UNUSED)
{
    ;
}

void
of_switch_features_format(const struct of_switch_features *a0 OF_UNUSED, struct ds *a1 OF_UNUSED)
{
    ;
}

enum ofperr
of_switch_config_decode(struct of_switch_config *a0 OF_UNUSED, struct ofpbuf_rd *a1 OF_UNUSED, struct arena *a2 OF_UNUSED)
{
    return OFPERR_OFPBRC_BAD_TYPE;
}

void
of_switch_config_encode(const struct of_switch_config *a0 OF_UNUSED, struct ofpbuf *a1 OF_UNUSED)
{
    ;
}

void
of_switch_config_format(const struct of_switch_config *a0 OF_UNUSED, struct ds *a1 OF_UNUSED)
{
    ;
}

enum ofperr
of_role_decode(struct of_role *a0 OF_UNUSED, struct ofpbuf_rd *a1 OF_UNUSED, struct arena *a2 OF_UNUSED)
{
    return OFPERR_OFPBRC_BAD_TYPE;
}

void
of_role_encode(const struct of_role *a0 OF_UNUSED, struct ofpbuf *a1 OF_UNUSED)
{
    ;
}

void
of_role_format(const struct of_role *a0 OF_UNUSED, struct ds *a1 OF_UNUSED)
{
    ;
}

enum ofperr
of_async_config_decode(struct of_async_config *a0 OF_UNUSED, struct ofpbuf_rd *a1 OF_UNUSED, struct arena *a2 OF_UNUSED)
{
    return OFPERR_OFPBRC_BAD_TYPE;
}

void
of_async_config_encode(const struct of_async_config *a0 OF_UNUSED, struct ofpbuf *a1 OF_UNUSED)
{
    ;
}

void
of_async_config_format(const struct of_async_config *a0 OF_UNUSED, struct ds *a1 OF_UNUSED)
{
    ;
}

enum ofperr
of_desc_decode(struct of_desc *a0 OF_UNUSED, struct ofpbuf_rd *a1 OF_UNUSED, struct arena *a2 OF_UNUSED)
{
    return OFPERR_OFPBRC_BAD_TYPE;
}

void
of_desc_encode(const struct of_desc *a0 OF_UNUSED, struct ofpbuf *a1 OF_UNUSED)
{
    ;
}

void
of_desc_format(const struct of_desc *a0 OF_UNUSED, struct ds *a1 OF_UNUSED)
{
    ;
}
