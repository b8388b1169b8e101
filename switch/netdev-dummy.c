/*
 * netdev-dummy: an in-process device for tests.
 *
 * Frames a test injects wait in a receive queue until the datapath takes
 * them with netdev_recv(); frames the datapath sends wait in a capture
 * queue until the test takes them.  Both queues are bounded lists of heap
 * copies, guarded by the device's mutex, so a test thread may inject and
 * capture while the datapath thread runs.  The pollable fd is an eventfd
 * that is readable exactly while the receive queue is not empty (it is set
 * and reset under the mutex).
 *
 * Open dummies are listed by name (under a global mutex) so that a test
 * can find a port the datapath opened.
 */
#include "switch/netdev-provider.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "ofproto/ofp13.h"
#include "ofproto/ofpbuf.h"
#include "ofproto/util.h"

#define DUMMY_RX_MAX 4096
#define DUMMY_TX_MAX 65536
#define DUMMY_MTU 1500

struct dummy_frame {
    struct dummy_frame *next;
    struct packet_offload offload;
    uint32_t len;
    uint8_t data[];
};

struct dummy_queue {
    struct dummy_frame *head;
    struct dummy_frame **tail;
    size_t n;
};

struct netdev_dummy {
    struct netdev up;
    struct netdev_dummy *next;  /* In 'dummies'. */

    pthread_mutex_t mutex;
    struct dummy_queue rx;      /* Injected, not yet received. */
    struct dummy_queue tx;      /* Sent, not yet captured. */
    struct netdev_stats stats;  /* Under 'mutex' (inject counts too). */
    uint8_t mac[6];
    bool admin_up;              /* Atomic. */
    bool carrier;               /* Atomic. */
};

static pthread_mutex_t dummies_mutex = PTHREAD_MUTEX_INITIALIZER;
static struct netdev_dummy *dummies;

static struct netdev_dummy *
dummy_cast(struct netdev *netdev)
{
    return (struct netdev_dummy *) netdev;
}

static const struct netdev_dummy *
dummy_cast_const(const struct netdev *netdev)
{
    return (const struct netdev_dummy *) netdev;
}

/* 'admin_up' and 'carrier' are read without the mutex (by the const
 * property functions), so they are accessed atomically. */
static bool
dummy_is_up(const struct netdev_dummy *dev)
{
    return __atomic_load_n(&dev->admin_up, __ATOMIC_ACQUIRE);
}

static bool
dummy_has_carrier(const struct netdev_dummy *dev)
{
    return __atomic_load_n(&dev->carrier, __ATOMIC_ACQUIRE);
}

static void
queue_init(struct dummy_queue *q)
{
    q->head = NULL;
    q->tail = &q->head;
    q->n = 0;
}

static void
queue_push(struct dummy_queue *q, struct dummy_frame *f)
{
    f->next = NULL;
    *q->tail = f;
    q->tail = &f->next;
    q->n++;
}

static struct dummy_frame *
queue_pop(struct dummy_queue *q)
{
    struct dummy_frame *f = q->head;

    if (f) {
        q->head = f->next;
        if (!q->head) {
            q->tail = &q->head;
        }
        q->n--;
    }
    return f;
}

static void
queue_clear(struct dummy_queue *q)
{
    struct dummy_frame *f;

    while ((f = queue_pop(q))) {
        free(f);
    }
}

static struct dummy_frame *
frame_new(const void *data, size_t len, const struct packet_offload *o)
{
    struct dummy_frame *f = xmalloc(sizeof *f + len);

    memcpy(f->data, data, len);
    f->len = len;
    if (o) {
        f->offload = *o;
    } else {
        memset(&f->offload, 0, sizeof f->offload);
    }
    return f;
}

static struct netdev_dummy *
find_locked(const char *name)
{
    for (struct netdev_dummy *d = dummies; d; d = d->next) {
        if (!strcmp(d->up.name, name)) {
            return d;
        }
    }
    return NULL;
}

