/*
 * ofctl-net: the verbs that talk to a switch.
 *
 * Every verb opens one connection with conn_sync_open() (ofproto/conn.h
 * does the framing, the HELLO exchange and echo replies), sends its
 * requests and waits for what answers them:
 *
 *   - Requests with a reply (FEATURES, GET_CONFIG, multipart, ECHO) go
 *     through ofctl_transact(): conn_sync_transact() joins a multipart reply's
 *     parts, and an OFPT_ERROR with the request's xid is the answer too.
 *
 *   - Requests without one (FLOW_MOD, GROUP_MOD, METER_MOD, PORT_MOD,
 *     PACKET_OUT, SET_CONFIG) go into a batch: encoded back to back, sent
 *     without waiting, and closed by one BARRIER_REQUEST.  A switch
 *     answers in order (OpenFlow 1.3.5, 6.2), so once the barrier's reply
 *     is in, every error for the batch has arrived; each is matched to
 *     its request by xid (a batch numbers its requests itself) and
 *     reported with the request and, for a file, its line.  Errors are
 *     read as they come while the batch goes out, so no queue grows
 *     without bound however many requests fail.
 *
 * Replies print in ovs-ofctl's layout (ofctl-print.h); asynchronous
 * messages (monitor) and requests quoted in error reports in ofproto's
 * (of_msg_format()).  Errors go to stderr, and the verb returns 1.
 */

#include "tools/ofctl.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ofproto/ds.h"
#include "ofproto/ofp-msgs.h"
#include "ofproto/ofp-parse.h"
#include "ofproto/ofpbuf.h"
#include "ofproto/util.h"
#include "tools/ofctl-file.h"
#include "tools/ofctl-print.h"

/* How long to wait for a connection or a reply without --timeout.  Long
 * enough for a switch that takes seconds over a large batch; a reply that
 * is not coming still ends the command. */
#define DEFAULT_TIMEOUT_MS 60000

/* Batches hand the conn their requests in runs of at most BATCH_CHUNK
 * bytes or BATCH_DRAIN_EVERY requests, take in the errors that have come
 * after each run, and wait for the output to drain when more than
 * BATCH_MAX_BACKLOG bytes are queued. */
#define BATCH_CHUNK (64u * 1024)
#define BATCH_DRAIN_EVERY 1024
#define BATCH_MAX_BACKLOG (4u * 1024 * 1024)

/* The first xid of a batch.  Transactions take theirs from the conn, whose
 * counter is far below this in any one command. */
#define BATCH_FIRST_XID 0x10000000u

int
ofctl_timeout_ms(void)
{
    return ofctl_opts.timeout_ms > 0 ? ofctl_opts.timeout_ms
                                     : DEFAULT_TIMEOUT_MS;
}

/* ---- Output ---- */

/* Writes 's' to 'stream' with exactly one newline at the end (unless it
 * is empty), and empties it. */
static void
print_ds(FILE *stream, struct ds *s)
{
    if (s->length) {
        if (s->string[s->length - 1] != '\n') {
            ds_put_char(s, '\n');
        }
        fputs(ds_cstr(s), stream);
    }
    ds_clear(s);
}

/* Appends the name of the error in 'err' ("OFPBAC_BAD_OUT_PORT"). */
static void
format_error_name(const struct of_error_msg *err, struct ds *s)
{
    enum ofperr error;
    const char *type_name;

    if (err->type == OFPET_EXPERIMENTER) {
        ds_put_format(s, "OFPET_EXPERIMENTER experimenter=0x%08"PRIx32
                      " exp_type=%u", err->experimenter, err->code);
        return;
    }
    error = ofperr_from_type_code(err->type, err->code);
    type_name = ofperr_type_name(err->type);
    if (error) {
        ds_put_cstr(s, ofperr_name(error));
    } else if (type_name) {
        ds_put_format(s, "%s code=%u", type_name, err->code);
    } else {
        ds_put_format(s, "type=%u code=%u", err->type, err->code);
    }
}

/* Prints the OFPT_ERROR 'reply' to stderr as ovs-ofctl does, then the
 * request it refers to: 'request' if nonnull, else the 'len' bytes at
 * 'raw' (our copy of what we sent), else what the error quotes.
 * 'prefix' (e.g. "flows.txt:12") goes first if nonnull. */
static void
print_switch_error(const char *prefix, const struct of_msg *reply,
                   const struct of_msg *request, const uint8_t *raw,
                   size_t len)
{
    const struct of_error_msg *err = &reply->u.error;
    struct ds s = DS_EMPTY_INITIALIZER;

    if (prefix) {
        ds_put_format(&s, "%s: ", prefix);
    }
    ofctl_format_header("OFPT_ERROR", reply->xid, &s);
    ds_put_char(&s, ' ');
    format_error_name(err, &s);
    ds_put_char(&s, '\n');

    if (!request && !raw) {
        /* The start of the request, as the switch quotes it. */
        raw = err->data;
        len = err->len;
    }
    if (request) {
        of_msg_format(request, &s);
    } else if (len >= OF_HEADER_LEN) {
        struct of_msg msg;

        if (!of_msg_decode(&msg, raw, len)) {
            of_msg_format(&msg, &s);
        } else {
            ds_put_format(&s, "(%zu bytes of the request)\n", len);
            ds_put_hex_dump(&s, raw, len, 16, 2);
        }
        of_msg_uninit(&msg);
    } else if (len) {
        ds_put_format(&s, "(%zu bytes of the request)\n", len);
        ds_put_hex_dump(&s, raw, len, 16, 2);
    }
    print_ds(stderr, &s);
    ds_destroy(&s);
}

/* Prints one message a switch sent of its own accord. */
static void
print_async(const struct of_msg *msg, enum ofperr decode_error)
{
    struct ds s = DS_EMPTY_INITIALIZER;

    if (decode_error) {
        ds_put_format(&s, "(does not decode: %s) ",
                      ofperr_name(decode_error));
        ds_put_hex_dump(&s, msg->raw, msg->raw_len, 16, 0);
    } else {
        of_msg_format(msg, &s);
    }
    print_ds(stdout, &s);
    fflush(stdout);
    ds_destroy(&s);
}

/* ---- Connections ---- */

static void
conn_log(enum conn_log_level level, const char *line)
{
    /* The conn reports connects, disconnects and failed attempts at INFO
     * and WARN; a command reports failures itself. */
    if (level == CONN_LOG_ERR) {
        fprintf(stderr, "ofctl: %s\n", line);
    }
}

struct conn_sync *
ofctl_open(const char *target)
{
    struct conn_options opts;
    struct conn_sync *cs;
    char *error;

    conn_set_log_func(conn_log);
    conn_options_init(&opts);
    /* No echo probes: a switch working through a long batch answers a
     * probe only after the batch, and the waits below have timeouts. */
    opts.probe_interval_ms = 0;
    if (ofctl_opts.ssl.private_key || ofctl_opts.ssl.certificate
        || ofctl_opts.ssl.ca_cert) {
        opts.ssl = &ofctl_opts.ssl;
    }
    cs = conn_sync_open(NULL, target, &opts, ofctl_timeout_ms(), &error);
    if (!cs) {
        fprintf(stderr, "ofctl: %s\n", error);
        free(error);
    }
    return cs;
}

/* Prints why waiting for an answer to 'what' failed: 'error' from a
 * conn_sync call. */
static void
print_wait_error(struct conn_sync *cs, int error, const char *what)
{
    const char *name = conn_get_name(conn_sync_get_conn(cs));

    if (error == ETIMEDOUT) {
        fprintf(stderr, "ofctl: %s: no reply to %s within %d ms\n", name,
                what, ofctl_timeout_ms());
    } else if (error == ENOTCONN) {
        const char *reason = conn_sync_get_error(cs);

        fprintf(stderr, "ofctl: %s: connection closed while waiting for "
                "the reply to %s%s%s\n", name, what, reason ? ": " : "",
                reason ? reason : "");
    } else {
        fprintf(stderr, "ofctl: %s: %s: %s\n", name, what, strerror(error));
    }
}

