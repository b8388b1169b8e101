/*
 * ofbench: a controller benchmark in the spirit of cbench, speaking
 * OpenFlow 1.3.
 *
 *   build/ofbench [OPTIONS] [TARGET]       (TARGET: tcp:IP[:PORT],
 *                                           default tcp:127.0.0.1:6653)
 *
 * It emulates --switches switches (datapath ids 1, 2, ...), each with
 * --hosts hosts (MAC 02:SS:SS:00:HH:HH) spread over ports 1-3.  Each
 * switch answers the controller's handshake (HELLO, FEATURES, PORT_DESC
 * and DESC requests, GET_CONFIG, BARRIER, ECHO, ROLE; anything else is
 * ignored), then, once every switch is connected, sends packet-ins: host
 * h sends to host h+1 (or h+2, so that source and destination sit on
 * different ports), unbuffered, with the whole 60-byte frame.  A learning
 * switch learns every host in the first round and then answers each
 * packet-in with a FLOW_MOD and a PACKET_OUT.  A response is a PACKET_OUT
 * carrying one of its frames (flow mods are counted apart; a packet-out
 * of the controller's own, such as LLDP, is not a response), as cbench
 * counts them.
 *
 *   --mode throughput   each switch keeps up to --window packet-ins
 *                       unanswered, topped up in batches (default)
 *   --mode latency      one packet-in outstanding per switch: the next
 *                       goes when the answer comes; the mean round trip
 *                       is printed too
 *
 * It runs --loops loops of --ms-per-loop milliseconds after --warmup
 * loops that are not counted, prints the responses per second of each
 * loop and then min/max/avg/stdev over the counted loops.  One thread,
 * poll() and plain sockets, framing only: it decodes just the handshake's
 * requests, so the controller is the bottleneck (a C responder that
 * parses nothing answers it at about 9 million per second on these
 * machines).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <math.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "ofproto/conn.h"
#include "ofproto/ofp-msgs.h"
#include "ofproto/ofpbuf.h"
#include "ofproto/util.h"

enum mode { MODE_THROUGHPUT, MODE_LATENCY };

struct emu {
    int fd;
    uint64_t dpid;
    struct ofpbuf pins;         /* One packet-in per host, back to back. */
    size_t *offsets;            /* Start of each. */
    size_t n_pins, next_pin;
    struct ofpbuf tx;           /* Waiting to be written. */
    size_t tx_ofs;
    uint8_t *rx;
    size_t rx_len, rx_alloc;
    bool up;                    /* Features answered. */
    uint64_t sent, answered, flow_mods;
    long long sent_ns;          /* Latency mode: when the outstanding one
                                 * went. */
    long long last_answer_ns;
    uint64_t lost;              /* Given up on (LOST_NS). */
};

#define LOST_NS (1000LL * 1000000)

static long long
now_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long) ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void
usage(void)
{
    printf("usage: ofbench [OPTIONS] [TARGET]\n"
           "\n"
           "Emulates OpenFlow 1.3 switches whose hosts send packet-ins to "
           "the\n"
           "controller at TARGET (tcp:IP[:PORT], default "
           "tcp:127.0.0.1:6653),\n"
           "and counts its answers (packet-outs) per second.\n"
           "\n"
           "  -s, --switches N       switches to emulate (16)\n"
           "  -M, --hosts N          hosts per switch (1000)\n"
           "  -m, --mode MODE        throughput (as many as the "
           "connection takes)\n"
           "                         or latency (one outstanding per "
           "switch)\n"
           "  -l, --loops N          loops to count (10)\n"
           "  -t, --ms-per-loop MS   length of a loop (1000)\n"
           "  -w, --warmup N         loops run first and not counted (1)\n"
           "  -W, --window N         throughput mode: unanswered "
           "packet-ins per\n"
           "                         switch (1000)\n"
           "  -h, --help             this help\n");
}

/* ---- One emulated switch ---- */

static void
send_msg(struct emu *e, struct of_msg *m)
{
    of_msg_encode(m, &e->tx);
    of_msg_uninit(m);
}