static int
dummy_open(const char *name, struct netdev **netdevp)
{
    struct netdev_dummy *dev;
    uint32_t hash = 2166136261u;    /* FNV-1a of the name. */
    int fd;

    fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (fd < 0) {
        return errno;
    }
    pthread_mutex_lock(&dummies_mutex);
    if (find_locked(name)) {
        pthread_mutex_unlock(&dummies_mutex);
        close(fd);
        return EEXIST;
    }
    dev = xzalloc(sizeof *dev);
    netdev_init(&dev->up, &netdev_dummy_class, name);
    dev->up.fd = fd;
    pthread_mutex_init(&dev->mutex, NULL);
    queue_init(&dev->rx);
    queue_init(&dev->tx);
    for (const char *c = name; *c; c++) {
        hash = (hash ^ (uint8_t) *c) * 16777619u;
    }
    dev->mac[0] = 0x02;
    dev->mac[1] = 0xdd;
    dev->mac[2] = hash >> 24;
    dev->mac[3] = hash >> 16;
    dev->mac[4] = hash >> 8;
    dev->mac[5] = hash;
    dev->admin_up = true;
    dev->carrier = true;
    dev->next = dummies;
    dummies = dev;
    pthread_mutex_unlock(&dummies_mutex);

    *netdevp = &dev->up;
    return 0;
}

static void
dummy_close(struct netdev *netdev)
{
    struct netdev_dummy *dev = dummy_cast(netdev);

    pthread_mutex_lock(&dummies_mutex);
    for (struct netdev_dummy **p = &dummies; *p; p = &(*p)->next) {
        if (*p == dev) {
            *p = dev->next;
            break;
        }
    }
    pthread_mutex_unlock(&dummies_mutex);

    queue_clear(&dev->rx);
    queue_clear(&dev->tx);
    pthread_mutex_destroy(&dev->mutex);
    close(netdev->fd);
    free(dev);
}

/* Resets the eventfd once the receive queue is empty.  Under 'mutex'. */
static void
sync_fd_locked(struct netdev_dummy *dev)
{
    uint64_t value;

    if (!dev->rx.n) {
        while (read(dev->up.fd, &value, sizeof value) < 0
               && errno == EINTR) {
            continue;
        }
    }
}

static int
dummy_recv(struct netdev *netdev, struct dp_packet *pkts[], int n)
{
    struct netdev_dummy *dev = dummy_cast(netdev);
    int got = 0;

    pthread_mutex_lock(&dev->mutex);
    while (got < n && dev->rx.n) {
        struct dummy_frame *f = queue_pop(&dev->rx);
        struct dp_packet *p = pkts[got];

        if (packet_set_frame(p, f->data, f->len)) {
            p->offload = f->offload;
            netdev_count(&dev->stats.rx_packets, &dev->stats.rx_bytes,
                         p->len, &p->offload);
            got++;
        } else {
            dev->stats.rx_errors++;
        }
        free(f);
    }
    sync_fd_locked(dev);
    pthread_mutex_unlock(&dev->mutex);
    return got;
}

static int
dummy_send(struct netdev *netdev, struct dp_packet *const pkts[], int n)
{
    struct netdev_dummy *dev = dummy_cast(netdev);
    int sent = 0;

    pthread_mutex_lock(&dev->mutex);
    for (int i = 0; i < n; i++) {
        const struct dp_packet *p = pkts[i];

        if (!dummy_is_up(dev) || !dummy_has_carrier(dev)
            || dev->tx.n >= DUMMY_TX_MAX) {
            dev->stats.tx_dropped++;
            continue;
        }
        queue_push(&dev->tx, frame_new(p->data, p->len, &p->offload));
        netdev_count(&dev->stats.tx_packets, &dev->stats.tx_bytes, p->len,
                     &p->offload);
        sent++;
    }
    pthread_mutex_unlock(&dev->mutex);
    return sent;
}

static int
dummy_get_stats(struct netdev *netdev, struct netdev_stats *stats)
{
    struct netdev_dummy *dev = dummy_cast(netdev);

    pthread_mutex_lock(&dev->mutex);
    *stats = dev->stats;
    pthread_mutex_unlock(&dev->mutex);
    return 0;
}

static int
dummy_get_mac(const struct netdev *netdev, uint8_t mac[6])
{
    memcpy(mac, dummy_cast_const(netdev)->mac, 6);
    return 0;
}

