#include "ofproto/conn.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <event2/event.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "ofproto/ds.h"
#include "ofproto/ofp-msgs.h"
#include "ofproto/ofpbuf.h"
#include "tests/unit/unit-msgs.h"
#include "tests/unit/unit.h"

/* Every test runs its own event base and a temporary directory (for unix
 * sockets and certificates), both created by fixture_init() and removed
 * by fixture_fini().  A fatal assertion skips the rest of its test,
 * fixture_fini() included: the next fixture_init(), or exit, cleans up
 * after it.  Waits are bounded by RUN_UNTIL's timeout, so a broken build
 * fails instead of hanging. */

static struct event_base *base;
static char tmpdir[64];
static struct ds log_text;

static uint64_t
now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
capture_log(enum conn_log_level level, const char *line)
{
    ds_put_format(&log_text, "%s|%s\n", conn_log_level_name(level), line);
    if (getenv("UNIT_VERBOSE")) {
        fprintf(stderr, "conn|%s|%s\n", conn_log_level_name(level), line);
    }
}

/* Removes the temporary directory and the event base.  Returns false if
 * the directory could not be removed. */
static bool
fixture_remove(void)
{
    DIR *dir = opendir(tmpdir);
    struct dirent *de;
    bool ok;

    while (dir && (de = readdir(dir)) != NULL) {
        if (strcmp(de->d_name, ".") && strcmp(de->d_name, "..")) {
            char *path = xasprintf("%s/%s", tmpdir, de->d_name);

            unlink(path);
            free(path);
        }
    }
    if (dir) {
        closedir(dir);
    }
    ok = !rmdir(tmpdir);
    conn_set_log_func(NULL);
    ds_destroy(&log_text);
    event_base_free(base);
    base = NULL;
    return ok;
}

static void
fixture_cleanup_at_exit(void)
{
    if (base) {
        fixture_remove();
    }
}

static void
fixture_init(void)
{
    static bool registered;

    if (!registered) {
        atexit(fixture_cleanup_at_exit);
        registered = true;
    }
    if (base) {
        /* The previous test stopped at a fatal assertion. */
        fixture_remove();
    }
    base = event_base_new();
    strcpy(tmpdir, "/tmp/ofkit-conn-XXXXXX");
    CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(tmpdir));
    ds_init(&log_text);
    conn_set_log_func(capture_log);
}

static void
fixture_fini(void)
{
    CU_ASSERT_TRUE(fixture_remove());
}

static char *
tmp_path(const char *name)
{
    return xasprintf("%s/%s", tmpdir, name);
}

/* Runs the loop once, for at most 5 ms. */
static void
tick(void)
{
    struct timeval tv = { 0, 5000 };

    event_base_loopexit(base, &tv);
    event_base_dispatch(base);
}

#define RUN_UNTIL(COND, TIMEOUT_MS)                                         \
    ({                                                                      \
        uint64_t deadline_ = now_ms() + (TIMEOUT_MS);                       \
        while (!(COND) && now_ms() < deadline_) {                           \
            tick();                                                         \
        }                                                                   \
        (COND);                                                             \
    })

static void
run_for(int ms)
{
    RUN_UNTIL(false, ms);
}

/* ---- Recording callbacks ---- */

struct rec {
    struct conn *conn;          /* The latest accepted conn, for servers. */
    struct conn *accepted[8];
    int n_accepted;

    int connected;
    int disconnected;
    int messages;
    int malformed;
    char reason[512];
    uint8_t last_type;
    uint32_t last_xid;
    enum ofperr last_malformed;
    int backoffs[16];

    /* Behaviour. */
    enum ofperr answer;         /* Returned for every message. */
    bool reply_barrier;         /* BARRIER_REQUEST -> BARRIER_REPLY. */
    bool reply_table_stats;     /* OFPMP_TABLE -> 3000 entries. */
    bool destroy_on_message;
    bool destroy_on_disconnect;
};

static void
rec_connected(struct conn *conn OF_UNUSED, void *rec_)
{
    struct rec *rec = rec_;

    rec->connected++;
}

static void
send_table_stats(struct conn *conn, uint32_t xid)
{
    struct of_table_stats *stats = xcalloc(3000, sizeof *stats);
    struct of_msg reply;

    for (int i = 0; i < 3000; i++) {
        stats[i].table_id = i % 256;
        stats[i].active_count = i;
        stats[i].lookup_count = 1000000 + i;
        stats[i].matched_count = i * 2;
    }
    of_msg_init(&reply, OFPT_MULTIPART_REPLY, xid);
    reply.u.mp_reply.type = OFPMP_TABLE;
    reply.u.mp_reply.table.stats = stats;
    reply.u.mp_reply.table.n = 3000;
    CU_ASSERT_EQUAL(conn_send(conn, &reply), 0);
    of_msg_uninit(&reply);
    free(stats);
}

static enum ofperr
rec_message(struct conn *conn, const struct of_msg *msg, void *rec_)
{
    struct rec *rec = rec_;

    rec->messages++;
    rec->last_type = msg->type;
    rec->last_xid = msg->xid;
    CU_ASSERT_EQUAL(msg->raw_len, ofp_get_be16(msg->raw + 2));
    if (rec->reply_barrier && msg->type == OFPT_BARRIER_REQUEST) {
        struct of_msg reply;

        of_msg_init(&reply, OFPT_BARRIER_REPLY, msg->xid);
        CU_ASSERT_EQUAL(conn_send(conn, &reply), 0);
        of_msg_uninit(&reply);
    }
    if (rec->reply_table_stats && msg->type == OFPT_MULTIPART_REQUEST
        && msg->u.mp_request.type == OFPMP_TABLE) {
        send_table_stats(conn, msg->xid);
    }
    if (rec->destroy_on_message) {
        conn_destroy(conn);
        if (rec->conn == conn) {
            rec->conn = NULL;
        }
        return 0;
    }
    return rec->answer;
}

static void
rec_malformed(struct conn *conn OF_UNUSED, const struct of_msg *msg,
              enum ofperr error, void *rec_)
{
    struct rec *rec = rec_;

    rec->malformed++;
    rec->last_malformed = error;
    rec->last_type = msg->type;
    rec->last_xid = msg->xid;
}

static void
rec_disconnected(struct conn *conn, const char *reason, void *rec_)
{
    struct rec *rec = rec_;

    if (rec->disconnected < (int) ARRAY_SIZE(rec->backoffs)) {
        rec->backoffs[rec->disconnected] = conn_get_backoff_ms(conn);
    }
    rec->disconnected++;
    snprintf(rec->reason, sizeof rec->reason, "%s", reason);
    if (rec->destroy_on_disconnect) {
        for (int i = 0; i < rec->n_accepted; i++) {
            if (rec->accepted[i] == conn) {
                rec->accepted[i] = NULL;
            }
        }
        if (rec->conn == conn) {
            rec->conn = NULL;
        }
        conn_destroy(conn);
    }
}

static const struct conn_callbacks rec_callbacks = {
    .connected = rec_connected,
    .message = rec_message,
    .malformed = rec_malformed,
    .disconnected = rec_disconnected,
};

static void
rec_accept(struct conn_listener *l OF_UNUSED, struct conn *conn, void *rec_)
{
    struct rec *rec = rec_;

    CU_ASSERT_FATAL(rec->n_accepted < (int) ARRAY_SIZE(rec->accepted));
    rec->accepted[rec->n_accepted++] = conn;
    rec->conn = conn;
    conn_set_callbacks(conn, &rec_callbacks, rec);
}

static void
rec_destroy_accepted(struct rec *rec)
{
    for (int i = 0; i < rec->n_accepted; i++) {
        conn_destroy(rec->accepted[i]);
        rec->accepted[i] = NULL;
    }
    rec->conn = NULL;
}

static struct conn_listener *
listen_on(const char *name, const struct conn_options *options,
          struct rec *rec)
{
    struct conn_listener *l;
    char *error;

    l = conn_listener_create(base, name, options, rec_accept, rec, &error);
    if (!l) {
        fprintf(stderr, "\n%s\n", error);
        free(error);
    }
    CU_ASSERT_PTR_NOT_NULL_FATAL(l);
    return l;
}

static struct conn *
connect_to(const char *name, const struct conn_options *options,
           struct rec *rec)
{
    struct conn *conn;
    char *error;

    conn = conn_create(base, name, options, &rec_callbacks, rec, &error);
    if (!conn) {
        fprintf(stderr, "\n%s\n", error);
        free(error);
    }
    CU_ASSERT_PTR_NOT_NULL_FATAL(conn);
    return conn;
}

/* ---- Raw peers: plain sockets that speak bytes ---- */

struct raw {
    int fd;
    struct event *ev;
    struct ofpbuf in;
    bool eof;
};

