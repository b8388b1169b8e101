#include "ofproto/ofp-errors.h"

#include <string.h>

struct ofperr_info {
    const char *name;
    const char *description;
    uint16_t type;
    uint16_t code;
};

static const struct ofperr_info infos[OFPERR_N_ERRORS] = {
    [OFPERR_NONE] = { "OK", "success", 0, 0 },
#define OFPERR(NAME, TYPE, CODE, DESC) \
    [OFPERR_##NAME] = { #NAME, DESC, TYPE, CODE },
#include "ofproto/ofp-errors.def"
#undef OFPERR
};

static const char *const type_names[] = {
    "OFPET_HELLO_FAILED", "OFPET_BAD_REQUEST", "OFPET_BAD_ACTION",
    "OFPET_BAD_INSTRUCTION", "OFPET_BAD_MATCH", "OFPET_FLOW_MOD_FAILED",
    "OFPET_GROUP_MOD_FAILED", "OFPET_PORT_MOD_FAILED",
    "OFPET_TABLE_MOD_FAILED", "OFPET_QUEUE_OP_FAILED",
    "OFPET_SWITCH_CONFIG_FAILED", "OFPET_ROLE_REQUEST_FAILED",
    "OFPET_METER_MOD_FAILED", "OFPET_TABLE_FEATURES_FAILED",
};

uint16_t
ofperr_type(enum ofperr error)
{
    return ofperr_is_valid(error) ? infos[error].type : 0;
}

uint16_t
ofperr_code(enum ofperr error)
{
    return ofperr_is_valid(error) ? infos[error].code : 0;
}

const char *
ofperr_name(enum ofperr error)
{
    if (error == OFPERR_NONE || ofperr_is_valid(error)) {
        return infos[error].name;
    }
    return "OFPERR_?";
}

const char *
ofperr_description(enum ofperr error)
{
    if (error == OFPERR_NONE || ofperr_is_valid(error)) {
        return infos[error].description;
    }
    return "unknown error";
}

const char *
ofperr_type_name(uint16_t type)
{
    if (type < sizeof type_names / sizeof *type_names) {
        return type_names[type];
    }
    return type == 0xffff ? "OFPET_EXPERIMENTER" : NULL;
}

enum ofperr
ofperr_from_type_code(uint16_t type, uint16_t code)
{
    for (int i = 1; i < OFPERR_N_ERRORS; i++) {
        if (infos[i].type == type && infos[i].code == code) {
            return (enum ofperr) i;
        }
    }
    return OFPERR_NONE;
}

enum ofperr
ofperr_from_name(const char *name)
{
    if (!strncmp(name, "OFPERR_", 7)) {
        name += 7;
    }
    for (int i = 1; i < OFPERR_N_ERRORS; i++) {
        if (!strcmp(infos[i].name, name)) {
            return (enum ofperr) i;
        }
    }
    return OFPERR_NONE;
}
