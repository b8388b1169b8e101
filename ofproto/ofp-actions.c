#include "ofproto/ofp-actions.h"

#include "ofproto/ds.h"
#include "ofproto/util.h"

/* STUB: placeholder implementations, replaced as the family is written. */

enum ofperr
of_actions_decode(struct ofpbuf_rd *rd OF_UNUSED, size_t len OF_UNUSED, enum of_action_context a2 OF_UNUSED, struct arena *arena OF_UNUSED, struct of_action **actionsp OF_UNUSED, size_t *np OF_UNUSED)
{
    return OFPERR_OFPBRC_BAD_TYPE;
}

size_t
of_actions_encode(const struct of_action *a0 OF_UNUSED, size_t n OF_UNUSED, struct ofpbuf *a2 OF_UNUSED)
{
    return 0;
}

void
of_actions_format(const struct of_action *a0 OF_UNUSED, size_t n OF_UNUSED, struct ds *a2 OF_UNUSED)
{
    ;
}

const char *
of_action_type_name(uint16_t type OF_UNUSED)
{
    return NULL;
}

void
of_port_no_format(uint32_t port OF_UNUSED, struct ds *a1 OF_UNUSED)
{
    ;
}

char *
of_port_no_parse(const char *s OF_UNUSED, uint32_t *port OF_UNUSED)
{
    return xstrdup("not implemented");
}

enum ofperr
of_instructions_decode(struct ofpbuf_rd *rd OF_UNUSED, size_t len OF_UNUSED, struct arena *arena OF_UNUSED, struct of_instruction **instsp OF_UNUSED, size_t *np OF_UNUSED)
{
    return OFPERR_OFPBRC_BAD_TYPE;
}

size_t
of_instructions_encode(const struct of_instruction *a0 OF_UNUSED, size_t n OF_UNUSED, struct ofpbuf *a2 OF_UNUSED)
{
    return 0;
}

void
of_instructions_format(const struct of_instruction *a0 OF_UNUSED, size_t n OF_UNUSED, struct ds *a2 OF_UNUSED)
{
    ;
}

const struct of_instruction *
of_instructions_find(const struct of_instruction *a0 OF_UNUSED, size_t n OF_UNUSED, uint16_t type OF_UNUSED)
{
    return NULL;
}

char *
of_instructions_parse(const char *s OF_UNUSED, struct arena *arena OF_UNUSED, struct of_instruction **instsp OF_UNUSED, size_t *np OF_UNUSED)
{
    return xstrdup("not implemented");
}

char *
of_actions_parse(const char *s OF_UNUSED, struct arena *arena OF_UNUSED, struct of_action **actionsp OF_UNUSED, size_t *np OF_UNUSED)
{
    return xstrdup("not implemented");
}
