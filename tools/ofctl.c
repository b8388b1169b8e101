/*
 * ofctl: the command line to inspect and program OpenFlow 1.3 switches, in
 * ovs-ofctl's syntax.
 *
 *   ofctl decode [--reencode] FILE...
 *   ofctl parse-flow FLOW
 *   ofctl parse-group GROUP
 *   ofctl parse-meter METER
 *
 * The network verbs (show, dump-flows, add-flow, ...) arrive with the
 * switch.
 */

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ofproto/ds.h"
#include "ofproto/ofp-flow.h"
#include "ofproto/ofp-group.h"
#include "ofproto/ofp-meter.h"
#include "ofproto/ofp-msgs.h"
#include "ofproto/ofpbuf.h"
#include "ofproto/util.h"

struct verb {
    const char *name;
    const char *args;
    int min_args, max_args;     /* -1: unlimited. */
    int (*run)(int argc, char *argv[]);
    const char *help;
};

static bool reencode;

static void
usage(FILE *stream);

/* ---- Reading files ---- */

static bool
read_file(const char *name, struct ofpbuf *out)
{
    FILE *f = strcmp(name, "-") ? fopen(name, "rb") : stdin;
    char buf[65536];
    size_t n;

    if (!f) {
        fprintf(stderr, "ofctl: %s: %s\n", name, strerror(errno));
        return false;
    }
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
        ofpbuf_put(out, buf, n);
    }
    if (ferror(f)) {
        fprintf(stderr, "ofctl: %s: read error\n", name);
        if (f != stdin) {
            fclose(f);
        }
        return false;
    }
    if (f != stdin) {
        fclose(f);
    }
    return true;
}

static void
put_type_name(struct ds *s, uint8_t type)
{
    const char *name = of_msg_type_name(type);

    if (name) {
        ds_put_cstr(s, name);
    } else {
        ds_put_format(s, "type %u", type);
    }
}

/* Decodes the back-to-back messages in one file.  Returns the number of
 * malformed messages found. */
static int
decode_file(const char *name, const struct ofpbuf *file)
{
    size_t ofs = 0;
    int bad = 0;

    while (ofs < file->size) {
        const uint8_t *p = file->data + ofs;
        size_t left = file->size - ofs;
        uint8_t version, type;
        uint16_t length;
        uint32_t xid;
        struct of_msg msg;
        enum ofperr error;
        struct ds s = DS_EMPTY_INITIALIZER;

        if (left < OF_HEADER_LEN) {
            fprintf(stderr, "%s: offset %zu: %zu trailing bytes, too short "
                    "for an OpenFlow header: would send OFPBRC_BAD_LEN\n",
                    name, ofs, left);
            return bad + 1;
        }
        of_msg_header(p, &version, &type, &length, &xid);
        if (length < OF_HEADER_LEN || length > left) {
            ds_put_format(&s, "%s: offset %zu: ", name, ofs);
            put_type_name(&s, type);
            ds_put_format(&s, " (xid=0x%x): length %u %s: would send "
                          "OFPBRC_BAD_LEN (type 1, code 6)\n", xid, length,
                          length < OF_HEADER_LEN ? "shorter than a header"
                          : "runs past the end of the input");
            fputs(ds_cstr(&s), stderr);
            ds_destroy(&s);
            return bad + 1;
        }

        error = of_msg_decode(&msg, p, length);
        if (error) {
            ds_put_format(&s, "%s: offset %zu: ", name, ofs);
            put_type_name(&s, type);
            ds_put_format(&s, " (xid=0x%x): would send %s (type %u, "
                          "code %u): %s\n", xid, ofperr_name(error),
                          ofperr_type(error), ofperr_code(error),
                          ofperr_description(error));
            fputs(ds_cstr(&s), stderr);
            bad++;
        } else if (reencode) {
            struct ofpbuf out = OFPBUF_INITIALIZER;

            if (!of_msg_encode(&msg, &out)
                || fwrite(out.data, 1, out.size, stdout) != out.size) {
                fprintf(stderr, "%s: offset %zu: cannot re-encode\n", name,
                        ofs);
                bad++;
            }
            ofpbuf_uninit(&out);
        } else {
            of_msg_format(&msg, &s);
            puts(ds_cstr(&s));
        }
        ds_destroy(&s);
        of_msg_uninit(&msg);
        ofs += length;
    }
    return bad;
}

static int
cmd_decode(int argc, char *argv[])
{
    int bad = 0;

    for (int i = 0; i < argc; i++) {
        struct ofpbuf file = OFPBUF_INITIALIZER;

        if (!read_file(argv[i], &file)) {
            bad++;
        } else {
            bad += decode_file(argv[i], &file);
        }
        ofpbuf_uninit(&file);
    }
    return bad ? 1 : 0;
}

/* ---- parse-flow, parse-group, parse-meter ---- */