static void
build_pins(struct emu *e, int n_hosts)
{
    e->offsets = xcalloc(n_hosts, sizeof *e->offsets);
    for (int h = 0; h < n_hosts; h++) {
        int d = (h + 1) % n_hosts;
        uint8_t frame[60];
        struct of_msg m;

        if (n_hosts > 2 && d % 3 == h % 3) {
            d = (h + 2) % n_hosts;
        }
        memset(frame, 0, sizeof frame);
        frame[0] = 0x02;
        frame[1] = e->dpid >> 8;
        frame[2] = e->dpid;
        frame[4] = d >> 8;
        frame[5] = d;
        frame[6] = 0x02;
        frame[7] = e->dpid >> 8;
        frame[8] = e->dpid;
        frame[10] = h >> 8;
        frame[11] = h;
        frame[12] = 0x08;
        frame[13] = 0x00;
        of_msg_init(&m, OFPT_PACKET_IN, h + 1);
        m.u.packet_in.buffer_id = OFP_NO_BUFFER;
        m.u.packet_in.total_len = sizeof frame;
        m.u.packet_in.reason = OFPR_NO_MATCH;
        of_match_set_u32(&m.u.packet_in.match, OF_FIELD_IN_PORT, 1 + h % 3);
        m.u.packet_in.data = frame;
        m.u.packet_in.len = sizeof frame;
        e->offsets[h] = e->pins.size;
        of_msg_encode(&m, &e->pins);
        of_msg_uninit(&m);
    }
    e->n_pins = n_hosts;
}

static void
reply_multipart(struct emu *e, const uint8_t *data, size_t len, uint32_t xid)
{
    struct of_msg req, m;
    struct of_port ports[4];

    if (of_msg_decode(&req, data, len)) {
        of_msg_uninit(&req);
        return;
    }
    of_msg_init(&m, OFPT_MULTIPART_REPLY, xid);
    m.u.mp_reply.type = req.u.mp_request.type;
    switch (req.u.mp_request.type) {
    case OFPMP_PORT_DESC:
        memset(ports, 0, sizeof ports);
        for (int i = 0; i < 4; i++) {
            ports[i].port_no = i + 1;
            ports[i].hw_addr[0] = 2;
            ports[i].hw_addr[5] = i + 1;
            ports[i].curr_speed = 10000000;
            snprintf(ports[i].name, sizeof ports[i].name, "p%d", i + 1);
        }
        m.u.mp_reply.port_desc.ports = ports;
        m.u.mp_reply.port_desc.n = 4;
        break;
    case OFPMP_DESC:
        snprintf(m.u.mp_reply.desc.mfr_desc,
                 sizeof m.u.mp_reply.desc.mfr_desc, "ofkit");
        snprintf(m.u.mp_reply.desc.hw_desc,
                 sizeof m.u.mp_reply.desc.hw_desc, "ofbench");
        break;
    default:
        /* Nothing to say about the rest: no reply. */
        of_msg_uninit(&m);
        of_msg_uninit(&req);
        return;
    }
    send_msg(e, &m);
    of_msg_uninit(&req);
}

static void
handle(struct emu *e, const uint8_t *data, size_t len, enum mode mode,
       double *rtt_sum, uint64_t *rtt_n)
{
    uint8_t version, type;
    uint16_t length;
    uint32_t xid;
    struct of_msg m;

    of_msg_header(data, &version, &type, &length, &xid);
    switch (type) {
    case OFPT_PACKET_OUT: {
        /* Ours carry IPv4 frames; a controller's own (LLDP, ...) do not
         * count.  The frame follows the 16-byte header and the actions. */
        size_t data_ofs = 24 + (len >= 18 ? ofp_get_be16(data + 16) : len);

        if (data_ofs + 14 > len || ofp_get_be16(data + data_ofs + 12)
                                   != 0x0800) {
            return;
        }
        e->answered++;
        e->last_answer_ns = now_ns();
        if (mode == MODE_LATENCY && e->sent_ns) {
            *rtt_sum += now_ns() - e->sent_ns;
            (*rtt_n)++;
            e->sent_ns = 0;
        }
        return;
    }
    case OFPT_FLOW_MOD:
        e->flow_mods++;
        return;
    case OFPT_FEATURES_REQUEST:
        of_msg_init(&m, OFPT_FEATURES_REPLY, xid);
        m.u.features.datapath_id = e->dpid;
        m.u.features.n_buffers = 0;
        m.u.features.n_tables = 1;
        send_msg(e, &m);
        e->up = true;
        return;
    case OFPT_GET_CONFIG_REQUEST:
        of_msg_init(&m, OFPT_GET_CONFIG_REPLY, xid);
        m.u.config.miss_send_len = OFPCML_NO_BUFFER;
        send_msg(e, &m);
        return;
    case OFPT_ECHO_REQUEST:
        of_msg_init(&m, OFPT_ECHO_REPLY, xid);
        send_msg(e, &m);
        return;
    case OFPT_BARRIER_REQUEST:
        of_msg_init(&m, OFPT_BARRIER_REPLY, xid);
        send_msg(e, &m);
        return;
    case OFPT_ROLE_REQUEST: {
        struct of_msg req;

        if (!of_msg_decode(&req, data, len)) {
            of_msg_init(&m, OFPT_ROLE_REPLY, xid);
            m.u.role = req.u.role;
            send_msg(e, &m);
        }
        of_msg_uninit(&req);
        return;
    }
    case OFPT_MULTIPART_REQUEST:
        reply_multipart(e, data, len, xid);
        return;
    default:
        return;
    }
}

