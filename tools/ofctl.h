/*
 * ofctl: the command line to inspect and program OpenFlow 1.3 switches, in
 * ovs-ofctl's syntax.  What the pieces share.
 *
 * ofctl is a table of verbs.  Each source file that implements verbs
 * exports one table (an array of struct ofctl_verb and its length), and
 * ofctl.c's main() searches every table in turn, parses the global options
 * into 'ofctl_opts' and runs the verb with its arguments.  A new family of
 * verbs (the switch's experimenter verbs: add-port, del-port, trace) is a
 * new file with its own table, added to the list in ofctl.c.
 *
 *   ofctl.c        main(), options, --help, the offline verbs (decode,
 *                  parse-flow, parse-group, parse-meter)
 *   ofctl-net.c    the verbs that talk to a switch over conn_sync, and
 *                  the helpers below that other files of verbs share
 *   ofctl-print.c  ovs-ofctl's text layout for replies (ofctl-print.h)
 *   ofctl-file.c   reading flow files for add-flows (ofctl-file.h)
 *
 * Exit status: 0 on success, 1 when the switch refused a request, a reply
 * did not come, or the connection failed, 2 for a bad command line.
 *
 * Single-threaded.
 */
#ifndef TOOLS_OFCTL_H
#define TOOLS_OFCTL_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ofproto/conn.h"

/* A verb.  'run' receives the arguments after the verb name (for the
 * network verbs argv[0] is the TARGET) and returns the exit status. */
struct ofctl_verb {
    const char *name;
    const char *args;           /* For --help: "TARGET [FLOW]". */
    int min_args, max_args;     /* -1: unlimited. */
    int (*run)(int argc, char *argv[]);
    const char *help;           /* One line. */
};

/* A sort criterion of dump-flows: --sort[=FIELD] or --rsort[=FIELD]. */
struct ofctl_sort_key {
    const char *field;          /* A match field name; NULL: priority. */
    bool descending;            /* --rsort. */
};

#define OFCTL_MAX_SORT_KEYS 8

/* Global options. */
struct ofctl_options {
    int timeout_ms;             /* -t, --timeout: connecting, each reply, and
                                 * monitor's whole run; 0: the defaults. */
    bool no_stats;              /* --no-stats (dump-flows). */
    bool strict;                /* --strict (mod-flows, del-flows). */
    bool reencode;              /* --reencode (decode). */
    struct ofctl_sort_key sort_keys[OFCTL_MAX_SORT_KEYS];
    size_t n_sort_keys;         /* dump-flows sorts if nonzero. */
    struct conn_ssl_config ssl; /* --private-key, --certificate,
                                 * --ca-cert. */
};

extern struct ofctl_options ofctl_opts;

/* The verbs of ofctl-net.c. */
extern const struct ofctl_verb ofctl_net_verbs[];
extern const size_t ofctl_n_net_verbs;

/* ---- Talking to a switch (ofctl-net.c), for every file of verbs ----
 *
 * Each prints what went wrong to stderr itself, in ovs-ofctl's words
 * where it has them, so a verb only passes the status on. */

struct of_msg;

/* How long to wait for a connection or a reply: --timeout, or 60 s. */
int ofctl_timeout_ms(void);

/* Opens 'target' and completes the OpenFlow 1.3 handshake within the
 * timeout, with the TLS files of the options.  Returns NULL after printing
 * why if that fails.  The caller closes it with conn_sync_close(). */
struct conn_sync *ofctl_open(const char *target);

/* Sends 'request' (giving it a fresh xid) and receives its reply into
 * 'reply', which the caller must of_msg_uninit() whatever happens.
 * Returns 0 if the reply is a 'reply_type' (for a multipart request, a
 * multipart reply of the same type, its parts joined); otherwise prints
 * what came instead (the switch's OFPT_ERROR with the request, no reply,
 * something else) and returns 1. */
int ofctl_transact(struct conn_sync *, struct of_msg *request,
                   uint8_t reply_type, struct of_msg *reply);

/* Sends 'msg', a request without a reply (FLOW_MOD, an experimenter
 * command, ...), to 'target' on a connection of its own, followed by a
 * barrier; prints the switch's OFPT_ERROR for it if there is one.
 * Returns 0 if the switch accepted it, otherwise 1. */
int ofctl_send_one(const char *target, struct of_msg *msg);

#endif /* tools/ofctl.h */
