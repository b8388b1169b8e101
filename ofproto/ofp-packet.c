#include "ofproto/ofp-packet.h"

#include "ofproto/ds.h"
#include "ofproto/util.h"

/* STUB: placeholder implementations, replaced as the family is written. */

enum ofperr
of_packet_in_decode(struct of_packet_in *a0 OF_UNUSED, struct ofpbuf_rd *a1 OF_UNUSED, struct arena *a2 OF_UNUSED)
{
    return OFPERR_OFPBRC_BAD_TYPE;
}

void
of_packet_in_encode(const struct of_packet_in *a0 OF_UNUSED, struct ofpbuf *a1 OF_UNUSED)
{
    ;
}

void
of_packet_in_format(const struct of_packet_in *a0 OF_UNUSED, struct ds *a1 OF_UNUSED)
{
    ;
}

enum ofperr
of_packet_out_decode(struct of_packet_out *a0 OF_UNUSED, struct ofpbuf_rd *a1 OF_UNUSED, struct arena *a2 OF_UNUSED)
{
    return OFPERR_OFPBRC_BAD_TYPE;
}

void
of_packet_out_encode(const struct of_packet_out *a0 OF_UNUSED, struct ofpbuf *a1 OF_UNUSED)
{
    ;
}

void
of_packet_out_format(const struct of_packet_out *a0 OF_UNUSED, struct ds *a1 OF_UNUSED)
{
    ;
}

char *
of_packet_out_parse(struct of_packet_out *a0 OF_UNUSED, const char *s OF_UNUSED, struct arena *arena OF_UNUSED)
{
    return xstrdup("not implemented");
}
