#include "switch/tc.h"

#include <errno.h>
#include <linux/gen_stats.h>
#include <linux/netlink.h>
#include <linux/pkt_sched.h>
#include <linux/rtnetlink.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "ofproto/ofpbuf.h"
#include "ofproto/util.h"

#ifndef NETLINK_EXT_ACK
#define NETLINK_EXT_ACK 11
#endif

/* Class minors (tc.h). */
#define ROOT_HANDLE 0x10000u
#define PORT_MINOR 0xfffe
#define DEFAULT_MINOR 0xffff

/* A queue without a minimum still gets one: HTB needs a rate. */
#define TRICKLE_BPS 8000

/* Port speed assumed when the port does not say. */
#define DEFAULT_PORT_BPS UINT64_C(10000000000)

/* HTB's time unit: the kernel reads buffer sizes in 64 ns ticks
 * (PSCHED_SHIFT). */
#define NS_PER_TICK 64

static uint32_t
classid(uint32_t minor)
{
    return ROOT_HANDLE | minor;
}

uint32_t
tc_queue_priority(uint32_t queue_id)
{
    return classid(queue_id + 1);
}

/* ---- Netlink ---- */

static int
nl_open(void)
{
    struct sockaddr_nl sa;
    int one = 1;
    int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);

    if (fd < 0) {
        return -errno;
    }
    setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof one);
    memset(&sa, 0, sizeof sa);
    sa.nl_family = AF_NETLINK;
    if (bind(fd, (struct sockaddr *) &sa, sizeof sa) < 0) {
        int error = errno;

        close(fd);
        return -error;
    }
    return fd;
}

/* Starts a request in 'b': a netlink header and a struct tcmsg. */
static void
nl_start(struct ofpbuf *b, uint16_t type, uint16_t flags, int ifindex,
         uint32_t parent, uint32_t handle)
{
    struct nlmsghdr nh;
    struct tcmsg tm;

    memset(&nh, 0, sizeof nh);
    nh.nlmsg_type = type;
    nh.nlmsg_flags = NLM_F_REQUEST | flags;
    nh.nlmsg_seq = 1;
    ofpbuf_put(b, &nh, sizeof nh);
    memset(&tm, 0, sizeof tm);
    tm.tcm_family = AF_UNSPEC;
    tm.tcm_ifindex = ifindex;
    tm.tcm_parent = parent;
    tm.tcm_handle = handle;
    ofpbuf_put(b, &tm, sizeof tm);
}

static void
nl_pad(struct ofpbuf *b)
{
    ofpbuf_put_zeros(b, NLMSG_ALIGN(b->size) - b->size);
}

/* Appends attribute 'type' with 'len' bytes of 'data'. */
static void
nl_put(struct ofpbuf *b, uint16_t type, const void *data, size_t len)
{
    struct nlattr nla;

    nla.nla_len = NLA_HDRLEN + len;
    nla.nla_type = type;
    ofpbuf_put(b, &nla, sizeof nla);
    ofpbuf_put(b, data, len);
    nl_pad(b);
}

/* Opens a nested attribute; returns its offset for nl_end_nested(). */
static size_t
nl_begin_nested(struct ofpbuf *b, uint16_t type)
{
    size_t ofs = b->size;

    nl_put(b, type | NLA_F_NESTED, NULL, 0);
    return ofs;
}

static void
nl_end_nested(struct ofpbuf *b, size_t ofs)
{
    struct nlattr *nla = (struct nlattr *) (void *) (b->data + ofs);

    nla->nla_len = b->size - ofs;
}

/* The text of an extended ack's NLMSGERR_ATTR_MSG, or NULL. */
static char *
ext_ack_msg(const struct nlmsghdr *nh)
{
    const struct nlmsgerr *e = NLMSG_DATA(nh);
    size_t ofs = NLMSG_HDRLEN + sizeof *e;
    size_t end = nh->nlmsg_len;

    if (!(nh->nlmsg_flags & NLM_F_ACK_TLVS)) {
        return NULL;
    }
    if (!(nh->nlmsg_flags & NLM_F_CAPPED)) {
        ofs += e->msg.nlmsg_len - sizeof e->msg;
    }
    while (ofs + NLA_HDRLEN <= end) {
        const struct nlattr *a = (const void *) ((const uint8_t *) nh + ofs);

        if (a->nla_len < NLA_HDRLEN || ofs + a->nla_len > end) {
            break;
        }
        if (a->nla_type == NLMSGERR_ATTR_MSG && a->nla_len > NLA_HDRLEN) {
            const char *text = (const char *) a + NLA_HDRLEN;

            return xasprintf("%.*s",
                             (int) strnlen(text, a->nla_len - NLA_HDRLEN),
                             text);
        }
        ofs += NLA_ALIGN(a->nla_len);
    }
    return NULL;
}

