/*
 * unit-msgs: assertions shared by the message-family suites.
 *
 *   unit_round_trip(&msg)
 *       Encodes 'msg', decodes the bytes, re-encodes the decoded message
 *       and asserts the two encodings are byte-identical, that decode
 *       consumed everything, and that formatting produces text naming the
 *       message type.  Returns the decoded message's text (caller frees)
 *       so a test can also assert on it.
 *
 *   unit_expect_error(bytes, len, OFPERR_...)
 *       Asserts that decoding exactly these bytes fails with that error.
 *
 *   unit_hex(&buf, "04 0e 00 50 ...")
 *       Appends bytes written as hex (spaces and newlines ignored).
 *
 * Each returns after CUnit records the failure, never aborts, so one bad
 * case does not hide the others.
 */
#ifndef TESTS_UNIT_UNIT_MSGS_H
#define TESTS_UNIT_UNIT_MSGS_H 1

#include <stddef.h>

#include "ofproto/ofp-errors.h"

struct of_msg;
struct ofpbuf;

char *unit_round_trip_at(const struct of_msg *, const char *file, int line);
#define unit_round_trip(MSG) unit_round_trip_at(MSG, __FILE__, __LINE__)

void unit_expect_error_at(const void *data, size_t len, enum ofperr expected,
                          const char *file, int line);
#define unit_expect_error(DATA, LEN, ERR) \
    unit_expect_error_at(DATA, LEN, ERR, __FILE__, __LINE__)

void unit_hex(struct ofpbuf *, const char *hex);

/* Sets the 16-bit big-endian length field of the message in 'buf' to its
 * size (after a test has edited it). */
void unit_fix_length(struct ofpbuf *);

#endif /* tests/unit/unit-msgs.h */
