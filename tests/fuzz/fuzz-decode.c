/*
 * fuzz-decode: libFuzzer target for everything that reads untrusted bytes.
 *
 * The input is offered three ways:
 *   1. as one whole message to of_msg_decode();
 *   2. when that succeeds: formatted, encoded, the encoding decoded again
 *      (which must succeed) and re-encoded (which must give the same
 *      bytes), since whatever ofkit accepts it must be able to send back;
 *   3. split into messages by their header lengths, every multipart part
 *      fed to one struct of_mp_assembler, and every message decoded alone.
 *
 * A broken invariant aborts with the input described, so libFuzzer saves
 * it; the sanitizers catch the rest.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ofproto/ds.h"
#include "ofproto/ofp-msgs.h"
#include "ofproto/ofp-multipart.h"
#include "ofproto/ofpbuf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
die(const char *what, const struct of_msg *msg, enum ofperr error)
{
    fprintf(stderr, "fuzz-decode: %s (type %u, %s)\n", what, msg->type,
            ofperr_name(error));
    abort();
}

static void
format(const struct of_msg *msg)
{
    struct ds s = DS_EMPTY_INITIALIZER;

    of_msg_format(msg, &s);
    if (!strchr(ds_cstr(&s), ':')) {
        die("of_msg_format() printed no header", msg, 0);
    }
    ds_destroy(&s);
}

/* Decodes one message; when it is valid, checks that it prints and that
 * it survives an encode/decode/encode round trip unchanged. */
static void
decode_one(const uint8_t *data, size_t size)
{
    struct ofpbuf first = OFPBUF_INITIALIZER;
    struct ofpbuf second = OFPBUF_INITIALIZER;
    struct of_msg msg, again;
    enum ofperr error;

    error = of_msg_decode(&msg, data, size);
    if (error) {
        if (!ofperr_is_valid(error)) {
            die("decode returned an invalid error value", &msg, error);
        }
        of_msg_uninit(&msg);
        return;
    }
    format(&msg);

    if (!of_msg_encode(&msg, &first)) {
        die("a decoded message does not encode", &msg, 0);
    }
    error = of_msg_decode(&again, first.data, first.size);
    if (error) {
        die("the encoding of a decoded message does not decode", &msg,
            error);
    }
    format(&again);
    if (!of_msg_encode(&again, &second)) {
        die("a re-decoded message does not encode", &again, 0);
    }
    if (first.size != second.size
        || memcmp(first.data, second.data, first.size)) {
        die("encode(decode(encode(decode(x)))) != encode(decode(x))", &msg,
            0);
    }

    ofpbuf_uninit(&first);
    ofpbuf_uninit(&second);
    of_msg_uninit(&again);
    of_msg_uninit(&msg);
}

/* Feeds every multipart message in 'data' (back-to-back messages) to one
 * assembler, and decodes every message alone. */
static void
assemble(const uint8_t *data, size_t size)
{
    struct of_mp_assembler asm_;
    size_t ofs = 0;

    of_mp_assembler_init(&asm_);
    while (size - ofs >= OF_HEADER_LEN) {
        uint8_t version, type;
        uint16_t length;
        uint32_t xid;

        of_msg_header(data + ofs, &version, &type, &length, &xid);
        if (length < OF_HEADER_LEN || length > size - ofs) {
            break;
        }
        if (type == OFPT_MULTIPART_REQUEST || type == OFPT_MULTIPART_REPLY) {
            struct of_msg done;
            bool complete = false;
            enum ofperr error;

            error = of_mp_assembler_add(&asm_, data + ofs, length, &done,
                                        &complete);
            if (!error && complete) {
                format(&done);
                of_msg_uninit(&done);
            }
        }
        if (ofs || length != size) {
            decode_one(data + ofs, length);
        }
        ofs += length;
    }
    of_mp_assembler_uninit(&asm_);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    decode_one(data, size);
    assemble(data, size);
    return 0;
}
