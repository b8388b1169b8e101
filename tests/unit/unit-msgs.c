#include "tests/unit/unit-msgs.h"

#include <CUnit/CUnit.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ofproto/ds.h"
#include "ofproto/ofp-msgs.h"
#include "ofproto/ofpbuf.h"

static void
report(bool ok, const char *what, const char *file, int line)
{
    CU_assertImplementation(ok, line, what, file, "", CU_FALSE);
}

char *
unit_round_trip_at(const struct of_msg *msg, const char *file, int line)
{
    struct ofpbuf a = OFPBUF_INITIALIZER, b = OFPBUF_INITIALIZER;
    struct ds s = DS_EMPTY_INITIALIZER;
    struct of_msg back;
    enum ofperr error;
    const char *type_name;

    if (!of_msg_encode(msg, &a)) {
        report(false, "message encodes", file, line);
        return ds_steal_cstr(&s);
    }
    error = of_msg_decode(&back, a.data, a.size);
    if (error) {
        char what[128];

        snprintf(what, sizeof what, "encoded message decodes (got %s)",
                 ofperr_name(error));
        report(false, what, file, line);
        of_msg_uninit(&back);
        ofpbuf_uninit(&a);
        return ds_steal_cstr(&s);
    }
    report(back.type == msg->type, "decoded type equals built type",
           file, line);
    report(back.xid == msg->xid, "decoded xid equals built xid", file,
           line);
    report(of_msg_encode(&back, &b), "decoded message re-encodes", file,
           line);
    if (a.size != b.size || memcmp(a.data, b.data, a.size)) {
        fprintf(stderr, "\n%s:%d: re-encoding differs\n", file, line);
        ds_put_hex_dump(&s, a.data, a.size, 16, 2);
        fprintf(stderr, "first:\n%s\n", ds_cstr(&s));
        ds_clear(&s);
        ds_put_hex_dump(&s, b.data, b.size, 16, 2);
        fprintf(stderr, "second:\n%s\n", ds_cstr(&s));
        ds_clear(&s);
        report(false, "re-encoding is byte-identical", file, line);
    } else {
        report(true, "re-encoding is byte-identical", file, line);
    }
    of_msg_format(&back, &s);
    type_name = of_msg_type_name(msg->type);
    report(type_name && strstr(ds_cstr(&s), type_name) != NULL,
           "text names the message type", file, line);
    of_msg_uninit(&back);
    ofpbuf_uninit(&a);
    ofpbuf_uninit(&b);
    return ds_steal_cstr(&s);
}

void
unit_expect_error_at(const void *data, size_t len, enum ofperr expected,
                     const char *file, int line)
{
    struct of_msg msg;
    enum ofperr error = of_msg_decode(&msg, data, len);
    char what[160];

    snprintf(what, sizeof what, "decode fails with %s (got %s)",
             ofperr_name(expected), ofperr_name(error));
    report(error == expected, what, file, line);
    of_msg_uninit(&msg);
}

void
unit_hex(struct ofpbuf *b, const char *hex)
{
    while (*hex) {
        unsigned int byte;

        if (isspace((unsigned char) *hex)) {
            hex++;
            continue;
        }
        if (sscanf(hex, "%2x", &byte) != 1 || !hex[1]) {
            fprintf(stderr, "unit_hex: bad hex at '%s'\n", hex);
            abort();
        }
        ofpbuf_put_u8(b, byte);
        hex += 2;
    }
}

void
unit_fix_length(struct ofpbuf *b)
{
    if (b->size >= 4) {
        ofpbuf_set_be16(b, 2, b->size);
    }
}