static void
raw_read_cb(evutil_socket_t fd, short what OF_UNUSED, void *raw_)
{
    struct raw *raw = raw_;
    uint8_t buf[65536];
    ssize_t n = read(fd, buf, sizeof buf);

    if (n > 0) {
        ofpbuf_put(&raw->in, buf, n);
    } else if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
        raw->eof = true;
        event_del(raw->ev);
    }
}

/* Takes 'fd'; 'read' says whether to read what arrives. */
static void
raw_init(struct raw *raw, int fd, bool read)
{
    memset(raw, 0, sizeof *raw);
    raw->fd = fd;
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
    ofpbuf_init(&raw->in);
    raw->ev = event_new(base, fd, EV_READ | EV_PERSIST, raw_read_cb, raw);
    if (read) {
        event_add(raw->ev, NULL);
    }
}

static void
raw_close(struct raw *raw)
{
    if (raw->ev) {
        event_free(raw->ev);
        raw->ev = NULL;
    }
    if (raw->fd >= 0) {
        close(raw->fd);
        raw->fd = -1;
    }
    ofpbuf_uninit(&raw->in);
}

static void
raw_connect_tcp(struct raw *raw, uint16_t port)
{
    struct sockaddr_in sin;
    int fd = socket(AF_INET, SOCK_STREAM, 0);

    memset(&sin, 0, sizeof sin);
    sin.sin_family = AF_INET;
    sin.sin_port = htons(port);
    sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    CU_ASSERT_EQUAL_FATAL(connect(fd, (struct sockaddr *) &sin, sizeof sin),
                          0);
    raw_init(raw, fd, true);
}

static void
raw_connect_unix(struct raw *raw, const char *path, bool read)
{
    struct sockaddr_un sun;
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);

    memset(&sun, 0, sizeof sun);
    sun.sun_family = AF_UNIX;
    snprintf(sun.sun_path, sizeof sun.sun_path, "%s", path);
    CU_ASSERT_EQUAL_FATAL(connect(fd, (struct sockaddr *) &sun, sizeof sun),
                          0);
    raw_init(raw, fd, read);
}

/* A TCP socket listening on 127.0.0.1 with an ephemeral port. */
static int
raw_listen_tcp(uint16_t *port)
{
    struct sockaddr_in sin;
    socklen_t len = sizeof sin;
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);

    memset(&sin, 0, sizeof sin);
    sin.sin_family = AF_INET;
    sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    CU_ASSERT_EQUAL_FATAL(bind(fd, (struct sockaddr *) &sin, sizeof sin), 0);
    CU_ASSERT_EQUAL_FATAL(listen(fd, 8), 0);
    getsockname(fd, (struct sockaddr *) &sin, &len);
    *port = ntohs(sin.sin_port);
    return fd;
}

/* Accepts a connection into '*fdp' unless it already holds one. */
static bool
try_accept(int lfd, int *fdp)
{
    if (*fdp < 0) {
        *fdp = accept(lfd, NULL, NULL);
    }
    return *fdp >= 0;
}

static void
raw_send(struct raw *raw, const void *data, size_t len)
{
    CU_ASSERT_EQUAL(write(raw->fd, data, len), (ssize_t) len);
}

static void
raw_send_hex(struct raw *raw, const char *hex)
{
    struct ofpbuf b = OFPBUF_INITIALIZER;

    unit_hex(&b, hex);
    raw_send(raw, b.data, b.size);
    ofpbuf_uninit(&b);
}

static bool
raw_has_msg(const struct raw *raw)
{
    return (raw->in.size >= 8
            && raw->in.size >= ofp_get_be16(raw->in.data + 2));
}

/* Waits for the next whole message and moves it into 'msg' (cleared
 * first).  Returns false on timeout or end of stream. */
static bool
raw_next(struct raw *raw, struct ofpbuf *msg, int timeout_ms)
{
    size_t len;

    ofpbuf_clear(msg);
    if (!RUN_UNTIL(raw_has_msg(raw) || raw->eof, timeout_ms)
        || !raw_has_msg(raw)) {
        return false;
    }
    len = ofp_get_be16(raw->in.data + 2);
    ofpbuf_put(msg, raw->in.data, len);
    memmove(raw->in.data, raw->in.data + len, raw->in.size - len);
    raw->in.size -= len;
    return true;
}

/* An OpenFlow 1.3 HELLO with a version bitmap allowing 1.3 only. */
#define HELLO_13 "04 00 00 10 00 00 00 01 00 01 00 08 00 00 00 10"

/* Reads the conn's HELLO and answers with ours. */
static void
raw_handshake(struct raw *raw)
{
    struct ofpbuf msg = OFPBUF_INITIALIZER;

    CU_ASSERT_TRUE_FATAL(raw_next(raw, &msg, 2000));
    CU_ASSERT_EQUAL(msg.data[0], OFP_VERSION);
    CU_ASSERT_EQUAL(msg.data[1], OFPT_HELLO);
    raw_send_hex(raw, HELLO_13);
    ofpbuf_uninit(&msg);
}

static bool
bytes_equal_hex(const struct ofpbuf *b, const char *hex)
{
    struct ofpbuf want = OFPBUF_INITIALIZER;
    bool equal;

    unit_hex(&want, hex);
    equal = b->size == want.size && !memcmp(b->data, want.data, b->size);
    if (!equal) {
        struct ds s = DS_EMPTY_INITIALIZER;

        ds_put_hex_dump(&s, b->data, b->size, 16, 2);
        fprintf(stderr, "\ngot:\n%s\n", ds_cstr(&s));
        ds_clear(&s);
        ds_put_hex_dump(&s, want.data, want.size, 16, 2);
        fprintf(stderr, "expected:\n%s\n", ds_cstr(&s));
        ds_destroy(&s);
    }
    ofpbuf_uninit(&want);
    return equal;
}

/* ---- Tests ---- */

static void
test_targets(void)
{
    static const struct {
        const char *name;
        enum conn_transport transport;
        bool passive;
        const char *host;
        uint16_t port;
        const char *path;
    } good[] = {
        { "tcp:10.0.0.1", CONN_TCP, false, "10.0.0.1", 6653, NULL },
        { "tcp:10.0.0.1:6633", CONN_TCP, false, "10.0.0.1", 6633, NULL },
        { "tcp:[::1]:7000", CONN_TCP, false, "::1", 7000, NULL },
        { "tcp:[fe80::1]", CONN_TCP, false, "fe80::1", 6653, NULL },
        { "tcp:localhost:99", CONN_TCP, false, "localhost", 99, NULL },
        { "ssl:192.168.0.1:6654", CONN_SSL, false, "192.168.0.1", 6654,
          NULL },
        { "unix:/var/run/ofkit.sock", CONN_UNIX, false, NULL, 0,
          "/var/run/ofkit.sock" },
        { "ptcp:6653", CONN_TCP, true, NULL, 6653, NULL },
        { "ptcp:0:127.0.0.1", CONN_TCP, true, "127.0.0.1", 0, NULL },
        { "ptcp:", CONN_TCP, true, NULL, 6653, NULL },
        { "ptcp:6653:[::]", CONN_TCP, true, "::", 6653, NULL },
        { "pssl:6654:10.1.2.3", CONN_SSL, true, "10.1.2.3", 6654, NULL },
        { "punix:/tmp/x.sock", CONN_UNIX, true, NULL, 0, "/tmp/x.sock" },
    };
    static const char *const bad[] = {
        "tcp:", "tcp:10.0.0.1:0", "tcp:10.0.0.1:65536", "tcp:10.0.0.1:x",
        "tcp:1.2.3.999", "tcp:[::1", "tcp:[::1]x", "tcp:[1::2::3]:1",
        "tcp:host_name", "unix:", "punix:", "ptcp:abc", "ptcp:1:1.2.3",
        "udp:1.2.3.4", "1.2.3.4:6653", "",
    };
    struct conn_target t;
    struct conn *conn;
    char *error;

    for (size_t i = 0; i < ARRAY_SIZE(good); i++) {
        error = conn_target_parse(good[i].name, &t);
        CU_ASSERT_PTR_NULL(error);
        if (error) {
            fprintf(stderr, "\n%s\n", error);
            free(error);
            continue;
        }
        CU_ASSERT_EQUAL(t.transport, good[i].transport);
        CU_ASSERT_EQUAL(t.passive, good[i].passive);
        CU_ASSERT_EQUAL(conn_target_is_passive(good[i].name),
                        good[i].passive);
        if (good[i].host) {
            CU_ASSERT_STRING_EQUAL(t.host ? t.host : "(null)",
                                   good[i].host);
        } else {
            CU_ASSERT_PTR_NULL(t.host);
        }
        if (good[i].path) {
            CU_ASSERT_STRING_EQUAL(t.path ? t.path : "(null)",
                                   good[i].path);
        } else {
            CU_ASSERT_EQUAL(t.port, good[i].port);
        }
        conn_target_uninit(&t);
    }
    for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
        error = conn_target_parse(bad[i], &t);
        CU_ASSERT_PTR_NOT_NULL(error);
        if (!error) {
            fprintf(stderr, "\naccepted bad target \"%s\"\n", bad[i]);
            conn_target_uninit(&t);
            continue;
        }
        /* The message names the target. */
        CU_ASSERT_PTR_NOT_NULL(strstr(error, bad[i]));
        CU_ASSERT_PTR_NULL(t.host);
        CU_ASSERT_PTR_NULL(t.path);
        free(error);
    }
    conn_target_uninit(NULL);

    /* conn_create() and conn_listener_create() refuse the wrong kind. */
    fixture_init();
    conn = conn_create(base, "ptcp:0", NULL, NULL, NULL, &error);
    CU_ASSERT_PTR_NULL(conn);
    CU_ASSERT_PTR_NOT_NULL(error && strstr(error, "ptcp:0"));
    free(error);
    CU_ASSERT_PTR_NULL(conn_listener_create(base, "tcp:127.0.0.1", NULL,
                                            NULL, NULL, &error));
    CU_ASSERT_PTR_NOT_NULL(error && strstr(error, "tcp:127.0.0.1"));
    free(error);
    CU_ASSERT_PTR_NULL(conn_create(base, "tcp:1.2.3.4.5", NULL, NULL, NULL,
                                   &error));
    CU_ASSERT_PTR_NOT_NULL(error && strstr(error, "tcp:1.2.3.4.5"));
    free(error);
    /* ssl without files. */
    CU_ASSERT_PTR_NULL(conn_create(base, "ssl:127.0.0.1", NULL, NULL, NULL,
                                   &error));
    CU_ASSERT_PTR_NOT_NULL(error && strstr(error, "ssl:127.0.0.1"));
    free(error);
    fixture_fini();
}