static const char *
request_name(const struct of_msg *request)
{
    if (request->type == OFPT_MULTIPART_REQUEST) {
        const char *name = of_mp_type_name(request->u.mp_request.type);

        return name ? name : "OFPT_MULTIPART_REQUEST";
    }
    return of_msg_type_name(request->type);
}

int
ofctl_transact(struct conn_sync *cs, struct of_msg *request,
               uint8_t reply_type, struct of_msg *reply)
{
    enum ofperr decode_error;
    int error;

    request->xid = conn_next_xid(conn_sync_get_conn(cs));
    error = conn_sync_transact(cs, request, ofctl_timeout_ms(), reply,
                               &decode_error);
    if (error) {
        print_wait_error(cs, error, request_name(request));
        return 1;
    }
    if (decode_error) {
        fprintf(stderr, "ofctl: the reply to %s does not decode: %s (%s)\n",
                request_name(request), ofperr_name(decode_error),
                ofperr_description(decode_error));
        return 1;
    }
    if (reply->type == OFPT_ERROR) {
        print_switch_error(NULL, reply, request, NULL, 0);
        return 1;
    }
    if (reply->type != reply_type
        || (reply_type == OFPT_MULTIPART_REPLY
            && reply->u.mp_reply.type != request->u.mp_request.type)) {
        struct ds s = DS_EMPTY_INITIALIZER;

        ds_put_format(&s, "ofctl: unexpected reply to %s: ",
                      request_name(request));
        of_msg_format(reply, &s);
        print_ds(stderr, &s);
        ds_destroy(&s);
        return 1;
    }
    return 0;
}

/* ---- Batches ---- */

struct batch {
    struct ofpbuf msgs;         /* Encoded requests, back to back. */
    size_t *offsets;            /* Where each request starts in 'msgs'. */
    unsigned int *line_nos;     /* Each request's line, if 'file_name'. */
    size_t n, allocated;
    const char *file_name;      /* Names the lines in error reports. */
    size_t n_errors;            /* OFPT_ERRORs received. */
    bool done;                  /* The barrier's reply has come. */
    bool print_async;           /* Print messages that are not
                                 * answers (monitor). */
};

static void
batch_init(struct batch *b, const char *file_name)
{
    memset(b, 0, sizeof *b);
    ofpbuf_init(&b->msgs);
    b->file_name = file_name;
}

static void
batch_destroy(struct batch *b)
{
    ofpbuf_uninit(&b->msgs);
    free(b->offsets);
    free(b->line_nos);
}

static uint32_t
batch_barrier_xid(const struct batch *b)
{
    return BATCH_FIRST_XID + b->n;
}

/* Adds 'msg' (its xid is set here) to the batch.  Returns false if it is
 * too long to encode. */
static bool
batch_add(struct batch *b, struct of_msg *msg, unsigned int line_no)
{
    size_t ofs = b->msgs.size;

    msg->xid = BATCH_FIRST_XID + b->n;
    if (!of_msg_encode(msg, &b->msgs)) {
        return false;
    }
    if (b->n >= b->allocated) {
        b->allocated = b->allocated ? 2 * b->allocated : 16;
        b->offsets = xrealloc(b->offsets,
                              b->allocated * sizeof *b->offsets);
        b->line_nos = xrealloc(b->line_nos,
                               b->allocated * sizeof *b->line_nos);
    }
    b->offsets[b->n] = ofs;
    b->line_nos[b->n] = line_no;
    b->n++;
    return true;
}

static size_t
batch_msg_len(const struct batch *b, size_t i)
{
    return (i + 1 < b->n ? b->offsets[i + 1] : b->msgs.size) - b->offsets[i];
}

/* Handles one message received while a batch runs. */
static void
batch_receive(struct batch *b, const struct of_msg *msg,
              enum ofperr decode_error)
{
    uint32_t barrier = batch_barrier_xid(b);

    if (decode_error) {
        if (b->print_async) {
            print_async(msg, decode_error);
        } else {
            fprintf(stderr, "ofctl: received a message that does not "
                    "decode (%s), ignored\n", ofperr_name(decode_error));
        }
        return;
    }
    if (msg->xid == barrier) {
        if (msg->type == OFPT_BARRIER_REPLY) {
            b->done = true;
        } else if (msg->type == OFPT_ERROR) {
            print_switch_error(NULL, msg, NULL, NULL, 0);
            b->n_errors++;
            b->done = true;
        }
    } else if (msg->type == OFPT_ERROR && msg->xid >= BATCH_FIRST_XID
               && msg->xid < barrier) {
        size_t i = msg->xid - BATCH_FIRST_XID;
        char *prefix = NULL;

        if (b->file_name) {
            prefix = xasprintf("%s:%u", b->file_name, b->line_nos[i]);
        }
        print_switch_error(prefix, msg, NULL, b->msgs.data + b->offsets[i],
                           batch_msg_len(b, i));
        free(prefix);
        b->n_errors++;
    } else if (b->print_async) {
        print_async(msg, 0);
    }
}

/* Receives and handles messages for up to 'wait_ms' or until the barrier
 * reply, whichever first.  With 'wait_ms' 0, takes what has arrived.
 * Returns 0, or the conn_sync error if waiting failed. */
static int
batch_poll(struct batch *b, struct conn_sync *cs, int wait_ms)
{
    for (;;) {
        enum ofperr decode_error;
        struct of_msg msg;
        int error;

        error = conn_sync_recv(cs, wait_ms, &msg, &decode_error);
        if (!error) {
            batch_receive(b, &msg, decode_error);
        }
        of_msg_uninit(&msg);
        if (error) {
            return error == ETIMEDOUT && !wait_ms ? 0 : error;
        }
        if (b->done) {
            return 0;
        }
    }
}

/* Sends the batch and a barrier, and reports every error the switch sends
 * for it.  Returns 0 if the switch accepted every request, otherwise 1. */
static int
batch_run(struct batch *b, struct conn_sync *cs)
{
    struct conn *conn = conn_sync_get_conn(cs);
    struct of_msg barrier;
    int error = 0;

    /* Whole requests go out in runs of up to BATCH_CHUNK bytes. */
    for (size_t i = 0; i < b->n && !error; ) {
        size_t start = b->offsets[i];
        size_t end = i + 1 < b->n ? b->offsets[i + 1] : b->msgs.size;
        size_t first = i;

        for (i++; i < b->n && i - first < BATCH_DRAIN_EVERY; i++) {
            size_t next = i + 1 < b->n ? b->offsets[i + 1] : b->msgs.size;

            if (next - start > BATCH_CHUNK) {
                break;
            }
            end = next;
        }
        error = conn_send_raw(conn, b->msgs.data + start, end - start);
        if (!error && conn_output_backlog(conn) > BATCH_MAX_BACKLOG) {
            error = conn_sync_flush(cs, ofctl_timeout_ms());
        }
        if (!error) {
            error = batch_poll(b, cs, 0);
        }
    }
    if (!error) {
        of_msg_init(&barrier, OFPT_BARRIER_REQUEST, batch_barrier_xid(b));
        error = conn_sync_send(cs, &barrier);
        of_msg_uninit(&barrier);
    }
    while (!error && !b->done) {
        error = batch_poll(b, cs, ofctl_timeout_ms());
    }
    if (error) {
        print_wait_error(cs, error, b->n == 1 ? "the request"
                         : "the requests");
        return 1;
    }
    return b->n_errors ? 1 : 0;
}

/* Opens 'target', runs the batch and closes. */
static int
batch_run_target(struct batch *b, const char *target)
{
    struct conn_sync *cs = ofctl_open(target);
    int status;

    if (!cs) {
        return 1;
    }
    status = batch_run(b, cs);
    conn_sync_close(cs);
    return status;
}

