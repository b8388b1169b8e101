/*
 * ctl-load: a quick load generator for ofcontroller (the controller
 * engineer's own harness, until tools/ofbench exists).
 *
 *   build/bench/ctl-load [--switches N] [--hosts M] [--seconds S]
 *                        [--window W] [TARGET]
 *
 * Emulates N switches (default 16) connected to TARGET (default
 * tcp:127.0.0.1:6653), each answering the controller's handshake
 * (FEATURES, PORT_DESC with 4 ports, BARRIER, ECHO) and then sending
 * packet-ins as fast as the controller answers them, at most W (default
 * 1000) unanswered per switch, topped up in batches
 * when half of them are answered.  Host h of M (default 1000) sits on port
 * 1 + h % 3 and sends to host h + 1 (or h + 2, so that source and
 * destination are on different ports).  Once every host has sent, a
 * learning switch knows every destination, and answers each packet-in
 * with a FLOW_MOD and a PACKET_OUT.  Prints packet-ins answered (PACKET_OUT
 * received) per second, each second and on average.
 *
 * One thread, poll(), raw sockets: the generator only frames what it
 * reads (it decodes the handshake's requests only), so the controller is
 * the bottleneck.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
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

struct emu {
    int fd;
    uint64_t dpid;
    struct ofpbuf pins;         /* M packet-ins, back to back. */
    size_t *offsets;            /* Start of each. */
    size_t n_pins, next_pin;
    struct ofpbuf tx;           /* Waiting to be written. */
    size_t tx_ofs;
    uint8_t *rx;
    size_t rx_len, rx_alloc;
    bool up;                    /* Barrier answered. */
    uint64_t sent, answered, flow_mods;
};

static long long
now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
send_msg(struct emu *e, struct of_msg *m)
{
    of_msg_encode(m, &e->tx);
}