/* Connects a client to 'l' and runs both through the handshake, then
 * sends a BARRIER_REQUEST each way. */
static void
check_pair(struct conn_listener *l, const struct conn_options *options,
           struct rec *server, struct rec *client)
{
    struct conn *conn = connect_to(conn_listener_get_target(l), options,
                                   client);
    struct of_msg msg;
    uint32_t xid;

    CU_ASSERT_EQUAL(conn_send_raw(conn, "x", 1), ENOTCONN);
    CU_ASSERT_FALSE(conn_is_connected(conn));
    CU_ASSERT_TRUE(RUN_UNTIL(client->connected && server->connected, 3000));
    CU_ASSERT_EQUAL(client->connected, 1);
    CU_ASSERT_EQUAL(server->connected, 1);
    CU_ASSERT_TRUE(conn_is_connected(conn));
    CU_ASSERT_PTR_NOT_NULL_FATAL(server->conn);
    CU_ASSERT_TRUE(conn_is_connected(server->conn));
    CU_ASSERT_EQUAL(conn_get_stats(conn)->handshakes, 1);
    CU_ASSERT_EQUAL(conn_get_stats(server->conn)->handshakes, 1);

    /* Client to server, and the reply. */
    server->reply_barrier = true;
    xid = conn_next_xid(conn);
    of_msg_init(&msg, OFPT_BARRIER_REQUEST, xid);
    CU_ASSERT_EQUAL(conn_send(conn, &msg), 0);
    of_msg_uninit(&msg);
    CU_ASSERT_TRUE(RUN_UNTIL(client->messages == 1, 2000));
    CU_ASSERT_EQUAL(server->messages, 1);
    CU_ASSERT_EQUAL(client->last_type, OFPT_BARRIER_REPLY);
    CU_ASSERT_EQUAL(client->last_xid, xid);

    /* Server to client. */
    of_msg_init(&msg, OFPT_FEATURES_REQUEST, 0x5678);
    CU_ASSERT_EQUAL(conn_send(server->conn, &msg), 0);
    of_msg_uninit(&msg);
    CU_ASSERT_TRUE(RUN_UNTIL(client->messages == 2, 2000));
    CU_ASSERT_EQUAL(client->last_type, OFPT_FEATURES_REQUEST);
    CU_ASSERT_EQUAL(client->last_xid, 0x5678);
    CU_ASSERT_EQUAL(conn_get_stats(conn)->errors_sent, 0);

    /* The client goes away; the server hears of it. */
    conn_destroy(conn);
    CU_ASSERT_TRUE(RUN_UNTIL(server->disconnected == 1, 2000));
    CU_ASSERT_PTR_NOT_NULL(strstr(server->reason, "closed by peer"));
    CU_ASSERT_TRUE(conn_is_dead(server->conn));
    CU_ASSERT_EQUAL(conn_send(server->conn, &msg), ENOTCONN);
    CU_ASSERT_EQUAL(client->disconnected, 0);
}

static void
test_handshake_tcp(void)
{
    struct rec server = { 0 }, client = { 0 };
    struct conn_listener *l;

    fixture_init();
    l = listen_on("ptcp:0:127.0.0.1", NULL, &server);
    CU_ASSERT_NOT_EQUAL(conn_listener_get_port(l), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(conn_listener_get_target(l),
                                  "tcp:127.0.0.1:"));
    check_pair(l, NULL, &server, &client);
    CU_ASSERT_PTR_NOT_NULL(strstr(conn_get_name(server.conn),
                                  "tcp:127.0.0.1:"));
    rec_destroy_accepted(&server);
    conn_listener_destroy(l);
    fixture_fini();
}

static void
test_handshake_unix(void)
{
    struct rec server = { 0 }, client = { 0 };
    struct conn_listener *l;
    struct sockaddr_un sun;
    char *path, *name, *file, *error;
    int fd;

    fixture_init();
    path = tmp_path("ofkit.sock");
    name = xasprintf("punix:%s", path);

    /* A stale socket: bound, never listened on, left behind. */
    fd = socket(AF_UNIX, SOCK_STREAM, 0);
    memset(&sun, 0, sizeof sun);
    sun.sun_family = AF_UNIX;
    strcpy(sun.sun_path, path);
    CU_ASSERT_EQUAL(bind(fd, (struct sockaddr *) &sun, sizeof sun), 0);
    close(fd);
    CU_ASSERT_EQUAL(access(path, F_OK), 0);

    l = listen_on(name, NULL, &server);
    CU_ASSERT_EQUAL(conn_listener_get_port(l), 0);
    check_pair(l, NULL, &server, &client);
    CU_ASSERT_STRING_EQUAL(conn_get_name(server.conn),
                           conn_listener_get_target(l));
    rec_destroy_accepted(&server);

    /* A live socket is not stale (finding out costs the live listener a
     * connection that closes at once). */
    CU_ASSERT_PTR_NULL(conn_listener_create(base, name, NULL, rec_accept,
                                            &server, &error));
    CU_ASSERT_PTR_NOT_NULL(error && strstr(error, path));
    CU_ASSERT_PTR_NOT_NULL(error && strstr(error, "listening"));
    free(error);
    run_for(20);
    rec_destroy_accepted(&server);
    conn_listener_destroy(l);
    CU_ASSERT_NOT_EQUAL(access(path, F_OK), 0);

    /* A file that is not a socket is left alone. */
    file = tmp_path("plain-file");
    fd = open(file, O_CREAT | O_WRONLY, 0600);
    close(fd);
    free(name);
    name = xasprintf("punix:%s", file);
    CU_ASSERT_PTR_NULL(conn_listener_create(base, name, NULL, rec_accept,
                                            &server, &error));
    CU_ASSERT_PTR_NOT_NULL(error && strstr(error, "not a socket"));
    free(error);
    CU_ASSERT_EQUAL(access(file, F_OK), 0);

    free(file);
    free(name);
    free(path);
    fixture_fini();
}

/* The ERROR in 'msg' is HELLO_FAILED/INCOMPATIBLE with 'xid', in
 * 'version', and its text contains 'text'. */
static void
check_hello_failed(const struct ofpbuf *msg, uint8_t version, uint32_t xid,
                   const char *text)
{
    char *data;

    CU_ASSERT_FATAL(msg->size >= 12);
    CU_ASSERT_EQUAL(msg->data[0], version);
    CU_ASSERT_EQUAL(msg->data[1], OFPT_ERROR);
    CU_ASSERT_EQUAL(ofp_get_be16(msg->data + 2), msg->size);
    CU_ASSERT_EQUAL(ofp_get_be32(msg->data + 4), xid);
    CU_ASSERT_EQUAL(ofp_get_be16(msg->data + 8), OFPET_HELLO_FAILED);
    CU_ASSERT_EQUAL(ofp_get_be16(msg->data + 10), 0);  /* INCOMPATIBLE */
    data = xmemdup(msg->data + 12, msg->size - 12 + 1);
    data[msg->size - 12] = '\0';
    CU_ASSERT_PTR_NOT_NULL(strstr(data, "1.3"));
    CU_ASSERT_PTR_NOT_NULL(strstr(data, text));
    free(data);
}

