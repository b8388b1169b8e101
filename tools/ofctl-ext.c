/*
 * ofctl-ext: add-port, del-port, trace, set-queues and dump-switch, the
 * verbs carried by ofkit's experimenter messages.  See ofctl-ext.h.
 *
 * Each verb is one request and one reply on a connection of its own: an
 * OFPT_EXPERIMENTER with experimenter OFKIT_EXPERIMENTER, the verb's
 * exp_type and its argument as text; the switch answers with the same
 * xid, exp_type | OFKIT_REPLY, a status byte and text for a person
 * (ofproto/ofkit-ext.h).  The text goes to stdout when the status is
 * OFKIT_OK, to stderr otherwise.
 */

#include "tools/ofctl-ext.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ofproto/conn.h"
#include "ofproto/ds.h"
#include "ofproto/ofkit-ext.h"
#include "ofproto/ofp-errors.h"
#include "ofproto/ofp-msgs.h"
#include "ofproto/util.h"

/* Writes the 'len' bytes of text at 'text' to 'stream', ending with one
 * newline. */
static void
print_text(FILE *stream, const uint8_t *text, size_t len)
{
    if (len) {
        fwrite(text, 1, len, stream);
        if (text[len - 1] != '\n') {
            fputc('\n', stream);
        }
    }
}

/* Explains an OFPT_ERROR 'err' that answers the request of 'verb' on
 * 'target'. */
static void
print_error(const char *verb, const char *target,
            const struct of_error_msg *err)
{
    enum ofperr error = ofperr_from_type_code(err->type, err->code);

    if (error == OFPERR_OFPBRC_BAD_EXPERIMENTER) {
        fprintf(stderr, "ofctl: %s: %s is not ofswitch: it does not know "
                "ofkit's experimenter messages (it answered "
                "OFPBRC_BAD_EXPERIMENTER); add-port, del-port, trace, "
                "set-queues and dump-switch work with ofswitch only\n", verb,
                target);
    } else if (error == OFPERR_OFPBRC_BAD_EXP_TYPE) {
        fprintf(stderr, "ofctl: %s: the switch at %s knows ofkit's "
                "messages but not this one (OFPBRC_BAD_EXP_TYPE): is it an "
                "older ofswitch?\n", verb, target);
    } else if (error) {
        fprintf(stderr, "ofctl: %s: the switch at %s refused the request: "
                "%s (%s)\n", verb, target, ofperr_name(error),
                ofperr_description(error));
    } else {
        fprintf(stderr, "ofctl: %s: the switch at %s refused the request: "
                "OFPT_ERROR type=%u code=%u\n", verb, target, err->type,
                err->code);
    }
}

/* Sends ofkit request 'exp_type' with argument 'arg' to 'target' and
 * prints the answer.  Returns the exit status. */
static int
transact_ext(const char *verb, const char *target, uint32_t exp_type,
             const char *arg)
{
    const struct of_experimenter *exp;
    enum ofperr decode_error;
    struct of_msg request, reply;
    struct conn_sync *cs;
    int error, status = 1;

    cs = ofctl_open(target);
    if (!cs) {
        return 1;
    }
    of_msg_init(&request, OFPT_EXPERIMENTER,
                conn_next_xid(conn_sync_get_conn(cs)));
    request.u.experimenter.exp.experimenter = OFKIT_EXPERIMENTER;
    request.u.experimenter.exp.exp_type = exp_type;
    request.u.experimenter.exp.data = (const uint8_t *) arg;
    request.u.experimenter.exp.len = strlen(arg);

    error = conn_sync_transact(cs, &request, ofctl_timeout_ms(), &reply,
                               &decode_error);
    exp = &reply.u.experimenter.exp;
    if (error == ETIMEDOUT) {
        fprintf(stderr, "ofctl: %s: no reply from %s within %d ms\n", verb,
                target, ofctl_timeout_ms());
    } else if (error) {
        const char *reason = conn_sync_get_error(cs);

        fprintf(stderr, "ofctl: %s: connection to %s closed before the "
                "reply%s%s\n", verb, target, reason ? ": " : "",
                reason ? reason : "");
    } else if (decode_error) {
        fprintf(stderr, "ofctl: %s: the reply does not decode: %s\n", verb,
                ofperr_name(decode_error));
    } else if (reply.type == OFPT_ERROR) {
        print_error(verb, target, &reply.u.error);
    } else if (reply.type != OFPT_EXPERIMENTER
               || exp->experimenter != OFKIT_EXPERIMENTER
               || exp->exp_type != (exp_type | OFKIT_REPLY)
               || exp->len < 1) {
        struct ds s = DS_EMPTY_INITIALIZER;

        of_msg_format(&reply, &s);
        fprintf(stderr, "ofctl: %s: unexpected reply from %s: %s\n", verb,
                target, ds_cstr(&s));
        ds_destroy(&s);
    } else if (exp->data[0] == OFKIT_OK) {
        print_text(stdout, exp->data + 1, exp->len - 1);
        status = 0;
    } else {
        fprintf(stderr, "ofctl: %s: ", verb);
        if (exp->len > 1) {
            print_text(stderr, exp->data + 1, exp->len - 1);
        } else {
            fprintf(stderr, "the switch refused the request\n");
        }
    }
    of_msg_uninit(&reply);
    of_msg_uninit(&request);
    conn_sync_close(cs);
    return status;
}