static void
build_pins(struct emu *e, int n_hosts)
{
    int h;

    e->offsets = xcalloc(n_hosts, sizeof *e->offsets);
    for (h = 0; h < n_hosts; h++) {
        int d = (h + 1) % n_hosts;
        uint8_t frame[60];
        struct of_msg m;

        if (d % 3 == h % 3) {
            d = (h + 2) % n_hosts;
        }
        memset(frame, 0, sizeof frame);
        frame[0] = 0x02, frame[3] = e->dpid, frame[4] = d >> 8;
        frame[5] = d;
        frame[6] = 0x02, frame[9] = e->dpid, frame[10] = h >> 8;
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
handle(struct emu *e, const uint8_t *data, size_t len)
{
    uint8_t version, type;
    uint16_t length;
    uint32_t xid;
    struct of_msg req, m;

    of_msg_header(data, &version, &type, &length, &xid);
    switch (type) {
    case OFPT_PACKET_OUT:
        e->answered++;
        return;
    case OFPT_FLOW_MOD:
        e->flow_mods++;
        return;
    case OFPT_FEATURES_REQUEST:
        of_msg_init(&m, OFPT_FEATURES_REPLY, xid);
        m.u.features.datapath_id = e->dpid;
        m.u.features.n_buffers = 0;
        m.u.features.n_tables = 1;
        send_msg(e, &m);
        of_msg_uninit(&m);
        return;
    case OFPT_ECHO_REQUEST:
        of_msg_init(&m, OFPT_ECHO_REPLY, xid);
        send_msg(e, &m);
        of_msg_uninit(&m);
        return;
    case OFPT_BARRIER_REQUEST:
        of_msg_init(&m, OFPT_BARRIER_REPLY, xid);
        send_msg(e, &m);
        of_msg_uninit(&m);
        e->up = true;
        return;
    case OFPT_MULTIPART_REQUEST: {
        struct of_port ports[4];
        int i;

        if (of_msg_decode(&req, data, len)
            || req.u.mp_request.type != OFPMP_PORT_DESC) {
            of_msg_uninit(&req);
            return;
        }
        of_msg_uninit(&req);
        memset(ports, 0, sizeof ports);
        for (i = 0; i < 4; i++) {
            ports[i].port_no = i + 1;
            ports[i].hw_addr[0] = 2;
            ports[i].hw_addr[5] = i + 1;
            snprintf(ports[i].name, sizeof ports[i].name, "p%d", i + 1);
        }
        of_msg_init(&m, OFPT_MULTIPART_REPLY, xid);
        m.u.mp_reply.type = OFPMP_PORT_DESC;
        m.u.mp_reply.port_desc.ports = ports;
        m.u.mp_reply.port_desc.n = 4;
        send_msg(e, &m);
        of_msg_uninit(&m);
        return;
    }
    default:
        return;
    }
}

static bool
do_read(struct emu *e)
{
    size_t ofs = 0;
    ssize_t n;

    if (e->rx_alloc - e->rx_len < 65536) {
        e->rx_alloc = e->rx_alloc * 2 + 262144;
        e->rx = xrealloc(e->rx, e->rx_alloc);
    }
    n = read(e->fd, e->rx + e->rx_len, e->rx_alloc - e->rx_len);
    if (n <= 0) {
        return n < 0 && errno == EAGAIN;
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
        handle(e, e->rx + ofs, len);
        ofs += len;
    }
    memmove(e->rx, e->rx + ofs, e->rx_len - ofs);
    e->rx_len -= ofs;
    return true;
}

/* Tops the switch up to 'window' unanswered packet-ins once fewer than
 * half are, so that it writes in large batches as cbench does. */
static void
fill(struct emu *e, uint64_t window)
{
    if ((int64_t) (e->sent - e->answered) > (int64_t) window / 2) {
        return;
    }
    while (e->up && (int64_t) (e->sent - e->answered) < (int64_t) window
           && e->tx.size - e->tx_ofs < 65536) {
        size_t i = e->next_pin;
        size_t end = i + 1 < e->n_pins ? e->offsets[i + 1] : e->pins.size;

        ofpbuf_put(&e->tx, e->pins.data + e->offsets[i],
                   end - e->offsets[i]);
        e->next_pin = (i + 1) % e->n_pins;
        e->sent++;
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
        return errno == EAGAIN;
    }
    e->tx_ofs += n;
    if (e->tx_ofs == e->tx.size) {
        ofpbuf_clear(&e->tx);
        e->tx_ofs = 0;
    }
    return true;
}

int
main(int argc, char *argv[])
{
    static const struct option options[] = {
        { "switches", required_argument, NULL, 's' },
        { "hosts", required_argument, NULL, 'm' },
        { "seconds", required_argument, NULL, 't' },
        { "window", required_argument, NULL, 'w' },
        { NULL, 0, NULL, 0 },
    };
    int n_sw = 16, n_hosts = 1000, seconds = 10, c, i;
    uint64_t window = 1000, total_prev = 0, total;
    const char *target = "tcp:127.0.0.1:6653";
    struct conn_target t;
    struct sockaddr_in sin;
    struct pollfd *pfds;
    struct emu *emus;
    long long start = 0, last, end = 0;
    uint64_t first_answered = 0;
    bool started = false;
    char *error;

    while ((c = getopt_long(argc, argv, "", options, NULL)) != -1) {
        switch (c) {
        case 's':
            n_sw = atoi(optarg);
            break;
        case 'm':
            n_hosts = atoi(optarg);
            break;
        case 't':
            seconds = atoi(optarg);
            break;
        case 'w':
            window = strtoull(optarg, NULL, 10);
            break;
        default:
            return 1;
        }
    }
    if (optind < argc) {
        target = argv[optind];
    }
    error = conn_target_parse(target, &t);
    if (error || t.transport != CONN_TCP || t.passive) {
        fprintf(stderr, "ctl-load: %s: need tcp:IP:PORT\n", target);
        return 1;
    }
    memset(&sin, 0, sizeof sin);
    sin.sin_family = AF_INET;
    sin.sin_port = htons(t.port);
    inet_pton(AF_INET, t.host, &sin.sin_addr);

    emus = xcalloc(n_sw, sizeof *emus);
    pfds = xcalloc(n_sw, sizeof *pfds);
    for (i = 0; i < n_sw; i++) {
        struct emu *e = &emus[i];
        int one = 1;

        e->dpid = i + 1;
        e->fd = socket(AF_INET, SOCK_STREAM, 0);
        if (connect(e->fd, (struct sockaddr *) &sin, sizeof sin)) {
            perror("ctl-load: connect");
            return 1;
        }
        setsockopt(e->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        fcntl(e->fd, F_SETFL, O_NONBLOCK);
        of_msg_encode_hello(1, &e->tx);
        build_pins(e, n_hosts);
        pfds[i].fd = e->fd;
    }

    last = now_ms();
    for (;;) {
        bool all_up = true;
        long long now;

        for (i = 0; i < n_sw; i++) {
            all_up &= emus[i].up;
        }
        if (all_up && !start) {
            /* Past the learning switch's hold (1 s), when it floods to
             * host ports; then 0.5 s to learn every host. */
            start = last = now_ms() + 1500;
            end = start + seconds * 1000LL;
        }
        if (start && !started && now_ms() >= start) {
            /* The warm-up (learning every host) is over. */
            started = true;
            for (i = 0; i < n_sw; i++) {
                first_answered += emus[i].answered;
            }
            total_prev = first_answered;
        }
        for (i = 0; i < n_sw; i++) {
            struct emu *e = &emus[i];

            if (start && now_ms() >= start - 500) {
                fill(e, window);
            }
            pfds[i].events = POLLIN | (e->tx.size > e->tx_ofs ? POLLOUT : 0);
        }
        poll(pfds, n_sw, 100);
        for (i = 0; i < n_sw; i++) {
            if ((pfds[i].revents & (POLLIN | POLLHUP | POLLERR))
                && !do_read(&emus[i])) {
                fprintf(stderr, "ctl-load: switch %d: connection lost\n",
                        i + 1);
                return 1;
            }
            if (pfds[i].revents & POLLOUT) {
                do_write(&emus[i]);
            }
        }
        now = now_ms();
        if (start && now >= last + 1000) {
            total = 0;
            for (i = 0; i < n_sw; i++) {
                total += emus[i].answered;
            }
            if (started) {
                printf("%8.0f packet-ins answered/s\n",
                       (total - total_prev) * 1000.0 / (now - last));
            }
            total_prev = total;
            last = now;
            if (now >= end) {
                break;
            }
        }
    }
    {
        uint64_t answered = 0, sent = 0, fms = 0;

        for (i = 0; i < n_sw; i++) {
            answered += emus[i].answered;
            sent += emus[i].sent;
            fms += emus[i].flow_mods;
        }
        printf("ctl-load: %d switches x %d hosts: %"PRIu64" packet-ins "
               "sent, %"PRIu64" answered, %"PRIu64" flow mods\n", n_sw,
               n_hosts, sent, answered, fms);
        printf("ctl-load: average %.0f packet-ins answered/s over %d s\n",
               (answered - first_answered) / (double) seconds, seconds);
    }
    return 0;
}