int
ofctl_send_one(const char *target, struct of_msg *msg)
{
    struct batch b;
    int status;

    batch_init(&b, NULL);
    if (!batch_add(&b, msg, 0)) {
        fprintf(stderr, "ofctl: the request is too long for one OpenFlow "
                "message\n");
        status = 1;
    } else {
        status = batch_run_target(&b, target);
    }
    batch_destroy(&b);
    return status;
}

/* ---- Requests with a reply to print ---- */

/* Appends the text of 'reply' (of the type asked for) after its header.
 * 'aux' is what was given to dump(). */
typedef void reply_format_func(struct of_msg *reply, const void *aux,
                               struct ds *);

/* Sends 'request' on 'cs' and prints its reply: "HEADER (OF1.3)
 * (xid=0x..):" (nothing for an empty 'header') then what 'format'
 * appends; nothing at all if 'header' is NULL (the verb only checks that
 * a reply comes).  Uninitializes
 * 'request'.  Returns 0 or 1 as ofctl_transact(). */
static int
dump_on(struct conn_sync *cs, struct of_msg *request, uint8_t reply_type,
        const char *header, reply_format_func *format, const void *aux)
{
    struct ds s = DS_EMPTY_INITIALIZER;
    struct of_msg reply;
    int status;

    status = ofctl_transact(cs, request, reply_type, &reply);
    if (!status && header) {
        if (header[0]) {
            ofctl_format_header(header, reply.xid, &s);
        }
        format(&reply, aux, &s);
        print_ds(stdout, &s);
    }
    ds_destroy(&s);
    of_msg_uninit(&reply);
    of_msg_uninit(request);
    return status;
}

/* The same on a connection of its own to 'target'. */
static int
dump(const char *target, struct of_msg *request, uint8_t reply_type,
     const char *header, reply_format_func *format, const void *aux)
{
    struct conn_sync *cs = ofctl_open(target);
    int status;

    if (!cs) {
        of_msg_uninit(request);
        return 1;
    }
    status = dump_on(cs, request, reply_type, header, format, aux);
    conn_sync_close(cs);
    return status;
}

/* Initializes 'request' as a multipart request of 'mp_type' with an empty
 * body (all zeros). */
static void
mp_request_init(struct of_msg *request, uint16_t mp_type)
{
    of_msg_init(request, OFPT_MULTIPART_REQUEST, 0);
    request->u.mp_request.type = mp_type;
}

/* A verb whose request is a multipart request without a body. */
static int
dump_mp(const char *target, uint16_t mp_type, const char *header,
        reply_format_func *format)
{
    struct of_msg request;

    mp_request_init(&request, mp_type);
    return dump(target, &request, OFPT_MULTIPART_REPLY, header, format,
                NULL);
}

/* ---- Ports by number or name ---- */

/* Fetches the port descriptions into 'reply' (the caller uninits it).
 * Returns 0 or 1 as ofctl_transact(). */
static int
get_port_desc(struct conn_sync *cs, struct of_msg *reply)
{
    struct of_msg request;
    int status;

    mp_request_init(&request, OFPMP_PORT_DESC);
    status = ofctl_transact(cs, &request, OFPT_MULTIPART_REPLY, reply);
    of_msg_uninit(&request);
    return status;
}

/* Finds the port called 'name' (a number, a reserved name, or a port
 * name) among the switch's ports and copies it to '*port'.  Prints why
 * not and returns false if there is none. */
static bool
find_port(struct conn_sync *cs, const char *name, struct of_port *port)
{
    const struct of_port_desc_reply *pd;
    struct of_msg reply;
    uint32_t port_no = 0;
    bool by_number;
    bool found = false;
    char *error;

    error = of_port_no_parse(name, &port_no);
    by_number = !error;
    free(error);

    if (get_port_desc(cs, &reply)) {
        of_msg_uninit(&reply);
        return false;
    }
    pd = &reply.u.mp_reply.port_desc;
    for (size_t i = 0; i < pd->n && !found; i++) {
        if (by_number ? pd->ports[i].port_no == port_no
                      : !strcmp(pd->ports[i].name, name)) {
            *port = pd->ports[i];
            found = true;
        }
    }
    if (!found) {
        fprintf(stderr, "ofctl: %s: no such port on the switch\n", name);
    }
    of_msg_uninit(&reply);
    return found;
}

/* Parses 'name' as a port for a statistics request: a number or a
 * reserved name directly, a port name by asking the switch.  Returns
 * false after printing why if there is no such port. */
static bool
resolve_port_no(struct conn_sync *cs, const char *name, uint32_t *port_no)
{
    struct of_port port;
    char *error = of_port_no_parse(name, port_no);

    if (!error) {
        return true;
    }
    free(error);
    if (!find_port(cs, name, &port)) {
        return false;
    }
    *port_no = port.port_no;
    return true;
}

/* ---- Switch ---- */

static void
format_features(struct of_msg *reply, const void *aux OF_UNUSED,
                struct ds *s)
{
    ofctl_format_features(&reply->u.features, s);
}

static void
format_port_desc(struct of_msg *reply, const void *aux OF_UNUSED,
                 struct ds *s)
{
    const struct of_port_desc_reply *pd = &reply->u.mp_reply.port_desc;

    ds_put_char(s, '\n');
    ofctl_format_ports(pd->ports, pd->n, s);
}

static void
format_config(struct of_msg *reply, const void *aux OF_UNUSED,
              struct ds *s)
{
    ofctl_format_switch_config(&reply->u.config, s);
}

static void
format_desc(struct of_msg *reply, const void *aux OF_UNUSED, struct ds *s)
{
    const struct of_desc *d = &reply->u.mp_reply.desc;

    ds_put_format(s, "\nManufacturer: %s\nHardware: %s\nSoftware: %s\n"
                  "Serial Num: %s\nDP Description: %s\n", d->mfr_desc,
                  d->hw_desc, d->sw_desc, d->serial_num, d->dp_desc);
}

static int
cmd_show(int argc OF_UNUSED, char *argv[])
{
    struct conn_sync *cs = ofctl_open(argv[0]);
    struct of_msg request;
    int status;

    if (!cs) {
        return 1;
    }
    of_msg_init(&request, OFPT_FEATURES_REQUEST, 0);
    status = dump_on(cs, &request, OFPT_FEATURES_REPLY,
                     "OFPT_FEATURES_REPLY", format_features, NULL);
    if (!status) {
        mp_request_init(&request, OFPMP_PORT_DESC);
        status = dump_on(cs, &request, OFPT_MULTIPART_REPLY,
                         "OFPST_PORT_DESC reply", format_port_desc, NULL);
    }
    if (!status) {
        of_msg_init(&request, OFPT_GET_CONFIG_REQUEST, 0);
        status = dump_on(cs, &request, OFPT_GET_CONFIG_REPLY,
                         "OFPT_GET_CONFIG_REPLY", format_config, NULL);
    }
    conn_sync_close(cs);
    return status;
}

static int
cmd_dump_desc(int argc OF_UNUSED, char *argv[])
{
    return dump_mp(argv[0], OFPMP_DESC, "OFPST_DESC reply", format_desc);
}

static int
cmd_dump_ports_desc(int argc OF_UNUSED, char *argv[])
{
    return dump_mp(argv[0], OFPMP_PORT_DESC, "OFPST_PORT_DESC reply",
                   format_port_desc);
}

/* A request of 'type' without a body, and its reply of 'reply_type'. */
static int
dump_simple(const char *target, uint8_t type, uint8_t reply_type,
            const char *header, reply_format_func *format)
{
    struct of_msg request;

    of_msg_init(&request, type, 0);
    return dump(target, &request, reply_type, header, format, NULL);
}

static int
cmd_get_config(int argc OF_UNUSED, char *argv[])
{
    return dump_simple(argv[0], OFPT_GET_CONFIG_REQUEST,
                       OFPT_GET_CONFIG_REPLY, "OFPT_GET_CONFIG_REPLY",
                       format_config);
}

