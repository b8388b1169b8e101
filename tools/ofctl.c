/*
 * ofctl: the command line to inspect and program OpenFlow 1.3 switches, in
 * ovs-ofctl's syntax:
 *
 *   ofctl [OPTIONS] VERB [TARGET] [ARGS]
 *
 * This file holds main(), the options, --help and the offline verbs
 * (decode, parse-flow, parse-group, parse-meter); ofctl-net.c the verbs
 * that talk to a switch.  See ofctl.h.
 */

#include "tools/ofctl.h"

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
#include "ofproto/ofp-parse.h"
#include "ofproto/ofpbuf.h"
#include "ofproto/util.h"
#include "tools/ofctl-ext.h"

struct ofctl_options ofctl_opts;

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
        } else if (ofctl_opts.reencode) {
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

static const struct ofctl_verb offline_verbs[] = {
    { "decode", "[--reencode] FILE...", 1, -1, cmd_decode,
      "print raw OpenFlow 1.3 messages stored back to back in FILEs" },
    { "parse-flow", "FLOW", 1, 1, cmd_parse_flow,
      "print the FLOW_MOD that FLOW encodes to, as hex and as text" },
    { "parse-group", "GROUP", 1, 1, cmd_parse_group,
      "print the GROUP_MOD that GROUP encodes to" },
    { "parse-meter", "METER", 1, 1, cmd_parse_meter,
      "print the METER_MOD that METER encodes to" },
};

/* Every table of verbs.  A new family of verbs adds its table here. */
static const struct {
    const char *title;
    const struct ofctl_verb *verbs;
    const size_t *n;
} verb_tables[] = {
    { "Switch verbs (TARGET: tcp:IP[:PORT], unix:PATH, ssl:IP[:PORT]; "
      "port 6653 by default)", ofctl_net_verbs, &ofctl_n_net_verbs },
    { "ofswitch verbs (ofkit's experimenter messages)", ofctl_ext_verbs,
      &ofctl_n_ext_verbs },
    { "Offline verbs", offline_verbs, NULL },
};

static size_t
table_size(size_t i)
{
    return verb_tables[i].n ? *verb_tables[i].n : ARRAY_SIZE(offline_verbs);
}

static const struct ofctl_verb *
find_verb(const char *name)
{
    for (size_t i = 0; i < ARRAY_SIZE(verb_tables); i++) {
        for (size_t j = 0; j < table_size(i); j++) {
            if (!strcmp(verb_tables[i].verbs[j].name, name)) {
                return &verb_tables[i].verbs[j];
            }
        }
    }
    return NULL;
}

static void
usage(FILE *stream)
{
    fprintf(stream, "usage: ofctl [OPTIONS] VERB [TARGET] [ARGS]\n\n"
            "Inspect and program OpenFlow 1.3 switches, in ovs-ofctl's "
            "syntax.\n");
    for (size_t i = 0; i < ARRAY_SIZE(verb_tables); i++) {
        fprintf(stream, "\n%s:\n", verb_tables[i].title);
        for (size_t j = 0; j < table_size(i); j++) {
            const struct ofctl_verb *v = &verb_tables[i].verbs[j];

            fprintf(stream, "  %s %s\n      %s\n", v->name, v->args,
                    v->help);
        }
    }
    fprintf(stream, "\nOptions:\n"
            "  -t, --timeout=SECS      give up on a connection or a reply "
            "after SECS\n"
            "                          (default 60); monitor: stop after "
            "SECS\n"
            "  --no-stats              dump-flows: no duration or "
            "counters\n"
            "  --sort[=FIELD]          dump-flows: sort by FIELD's value "
            "(or priority);\n"
            "                          repeat for more keys\n"
            "  --rsort[=FIELD]         the same, descending\n"
            "  --strict                mod-flows, del-flows: match "
            "priority and match exactly\n"
            "  -O, --protocols=LIST    accepted for ovs-ofctl's sake; "
            "must allow OpenFlow13\n"
            "  -p, --private-key=FILE  TLS: our private key (PEM)\n"
            "  -c, --certificate=FILE  TLS: our certificate (PEM)\n"
            "  -C, --ca-cert=FILE      TLS: the CA certificate that signs "
            "the switch's\n"
            "  --names, --no-names     accepted; ports print as numbers\n"
            "  --reencode              decode: write re-encoded bytes to "
            "stdout\n"
            "  -h, --help              show this help\n");
}

/* -O LIST: OpenFlow 1.3 is the only version ofctl speaks, and conn
 * negotiates it; a list must allow it. */
static bool
check_protocols(const char *list)
{
    char *copy = xstrdup(list);
    char *save = NULL;
    bool ok = false;

    for (char *p = strtok_r(copy, ",", &save); p;
         p = strtok_r(NULL, ",", &save)) {
        if (!strcasecmp(p, "OpenFlow13") || !strcasecmp(p, "OF13")) {
            ok = true;
        }
    }
    free(copy);
    if (!ok) {
        fprintf(stderr, "ofctl: -O %s: ofctl speaks OpenFlow13 only\n",
                list);
    }
    return ok;
}

static bool
parse_timeout(const char *arg)
{
    uint64_t secs;
    char *error = of_parse_number("--timeout", arg, INT32_MAX / 1000,
                                  &secs);

    if (error) {
        fprintf(stderr, "ofctl: %s\n", error);
        free(error);
        return false;
    }
    ofctl_opts.timeout_ms = secs ? secs * 1000 : 0;
    return true;
}

enum {
    OPT_NO_STATS = 256,
    OPT_STATS,
    OPT_SORT,
    OPT_RSORT,
    OPT_STRICT,
    OPT_NAMES,
    OPT_REENCODE,
};

/* Parses the options (they may come before or after the verb, as with
 * ovs-ofctl: getopt permutes).  Returns -1 to go on, otherwise an exit
 * status. */
static int
parse_options(int argc, char *argv[])
{
    static const struct option long_options[] = {
        { "timeout", required_argument, NULL, 't' },
        { "protocols", required_argument, NULL, 'O' },
        { "private-key", required_argument, NULL, 'p' },
        { "certificate", required_argument, NULL, 'c' },
        { "ca-cert", required_argument, NULL, 'C' },
        { "no-stats", no_argument, NULL, OPT_NO_STATS },
        { "stats", no_argument, NULL, OPT_STATS },
        { "sort", optional_argument, NULL, OPT_SORT },
        { "rsort", optional_argument, NULL, OPT_RSORT },
        { "strict", no_argument, NULL, OPT_STRICT },
        { "names", no_argument, NULL, OPT_NAMES },
        { "no-names", no_argument, NULL, OPT_NAMES },
        { "reencode", no_argument, NULL, OPT_REENCODE },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    int opt;

    while ((opt = getopt_long(argc, argv, "t:O:p:c:C:h", long_options,
                              NULL)) != -1) {
        switch (opt) {
        case 't':
            if (!parse_timeout(optarg)) {
                return 2;
            }
            break;
        case 'O':
            if (!check_protocols(optarg)) {
                return 2;
            }
            break;
        case 'p':
            ofctl_opts.ssl.private_key = optarg;
            break;
        case 'c':
            ofctl_opts.ssl.certificate = optarg;
            break;
        case 'C':
            ofctl_opts.ssl.ca_cert = optarg;
            break;
        case OPT_NO_STATS:
            ofctl_opts.no_stats = true;
            break;
        case OPT_STATS:
            ofctl_opts.no_stats = false;
            break;
        case OPT_SORT:
        case OPT_RSORT:
            if (ofctl_opts.n_sort_keys >= OFCTL_MAX_SORT_KEYS) {
                fprintf(stderr, "ofctl: at most %d --sort and --rsort\n",
                        OFCTL_MAX_SORT_KEYS);
                return 2;
            }
            ofctl_opts.sort_keys[ofctl_opts.n_sort_keys].field = optarg;
            ofctl_opts.sort_keys[ofctl_opts.n_sort_keys].descending
                = opt == OPT_RSORT;
            ofctl_opts.n_sort_keys++;
            break;
        case OPT_STRICT:
            ofctl_opts.strict = true;
            break;
        case OPT_NAMES:
            break;
        case OPT_REENCODE:
            ofctl_opts.reencode = true;
            break;
        case 'h':
            usage(stdout);
            return 0;
        default:
            fprintf(stderr, "ofctl: try --help\n");
            return 2;
        }
    }
    return -1;
}

int
main(int argc, char *argv[])
{
    const struct ofctl_verb *v;
    const char *verb_name;
    int status, n;

    status = parse_options(argc, argv);
    if (status >= 0) {
        return status;
    }
    if (optind >= argc) {
        fprintf(stderr, "ofctl: missing verb (try --help)\n");
        return 2;
    }
    verb_name = argv[optind++];
    v = find_verb(verb_name);
    if (!v) {
        fprintf(stderr, "ofctl: unknown verb '%s' (try --help)\n",
                verb_name);
        return 2;
    }
    n = argc - optind;
    if (n < v->min_args || (v->max_args >= 0 && n > v->max_args)) {
        fprintf(stderr, "ofctl: %s: %s arguments; usage: ofctl %s %s\n",
                v->name, n < v->min_args ? "missing" : "too many",
                v->name, v->args);
        return 2;
    }
    return v->run(n, argv + optind);
}