static void
test_hello_of10_refused(void)
{
    struct ofpbuf msg = OFPBUF_INITIALIZER;
    struct rec server = { 0 };
    struct conn_listener *l;
    struct raw raw;

    fixture_init();
    l = listen_on("ptcp:0:127.0.0.1", NULL, &server);
    raw_connect_tcp(&raw, conn_listener_get_port(l));

    /* Our HELLO comes first, with a bitmap for 1.3. */
    CU_ASSERT_TRUE_FATAL(raw_next(&raw, &msg, 2000));
    CU_ASSERT_TRUE(bytes_equal_hex(&msg, "04 00 00 10 00 00 00 01"
                                   "00 01 00 08 00 00 00 10"));

    /* An OpenFlow 1.0 HELLO: version 1, no bitmap. */
    raw_send_hex(&raw, "01 00 00 08 00 00 00 09");
    CU_ASSERT_TRUE_FATAL(raw_next(&raw, &msg, 2000));
    check_hello_failed(&msg, 0x01, 9, "1.0 (0x01)");
    CU_ASSERT_TRUE(RUN_UNTIL(raw.eof, 2000));
    CU_ASSERT_EQUAL(raw.in.size, 0);

    CU_ASSERT_TRUE(RUN_UNTIL(server.disconnected == 1, 2000));
    CU_ASSERT_EQUAL(server.connected, 0);
    CU_ASSERT_EQUAL(server.messages, 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(server.reason, "version negotiation"));
    CU_ASSERT_EQUAL(conn_get_stats(server.conn)->hello_failures, 1);
    CU_ASSERT_EQUAL(conn_get_stats(server.conn)->errors_sent, 1);

    ofpbuf_uninit(&msg);
    raw_close(&raw);
    rec_destroy_accepted(&server);
    conn_listener_destroy(l);
    fixture_fini();
}

static void
test_hello_bitmap_without_13(void)
{
    struct ofpbuf msg = OFPBUF_INITIALIZER;
    struct rec client = { 0 };
    struct conn *conn;
    struct raw raw;
    uint16_t port;
    char *name;
    int lfd, fd = -1;

    fixture_init();
    lfd = raw_listen_tcp(&port);
    name = xasprintf("tcp:127.0.0.1:%u", port);
    conn = connect_to(name, NULL, &client);
    CU_ASSERT_TRUE_FATAL(RUN_UNTIL(try_accept(lfd, &fd), 2000));
    raw_init(&raw, fd, true);

    CU_ASSERT_TRUE_FATAL(raw_next(&raw, &msg, 2000));
    CU_ASSERT_EQUAL(msg.data[1], OFPT_HELLO);

    /* Version 1.5 in the header, a bitmap with 1.4 and 1.5 only. */
    raw_send_hex(&raw, "06 00 00 10 00 00 00 07 00 01 00 08 00 00 00 60");
    CU_ASSERT_TRUE_FATAL(raw_next(&raw, &msg, 2000));
    check_hello_failed(&msg, OFP_VERSION, 7, "1.4 (0x05), 1.5 (0x06)");
    CU_ASSERT_TRUE(RUN_UNTIL(raw.eof, 2000));

    CU_ASSERT_TRUE(RUN_UNTIL(client.disconnected == 1, 2000));
    CU_ASSERT_EQUAL(client.connected, 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(client.reason, "version negotiation"));
    CU_ASSERT_TRUE(conn_is_dead(conn));
    CU_ASSERT_EQUAL(conn_get_stats(conn)->hello_failures, 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(ds_cstr(&log_text), name));

    ofpbuf_uninit(&msg);
    raw_close(&raw);
    close(lfd);
    conn_destroy(conn);
    free(name);
    fixture_fini();
}

static void
test_malformed_hello_refused(void)
{
    struct ofpbuf msg = OFPBUF_INITIALIZER;
    struct rec server = { 0 };
    struct conn_listener *l;
    struct raw raw;

    fixture_init();
    l = listen_on("ptcp:0:127.0.0.1", NULL, &server);
    raw_connect_tcp(&raw, conn_listener_get_port(l));
    CU_ASSERT_TRUE_FATAL(raw_next(&raw, &msg, 2000));

    /* A bitmap element whose length runs past the message. */
    raw_send_hex(&raw, "04 00 00 10 00 00 00 03 00 01 00 10 00 00 00 10");
    CU_ASSERT_TRUE_FATAL(raw_next(&raw, &msg, 2000));
    check_hello_failed(&msg, OFP_VERSION, 3, "malformed");
    CU_ASSERT_TRUE(RUN_UNTIL(raw.eof, 2000));
    CU_ASSERT_TRUE(RUN_UNTIL(server.disconnected == 1, 2000));
    CU_ASSERT_EQUAL(server.connected, 0);
    CU_ASSERT_EQUAL(conn_get_stats(server.conn)->hello_failures, 1);

    ofpbuf_uninit(&msg);
    raw_close(&raw);
    rec_destroy_accepted(&server);
    conn_listener_destroy(l);
    fixture_fini();
}

/* A peer sends 'hex' instead of its HELLO: the conn closes without
 * delivering anything, for a reason containing 'why'. */
static void
check_instead_of_hello(const char *hex, const char *why)
{
    struct ofpbuf msg = OFPBUF_INITIALIZER;
    struct rec server = { 0 };
    struct conn_listener *l;
    struct raw raw;

    l = listen_on("ptcp:0:127.0.0.1", NULL, &server);
    raw_connect_tcp(&raw, conn_listener_get_port(l));
    CU_ASSERT_TRUE_FATAL(raw_next(&raw, &msg, 2000));
    raw_send_hex(&raw, hex);
    CU_ASSERT_TRUE(RUN_UNTIL(raw.eof, 2000));
    CU_ASSERT_EQUAL(raw.in.size, 0);
    CU_ASSERT_TRUE(RUN_UNTIL(server.disconnected == 1, 2000));
    CU_ASSERT_EQUAL(server.connected, 0);
    CU_ASSERT_EQUAL(server.messages + server.malformed, 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(server.reason, why));
    if (!strstr(server.reason, why)) {
        fprintf(stderr, "\nreason: %s\n", server.reason);
    }

    ofpbuf_uninit(&msg);
    raw_close(&raw);
    rec_destroy_accepted(&server);
    conn_listener_destroy(l);
}

static void
test_message_before_hello(void)
{
    fixture_init();

    /* A FEATURES_REQUEST where the HELLO should be. */
    check_instead_of_hello("04 05 00 08 00 00 00 01",
                           "expected HELLO, received OFPT_FEATURES_REQUEST");

    /* The peer refuses us with HELLO_FAILED/EPERM and a text. */
    check_instead_of_hello("04 01 00 11 00 00 00 01 00 00 00 01"
                           "6e 6f 70 65 00",
                           "OFPHFC_EPERM \"nope\"");
    fixture_fini();
}

static void
test_echo_answered(void)
{
    struct ofpbuf msg = OFPBUF_INITIALIZER;
    struct rec server = { 0 };
    struct conn_listener *l;
    struct raw raw;

    fixture_init();
    l = listen_on("ptcp:0:127.0.0.1", NULL, &server);
    raw_connect_tcp(&raw, conn_listener_get_port(l));
    raw_handshake(&raw);
    CU_ASSERT_TRUE(RUN_UNTIL(server.connected == 1, 2000));

    raw_send_hex(&raw, "04 02 00 0e 12 34 56 78 61 62 63 64 65 66");
    CU_ASSERT_TRUE_FATAL(raw_next(&raw, &msg, 2000));
    CU_ASSERT_TRUE(bytes_equal_hex(&msg, "04 03 00 0e 12 34 56 78"
                                   "61 62 63 64 65 66"));
    /* An empty one too. */
    raw_send_hex(&raw, "04 02 00 08 00 00 00 05");
    CU_ASSERT_TRUE_FATAL(raw_next(&raw, &msg, 2000));
    CU_ASSERT_TRUE(bytes_equal_hex(&msg, "04 03 00 08 00 00 00 05"));
    /* The conn answers echo requests itself. */
    CU_ASSERT_EQUAL(server.messages, 0);

    /* An echo reply that is not an answer to a probe is the user's. */
    raw_send_hex(&raw, "04 03 00 08 00 00 00 06");
    CU_ASSERT_TRUE(RUN_UNTIL(server.messages == 1, 2000));
    CU_ASSERT_EQUAL(server.last_type, OFPT_ECHO_REPLY);
    CU_ASSERT_EQUAL(server.last_xid, 6);

    /* A second HELLO is ignored. */
    raw_send_hex(&raw, HELLO_13);
    raw_send_hex(&raw, "04 02 00 08 00 00 00 07");
    CU_ASSERT_TRUE_FATAL(raw_next(&raw, &msg, 2000));
    CU_ASSERT_TRUE(bytes_equal_hex(&msg, "04 03 00 08 00 00 00 07"));
    CU_ASSERT_EQUAL(server.messages, 1);
    CU_ASSERT_EQUAL(server.disconnected, 0);

    ofpbuf_uninit(&msg);
    raw_close(&raw);
    rec_destroy_accepted(&server);
    conn_listener_destroy(l);
    fixture_fini();
}