/* add-port TARGET IFNAME[=OFPORT] | vxlan:OPTIONS */
static int
cmd_add_port(int argc OF_UNUSED, char *argv[])
{
    if (!argv[1][0] || argv[1][0] == '=') {
        fprintf(stderr, "ofctl: add-port: '%s' names no interface\n",
                argv[1]);
        return 2;
    }
    return transact_ext("add-port", argv[0], OFKIT_ADD_PORT, argv[1]);
}

/* del-port TARGET IFNAME|OFPORT */
static int
cmd_del_port(int argc OF_UNUSED, char *argv[])
{
    if (!argv[1][0]) {
        fprintf(stderr, "ofctl: del-port: an empty port name\n");
        return 2;
    }
    return transact_ext("del-port", argv[0], OFKIT_DEL_PORT, argv[1]);
}

/* trace TARGET FLOW... (several words are joined with commas, so that
 * "in_port=1 tcp tp_dst=80" works as well as "in_port=1,tcp,tp_dst=80") */
static int
cmd_trace(int argc, char *argv[])
{
    struct ds flow = DS_EMPTY_INITIALIZER;
    int status;

    for (int i = 1; i < argc; i++) {
        if (i > 1) {
            ds_put_char(&flow, ',');
        }
        ds_put_cstr(&flow, argv[i]);
    }
    status = transact_ext("trace", argv[0], OFKIT_TRACE, ds_cstr(&flow));
    ds_destroy(&flow);
    return status;
}

/* set-queues TARGET PORT [QUEUE:min=RATE,max=RATE]... */
static int
cmd_set_queues(int argc, char *argv[])
{
    struct ds args = DS_EMPTY_INITIALIZER;
    int status;

    for (int i = 1; i < argc; i++) {
        if (!argv[i][0] || strchr(argv[i], ' ')) {
            fprintf(stderr, "ofctl: set-queues: '%s' is not a port or a "
                    "QUEUE:min=RATE,max=RATE word\n", argv[i]);
            ds_destroy(&args);
            return 2;
        }
        ds_put_format(&args, "%s%s", i > 1 ? " " : "", argv[i]);
    }
    status = transact_ext("set-queues", argv[0], OFKIT_SET_QUEUES,
                          ds_cstr(&args));
    ds_destroy(&args);
    return status;
}

/* dump-switch TARGET */
static int
cmd_dump_switch(int argc OF_UNUSED, char *argv[])
{
    return transact_ext("dump-switch", argv[0], OFKIT_SHOW, "");
}

const struct ofctl_verb ofctl_ext_verbs[] = {
    { "add-port", "TARGET IFNAME[=OFPORT] | vxlan:OPTIONS", 2, 2,
      cmd_add_port,
      "open interface IFNAME as a port (number OFPORT, or the next), or "
      "a VXLAN tunnel port (remote_ip=IP|flow,key=VNI|flow,local_ip=IP,"
      "dst_port=N,name=NAME,ofport=N)" },
    { "del-port", "TARGET IFNAME|OFPORT", 2, 2, cmd_del_port,
      "remove a port, by interface name or port number" },
    { "trace", "TARGET 'FLOW' | 'in_port=N,packet=HEX'", 2, -1, cmd_trace,
      "what the pipeline does with a packet, table by table" },
    { "set-queues", "TARGET PORT [QUEUE:min=RATE,max=RATE]...", 2, -1,
      cmd_set_queues,
      "replace the egress queues of PORT (none: remove them); RATE in "
      "bit/s, k/M/G" },
    { "dump-switch", "TARGET", 1, 1, cmd_dump_switch,
      "ofswitch's ports, tables and counters" },
};

const size_t ofctl_n_ext_verbs = ARRAY_SIZE(ofctl_ext_verbs);