/* Sends the request in 'b' (fixing its length) and waits for the ack.
 * Returns 0 or an errno value, with the kernel's message in '*errmsg'. */
static int
nl_transact(int fd, struct ofpbuf *b, char **errmsg)
{
    struct nlmsghdr *req = (struct nlmsghdr *) (void *) b->data;
    uint32_t buf[2048];

    req->nlmsg_len = b->size;
    req->nlmsg_flags |= NLM_F_ACK;
    if (send(fd, b->data, b->size, 0) < 0) {
        return errno;
    }
    for (;;) {
        ssize_t n = recv(fd, buf, sizeof buf, 0);
        struct nlmsghdr *nh;

        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return errno;
        }
        for (nh = (struct nlmsghdr *) buf; NLMSG_OK(nh, (size_t) n);
             nh = NLMSG_NEXT(nh, n)) {
            if (nh->nlmsg_type == NLMSG_ERROR) {
                const struct nlmsgerr *e = NLMSG_DATA(nh);

                if (e->error && errmsg) {
                    *errmsg = ext_ack_msg(nh);
                }
                return -e->error;
            }
        }
    }
}

/* ---- Set-up ---- */

static void
ratespec(struct tc_ratespec *r, uint64_t bytes_per_s)
{
    memset(r, 0, sizeof *r);
    r->linklayer = TC_LINKLAYER_ETHERNET;
    r->rate = bytes_per_s >= UINT32_MAX ? UINT32_MAX : bytes_per_s;
}

/* Ticks to send 'bytes' at 'bytes_per_s'. */
static uint32_t
ticks(uint64_t bytes, uint64_t bytes_per_s)
{
    uint64_t ns = bytes * UINT64_C(1000000000) / bytes_per_s;
    uint64_t t = ns / NS_PER_TICK;

    return t > UINT32_MAX ? UINT32_MAX : t;
}

/* A bucket of 10 ms of traffic, but at least two full-size frames. */
static uint64_t
burst_bytes(uint64_t bytes_per_s)
{
    return MAX(bytes_per_s / 100, 2 * 1514);
}

static int
add_class(int fd, int ifindex, uint32_t parent, uint32_t minor,
          uint64_t rate_bps, uint64_t ceil_bps, char **errmsg)
{
    uint64_t rate = MAX(rate_bps / 8, 1);
    uint64_t ceil = MAX(ceil_bps / 8, rate);
    struct ofpbuf b = OFPBUF_INITIALIZER;
    struct tc_htb_opt opt;
    size_t options;
    int error;

    nl_start(&b, RTM_NEWTCLASS, NLM_F_CREATE | NLM_F_EXCL, ifindex, parent,
             classid(minor));
    nl_put(&b, TCA_KIND, "htb", 4);
    options = nl_begin_nested(&b, TCA_OPTIONS);
    memset(&opt, 0, sizeof opt);
    ratespec(&opt.rate, rate);
    ratespec(&opt.ceil, ceil);
    opt.buffer = ticks(burst_bytes(rate), rate);
    opt.cbuffer = ticks(burst_bytes(ceil), ceil);
    opt.quantum = MIN(MAX(rate / 10, 1600), 200000);
    nl_put(&b, TCA_HTB_PARMS, &opt, sizeof opt);
    if (rate >= UINT32_MAX) {
        nl_put(&b, TCA_HTB_RATE64, &rate, sizeof rate);
    }
    if (ceil >= UINT32_MAX) {
        nl_put(&b, TCA_HTB_CEIL64, &ceil, sizeof ceil);
    }
    nl_end_nested(&b, options);
    error = nl_transact(fd, &b, errmsg);
    ofpbuf_uninit(&b);
    return error;
}