static int
cmd_probe(int argc OF_UNUSED, char *argv[])
{
    return dump_simple(argv[0], OFPT_ECHO_REQUEST, OFPT_ECHO_REPLY, NULL,
                       NULL);
}

static int
cmd_barrier(int argc OF_UNUSED, char *argv[])
{
    return dump_simple(argv[0], OFPT_BARRIER_REQUEST, OFPT_BARRIER_REPLY,
                       NULL, NULL);
}

/* Fetches the switch configuration into '*config'. */
static int
get_config(struct conn_sync *cs, struct of_switch_config *config)
{
    struct of_msg request, reply;
    int status;

    of_msg_init(&request, OFPT_GET_CONFIG_REQUEST, 0);
    status = ofctl_transact(cs, &request, OFPT_GET_CONFIG_REPLY, &reply);
    if (!status) {
        *config = reply.u.config;
    }
    of_msg_uninit(&request);
    of_msg_uninit(&reply);
    return status;
}

/* Reads the configuration on 'cs', applies 'frags' and 'miss_len' (each
 * if 'set_frags' or 'set_miss_len') and writes it back with a barrier.
 * A monitor passes 'print_async' to print what arrives meanwhile. */
static int
set_config_on(struct conn_sync *cs, bool set_frags, uint16_t frags,
              bool set_miss_len, uint16_t miss_len, bool print_async)
{
    struct of_switch_config config;
    struct of_msg msg;
    struct batch b;
    int status;

    status = get_config(cs, &config);
    if (status) {
        return status;
    }
    if (set_frags) {
        config.flags = (config.flags & ~OFPC_FRAG_MASK) | frags;
    }
    if (set_miss_len) {
        config.miss_send_len = miss_len;
    }
    of_msg_init(&msg, OFPT_SET_CONFIG, 0);
    msg.u.config = config;
    batch_init(&b, NULL);
    b.print_async = print_async;
    batch_add(&b, &msg, 0);
    status = batch_run(&b, cs);
    batch_destroy(&b);
    of_msg_uninit(&msg);
    return status;
}

static const char *const frag_names[] = { "normal", "drop", "reassemble" };

static bool
parse_frags(const char *s, uint16_t *flags)
{
    for (size_t i = 0; i < ARRAY_SIZE(frag_names); i++) {
        if (!strcasecmp(s, frag_names[i])) {
            *flags = i;
            return true;
        }
    }
    fprintf(stderr, "ofctl: '%s' is not a fragment handling mode (normal, "
            "drop or reassemble)\n", s);
    return false;
}

static bool
parse_miss_len(const char *name, const char *s, uint16_t *miss_len)
{
    uint64_t n;
    char *error = of_parse_number(name, s, UINT16_MAX, &n);

    if (error) {
        fprintf(stderr, "ofctl: %s\n", error);
        free(error);
        return false;
    }
    *miss_len = n;
    return true;
}

/* Opens 'target' and applies 'frags' and 'miss_len' (either may be NULL)
 * to its configuration. */
static int
set_config(const char *target, const char *frags, const char *miss_len)
{
    uint16_t frag_flags = 0, miss_send_len = 0;
    struct conn_sync *cs;
    int status;

    if ((frags && !parse_frags(frags, &frag_flags))
        || (miss_len && !parse_miss_len("miss_send_len", miss_len,
                                        &miss_send_len))) {
        return 2;
    }
    cs = ofctl_open(target);
    if (!cs) {
        return 1;
    }
    status = set_config_on(cs, frags != NULL, frag_flags, miss_len != NULL,
                           miss_send_len, false);
    conn_sync_close(cs);
    return status;
}

/* set-config TARGET [frags=MODE] [miss_send_len=N].  miss_send_len lasts
 * as long as the connection that set it (7.3.2, "per connection"): only
 * useful to see what a switch accepts. */
static int
cmd_set_config(int argc, char *argv[])
{
    const char *frags = NULL, *miss_len = NULL;

    for (int i = 1; i < argc; i++) {
        const char *v;

        if ((v = of_parse_key_value(argv[i], "frags"))) {
            frags = v;
        } else if ((v = of_parse_key_value(argv[i], "miss_send_len"))) {
            miss_len = v;
        } else {
            fprintf(stderr, "ofctl: set-config: '%s' is neither frags=MODE "
                    "nor miss_send_len=N\n", argv[i]);
            return 2;
        }
    }
    return set_config(argv[0], frags, miss_len);
}

static void
format_frags(struct of_msg *reply, const void *aux OF_UNUSED, struct ds *s)
{
    unsigned int frag = reply->u.config.flags & OFPC_FRAG_MASK;

    if (frag < ARRAY_SIZE(frag_names)) {
        ds_put_cstr(s, frag_names[frag]);
    } else {
        ds_put_format(s, "0x%x", frag);
    }
}

/* get-frags TARGET: just the mode, as ovs-ofctl prints it. */
static int
cmd_get_frags(int argc OF_UNUSED, char *argv[])
{
    return dump_simple(argv[0], OFPT_GET_CONFIG_REQUEST,
                       OFPT_GET_CONFIG_REPLY, "", format_frags);
}

static int
cmd_set_frags(int argc OF_UNUSED, char *argv[])
{
    return set_config(argv[0], argv[1], NULL);
}

/* ---- Tables ---- */

static void
format_table_stats(struct of_msg *reply, const void *aux OF_UNUSED,
                   struct ds *s)
{
    ofctl_format_table_stats(&reply->u.mp_reply.table, s);
}

static void
format_table_features(struct of_msg *reply, const void *aux OF_UNUSED,
                      struct ds *s)
{
    of_table_features_list_format(&reply->u.mp_reply.table_features, s);
}

static int
cmd_dump_tables(int argc OF_UNUSED, char *argv[])
{
    return dump_mp(argv[0], OFPMP_TABLE, "OFPST_TABLE reply",
                   format_table_stats);
}

static int
cmd_dump_table_features(int argc OF_UNUSED, char *argv[])
{
    return dump_mp(argv[0], OFPMP_TABLE_FEATURES,
                   "OFPST_TABLE_FEATURES reply", format_table_features);
}

/* ---- Flows ---- */

/* Parses the filter of dump-flows or dump-aggregate (NULL: none). */
static bool
parse_flow_filter(const char *filter, struct of_flow_stats_request *req)
{
    char *error = of_flow_stats_request_parse(req, filter ? filter : "");

    if (error) {
        fprintf(stderr, "ofctl: %s\n", error);
        free(error);
        return false;
    }
    return true;
}

/* ---- Sorting flows ---- */

/* A sort criterion resolved: the match field it reads, or OF_N_FIELDS
 * for priority. */
struct sort_criterion {
    enum of_field field;
    bool descending;
};

static struct sort_criterion criteria[OFCTL_MAX_SORT_KEYS];
static size_t n_criteria;

/* Open vSwitch's other names for OXM fields (tp_dst is tcp_dst only, as
 * in ovs-ofctl's --sort). */
static const struct {
    const char *name;
    enum of_field field;
} sort_aliases[] = {
    { "tp_src", OF_FIELD_TCP_SRC },
    { "tp_dst", OF_FIELD_TCP_DST },
    { "nw_src", OF_FIELD_IPV4_SRC },
    { "nw_dst", OF_FIELD_IPV4_DST },
    { "ip_src", OF_FIELD_IPV4_SRC },
    { "ip_dst", OF_FIELD_IPV4_DST },
    { "nw_proto", OF_FIELD_IP_PROTO },
    { "nw_tos", OF_FIELD_IP_DSCP },
    { "dl_vlan", OF_FIELD_VLAN_VID },
};