static void
test_idle_probe_drops(void)
{
    struct ofpbuf msg = OFPBUF_INITIALIZER;
    struct conn_options options;
    struct rec server = { 0 };
    struct conn_listener *l;
    const struct conn_stats *stats;
    struct raw raw;
    uint64_t start;

    fixture_init();
    conn_options_init(&options);
    options.probe_interval_ms = 100;
    l = listen_on("ptcp:0:127.0.0.1", &options, &server);
    raw_connect_tcp(&raw, conn_listener_get_port(l));
    raw_handshake(&raw);
    CU_ASSERT_TRUE_FATAL(RUN_UNTIL(server.connected == 1, 2000));
    start = now_ms();

    /* The probe arrives, and the peer never answers it. */
    CU_ASSERT_TRUE_FATAL(raw_next(&raw, &msg, 2000));
    CU_ASSERT_EQUAL(msg.size, 8);
    CU_ASSERT_EQUAL(msg.data[1], OFPT_ECHO_REQUEST);
    CU_ASSERT_TRUE(RUN_UNTIL(raw.eof, 2000));
    CU_ASSERT_TRUE(now_ms() - start >= 150);
    CU_ASSERT_TRUE(RUN_UNTIL(server.disconnected == 1, 2000));
    CU_ASSERT_PTR_NOT_NULL(strstr(server.reason, "inactivity probe"));
    stats = conn_get_stats(server.conn);
    CU_ASSERT_EQUAL(stats->probes_sent, 1);
    CU_ASSERT_EQUAL(stats->drops, 1);

    ofpbuf_uninit(&msg);
    raw_close(&raw);
    rec_destroy_accepted(&server);
    conn_listener_destroy(l);
    fixture_fini();
}

static void
test_silent_handshake_dropped(void)
{
    struct ofpbuf msg = OFPBUF_INITIALIZER;
    struct conn_options options;
    struct rec server = { 0 };
    struct conn_listener *l;
    struct raw raw;

    fixture_init();
    conn_options_init(&options);
    options.probe_interval_ms = 100;
    l = listen_on("ptcp:0:127.0.0.1", &options, &server);

    /* The peer connects and never sends its HELLO. */
    raw_connect_tcp(&raw, conn_listener_get_port(l));
    CU_ASSERT_TRUE_FATAL(raw_next(&raw, &msg, 2000));
    CU_ASSERT_EQUAL(msg.data[1], OFPT_HELLO);
    CU_ASSERT_TRUE(RUN_UNTIL(raw.eof, 2000));
    CU_ASSERT_TRUE(RUN_UNTIL(server.disconnected == 1, 2000));
    CU_ASSERT_EQUAL(server.connected, 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(server.reason, "handshake"));
    CU_ASSERT_EQUAL(conn_get_stats(server.conn)->drops, 1);
    CU_ASSERT_EQUAL(conn_get_stats(server.conn)->probes_sent, 0);

    ofpbuf_uninit(&msg);
    raw_close(&raw);
    rec_destroy_accepted(&server);
    conn_listener_destroy(l);
    fixture_fini();
}

static void
test_probe_answered(void)
{
    struct rec server = { 0 }, client = { 0 };
    struct conn_options options;
    struct conn_listener *l;
    struct conn *conn;

    fixture_init();
    conn_options_init(&options);
    options.probe_interval_ms = 150;
    l = listen_on("ptcp:0:127.0.0.1", &options, &server);
    conn = connect_to(conn_listener_get_target(l), &options, &client);
    CU_ASSERT_TRUE_FATAL(RUN_UNTIL(client.connected && server.connected,
                                   2000));
    run_for(800);

    /* Both sides probed and answered; neither dropped; the probes and
     * their replies never reached the user. */
    CU_ASSERT_TRUE(conn_is_connected(conn));
    CU_ASSERT_TRUE(conn_is_connected(server.conn));
    CU_ASSERT_TRUE(conn_get_stats(conn)->probes_sent
                   + conn_get_stats(server.conn)->probes_sent >= 2);
    CU_ASSERT_EQUAL(conn_get_stats(conn)->drops, 0);
    CU_ASSERT_EQUAL(conn_get_stats(server.conn)->drops, 0);
    CU_ASSERT_EQUAL(client.messages + server.messages, 0);
    CU_ASSERT_EQUAL(client.disconnected + server.disconnected, 0);

    conn_destroy(conn);
    rec_destroy_accepted(&server);
    conn_listener_destroy(l);
    fixture_fini();
}

static void
test_malformed_messages(void)
{
    struct ofpbuf msg = OFPBUF_INITIALIZER, big = OFPBUF_INITIALIZER;
    struct ds want = DS_EMPTY_INITIALIZER;
    struct rec server = { 0 };
    struct conn_listener *l;
    struct raw raw;

    fixture_init();
    l = listen_on("ptcp:0:127.0.0.1", NULL, &server);
    raw_connect_tcp(&raw, conn_listener_get_port(l));
    raw_handshake(&raw);
    CU_ASSERT_TRUE_FATAL(RUN_UNTIL(server.connected == 1, 2000));

    /* Unknown type 99: OFPBRC_BAD_TYPE with the whole message. */
    raw_send_hex(&raw, "04 63 00 0c 00 00 00 2a de ad be ef");
    CU_ASSERT_TRUE_FATAL(raw_next(&raw, &msg, 2000));
    CU_ASSERT_TRUE(bytes_equal_hex(&msg, "04 01 00 18 00 00 00 2a 00 01 00 01"
                                   "04 63 00 0c 00 00 00 2a de ad be ef"));
    CU_ASSERT_EQUAL(server.malformed, 1);
    CU_ASSERT_EQUAL(server.last_malformed, OFPERR_OFPBRC_BAD_TYPE);
    CU_ASSERT_EQUAL(server.last_xid, 0x2a);

    /* A long one: only its first 64 bytes come back. */
    unit_hex(&big, "04 63 00 64 00 00 00 2b");
    for (int i = 8; i < 100; i++) {
        ofpbuf_put_u8(&big, i);
    }
    raw_send(&raw, big.data, big.size);
    CU_ASSERT_TRUE_FATAL(raw_next(&raw, &msg, 2000));
    ds_put_cstr(&want, "04 01 00 4c 00 00 00 2b 00 01 00 01");
    ds_put_hex(&want, big.data, 64);
    CU_ASSERT_TRUE(bytes_equal_hex(&msg, ds_cstr(&want)));

    /* A FLOW_MOD whose body is too short for a flow_mod. */
    raw_send_hex(&raw, "04 0e 00 10 00 00 00 2c 00 00 00 00 00 00 00 00");
    CU_ASSERT_TRUE_FATAL(raw_next(&raw, &msg, 2000));
    CU_ASSERT_TRUE(bytes_equal_hex(&msg, "04 01 00 1c 00 00 00 2c 00 01 00 06"
                                   "04 0e 00 10 00 00 00 2c"
                                   "00 00 00 00 00 00 00 00"));

    /* A message of another version (7.1). */
    raw_send_hex(&raw, "05 02 00 08 00 00 00 2d");
    CU_ASSERT_TRUE_FATAL(raw_next(&raw, &msg, 2000));
    CU_ASSERT_TRUE(bytes_equal_hex(&msg, "04 01 00 14 00 00 00 2d 00 01 00 00"
                                   "05 02 00 08 00 00 00 2d"));

    /* The user's callback refuses a message: the conn sends its error. */
    server.answer = OFPERR_OFPBRC_EPERM;
    raw_send_hex(&raw, "04 14 00 08 00 00 00 2e");
    CU_ASSERT_TRUE_FATAL(raw_next(&raw, &msg, 2000));
    CU_ASSERT_TRUE(bytes_equal_hex(&msg, "04 01 00 14 00 00 00 2e 00 01 00 05"
                                   "04 14 00 08 00 00 00 2e"));
    CU_ASSERT_EQUAL(server.messages, 1);
    server.answer = 0;

    /* A malformed ERROR is not answered; an echo round trip shows the
     * connection still works and nothing came in between. */
    raw_send_hex(&raw, "04 01 00 09 00 00 00 2f 00");
    raw_send_hex(&raw, "04 02 00 0a 00 00 00 30 68 69");
    CU_ASSERT_TRUE_FATAL(raw_next(&raw, &msg, 2000));
    CU_ASSERT_TRUE(bytes_equal_hex(&msg, "04 03 00 0a 00 00 00 30 68 69"));
    CU_ASSERT_EQUAL(server.malformed, 5);
    CU_ASSERT_EQUAL(server.last_type, OFPT_ERROR);

    CU_ASSERT_EQUAL(server.disconnected, 0);
    CU_ASSERT_TRUE(conn_is_connected(server.conn));
    CU_ASSERT_EQUAL(conn_get_stats(server.conn)->decode_errors, 4);
    CU_ASSERT_EQUAL(conn_get_stats(server.conn)->errors_sent, 5);
    CU_ASSERT_EQUAL(conn_get_stats(server.conn)->framing_errors, 0);

    ds_destroy(&want);
    ofpbuf_uninit(&big);
    ofpbuf_uninit(&msg);
    raw_close(&raw);
    rec_destroy_accepted(&server);
    conn_listener_destroy(l);
    fixture_fini();
}