static int
del_root(int fd, int ifindex)
{
    struct ofpbuf b = OFPBUF_INITIALIZER;
    int error;

    nl_start(&b, RTM_DELQDISC, 0, ifindex, TC_H_ROOT, 0);
    error = nl_transact(fd, &b, NULL);
    ofpbuf_uninit(&b);
    /* No root discipline of ours to delete: fine. */
    return error == ENOENT || error == EINVAL ? 0 : error;
}

static int
add_root(int fd, int ifindex, char **errmsg)
{
    struct ofpbuf b = OFPBUF_INITIALIZER;
    struct tc_htb_glob glob;
    size_t options;
    int error;

    nl_start(&b, RTM_NEWQDISC, NLM_F_CREATE | NLM_F_EXCL, ifindex,
             TC_H_ROOT, ROOT_HANDLE);
    nl_put(&b, TCA_KIND, "htb", 4);
    options = nl_begin_nested(&b, TCA_OPTIONS);
    memset(&glob, 0, sizeof glob);
    glob.version = 3;           /* TC_HTB_PROTOVER */
    glob.rate2quantum = 10;
    glob.defcls = DEFAULT_MINOR;
    nl_put(&b, TCA_HTB_INIT, &glob, sizeof glob);
    nl_end_nested(&b, options);
    error = nl_transact(fd, &b, errmsg);
    ofpbuf_uninit(&b);
    return error;
}

int
tc_set_queues(int ifindex, uint64_t port_bps, const struct tc_queue *queues,
              size_t n, char **errmsg)
{
    uint64_t min_sum = 0;
    int fd, error;

    if (errmsg) {
        *errmsg = NULL;
    }
    for (size_t i = 0; i < n; i++) {
        if (queues[i].queue_id > TC_QUEUE_MAX) {
            return EINVAL;
        }
    }
    fd = nl_open();
    if (fd < 0) {
        return -fd;
    }
    if (!port_bps) {
        port_bps = DEFAULT_PORT_BPS;
    }
    error = del_root(fd, ifindex);
    if (error || !n) {
        goto out;
    }
    error = add_root(fd, ifindex, errmsg);
    if (!error) {
        error = add_class(fd, ifindex, ROOT_HANDLE | 0, PORT_MINOR,
                          port_bps, port_bps, errmsg);
    }
    for (size_t i = 0; !error && i < n; i++) {
        const struct tc_queue *q = &queues[i];
        uint64_t min = (q->min_bps == TC_RATE_NONE ? TRICKLE_BPS
                        : MAX(MIN(q->min_bps, port_bps), TRICKLE_BPS));
        uint64_t max = (q->max_bps == TC_RATE_NONE ? port_bps
                        : MAX(q->max_bps, TRICKLE_BPS));

        min = MIN(min, max);
        min_sum += min;
        error = add_class(fd, ifindex, classid(PORT_MINOR),
                          q->queue_id + 1, min, max, errmsg);
    }
    if (!error) {
        uint64_t rest = (min_sum < port_bps ? port_bps - min_sum
                         : TRICKLE_BPS);

        error = add_class(fd, ifindex, classid(PORT_MINOR), DEFAULT_MINOR,
                          MAX(rest, TRICKLE_BPS), port_bps, errmsg);
    }
    if (error) {
        del_root(fd, ifindex);
    }
out:
    close(fd);
    return error;
}

/* ---- Statistics ---- */

/* Finds attribute 'type' among the attributes in [ofs, end) of 'base'. */
static const struct nlattr *
nl_find(const uint8_t *base, size_t ofs, size_t end, uint16_t type)
{
    while (ofs + NLA_HDRLEN <= end) {
        const struct nlattr *a = (const void *) (base + ofs);

        if (a->nla_len < NLA_HDRLEN || ofs + a->nla_len > end) {
            return NULL;
        }
        if ((a->nla_type & NLA_TYPE_MASK) == type) {
            return a;
        }
        ofs += NLA_ALIGN(a->nla_len);
    }
    return NULL;
}

static const void *
nla_data(const struct nlattr *a, size_t need)
{
    return a && a->nla_len >= NLA_HDRLEN + need ? (const uint8_t *) a
                                                      + NLA_HDRLEN
                                                : NULL;
}