static bool
prepare_sort(void)
{
    n_criteria = ofctl_opts.n_sort_keys;
    for (size_t i = 0; i < n_criteria; i++) {
        const struct ofctl_sort_key *k = &ofctl_opts.sort_keys[i];
        struct sort_criterion *c = &criteria[i];

        c->descending = k->descending;
        c->field = OF_N_FIELDS;
        if (!k->field || !strcmp(k->field, "priority")) {
            continue;
        }
        for (size_t j = 0; j < ARRAY_SIZE(sort_aliases); j++) {
            if (!strcmp(k->field, sort_aliases[j].name)) {
                c->field = sort_aliases[j].field;
            }
        }
        if (c->field == OF_N_FIELDS) {
            c->field = of_field_from_name(k->field);
        }
        if (c->field >= OF_N_FIELDS) {
            fprintf(stderr, "ofctl: --sort: '%s' is not a match field\n",
                    k->field);
            return false;
        }
    }
    return true;
}

/* Flows to sort, with their place in the reply to keep ties in order. */
struct sort_item {
    const struct of_flow_stats *fs;
    size_t index;
};

/* ovs-ofctl's order: each criterion in turn; a flow without the field
 * sorts after those with it in either direction; ties keep the switch's
 * order. */
static int
compare_flows(const void *a_, const void *b_)
{
    const struct sort_item *a = a_;
    const struct sort_item *b = b_;

    for (size_t i = 0; i < n_criteria; i++) {
        const struct sort_criterion *c = &criteria[i];
        int ret;

        if (c->field == OF_N_FIELDS) {
            ret = ((a->fs->priority > b->fs->priority)
                   - (a->fs->priority < b->fs->priority));
        } else {
            const struct of_oxm *va = of_match_find(&a->fs->match, c->field);
            const struct of_oxm *vb = of_match_find(&b->fs->match, c->field);
            uint8_t wa[16], wb[16];

            if (!va != !vb) {
                return va ? -1 : 1;
            }
            if (!va) {
                continue;
            }
            of_value_to_wire(c->field, &va->value, wa);
            of_value_to_wire(c->field, &vb->value, wb);
            ret = memcmp(wa, wb, of_field_info(c->field)->bytes);
        }
        if (ret) {
            return c->descending ? -ret : ret;
        }
    }
    return (a->index > b->index) - (a->index < b->index);
}

/* dump-flows TARGET [FLOW] */
static int
cmd_dump_flows(int argc, char *argv[])
{
    struct ds s = DS_EMPTY_INITIALIZER;
    struct of_msg request, reply;
    struct conn_sync *cs;
    int status;

    mp_request_init(&request, OFPMP_FLOW);
    if (!prepare_sort()
        || !parse_flow_filter(argc > 1 ? argv[1] : NULL,
                              &request.u.mp_request.flow)) {
        of_msg_uninit(&request);
        return 2;
    }
    cs = ofctl_open(argv[0]);
    if (!cs) {
        of_msg_uninit(&request);
        return 1;
    }
    status = ofctl_transact(cs, &request, OFPT_MULTIPART_REPLY, &reply);
    if (!status) {
        const struct of_flow_stats_reply *fsr = &reply.u.mp_reply.flow;
        bool show_stats = !ofctl_opts.no_stats;
        struct sort_item *items = xcalloc(fsr->n ? fsr->n : 1,
                                          sizeof *items);

        for (size_t i = 0; i < fsr->n; i++) {
            items[i].fs = &fsr->stats[i];
            items[i].index = i;
        }
        if (n_criteria) {
            qsort(items, fsr->n, sizeof *items, compare_flows);
        }
        /* Like ovs-ofctl: the reply's header only in the plain form. */
        if (show_stats && !n_criteria) {
            ofctl_format_header("OFPST_FLOW reply", reply.xid, &s);
            print_ds(stdout, &s);
        }
        for (size_t i = 0; i < fsr->n; i++) {
            ds_put_char(&s, ' ');
            ofctl_format_flow_stats(items[i].fs, show_stats, &s);
            print_ds(stdout, &s);
        }
        free(items);
    }
    ds_destroy(&s);
    of_msg_uninit(&request);
    of_msg_uninit(&reply);
    conn_sync_close(cs);
    return status;
}

static void
format_aggregate(struct of_msg *reply, const void *aux OF_UNUSED,
                 struct ds *s)
{
    ofctl_format_aggregate(&reply->u.mp_reply.aggregate, s);
}

/* dump-aggregate TARGET [FLOW] */
static int
cmd_dump_aggregate(int argc, char *argv[])
{
    struct of_msg request;

    mp_request_init(&request, OFPMP_AGGREGATE);
    if (!parse_flow_filter(argc > 1 ? argv[1] : NULL,
                           &request.u.mp_request.aggregate)) {
        of_msg_uninit(&request);
        return 2;
    }
    return dump(argv[0], &request, OFPT_MULTIPART_REPLY,
                "OFPST_AGGREGATE reply", format_aggregate, NULL);
}

/* Where a line came from, for error messages: FILE:LINE, or nothing. */
struct origin {
    const char *file_name;      /* NULL: the command line. */
    unsigned int line_no;
};

/* Prints "ofctl: [FILE:LINE: ]ERROR" and frees 'error'. */
static void
print_parse_error(const struct origin *origin, char *error)
{
    if (origin && origin->file_name) {
        fprintf(stderr, "ofctl: %s:%u: %s\n", origin->file_name,
                origin->line_no, error);
    } else {
        fprintf(stderr, "ofctl: %s\n", error);
    }
    free(error);
}

/* Parses one flow for 'command' into 'msg' (initialized here; the caller
 * uninits it).  Prints the error and returns false if it does not
 * parse. */
static bool
parse_flow_mod(const char *text, uint8_t command,
               const struct origin *origin, struct of_msg *msg)
{
    char *error;

    of_msg_init(msg, OFPT_FLOW_MOD, 0);
    error = of_flow_mod_parse(&msg->u.flow_mod, text, command, &msg->arena);
    if (error) {
        print_parse_error(origin, error);
        return false;
    }
    return true;
}

static int
flow_mod_one(const char *target, const char *text, uint8_t command)
{
    struct of_msg msg;
    int status;

    if (!parse_flow_mod(text, command, NULL, &msg)) {
        of_msg_uninit(&msg);
        return 2;
    }
    status = ofctl_send_one(target, &msg);
    of_msg_uninit(&msg);
    return status;
}

static int
cmd_add_flow(int argc OF_UNUSED, char *argv[])
{
    return flow_mod_one(argv[0], argv[1], OFPFC_ADD);
}

static int
cmd_mod_flows(int argc OF_UNUSED, char *argv[])
{
    return flow_mod_one(argv[0], argv[1], ofctl_opts.strict
                                          ? OFPFC_MODIFY_STRICT
                                          : OFPFC_MODIFY);
}

/* del-flows TARGET [FLOW]: without FLOW, every flow of every table. */
static int
cmd_del_flows(int argc, char *argv[])
{
    return flow_mod_one(argv[0], argc > 1 ? argv[1] : "",
                        ofctl_opts.strict ? OFPFC_DELETE_STRICT
                                          : OFPFC_DELETE);
}

/* What one line of a file becomes. */
typedef bool file_line_parser(const char *text, const struct origin *,
                              struct of_msg *msg);

static bool
parse_flow_line(const char *text, const struct origin *origin,
                struct of_msg *msg)
{
    uint8_t command = ofctl_flow_command_prefix(&text);

    return parse_flow_mod(text, command, origin, msg);
}

static bool
parse_group_line(const char *text, const struct origin *origin,
                 struct of_msg *msg)
{
    char *error;

    of_msg_init(msg, OFPT_GROUP_MOD, 0);
    error = of_group_mod_parse(&msg->u.group_mod, text, OFPGC_ADD,
                               &msg->arena);
    if (error) {
        print_parse_error(origin, error);
        return false;
    }
    return true;
}

/* Reads FILE, parses every line (stopping at the first that does not
 * parse, before anything is sent), then sends them all as one batch. */