static int
count_lines(const char *text, const char *needle)
{
    int n = 0;

    for (const char *p = text; (p = strstr(p, needle)) != NULL; p++) {
        n++;
    }
    return n;
}

static void
test_log_rate_limit(void)
{
    struct ofpbuf msg = OFPBUF_INITIALIZER, burst = OFPBUF_INITIALIZER;
    struct rec server = { 0 };
    struct conn_listener *l;
    struct raw raw;
    int n_errors = 0;

    fixture_init();
    l = listen_on("ptcp:0:127.0.0.1", NULL, &server);
    raw_connect_tcp(&raw, conn_listener_get_port(l));
    raw_handshake(&raw);
    CU_ASSERT_TRUE_FATAL(RUN_UNTIL(server.connected == 1, 2000));

    /* 30 bad messages at once: every one is answered, few are logged. */
    for (int i = 0; i < 30; i++) {
        unit_hex(&burst, "04 63 00 08 00 00 00 00");
    }
    raw_send(&raw, burst.data, burst.size);
    while (n_errors < 30 && raw_next(&raw, &msg, 2000)) {
        CU_ASSERT_EQUAL(msg.data[1], OFPT_ERROR);
        n_errors++;
    }
    CU_ASSERT_EQUAL(n_errors, 30);
    CU_ASSERT_EQUAL(conn_get_stats(server.conn)->decode_errors, 30);
    CU_ASSERT_TRUE(count_lines(ds_cstr(&log_text), "malformed") <= 10);
    CU_ASSERT_TRUE(conn_get_stats(server.conn)->logs_suppressed >= 20);

    ofpbuf_uninit(&burst);
    ofpbuf_uninit(&msg);
    raw_close(&raw);
    rec_destroy_accepted(&server);
    conn_listener_destroy(l);
    fixture_fini();
}

static void
test_short_length_closes(void)
{
    struct rec server = { 0 };
    struct conn_listener *l;
    struct raw raw;

    fixture_init();
    l = listen_on("ptcp:0:127.0.0.1", NULL, &server);
    raw_connect_tcp(&raw, conn_listener_get_port(l));
    raw_handshake(&raw);
    CU_ASSERT_TRUE_FATAL(RUN_UNTIL(server.connected == 1, 2000));

    raw_send_hex(&raw, "04 02 00 04 00 00 00 01");
    CU_ASSERT_TRUE(RUN_UNTIL(raw.eof, 2000));
    CU_ASSERT_TRUE(RUN_UNTIL(server.disconnected == 1, 2000));
    CU_ASSERT_PTR_NOT_NULL(strstr(server.reason, "framing"));
    CU_ASSERT_EQUAL(conn_get_stats(server.conn)->framing_errors, 1);
    CU_ASSERT_EQUAL(server.messages + server.malformed, 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(ds_cstr(&log_text), "WARN|"));

    raw_close(&raw);
    rec_destroy_accepted(&server);
    conn_listener_destroy(l);
    fixture_fini();
}

static void
test_reconnect(void)
{
    struct rec server = { 0 }, client = { 0 };
    struct conn_options options;
    struct conn_listener *l;
    struct conn *conn;
    char *path, *name;

    fixture_init();
    path = tmp_path("reconnect.sock");
    conn_options_init(&options);
    options.reconnect = true;
    options.min_backoff_ms = 50;
    options.max_backoff_ms = 200;

    /* Nobody listens yet: attempts fail, the backoff doubles to its
     * maximum. */
    name = xasprintf("unix:%s", path);
    conn = connect_to(name, &options, &client);
    CU_ASSERT_TRUE_FATAL(RUN_UNTIL(client.disconnected >= 5, 3000));
    CU_ASSERT_EQUAL(client.backoffs[0], 50);
    CU_ASSERT_EQUAL(client.backoffs[1], 100);
    CU_ASSERT_EQUAL(client.backoffs[2], 200);
    CU_ASSERT_EQUAL(client.backoffs[3], 200);
    CU_ASSERT_EQUAL(client.backoffs[4], 200);
    CU_ASSERT_PTR_NOT_NULL(strstr(client.reason, "No such file"));
    CU_ASSERT_EQUAL(client.connected, 0);
    CU_ASSERT_FALSE(conn_is_dead(conn));
    CU_ASSERT_TRUE(conn_get_stats(conn)->attempts
                   >= conn_get_stats(conn)->disconnects);

    /* A listener appears. */
    free(name);
    name = xasprintf("punix:%s", path);
    l = listen_on(name, NULL, &server);
    CU_ASSERT_TRUE_FATAL(RUN_UNTIL(client.connected == 1
                                   && server.connected == 1, 2000));

    /* The server drops it; the client comes back after the minimum
     * backoff. */
    client.disconnected = 0;
    rec_destroy_accepted(&server);
    CU_ASSERT_TRUE_FATAL(RUN_UNTIL(client.disconnected == 1, 2000));
    CU_ASSERT_EQUAL(client.backoffs[0], 50);
    CU_ASSERT_TRUE(RUN_UNTIL(client.connected == 2
                             && server.connected == 2, 2000));
    CU_ASSERT_EQUAL(server.n_accepted, 2);
    CU_ASSERT_EQUAL(conn_get_stats(conn)->handshakes, 2);

    conn_destroy(conn);
    rec_destroy_accepted(&server);
    conn_listener_destroy(l);
    free(name);
    free(path);
    fixture_fini();
}

static void
test_destroy_in_callbacks(void)
{
    struct rec server = { 0 }, client = { 0 };
    struct conn_listener *l;
    struct conn *conn;
    struct of_msg msg;

    fixture_init();
    l = listen_on("ptcp:0:127.0.0.1", NULL, &server);
    client.destroy_on_disconnect = true;
    conn = connect_to(conn_listener_get_target(l), NULL, &client);
    CU_ASSERT_TRUE_FATAL(RUN_UNTIL(client.connected && server.connected,
                                   2000));

    /* The server destroys its conn from inside the message callback,
     * after two messages arrived in one read; the second is never
     * delivered.  The client destroys its own in 'disconnected'. */
    server.destroy_on_message = true;
    of_msg_init(&msg, OFPT_BARRIER_REQUEST, 1);
    CU_ASSERT_EQUAL(conn_send(conn, &msg), 0);
    CU_ASSERT_EQUAL(conn_send(conn, &msg), 0);
    of_msg_uninit(&msg);
    CU_ASSERT_TRUE(RUN_UNTIL(client.disconnected == 1, 2000));
    CU_ASSERT_EQUAL(server.messages, 1);
    CU_ASSERT_EQUAL(server.disconnected, 0);
    run_for(20);

    conn_listener_destroy(l);
    fixture_fini();
}

static void
test_backlog(void)
{
    struct rec server = { 0 };
    struct conn_listener *l;
    struct raw raw;
    struct ofpbuf big = OFPBUF_INITIALIZER;
    struct of_msg echo;
    char *path, *name;

    fixture_init();
    path = tmp_path("backlog.sock");
    name = xasprintf("punix:%s", path);
    l = listen_on(name, NULL, &server);
    raw_connect_unix(&raw, path, true);
    raw_handshake(&raw);
    CU_ASSERT_TRUE_FATAL(RUN_UNTIL(server.connected == 1, 2000));

    /* The peer stops reading: 16 MB of echo requests pile up. */
    event_del(raw.ev);
    for (int i = 0; i < 256; i++) {
        size_t start = big.size;

        ofpbuf_put_zeros(&big, 65536 - 8);
        big.data[start] = OFP_VERSION;
        big.data[start + 1] = OFPT_ECHO_REPLY;
        ofpbuf_set_be16(&big, start + 2, 65536 - 8);
    }
    CU_ASSERT_EQUAL(conn_output_backlog(server.conn), 0);

    /* A message that cannot fit in 64 KiB is refused whole. */
    of_msg_init(&echo, OFPT_ECHO_REQUEST, 1);
    echo.u.echo.data = big.data;
    echo.u.echo.len = 65536;
    CU_ASSERT_EQUAL(conn_send(server.conn, &echo), EMSGSIZE);
    of_msg_uninit(&echo);
    CU_ASSERT_EQUAL(conn_output_backlog(server.conn), 0);

    CU_ASSERT_EQUAL(conn_send_raw(server.conn, big.data, big.size), 0);
    run_for(50);
    CU_ASSERT_TRUE(conn_output_backlog(server.conn) > 0);
    CU_ASSERT_TRUE(conn_output_backlog(server.conn) < big.size);

    ofpbuf_uninit(&big);
    raw_close(&raw);
    rec_destroy_accepted(&server);
    conn_listener_destroy(l);
    free(name);
    free(path);
    fixture_fini();
}