/* Reads the counters of one RTM_NEWTCLASS message into '*stats'. */
static void
parse_class_stats(const struct nlmsghdr *nh, struct tc_queue_stats *stats)
{
    const uint8_t *base = (const uint8_t *) nh;
    size_t ofs = NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(struct tcmsg));
    const struct nlattr *s2 = nl_find(base, ofs, nh->nlmsg_len, TCA_STATS2);

    memset(stats, 0, sizeof *stats);
    /* Attributes are 4-byte aligned and these structs hold 64-bit
     * counters: copy them out before reading. */
    if (s2) {
        size_t in = (const uint8_t *) s2 - base;
        size_t end = in + s2->nla_len;
        const void *basic_p = nla_data(nl_find(base, in + NLA_HDRLEN, end,
                                               TCA_STATS_BASIC),
                                       sizeof(struct gnet_stats_basic));
        const void *pkt64_p = nla_data(nl_find(base, in + NLA_HDRLEN, end,
                                               TCA_STATS_PKT64),
                                       sizeof(uint64_t));
        const void *queue_p = nla_data(nl_find(base, in + NLA_HDRLEN, end,
                                               TCA_STATS_QUEUE),
                                       sizeof(struct gnet_stats_queue));

        if (basic_p) {
            struct gnet_stats_basic basic;

            memcpy(&basic, basic_p, sizeof basic);
            stats->tx_bytes = basic.bytes;
            stats->tx_packets = basic.packets;
        }
        if (pkt64_p) {
            memcpy(&stats->tx_packets, pkt64_p, sizeof stats->tx_packets);
        }
        if (queue_p) {
            struct gnet_stats_queue queue;

            memcpy(&queue, queue_p, sizeof queue);
            stats->tx_errors = queue.drops;
        }
    } else {
        const void *old_p = nla_data(nl_find(base, ofs, nh->nlmsg_len,
                                             TCA_STATS),
                                     sizeof(struct tc_stats));

        if (old_p) {
            struct tc_stats old;

            memcpy(&old, old_p, sizeof old);
            stats->tx_bytes = old.bytes;
            stats->tx_packets = old.packets;
            stats->tx_errors = old.drops;
        }
    }
}

int
tc_get_queue_stats(int ifindex, uint32_t queue_id,
                   struct tc_queue_stats *stats)
{
    uint32_t want = tc_queue_priority(queue_id);
    struct ofpbuf b = OFPBUF_INITIALIZER;
    uint32_t buf[8192];
    bool found = false, done = false;
    int fd, error = 0;

    if (queue_id > TC_QUEUE_MAX) {
        return ENOENT;
    }
    fd = nl_open();
    if (fd < 0) {
        return -fd;
    }
    nl_start(&b, RTM_GETTCLASS, NLM_F_DUMP, ifindex, 0, 0);
    ((struct nlmsghdr *) (void *) b.data)->nlmsg_len = b.size;
    if (send(fd, b.data, b.size, 0) < 0) {
        error = errno;
        done = true;
    }
    while (!done) {
        ssize_t n = recv(fd, buf, sizeof buf, 0);
        struct nlmsghdr *nh;

        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            error = errno;
            break;
        }
        for (nh = (struct nlmsghdr *) buf; NLMSG_OK(nh, (size_t) n);
             nh = NLMSG_NEXT(nh, n)) {
            if (nh->nlmsg_type == NLMSG_DONE) {
                done = true;
                break;
            } else if (nh->nlmsg_type == NLMSG_ERROR) {
                const struct nlmsgerr *e = NLMSG_DATA(nh);

                error = -e->error;
                done = true;
                break;
            } else if (nh->nlmsg_type == RTM_NEWTCLASS
                       && (nh->nlmsg_len
                           >= NLMSG_LENGTH(sizeof(struct tcmsg)))) {
                const struct tcmsg *tm = NLMSG_DATA(nh);

                if (!found && tm->tcm_ifindex == ifindex
                    && tm->tcm_handle == want) {
                    parse_class_stats(nh, stats);
                    found = true;
                }
            }
        }
    }
    ofpbuf_uninit(&b);
    close(fd);
    return error ? error : found ? 0 : ENOENT;
}