static int
add_from_file(const char *target, const char *file_name,
              file_line_parser *parse)
{
    const char *display = strcmp(file_name, "-") ? file_name : "(stdin)";
    struct ofctl_lines lines;
    struct batch b;
    int status = 0;
    char *error;

    error = ofctl_lines_read_file(file_name, &lines);
    if (error) {
        fprintf(stderr, "ofctl: %s\n", error);
        free(error);
        return 1;
    }

    batch_init(&b, display);
    for (size_t i = 0; i < lines.n && !status; i++) {
        const struct ofctl_line *l = &lines.lines[i];
        struct origin origin = { display, l->line_no };
        struct of_msg msg;

        if (!parse(l->text, &origin, &msg)) {
            status = 1;
        } else if (!batch_add(&b, &msg, l->line_no)) {
            print_parse_error(&origin, xstrdup("too long for one OpenFlow "
                                               "message"));
            status = 1;
        }
        of_msg_uninit(&msg);
    }
    ofctl_lines_destroy(&lines);

    if (!status && b.n) {
        status = batch_run_target(&b, target);
    }
    batch_destroy(&b);
    return status;
}

/* add-flows TARGET FILE */
static int
cmd_add_flows(int argc OF_UNUSED, char *argv[])
{
    return add_from_file(argv[0], argv[1], parse_flow_line);
}

/* ---- Groups ---- */

static int
group_mod_one(const char *target, const char *text, uint16_t command)
{
    struct of_msg msg;
    char *error;
    int status;

    of_msg_init(&msg, OFPT_GROUP_MOD, 0);
    error = of_group_mod_parse(&msg.u.group_mod, text, command, &msg.arena);
    if (error) {
        fprintf(stderr, "ofctl: %s\n", error);
        free(error);
        status = 2;
    } else {
        status = ofctl_send_one(target, &msg);
    }
    of_msg_uninit(&msg);
    return status;
}

static int
cmd_add_group(int argc OF_UNUSED, char *argv[])
{
    return group_mod_one(argv[0], argv[1], OFPGC_ADD);
}

static int
cmd_mod_group(int argc OF_UNUSED, char *argv[])
{
    return group_mod_one(argv[0], argv[1], OFPGC_MODIFY);
}

/* del-groups TARGET [GROUP]: without GROUP, every group. */
static int
cmd_del_groups(int argc, char *argv[])
{
    return group_mod_one(argv[0], argc > 1 ? argv[1] : "", OFPGC_DELETE);
}

static int
cmd_add_groups(int argc OF_UNUSED, char *argv[])
{
    return add_from_file(argv[0], argv[1], parse_group_line);
}

/* Parses the optional GROUP argument of dump-groups and dump-group-stats
 * ("group_id=N", "N", "all"; all by default) with the group parser. */
static bool
parse_group_id(const char *s, uint32_t *group_id)
{
    struct arena arena = ARENA_INITIALIZER;
    struct of_group_mod gm;
    char *text, *error;

    *group_id = OFPG_ALL;
    if (!s) {
        return true;
    }
    text = (of_parse_key_value(s, "group_id") ? xstrdup(s)
            : xasprintf("group_id=%s", s));
    error = of_group_mod_parse(&gm, text, OFPGC_DELETE, &arena);
    if (error) {
        fprintf(stderr, "ofctl: %s\n", error);
        free(error);
    } else {
        *group_id = gm.group_id;
    }
    free(text);
    arena_destroy(&arena);
    return !error;
}

/* OpenFlow 1.3's GROUP_DESC request has no group: 'aux' (a group id, or
 * OFPG_ALL) filters the reply here. */
static void
format_group_desc(struct of_msg *reply, const void *aux, struct ds *s)
{
    struct of_group_desc_reply *gd = &reply->u.mp_reply.group_desc;
    uint32_t group_id = *(const uint32_t *) aux;

    if (group_id != OFPG_ALL) {
        size_t n = 0;

        for (size_t i = 0; i < gd->n; i++) {
            if (gd->descs[i].group_id == group_id) {
                gd->descs[n++] = gd->descs[i];
            }
        }
        gd->n = n;
    }
    ofctl_format_group_desc(gd, s);
}

static void
format_group_stats(struct of_msg *reply, const void *aux OF_UNUSED,
                   struct ds *s)
{
    ofctl_format_group_stats(&reply->u.mp_reply.group, s);
}

static void
format_group_features(struct of_msg *reply, const void *aux OF_UNUSED,
                      struct ds *s)
{
    ofctl_format_group_features(&reply->u.mp_reply.group_features, s);
}

/* dump-groups TARGET [GROUP] */
static int
cmd_dump_groups(int argc, char *argv[])
{
    struct of_msg request;
    uint32_t group_id;

    if (!parse_group_id(argc > 1 ? argv[1] : NULL, &group_id)) {
        return 2;
    }
    mp_request_init(&request, OFPMP_GROUP_DESC);
    return dump(argv[0], &request, OFPT_MULTIPART_REPLY,
                "OFPST_GROUP_DESC reply", format_group_desc, &group_id);
}

/* dump-group-stats TARGET [GROUP] */
static int
cmd_dump_group_stats(int argc, char *argv[])
{
    struct of_msg request;
    uint32_t group_id;

    if (!parse_group_id(argc > 1 ? argv[1] : NULL, &group_id)) {
        return 2;
    }
    mp_request_init(&request, OFPMP_GROUP);
    request.u.mp_request.group.group_id = group_id;
    return dump(argv[0], &request, OFPT_MULTIPART_REPLY, "OFPST_GROUP reply",
                format_group_stats, NULL);
}

static int
cmd_dump_group_features(int argc OF_UNUSED, char *argv[])
{
    return dump_mp(argv[0], OFPMP_GROUP_FEATURES,
                   "OFPST_GROUP_FEATURES reply", format_group_features);
}

/* ---- Meters ---- */

static int
meter_mod_one(const char *target, const char *text, uint16_t command)
{
    struct of_msg msg;
    char *error;
    int status;

    of_msg_init(&msg, OFPT_METER_MOD, 0);
    error = of_meter_mod_parse(&msg.u.meter_mod, text, command, &msg.arena);
    if (error) {
        fprintf(stderr, "ofctl: %s\n", error);
        free(error);
        status = 2;
    } else {
        status = ofctl_send_one(target, &msg);
    }
    of_msg_uninit(&msg);
    return status;
}

static int
cmd_add_meter(int argc OF_UNUSED, char *argv[])
{
    return meter_mod_one(argv[0], argv[1], OFPMC_ADD);
}

static int
cmd_mod_meter(int argc OF_UNUSED, char *argv[])
{
    return meter_mod_one(argv[0], argv[1], OFPMC_MODIFY);
}

/* del-meters TARGET [METER]: without METER, every meter. */
static int
cmd_del_meters(int argc, char *argv[])
{
    return meter_mod_one(argv[0], argc > 1 ? argv[1] : "", OFPMC_DELETE);
}

/* Parses the optional METER argument of dump-meters and meter-stats
 * ("meter=N", "N", "all"; all by default) with the meter parser. */
static bool
parse_meter_id(const char *s, uint32_t *meter_id)
{
    struct arena arena = ARENA_INITIALIZER;
    struct of_meter_mod mm;
    char *text, *error;

    *meter_id = OFPM_ALL;
    if (!s) {
        return true;
    }
    text = (of_parse_key_value(s, "meter") ? xstrdup(s)
            : xasprintf("meter=%s", s));
    error = of_meter_mod_parse(&mm, text, OFPMC_DELETE, &arena);
    if (error) {
        fprintf(stderr, "ofctl: %s\n", error);
        free(error);
    } else {
        *meter_id = mm.meter_id;
    }
    free(text);
    arena_destroy(&arena);
    return !error;
}

static void
format_meter_config(struct of_msg *reply, const void *aux OF_UNUSED,
                    struct ds *s)
{
    ofctl_format_meter_config(&reply->u.mp_reply.meter_config, s);
}