/* Reads what the controller sent.  Returns false if the connection is
 * gone or speaks nonsense. */
static bool
do_read(struct emu *e, enum mode mode, double *rtt_sum, uint64_t *rtt_n)
{
    size_t ofs = 0;
    ssize_t n;

    if (e->rx_alloc - e->rx_len < 65536) {
        e->rx_alloc = e->rx_alloc * 2 + 262144;
        e->rx = xrealloc(e->rx, e->rx_alloc);
    }
    n = read(e->fd, e->rx + e->rx_len, e->rx_alloc - e->rx_len);
    if (n <= 0) {
        return n < 0 && (errno == EAGAIN || errno == EINTR);
    }
    e->rx_len += n;
    while (e->rx_len - ofs >= OF_HEADER_LEN) {
        uint16_t len = ofp_get_be16(e->rx + ofs + 2);

        if (len < OF_HEADER_LEN) {
            return false;
        }
        if (e->rx_len - ofs < len) {
            break;
        }
        handle(e, e->rx + ofs, len, mode, rtt_sum, rtt_n);
        ofs += len;
    }
    memmove(e->rx, e->rx + ofs, e->rx_len - ofs);
    e->rx_len -= ofs;
    return true;
}

static void
queue_pin(struct emu *e)
{
    size_t i = e->next_pin;
    size_t end = i + 1 < e->n_pins ? e->offsets[i + 1] : e->pins.size;

    ofpbuf_put(&e->tx, e->pins.data + e->offsets[i], end - e->offsets[i]);
    e->next_pin = (i + 1) % e->n_pins;
    e->sent++;
}

/* Throughput: tops the switch up to 'window' unanswered packet-ins once
 * fewer than half are, so that it writes in large batches.  Latency: one
 * at a time. */
static void
fill(struct emu *e, enum mode mode, uint64_t window, long long now)
{
    /* A controller may drop a packet-in without an answer (a learning
     * switch that holds floods back while it learns the topology): a
     * switch that gets no answer for LOST_NS gives up on those
     * outstanding, so the stream never stalls. */
    if (e->sent > e->answered && now - e->last_answer_ns > LOST_NS) {
        e->lost += e->sent - e->answered;
        e->sent = e->answered;
        e->sent_ns = 0;
        e->last_answer_ns = now;
    }
    if (mode == MODE_LATENCY) {
        if (!e->sent_ns && e->sent <= e->answered) {
            queue_pin(e);
            e->sent_ns = now;
        }
        return;
    }
    if (e->sent > e->answered && e->sent - e->answered > window / 2) {
        return;
    }
    while ((e->sent <= e->answered || e->sent - e->answered < window)
           && e->tx.size - e->tx_ofs < 65536) {
        queue_pin(e);
    }
}

static bool
do_write(struct emu *e)
{
    ssize_t n;

    if (e->tx.size == e->tx_ofs) {
        return true;
    }
    n = write(e->fd, e->tx.data + e->tx_ofs, e->tx.size - e->tx_ofs);
    if (n < 0) {
        return errno == EAGAIN || errno == EINTR;
    }
    e->tx_ofs += n;
    if (e->tx_ofs == e->tx.size) {
        ofpbuf_clear(&e->tx);
        e->tx_ofs = 0;
    }
    return true;
}

/* ---- Main ---- */

static void
free_emus(struct emu *emus, long n)
{
    for (long i = 0; i < n; i++) {
        if (emus[i].fd > 0) {
            close(emus[i].fd);
        }
        ofpbuf_uninit(&emus[i].pins);
        ofpbuf_uninit(&emus[i].tx);
        free(emus[i].offsets);
        free(emus[i].rx);
    }
    free(emus);
}