/* Prints the encoding of 'msg' as hex and as decoded text. */
static int
print_encoded(const struct of_msg *msg)
{
    struct ofpbuf out = OFPBUF_INITIALIZER;
    struct ds s = DS_EMPTY_INITIALIZER;
    struct of_msg back;
    enum ofperr error;
    int status = 0;

    if (!of_msg_encode(msg, &out)) {
        fprintf(stderr, "ofctl: message too long to encode\n");
        return 1;
    }
    ds_put_hex_dump(&s, out.data, out.size, 16, 0);
    printf("%s\n", ds_cstr(&s));
    ds_clear(&s);

    error = of_msg_decode(&back, out.data, out.size);
    if (error) {
        fprintf(stderr, "ofctl: encoded message does not decode: %s\n",
                ofperr_name(error));
        status = 1;
    } else {
        of_msg_format(&back, &s);
        printf("%s\n", ds_cstr(&s));
    }
    of_msg_uninit(&back);
    ds_destroy(&s);
    ofpbuf_uninit(&out);
    return status;
}

static int
cmd_parse_flow(int argc OF_UNUSED, char *argv[])
{
    struct of_msg msg;
    char *error;
    int status;

    of_msg_init(&msg, OFPT_FLOW_MOD, 0);
    error = of_flow_mod_parse(&msg.u.flow_mod, argv[0], OFPFC_ADD,
                              &msg.arena);
    if (error) {
        fprintf(stderr, "ofctl: %s\n", error);
        free(error);
        of_msg_uninit(&msg);
        return 1;
    }
    status = print_encoded(&msg);
    of_msg_uninit(&msg);
    return status;
}

static int
cmd_parse_group(int argc OF_UNUSED, char *argv[])
{
    struct of_msg msg;
    char *error;
    int status;

    of_msg_init(&msg, OFPT_GROUP_MOD, 0);
    error = of_group_mod_parse(&msg.u.group_mod, argv[0], OFPGC_ADD,
                               &msg.arena);
    if (error) {
        fprintf(stderr, "ofctl: %s\n", error);
        free(error);
        of_msg_uninit(&msg);
        return 1;
    }
    status = print_encoded(&msg);
    of_msg_uninit(&msg);
    return status;
}

static int
cmd_parse_meter(int argc OF_UNUSED, char *argv[])
{
    struct of_msg msg;
    char *error;
    int status;

    of_msg_init(&msg, OFPT_METER_MOD, 0);
    error = of_meter_mod_parse(&msg.u.meter_mod, argv[0], OFPMC_ADD,
                               &msg.arena);
    if (error) {
        fprintf(stderr, "ofctl: %s\n", error);
        free(error);
        of_msg_uninit(&msg);
        return 1;
    }
    status = print_encoded(&msg);
    of_msg_uninit(&msg);
    return status;
}

/* ---- Main ---- */

static const struct verb verbs[] = {
    { "decode", "[--reencode] FILE...", 1, -1, cmd_decode,
      "print raw OpenFlow 1.3 messages stored back to back in FILEs" },
    { "parse-flow", "FLOW", 1, 1, cmd_parse_flow,
      "print the FLOW_MOD that FLOW encodes to, as hex and as text" },
    { "parse-group", "GROUP", 1, 1, cmd_parse_group,
      "print the GROUP_MOD that GROUP encodes to" },
    { "parse-meter", "METER", 1, 1, cmd_parse_meter,
      "print the METER_MOD that METER encodes to" },
};

static void
usage(FILE *stream)
{
    fprintf(stream, "usage: ofctl [OPTIONS] VERB [ARGS]\n\n"
            "Inspect and program OpenFlow 1.3 switches.\n\nVerbs:\n");
    for (size_t i = 0; i < ARRAY_SIZE(verbs); i++) {
        fprintf(stream, "  %s %s\n      %s\n", verbs[i].name, verbs[i].args,
                verbs[i].help);
    }
    fprintf(stream, "\nOptions:\n"
            "  --reencode   (decode) write re-encoded bytes to stdout\n"
            "  -h, --help   show this help\n");
}

int
main(int argc, char *argv[])
{
    static const struct option long_options[] = {
        { "reencode", no_argument, NULL, 'r' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    const char *verb_name;
    int opt;

    while ((opt = getopt_long(argc, argv, "+h", long_options, NULL)) != -1) {
        switch (opt) {
        case 'r':
            reencode = true;
            break;
        case 'h':
            usage(stdout);
            return 0;
        default:
            usage(stderr);
            return 2;
        }
    }
    if (optind >= argc) {
        fprintf(stderr, "ofctl: missing verb (try --help)\n");
        return 2;
    }
    verb_name = argv[optind++];

    /* Options may also follow the verb (ofctl decode --reencode FILE). */
    while (optind < argc && !strcmp(argv[optind], "--reencode")) {
        reencode = true;
        optind++;
    }

    for (size_t i = 0; i < ARRAY_SIZE(verbs); i++) {
        const struct verb *v = &verbs[i];
        int n = argc - optind;

        if (strcmp(v->name, verb_name)) {
            continue;
        }
        if (n < v->min_args || (v->max_args >= 0 && n > v->max_args)) {
            fprintf(stderr, "ofctl: '%s' takes %s\n", v->name, v->args);
            return 2;
        }
        return v->run(n, argv + optind);
    }
    fprintf(stderr, "ofctl: unknown verb '%s' (try --help)\n", verb_name);
    return 2;
}