static void
format_meter_stats(struct of_msg *reply, const void *aux OF_UNUSED,
                   struct ds *s)
{
    ofctl_format_meter_stats(&reply->u.mp_reply.meter, s);
}

static void
format_meter_features(struct of_msg *reply, const void *aux OF_UNUSED,
                      struct ds *s)
{
    ofctl_format_meter_features(&reply->u.mp_reply.meter_features, s);
}

/* dump-meters TARGET [METER] */
static int
cmd_dump_meters(int argc, char *argv[])
{
    struct of_msg request;
    uint32_t meter_id;

    if (!parse_meter_id(argc > 1 ? argv[1] : NULL, &meter_id)) {
        return 2;
    }
    mp_request_init(&request, OFPMP_METER_CONFIG);
    request.u.mp_request.meter_config.meter_id = meter_id;
    return dump(argv[0], &request, OFPT_MULTIPART_REPLY,
                "OFPST_METER_CONFIG reply", format_meter_config, NULL);
}

/* meter-stats TARGET [METER] */
static int
cmd_meter_stats(int argc, char *argv[])
{
    struct of_msg request;
    uint32_t meter_id;

    if (!parse_meter_id(argc > 1 ? argv[1] : NULL, &meter_id)) {
        return 2;
    }
    mp_request_init(&request, OFPMP_METER);
    request.u.mp_request.meter.meter_id = meter_id;
    return dump(argv[0], &request, OFPT_MULTIPART_REPLY, "OFPST_METER reply",
                format_meter_stats, NULL);
}

static int
cmd_meter_features(int argc OF_UNUSED, char *argv[])
{
    return dump_mp(argv[0], OFPMP_METER_FEATURES,
                   "OFPST_METER_FEATURES reply", format_meter_features);
}

/* ---- Ports ---- */

static void
format_port_stats(struct of_msg *reply, const void *aux OF_UNUSED,
                  struct ds *s)
{
    ofctl_format_port_stats(&reply->u.mp_reply.port_stats, s);
}

static void
format_queue_stats(struct of_msg *reply, const void *aux OF_UNUSED,
                   struct ds *s)
{
    ds_put_char(s, ' ');
    of_queue_stats_reply_format(&reply->u.mp_reply.queue, s);
}

/* dump-ports TARGET [PORT] */
static int
cmd_dump_ports(int argc, char *argv[])
{
    struct conn_sync *cs = ofctl_open(argv[0]);
    struct of_msg request;
    uint32_t port_no = OFPP_ANY;
    int status = 1;

    if (!cs) {
        return 1;
    }
    if (argc < 2 || resolve_port_no(cs, argv[1], &port_no)) {
        mp_request_init(&request, OFPMP_PORT_STATS);
        request.u.mp_request.port_stats.port_no = port_no;
        status = dump_on(cs, &request, OFPT_MULTIPART_REPLY,
                         "OFPST_PORT reply", format_port_stats, NULL);
    }
    conn_sync_close(cs);
    return status;
}

/* queue-stats TARGET [PORT [QUEUE]] */
static int
cmd_queue_stats(int argc, char *argv[])
{
    uint32_t port_no = OFPP_ANY, queue_id = OFPQ_ALL;
    struct of_msg request;
    struct conn_sync *cs;
    int status = 1;

    if (argc > 2 && strcasecmp(argv[2], "all")) {
        uint64_t n;
        char *error = of_parse_number("queue", argv[2], UINT32_MAX, &n);

        if (error) {
            fprintf(stderr, "ofctl: %s\n", error);
            free(error);
            return 2;
        }
        queue_id = n;
    }
    cs = ofctl_open(argv[0]);
    if (!cs) {
        return 1;
    }
    if (argc < 2 || !strcasecmp(argv[1], "all")
        || resolve_port_no(cs, argv[1], &port_no)) {
        mp_request_init(&request, OFPMP_QUEUE);
        request.u.mp_request.queue.port_no = port_no;
        request.u.mp_request.queue.queue_id = queue_id;
        status = dump_on(cs, &request, OFPT_MULTIPART_REPLY,
                         "OFPST_QUEUE reply", format_queue_stats, NULL);
    }
    conn_sync_close(cs);
    return status;
}

static void
format_queue_config(struct of_msg *reply, const void *aux OF_UNUSED,
                    struct ds *s)
{
    ds_put_char(s, ' ');
    of_queue_get_config_reply_format(&reply->u.queue_get_config_reply, s);
}

/* queue-get-config TARGET [PORT] */
static int
cmd_queue_get_config(int argc, char *argv[])
{
    uint32_t port_no = OFPP_ANY;
    struct of_msg request;
    struct conn_sync *cs = ofctl_open(argv[0]);
    int status = 1;

    if (!cs) {
        return 1;
    }
    if (argc < 2 || !strcasecmp(argv[1], "any")
        || !strcasecmp(argv[1], "all")
        || resolve_port_no(cs, argv[1], &port_no)) {
        of_msg_init(&request, OFPT_QUEUE_GET_CONFIG_REQUEST, 0);
        request.u.queue_get_config_request.port = port_no;
        status = dump_on(cs, &request, OFPT_QUEUE_GET_CONFIG_REPLY,
                         "OFPT_QUEUE_GET_CONFIG_REPLY", format_queue_config,
                         NULL);
    }
    conn_sync_close(cs);
    return status;
}

/* mod-port TARGET PORT ACTION */
static int
cmd_mod_port(int argc OF_UNUSED, char *argv[])
{
    static const struct {
        const char *name;
        uint32_t bit;
        bool set;
    } actions[] = {
        { "up", OFPPC_PORT_DOWN, false },
        { "down", OFPPC_PORT_DOWN, true },
        { "receive", OFPPC_NO_RECV, false },
        { "no-receive", OFPPC_NO_RECV, true },
        { "forward", OFPPC_NO_FWD, false },
        { "no-forward", OFPPC_NO_FWD, true },
        { "packet-in", OFPPC_NO_PACKET_IN, false },
        { "no-packet-in", OFPPC_NO_PACKET_IN, true },
    };
    struct of_port port;
    struct conn_sync *cs;
    struct of_msg msg;
    struct batch b;
    size_t i;
    int status;

    for (i = 0; i < ARRAY_SIZE(actions); i++) {
        if (!strcasecmp(argv[2], actions[i].name)) {
            break;
        }
    }
    if (i == ARRAY_SIZE(actions)) {
        fprintf(stderr, "ofctl: mod-port: '%s' is not up, down, receive, "
                "no-receive, forward, no-forward, packet-in or "
                "no-packet-in\n", argv[2]);
        return 2;
    }

    cs = ofctl_open(argv[0]);
    if (!cs) {
        return 1;
    }
    if (!find_port(cs, argv[1], &port)) {
        conn_sync_close(cs);
        return 1;
    }
    /* 7.3.3: hw_addr must be the port's, so it comes from the switch. */
    of_msg_init(&msg, OFPT_PORT_MOD, 0);
    msg.u.port_mod.port_no = port.port_no;
    memcpy(msg.u.port_mod.hw_addr, port.hw_addr, sizeof port.hw_addr);
    msg.u.port_mod.mask = actions[i].bit;
    msg.u.port_mod.config = actions[i].set ? actions[i].bit : 0;
    msg.u.port_mod.advertise = 0;
    batch_init(&b, NULL);
    batch_add(&b, &msg, 0);
    status = batch_run(&b, cs);
    batch_destroy(&b);
    of_msg_uninit(&msg);
    conn_sync_close(cs);
    return status;
}

/* ---- Packets ---- */

/* packet-out TARGET 'in_port=..,actions=..,packet=HEX', or ovs-ofctl's
 * older form packet-out TARGET IN_PORT ACTIONS PACKET... */