static long
parse_count(const char *opt, const char *value, long min, long max)
{
    char *end;
    long n;

    errno = 0;
    n = strtol(value, &end, 10);
    if (errno || end == value || *end || n < min || n > max) {
        fprintf(stderr, "ofbench: %s: '%s' is not a number from %ld to "
                "%ld\n", opt, value, min, max);
        exit(2);
    }
    return n;
}

int
main(int argc, char *argv[])
{
    static const struct option options[] = {
        { "switches", required_argument, NULL, 's' },
        { "hosts", required_argument, NULL, 'M' },
        { "mode", required_argument, NULL, 'm' },
        { "loops", required_argument, NULL, 'l' },
        { "ms-per-loop", required_argument, NULL, 't' },
        { "warmup", required_argument, NULL, 'w' },
        { "window", required_argument, NULL, 'W' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    long n_sw = 16, n_hosts = 1000, loops = 10, ms = 1000, warmup = 1;
    uint64_t window = 1000;
    enum mode mode = MODE_THROUGHPUT;
    const char *target = "tcp:127.0.0.1:6653";
    struct conn_target t;
    struct sockaddr_in sin;
    struct pollfd *pfds;
    struct emu *emus;
    double rtt_sum = 0;
    uint64_t rtt_n = 0, prev = 0;
    long long start = 0, loop_start = 0, deadline;
    long loop = 0, n_rates = 0;
    double *rates = NULL;
    int status = 0;
    char *error;
    int c;

    while ((c = getopt_long(argc, argv, "s:M:m:l:t:w:W:h", options,
                            NULL)) != -1) {
        switch (c) {
        case 's':
            n_sw = parse_count("--switches", optarg, 1, 4096);
            break;
        case 'M':
            n_hosts = parse_count("--hosts", optarg, 2, 65535);
            break;
        case 'm':
            if (!strcmp(optarg, "throughput")) {
                mode = MODE_THROUGHPUT;
            } else if (!strcmp(optarg, "latency")) {
                mode = MODE_LATENCY;
            } else {
                fprintf(stderr, "ofbench: --mode: '%s' is neither "
                        "throughput nor latency\n", optarg);
                return 2;
            }
            break;
        case 'l':
            loops = parse_count("--loops", optarg, 1, 100000);
            break;
        case 't':
            ms = parse_count("--ms-per-loop", optarg, 10, 3600000);
            break;
        case 'w':
            warmup = parse_count("--warmup", optarg, 0, 1000);
            break;
        case 'W':
            window = parse_count("--window", optarg, 1, 1000000);
            break;
        case 'h':
            usage();
            return 0;
        default:
            fprintf(stderr, "ofbench: try --help\n");
            return 2;
        }
    }
    if (optind < argc) {
        target = argv[optind++];
    }
    if (optind < argc) {
        fprintf(stderr, "ofbench: unexpected argument '%s'\n", argv[optind]);
        return 2;
    }
    error = conn_target_parse(target, &t);
    if (error || t.transport != CONN_TCP || t.passive) {
        fprintf(stderr, "ofbench: %s: a target must be tcp:IP[:PORT]%s%s\n",
                target, error ? ": " : "", error ? error : "");
        free(error);
        conn_target_uninit(error ? NULL : &t);
        return 2;
    }
    memset(&sin, 0, sizeof sin);
    sin.sin_family = AF_INET;
    sin.sin_port = htons(t.port);
    if (inet_pton(AF_INET, t.host, &sin.sin_addr) != 1) {
        fprintf(stderr, "ofbench: %s: '%s' is not an IPv4 address\n", target,
                t.host);
        conn_target_uninit(&t);
        return 2;
    }
    conn_target_uninit(&t);

    emus = xcalloc(n_sw, sizeof *emus);
    pfds = xcalloc(n_sw, sizeof *pfds);
    rates = xcalloc(loops, sizeof *rates);
    for (long i = 0; i < n_sw; i++) {
        emus[i].fd = -1;
    }
    for (long i = 0; i < n_sw; i++) {
        struct emu *e = &emus[i];
        int one = 1;

        e->dpid = i + 1;
        e->fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (e->fd < 0
            || connect(e->fd, (struct sockaddr *) &sin, sizeof sin)) {
            fprintf(stderr, "ofbench: %s: cannot connect: %s\n", target,
                    strerror(errno));
            status = 1;
            goto out;
        }
        setsockopt(e->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        fcntl(e->fd, F_SETFL, O_NONBLOCK);
        of_msg_encode_hello(1, &e->tx);
        build_pins(e, n_hosts);
        pfds[i].fd = e->fd;
    }
    printf("ofbench: %ld switches x %ld hosts, %s mode, %ld loops of %ld ms "
           "(after %ld not counted), %s\n", n_sw, n_hosts,
           mode == MODE_LATENCY ? "latency" : "throughput", loops, ms,
           warmup, target);
    fflush(stdout);

    /* Every switch must come up within 10 s. */
    deadline = now_ns() + 10LL * 1000000000;
    for (;;) {
        bool all_up = true;
        long long now = now_ns();

        for (long i = 0; i < n_sw; i++) {
            all_up &= emus[i].up;
        }
        if (all_up && !start) {
            /* Half a second more for the controller's own start-up (a
             * learning switch may hold floods back that long). */
            start = now + 500LL * 1000000;
        }
        if (!start && now > deadline) {
            fprintf(stderr, "ofbench: the controller did not complete the "
                    "handshake of every switch in 10 s\n");
            status = 1;
            goto out;
        }
        if (start && now >= start) {
            if (!loop_start) {
                loop_start = now;
            }
            for (long i = 0; i < n_sw; i++) {
                fill(&emus[i], mode, window, now);
            }
        }
        for (long i = 0; i < n_sw; i++) {
            pfds[i].events = POLLIN | (emus[i].tx.size > emus[i].tx_ofs
                                       ? POLLOUT : 0);
        }
        poll(pfds, n_sw, 10);
        for (long i = 0; i < n_sw; i++) {
            if ((pfds[i].revents & (POLLIN | POLLHUP | POLLERR))
                && !do_read(&emus[i], mode, &rtt_sum, &rtt_n)) {
                fprintf(stderr, "ofbench: switch %ld: the controller closed "
                        "the connection\n", i + 1);
                status = 1;
                goto out;
            }
            if (pfds[i].revents & POLLOUT) {
                do_write(&emus[i]);
            }
        }
        now = now_ns();
        if (loop_start && now >= loop_start + ms * 1000000LL) {
            uint64_t total = 0;
            double rate;

            for (long i = 0; i < n_sw; i++) {
                total += emus[i].answered;
            }
            rate = (total - prev) * 1e9 / (now - loop_start);
            prev = total;
            loop_start = now;
            if (loop < warmup) {
                printf("  warm-up  %10.0f responses/s\n", rate);
                rtt_sum = 0;
                rtt_n = 0;
            } else {
                printf("  loop %3ld %10.0f responses/s\n", loop - warmup + 1,
                       rate);
                rates[n_rates++] = rate;
            }
            fflush(stdout);
            if (++loop >= warmup + loops) {
                break;
            }
        }
    }

    {
        double min = rates[0], max = rates[0], sum = 0, var = 0, avg;
        uint64_t sent = 0, answered = 0, fms = 0, lost = 0;

        for (long i = 0; i < n_rates; i++) {
            min = MIN(min, rates[i]);
            max = MAX(max, rates[i]);
            sum += rates[i];
        }
        avg = sum / n_rates;
        for (long i = 0; i < n_rates; i++) {
            var += (rates[i] - avg) * (rates[i] - avg);
        }
        for (long i = 0; i < n_sw; i++) {
            sent += emus[i].sent;
            answered += emus[i].answered;
            fms += emus[i].flow_mods;
            lost += emus[i].lost;
        }
        printf("RESULT: %ld switches %ld loops min/max/avg/stdev = "
               "%.0f/%.0f/%.0f/%.0f responses/s\n", n_sw, n_rates, min, max,
               avg, sqrt(var / n_rates));
        if (mode == MODE_LATENCY) {
            printf("RESULT: mean round trip %.1f us over %"PRIu64
                   " packet-ins\n", rtt_n ? rtt_sum / rtt_n / 1000 : 0.0,
                   rtt_n);
        }
        printf("ofbench: %"PRIu64" packet-ins sent, %"PRIu64" unanswered, "
               "%"PRIu64" packet-outs and %"PRIu64" flow mods received\n",
               sent + lost, lost, answered, fms);
    }

out:
    free_emus(emus, n_sw);
    free(pfds);
    free(rates);
    return status;
}
