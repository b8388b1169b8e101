/*
 * ofp-errors: OpenFlow 1.3 error values.
 *
 * Every handler in ofkit that can fail returns an enum ofperr: 0 for
 * success, otherwise one error of ofp-errors.def, which knows its wire type
 * and code.  The value is an index, not the wire encoding, because
 * OFPHFC_INCOMPATIBLE is type 0 code 0 and must still be "an error".
 *
 * Experimenter errors (type OFPET_EXPERIMENTER) carry an experimenter id and
 * exp_type instead of a code; they are not enum values but are decoded into
 * struct of_error_msg (ofp-switch.h).
 *
 * Pure functions and constant tables: safe from any thread.
 */
#ifndef OFPROTO_OFP_ERRORS_H
#define OFPROTO_OFP_ERRORS_H 1

#include <stdbool.h>
#include <stdint.h>

enum ofperr {
    OFPERR_NONE = 0,
#define OFPERR(NAME, TYPE, CODE, DESC) OFPERR_##NAME,
#include "ofproto/ofp-errors.def"
#undef OFPERR
    OFPERR_N_ERRORS
};

/* Wire type and code of 'error' (which must not be 0). */
uint16_t ofperr_type(enum ofperr error);
uint16_t ofperr_code(enum ofperr error);

/* "OFPBRC_BAD_LEN", or "OK" for 0, or "OFPERR_?" for an out-of-range value. */
const char *ofperr_name(enum ofperr error);

/* The spec's one-line description. */
const char *ofperr_description(enum ofperr error);

/* The name of an error type: "OFPET_BAD_REQUEST", or NULL if unknown. */
const char *ofperr_type_name(uint16_t type);

/* The error with this wire type and code, or 0 if there is none. */
enum ofperr ofperr_from_type_code(uint16_t type, uint16_t code);

/* The error named 'name' ("OFPBMC_BAD_PREREQ", with or without an
 * "OFPERR_" prefix), or 0 if there is none. */
enum ofperr ofperr_from_name(const char *name);

static inline bool
ofperr_is_valid(enum ofperr error)
{
    return error > OFPERR_NONE && error < OFPERR_N_ERRORS;
}

#endif /* ofproto/ofp-errors.h */