static int
dummy_get_mtu(const struct netdev *netdev OF_UNUSED, int *mtup)
{
    *mtup = DUMMY_MTU;
    return 0;
}

static int
dummy_get_flags(const struct netdev *netdev, unsigned int *flags)
{
    const struct netdev_dummy *dev = dummy_cast_const(netdev);
    bool up = dummy_is_up(dev);

    *flags = ((up ? NETDEV_UP : 0)
              | (up && dummy_has_carrier(dev) ? NETDEV_CARRIER : 0));
    return 0;
}

static int
dummy_set_up(struct netdev *netdev, bool up)
{
    __atomic_store_n(&dummy_cast(netdev)->admin_up, up, __ATOMIC_RELEASE);
    return 0;
}

static int
dummy_get_features(const struct netdev *netdev OF_UNUSED,
                   struct netdev_features *f)
{
    f->curr = OFPPF_10GB_FD | OFPPF_COPPER;
    f->curr_speed = 10000000;
    f->max_speed = 10000000;
    return 0;
}

const struct netdev_class netdev_dummy_class = {
    .type = "dummy",
    .open = dummy_open,
    .close = dummy_close,
    .recv = dummy_recv,
    .send = dummy_send,
    .get_stats = dummy_get_stats,
    .get_mac = dummy_get_mac,
    .get_mtu = dummy_get_mtu,
    .get_flags = dummy_get_flags,
    .set_up = dummy_set_up,
    .get_features = dummy_get_features,
};

/* ---- The test interface ---- */

static struct netdev_dummy *
dummy_checked(struct netdev *netdev)
{
    if (netdev->class != &netdev_dummy_class) {
        of_abort("%s: not a dummy netdev", netdev->name);
    }
    return dummy_cast(netdev);
}

struct netdev *
netdev_dummy_find(const char *name)
{
    struct netdev_dummy *dev;

    pthread_mutex_lock(&dummies_mutex);
    dev = find_locked(name);
    pthread_mutex_unlock(&dummies_mutex);
    return dev ? &dev->up : NULL;
}

bool
netdev_dummy_inject(struct netdev *netdev, const void *frame, size_t len,
                    const struct packet_offload *offload)
{
    struct netdev_dummy *dev = dummy_checked(netdev);
    bool ok = false;

    pthread_mutex_lock(&dev->mutex);
    if (!dummy_is_up(dev) || !dummy_has_carrier(dev)
        || dev->rx.n >= DUMMY_RX_MAX
        || len > PACKET_MAX_LEN) {
        dev->stats.rx_dropped++;
    } else {
        uint64_t one = 1;

        queue_push(&dev->rx, frame_new(frame, len, offload));
        if (dev->rx.n == 1) {
            while (write(netdev->fd, &one, sizeof one) < 0
                   && errno == EINTR) {
                continue;
            }
        }
        ok = true;
    }
    pthread_mutex_unlock(&dev->mutex);
    return ok;
}

bool
netdev_dummy_capture(struct netdev *netdev, struct ofpbuf *frame,
                     struct packet_offload *offload)
{
    struct netdev_dummy *dev = dummy_checked(netdev);
    struct dummy_frame *f;

    pthread_mutex_lock(&dev->mutex);
    f = queue_pop(&dev->tx);
    pthread_mutex_unlock(&dev->mutex);
    if (!f) {
        return false;
    }
    ofpbuf_put(frame, f->data, f->len);
    if (offload) {
        *offload = f->offload;
    }
    free(f);
    return true;
}

size_t
netdev_dummy_n_captured(struct netdev *netdev)
{
    struct netdev_dummy *dev = dummy_checked(netdev);
    size_t n;

    pthread_mutex_lock(&dev->mutex);
    n = dev->tx.n;
    pthread_mutex_unlock(&dev->mutex);
    return n;
}

void
netdev_dummy_set_carrier(struct netdev *netdev, bool carrier)
{
    struct netdev_dummy *dev = dummy_checked(netdev);

    __atomic_store_n(&dev->carrier, carrier, __ATOMIC_RELEASE);
}