/* ---- TLS ---- */

static void
add_ext(X509 *cert, X509V3_CTX *ctx, int nid, const char *value)
{
    X509_EXTENSION *ext = X509V3_EXT_conf_nid(NULL, ctx, nid, value);

    CU_ASSERT_PTR_NOT_NULL_FATAL(ext);
    X509_add_ext(cert, ext, -1);
    X509_EXTENSION_free(ext);
}

/* Writes a new key to DIR/NAME-key.pem and a certificate for it, signed
 * by 'ca' (self-signed if NULL), to DIR/NAME-cert.pem.  Returns the
 * certificate and, in '*keyp', the key (caller frees both). */
static X509 *
make_cert(const char *name, X509 *ca, EVP_PKEY *ca_key, EVP_PKEY **keyp)
{
    static long serial = 1;
    EVP_PKEY *key = EVP_EC_gen("P-256");
    X509 *cert = X509_new();
    X509_NAME *subject;
    X509V3_CTX v3;
    char *path;
    FILE *f;

    CU_ASSERT_PTR_NOT_NULL_FATAL(key);
    X509_set_version(cert, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(cert), serial++);
    X509_gmtime_adj(X509_getm_notBefore(cert), -3600);
    X509_gmtime_adj(X509_getm_notAfter(cert), 24 * 3600);
    X509_set_pubkey(cert, key);
    subject = X509_get_subject_name(cert);
    X509_NAME_add_entry_by_txt(subject, "O", MBSTRING_ASC,
                               (const unsigned char *) "ofkit test", -1, -1,
                               0);
    X509_NAME_add_entry_by_txt(subject, "CN", MBSTRING_ASC,
                               (const unsigned char *) name, -1, -1, 0);
    X509_set_issuer_name(cert, ca ? X509_get_subject_name(ca) : subject);
    X509V3_set_ctx_nodb(&v3);
    X509V3_set_ctx(&v3, ca ? ca : cert, cert, NULL, NULL, 0);
    if (!ca) {
        add_ext(cert, &v3, NID_basic_constraints, "critical,CA:TRUE");
        add_ext(cert, &v3, NID_key_usage, "critical,keyCertSign,cRLSign");
    } else {
        add_ext(cert, &v3, NID_basic_constraints, "CA:FALSE");
    }
    add_ext(cert, &v3, NID_subject_key_identifier, "hash");
    CU_ASSERT_FATAL(X509_sign(cert, ca ? ca_key : key, EVP_sha256()) > 0);

    path = xasprintf("%s/%s-key.pem", tmpdir, name);
    f = fopen(path, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    PEM_write_PrivateKey(f, key, NULL, NULL, 0, NULL, NULL);
    fclose(f);
    free(path);
    path = xasprintf("%s/%s-cert.pem", tmpdir, name);
    f = fopen(path, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    PEM_write_X509(f, cert);
    fclose(f);
    free(path);

    if (keyp) {
        *keyp = key;
    } else {
        EVP_PKEY_free(key);
    }
    return cert;
}

/* Two CAs; "server" and "client" signed by ca1, "rogue" by ca2. */
static void
make_pki(void)
{
    EVP_PKEY *ca1_key, *ca2_key;
    X509 *ca1, *ca2;

    ca1 = make_cert("ca1", NULL, NULL, &ca1_key);
    ca2 = make_cert("ca2", NULL, NULL, &ca2_key);
    X509_free(make_cert("server", ca1, ca1_key, NULL));
    X509_free(make_cert("client", ca1, ca1_key, NULL));
    X509_free(make_cert("rogue", ca2, ca2_key, NULL));
    X509_free(ca1);
    X509_free(ca2);
    EVP_PKEY_free(ca1_key);
    EVP_PKEY_free(ca2_key);
}

/* Paths of one side's files. */
struct pki_paths {
    char *key, *cert, *ca;
    struct conn_ssl_config config;
    struct conn_options options;
};

static void
pki_paths_init(struct pki_paths *p, const char *who, const char *ca)
{
    p->key = xasprintf("%s/%s-key.pem", tmpdir, who);
    p->cert = xasprintf("%s/%s-cert.pem", tmpdir, who);
    p->ca = xasprintf("%s/%s-cert.pem", tmpdir, ca);
    p->config.private_key = p->key;
    p->config.certificate = p->cert;
    p->config.ca_cert = p->ca;
    conn_options_init(&p->options);
    p->options.ssl = &p->config;
}

static void
pki_paths_uninit(struct pki_paths *p)
{
    free(p->key);
    free(p->cert);
    free(p->ca);
}

static void
test_tls_handshake(void)
{
    struct rec server = { 0 }, client = { 0 };
    struct pki_paths sp, cp;
    struct conn_listener *l;
    char *error;

    fixture_init();
    make_pki();
    pki_paths_init(&sp, "server", "ca1");
    pki_paths_init(&cp, "client", "ca1");

    l = listen_on("pssl:0:127.0.0.1", &sp.options, &server);
    CU_ASSERT_PTR_NOT_NULL(strstr(conn_listener_get_target(l),
                                  "ssl:127.0.0.1:"));
    check_pair(l, &cp.options, &server, &client);
    CU_ASSERT_PTR_NOT_NULL(strstr(conn_get_name(server.conn), "ssl:"));
    CU_ASSERT_EQUAL(conn_get_stats(server.conn)->tls_errors, 0);
    rec_destroy_accepted(&server);
    conn_listener_destroy(l);

    /* A missing file is an error at creation, naming the file. */
    cp.config.certificate = "/nonexistent/cert.pem";
    CU_ASSERT_PTR_NULL(conn_create(base, "ssl:127.0.0.1", &cp.options,
                                   NULL, NULL, &error));
    CU_ASSERT_PTR_NOT_NULL(error && strstr(error, "/nonexistent/cert.pem"));
    free(error);

    pki_paths_uninit(&sp);
    pki_paths_uninit(&cp);
    fixture_fini();
}

/* A client with 'client_who' trusting 'client_ca' meets the server; the
 * handshake must fail, and the log must say why ('why'). */
static void
check_tls_refused(const char *client_who, const char *client_ca,
                  const char *why)
{
    struct rec server = { 0 }, client = { 0 };
    struct pki_paths sp, cp;
    struct conn_listener *l;
    struct conn *conn;

    ds_clear(&log_text);
    pki_paths_init(&sp, "server", "ca1");
    pki_paths_init(&cp, client_who, client_ca);
    l = listen_on("pssl:0:127.0.0.1", &sp.options, &server);
    conn = connect_to(conn_listener_get_target(l), &cp.options, &client);

    CU_ASSERT_TRUE(RUN_UNTIL(client.disconnected == 1
                             && server.disconnected == 1, 3000));
    CU_ASSERT_EQUAL(client.connected + server.connected, 0);
    CU_ASSERT_EQUAL(client.messages + server.messages, 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(ds_cstr(&log_text), "refused"));
    CU_ASSERT_PTR_NOT_NULL(strstr(ds_cstr(&log_text), why));
    CU_ASSERT_TRUE(conn_get_stats(conn)->tls_errors
                   + (server.conn
                      ? conn_get_stats(server.conn)->tls_errors : 0) >= 1);

    conn_destroy(conn);
    rec_destroy_accepted(&server);
    conn_listener_destroy(l);
    pki_paths_uninit(&sp);
    pki_paths_uninit(&cp);
}

static void
test_tls_other_ca_refused(void)
{
    fixture_init();
    make_pki();

    /* The server refuses a client certificate from another CA. */
    check_tls_refused("rogue", "ca1", "unable to get local issuer");
    CU_ASSERT_PTR_NOT_NULL(strstr(ds_cstr(&log_text), "CN=rogue refused"));

    /* The client refuses a server certificate from a CA it does not
     * trust. */
    check_tls_refused("client", "ca2", "certificate");
    CU_ASSERT_PTR_NOT_NULL(strstr(ds_cstr(&log_text), "CN=ca1 refused")
                           || strstr(ds_cstr(&log_text),
                                     "CN=server refused"));

    fixture_fini();
}

/* ---- The synchronous layer ---- */

static void
test_sync(void)
{
    struct rec server = { 0 };
    struct conn_listener *l;
    struct conn_sync *s;
    struct of_msg req, reply;
    enum ofperr derr;
    uint64_t start;
    char *error;

    fixture_init();
    l = listen_on("ptcp:0:127.0.0.1", NULL, &server);
    server.reply_barrier = true;
    server.reply_table_stats = true;
    s = conn_sync_open(base, conn_listener_get_target(l), NULL, 2000,
                       &error);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CU_ASSERT_PTR_NULL(error);
    CU_ASSERT_PTR_NULL(conn_sync_get_error(s));
    CU_ASSERT_TRUE(conn_is_connected(conn_sync_get_conn(s)));

    /* Echo: answered by the peer's conn. */
    of_msg_init(&req, OFPT_ECHO_REQUEST,
                conn_next_xid(conn_sync_get_conn(s)));
    req.u.echo.data = (const uint8_t *) "ping";
    req.u.echo.len = 4;
    CU_ASSERT_EQUAL(conn_sync_transact(s, &req, 2000, &reply, &derr), 0);
    CU_ASSERT_EQUAL(derr, 0);
    CU_ASSERT_EQUAL(reply.type, OFPT_ECHO_REPLY);
    CU_ASSERT_EQUAL(reply.xid, req.xid);
    CU_ASSERT_EQUAL(reply.u.echo.len, 4);
    CU_ASSERT_EQUAL(memcmp(reply.u.echo.data, "ping", 4), 0);
    of_msg_uninit(&reply);
    of_msg_uninit(&req);

    /* An unsolicited message waits in the queue while a transaction
     * completes. */
    CU_ASSERT_TRUE_FATAL(RUN_UNTIL(server.connected == 1, 2000));
    of_msg_init(&req, OFPT_ECHO_REPLY, 0x777);
    CU_ASSERT_EQUAL(conn_send(server.conn, &req), 0);
    of_msg_uninit(&req);
    of_msg_init(&req, OFPT_BARRIER_REQUEST,
                conn_next_xid(conn_sync_get_conn(s)));
    CU_ASSERT_EQUAL(conn_sync_transact(s, &req, 2000, &reply, &derr), 0);
    CU_ASSERT_EQUAL(reply.type, OFPT_BARRIER_REPLY);
    CU_ASSERT_EQUAL(reply.xid, req.xid);
    of_msg_uninit(&reply);
    of_msg_uninit(&req);
    CU_ASSERT_EQUAL(conn_sync_recv(s, 2000, &reply, &derr), 0);
    CU_ASSERT_EQUAL(reply.type, OFPT_ECHO_REPLY);
    CU_ASSERT_EQUAL(reply.xid, 0x777);
    of_msg_uninit(&reply);

    /* Nothing more: a bounded wait. */
    start = now_ms();
    CU_ASSERT_EQUAL(conn_sync_recv(s, 50, &reply, NULL), ETIMEDOUT);
    CU_ASSERT_TRUE(now_ms() - start >= 40);
    of_msg_uninit(&reply);

    /* A multipart reply too long for one message: split by the server's
     * conn_send(), joined by the transaction. */
    of_msg_init(&req, OFPT_MULTIPART_REQUEST,
                conn_next_xid(conn_sync_get_conn(s)));
    req.u.mp_request.type = OFPMP_TABLE;
    CU_ASSERT_EQUAL(conn_sync_transact(s, &req, 3000, &reply, &derr), 0);
    CU_ASSERT_EQUAL(derr, 0);
    CU_ASSERT_EQUAL(reply.type, OFPT_MULTIPART_REPLY);
    CU_ASSERT_EQUAL(reply.xid, req.xid);
    CU_ASSERT_EQUAL(reply.u.mp_reply.type, OFPMP_TABLE);
    CU_ASSERT_EQUAL_FATAL(reply.u.mp_reply.table.n, 3000);
    CU_ASSERT_EQUAL(reply.u.mp_reply.table.stats[2999].table_id, 2999 % 256);
    CU_ASSERT_EQUAL(reply.u.mp_reply.table.stats[2999].lookup_count,
                    1000000 + 2999);
    /* HELLO, two echo replies, the barrier reply and two parts. */
    CU_ASSERT_EQUAL(conn_get_stats(server.conn)->tx_msgs, 6);
    CU_ASSERT_EQUAL(conn_get_stats(conn_sync_get_conn(s))->rx_msgs, 6);
    of_msg_uninit(&reply);
    of_msg_uninit(&req);

    /* An undecodable message comes back with its error. */
    CU_ASSERT_EQUAL(conn_send_raw(server.conn, "\x04\x63\x00\x08"
                                  "\x00\x00\x09\x99", 8), 0);
    CU_ASSERT_EQUAL(conn_sync_recv(s, 2000, &reply, &derr), 0);
    CU_ASSERT_EQUAL(derr, OFPERR_OFPBRC_BAD_TYPE);
    CU_ASSERT_EQUAL(reply.xid, 0x999);
    CU_ASSERT_EQUAL(reply.raw_len, 8);
    of_msg_uninit(&reply);

    /* The peer goes away. */
    rec_destroy_accepted(&server);
    CU_ASSERT_EQUAL(conn_sync_recv(s, 2000, &reply, NULL), ENOTCONN);
    of_msg_uninit(&reply);
    CU_ASSERT_PTR_NOT_NULL(conn_sync_get_error(s));
    conn_sync_close(s);
    conn_sync_close(NULL);
    conn_listener_destroy(l);
    fixture_fini();
}

static void
test_sync_failures(void)
{
    struct conn_sync *s;
    uint16_t port;
    char *error, *name;
    int lfd;

    fixture_init();

    /* A bad target. */
    s = conn_sync_open(NULL, "tcp:1.2.3.999", NULL, 1000, &error);
    CU_ASSERT_PTR_NULL(s);
    CU_ASSERT_PTR_NOT_NULL(error && strstr(error, "tcp:1.2.3.999"));
    free(error);

    /* Nobody there. */
    name = xasprintf("unix:%s/nobody.sock", tmpdir);
    s = conn_sync_open(NULL, name, NULL, 1000, &error);
    CU_ASSERT_PTR_NULL(s);
    CU_ASSERT_PTR_NOT_NULL(error && strstr(error, name));
    free(error);
    free(name);

    /* A peer that accepts and never speaks: the timeout. */
    lfd = raw_listen_tcp(&port);
    name = xasprintf("tcp:127.0.0.1:%u", port);
    s = conn_sync_open(NULL, name, NULL, 200, &error);
    CU_ASSERT_PTR_NULL(s);
    CU_ASSERT_PTR_NOT_NULL(error && strstr(error, "200 ms"));
    free(error);
    free(name);
    close(lfd);

    fixture_fini();
}

static void
test_sync_passive(void)
{
    struct conn_options options;
    struct rec client = { 0 };
    struct conn_sync *s;
    struct of_msg req, reply;
    struct conn *conn;
    char *path, *name, *error;

    fixture_init();
    path = tmp_path("sync.sock");

    /* A switch-like active conn that retries until the tool listens. */
    conn_options_init(&options);
    options.reconnect = true;
    options.min_backoff_ms = 20;
    options.max_backoff_ms = 40;
    client.reply_barrier = true;
    name = xasprintf("unix:%s", path);
    conn = connect_to(name, &options, &client);
    free(name);

    name = xasprintf("punix:%s", path);
    s = conn_sync_open(base, name, NULL, 2000, &error);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    of_msg_init(&req, OFPT_BARRIER_REQUEST, 42);
    CU_ASSERT_EQUAL(conn_sync_transact(s, &req, 2000, &reply, NULL), 0);
    CU_ASSERT_EQUAL(reply.type, OFPT_BARRIER_REPLY);
    CU_ASSERT_EQUAL(reply.xid, 42);
    of_msg_uninit(&reply);
    of_msg_uninit(&req);
    CU_ASSERT_EQUAL(client.connected, 1);
    conn_sync_close(s);
    CU_ASSERT_NOT_EQUAL(access(path, F_OK), 0);

    conn_destroy(conn);
    free(name);
    free(path);
    fixture_fini();
}

static CU_TestInfo tests[] = {
    { "targets", test_targets },
    { "handshake over tcp", test_handshake_tcp },
    { "handshake over unix", test_handshake_unix },
    { "OpenFlow 1.0 hello refused", test_hello_of10_refused },
    { "bitmap without 1.3 refused", test_hello_bitmap_without_13 },
    { "malformed hello refused", test_malformed_hello_refused },
    { "message before hello", test_message_before_hello },
    { "echo answered", test_echo_answered },
    { "idle peer dropped", test_idle_probe_drops },
    { "silent handshake dropped", test_silent_handshake_dropped },
    { "probes answered", test_probe_answered },
    { "malformed messages", test_malformed_messages },
    { "log rate limit", test_log_rate_limit },
    { "length below 8 closes", test_short_length_closes },
    { "reconnect with backoff", test_reconnect },
    { "destroy in callbacks", test_destroy_in_callbacks },
    { "output backlog", test_backlog },
    { "tls handshake", test_tls_handshake },
    { "tls other CA refused", test_tls_other_ca_refused },
    { "sync", test_sync },
    { "sync failures", test_sync_failures },
    { "sync passive", test_sync_passive },
    CU_TEST_INFO_NULL,
};
UNIT_SUITE("conn", tests);