static int
cmd_packet_out(int argc, char *argv[])
{
    struct batch b;
    int status = 0;

    if (argc == 3) {
        fprintf(stderr, "ofctl: packet-out takes one argument "
                "'in_port=..,actions=..,packet=HEX' or IN_PORT ACTIONS "
                "PACKET...\n");
        return 2;
    }
    batch_init(&b, NULL);
    for (int i = argc == 2 ? 1 : 3; i < argc && !status; i++) {
        struct of_msg msg;
        char *text, *error;

        text = (argc == 2 ? xstrdup(argv[1])
                : xasprintf("in_port=%s,packet=%s,actions=%s", argv[1],
                            argv[i], argv[2]));
        of_msg_init(&msg, OFPT_PACKET_OUT, 0);
        error = of_packet_out_parse(&msg.u.packet_out, text, &msg.arena);
        if (error) {
            fprintf(stderr, "ofctl: %s\n", error);
            free(error);
            status = 2;
        } else if (!batch_add(&b, &msg, 0)) {
            fprintf(stderr, "ofctl: packet too long for one OpenFlow "
                    "message\n");
            status = 2;
        }
        of_msg_uninit(&msg);
        free(text);
    }
    if (!status) {
        status = batch_run_target(&b, argv[0]);
    }
    batch_destroy(&b);
    return status;
}

/* ---- Monitor ---- */

static int
elapsed_ms(const struct timespec *start)
{
    struct timespec now;

    clock_gettime(CLOCK_MONOTONIC, &now);
    return (now.tv_sec - start->tv_sec) * 1000
           + (now.tv_nsec - start->tv_nsec) / 1000000;
}

/* monitor TARGET [MISS_LEN]: prints every message the switch sends until
 * interrupted, the connection ends, or --timeout passes (then exit 0).
 * With MISS_LEN, first sets miss_send_len on this connection (Open
 * vSwitch sends asynchronous messages to a tool's connection only once
 * it has). */
static int
cmd_monitor(int argc, char *argv[])
{
    struct timespec start;
    struct conn_sync *cs;
    uint16_t miss_len = 0;
    int status = 0;

    if (argc > 1 && !parse_miss_len("miss-len", argv[1], &miss_len)) {
        return 2;
    }
    clock_gettime(CLOCK_MONOTONIC, &start);
    cs = ofctl_open(argv[0]);
    if (!cs) {
        return 1;
    }
    if (argc > 1) {
        status = set_config_on(cs, false, 0, true, miss_len, true);
    }
    while (!status) {
        enum ofperr decode_error;
        struct of_msg msg;
        int wait = INT32_MAX / 2;
        int error;

        if (ofctl_opts.timeout_ms > 0) {
            wait = ofctl_opts.timeout_ms - elapsed_ms(&start);
            if (wait <= 0) {
                break;
            }
        }
        error = conn_sync_recv(cs, wait, &msg, &decode_error);
        if (!error) {
            print_async(&msg, decode_error);
        } else if (error != ETIMEDOUT) {
            const char *reason = conn_sync_get_error(cs);

            fprintf(stderr, "ofctl: %s: connection closed%s%s\n", argv[0],
                    reason ? ": " : "", reason ? reason : "");
            status = 1;
        }
        of_msg_uninit(&msg);
    }
    conn_sync_close(cs);
    return status;
}

/* ---- The table ---- */

const struct ofctl_verb ofctl_net_verbs[] = {
    { "show", "TARGET", 1, 1, cmd_show,
      "features, ports and configuration of the switch" },
    { "dump-desc", "TARGET", 1, 1, cmd_dump_desc,
      "the switch's description (OFPMP_DESC)" },
    { "dump-ports-desc", "TARGET", 1, 1, cmd_dump_ports_desc,
      "the switch's ports" },
    { "dump-tables", "TARGET", 1, 1, cmd_dump_tables,
      "table statistics" },
    { "dump-table-features", "TARGET", 1, 1, cmd_dump_table_features,
      "what each table supports" },
    { "dump-flows", "TARGET [FLOW]", 1, 2, cmd_dump_flows,
      "flows (those matching FLOW: match, table, out_port, cookie/mask)" },
    { "dump-aggregate", "TARGET [FLOW]", 1, 2, cmd_dump_aggregate,
      "packet, byte and flow counts summed over the flows" },
    { "add-flow", "TARGET FLOW", 2, 2, cmd_add_flow, "add a flow" },
    { "add-flows", "TARGET FILE", 2, 2, cmd_add_flows,
      "add the flows in FILE, one a line ('-': stdin)" },
    { "mod-flows", "TARGET FLOW", 2, 2, cmd_mod_flows,
      "change the actions of matching flows (--strict: exact match)" },
    { "del-flows", "TARGET [FLOW]", 1, 2, cmd_del_flows,
      "delete matching flows (no FLOW: every flow in every table)" },
    { "add-group", "TARGET GROUP", 2, 2, cmd_add_group, "add a group" },
    { "add-groups", "TARGET FILE", 2, 2, cmd_add_groups,
      "add the groups in FILE, one a line" },
    { "mod-group", "TARGET GROUP", 2, 2, cmd_mod_group, "change a group" },
    { "del-groups", "TARGET [GROUP]", 1, 2, cmd_del_groups,
      "delete a group (no GROUP: every group)" },
    { "dump-groups", "TARGET [GROUP]", 1, 2, cmd_dump_groups,
      "group descriptions" },
    { "dump-group-stats", "TARGET [GROUP]", 1, 2, cmd_dump_group_stats,
      "group statistics" },
    { "dump-group-features", "TARGET", 1, 1, cmd_dump_group_features,
      "what groups the switch supports" },
    { "add-meter", "TARGET METER", 2, 2, cmd_add_meter, "add a meter" },
    { "mod-meter", "TARGET METER", 2, 2, cmd_mod_meter, "change a meter" },
    { "del-meters", "TARGET [METER]", 1, 2, cmd_del_meters,
      "delete a meter (no METER: every meter)" },
    { "dump-meters", "TARGET [METER]", 1, 2, cmd_dump_meters,
      "meter configurations" },
    { "meter-stats", "TARGET [METER]", 1, 2, cmd_meter_stats,
      "meter statistics" },
    { "meter-features", "TARGET", 1, 1, cmd_meter_features,
      "what meters the switch supports" },
    { "dump-ports", "TARGET [PORT]", 1, 2, cmd_dump_ports,
      "port statistics" },
    { "queue-stats", "TARGET [PORT [QUEUE]]", 1, 3, cmd_queue_stats,
      "queue statistics" },
    { "queue-get-config", "TARGET [PORT]", 1, 2, cmd_queue_get_config,
      "the queues of a port (of every port) and their rates" },
    { "mod-port", "TARGET PORT ACTION", 3, 3, cmd_mod_port,
      "ACTION: up, down, receive, no-receive, forward, no-forward, "
      "packet-in, no-packet-in" },
    { "packet-out", "TARGET 'in_port=..,actions=..,packet=HEX'", 2, -1,
      cmd_packet_out, "send a packet through the switch" },
    { "monitor", "TARGET [MISS_LEN]", 1, 2, cmd_monitor,
      "print every message the switch sends (MISS_LEN: set "
      "miss_send_len first)" },
    { "probe", "TARGET", 1, 1, cmd_probe,
      "check that the switch answers an echo request" },
    { "barrier", "TARGET", 1, 1, cmd_barrier,
      "send a barrier request and wait for its reply" },
    { "get-config", "TARGET", 1, 1, cmd_get_config,
      "the switch configuration (fragments, miss_send_len)" },
    { "set-config", "TARGET [frags=MODE] [miss_send_len=N]", 1, 3,
      cmd_set_config, "change the switch configuration" },
    { "get-frags", "TARGET", 1, 1, cmd_get_frags,
      "the fragment handling mode" },
    { "set-frags", "TARGET MODE", 2, 2, cmd_set_frags,
      "MODE: normal, drop or reassemble" },
};

const size_t ofctl_n_net_verbs = ARRAY_SIZE(ofctl_net_verbs);
