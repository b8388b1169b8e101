#include "ofproto/conn.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/bufferevent_ssl.h>
#include <event2/event.h>
#include <event2/listener.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include "ofproto/ds.h"
#include "ofproto/ofp-msgs.h"
#include "ofproto/ofpbuf.h"
#include "ofproto/util.h"

/* ---- Logging ---- */

/* A token bucket per conn or listener: LOG_BURST lines at once, then one
 * per LOG_REFILL_MS. */
#define LOG_BURST 10
#define LOG_REFILL_MS 1000

struct log_limit {
    int tokens;
    uint64_t last_ms;
    uint64_t suppressed;        /* Since the last line that got through. */
    uint64_t *total;            /* Where to count suppressed lines. */
};

static conn_log_func *log_func;

void
conn_set_log_func(conn_log_func *func)
{
    log_func = func;
}

const char *
conn_log_level_name(enum conn_log_level level)
{
    switch (level) {
    case CONN_LOG_ERR:
        return "ERR";
    case CONN_LOG_WARN:
        return "WARN";
    case CONN_LOG_INFO:
        return "INFO";
    }
    return "?";
}

static uint64_t
now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
log_limit_init(struct log_limit *rl, uint64_t *total)
{
    rl->tokens = LOG_BURST;
    rl->last_ms = now_ms();
    rl->suppressed = 0;
    rl->total = total;
}

static void OF_PRINTF_FORMAT(4, 5)
conn_log(struct log_limit *rl, const char *name, enum conn_log_level level,
         const char *format, ...)
{
    uint64_t now = now_ms();
    struct ds line = DS_EMPTY_INITIALIZER;
    va_list args;

    if (now - rl->last_ms >= LOG_REFILL_MS) {
        uint64_t n = (now - rl->last_ms) / LOG_REFILL_MS;

        rl->tokens = MIN(LOG_BURST, rl->tokens + (int) MIN(n, LOG_BURST));
        rl->last_ms += n * LOG_REFILL_MS;
    }
    if (rl->tokens <= 0) {
        rl->suppressed++;
        (*rl->total)++;
        return;
    }
    rl->tokens--;

    ds_put_format(&line, "%s: ", name);
    va_start(args, format);
    ds_put_format_valist(&line, format, args);
    va_end(args);
    if (rl->suppressed) {
        ds_put_format(&line, " (%llu earlier lines suppressed)",
                      (unsigned long long) rl->suppressed);
        rl->suppressed = 0;
    }
    if (log_func) {
        log_func(level, ds_cstr(&line));
    } else {
        fprintf(stderr, "conn|%s|%s\n", conn_log_level_name(level),
                ds_cstr(&line));
    }
    ds_destroy(&line);
}

/* ---- Options ---- */

void
conn_options_init(struct conn_options *options)
{
    memset(options, 0, sizeof *options);
    options->probe_interval_ms = CONN_DEFAULT_PROBE_INTERVAL_MS;
    options->reconnect = false;
    options->min_backoff_ms = CONN_DEFAULT_MIN_BACKOFF_MS;
    options->max_backoff_ms = CONN_DEFAULT_MAX_BACKOFF_MS;
    options->ssl = NULL;
}

/* Copies 'in' (or the defaults) into 'out', repairing nonsense values. */
static void
options_copy(struct conn_options *out, const struct conn_options *in)
{
    if (in) {
        *out = *in;
    } else {
        conn_options_init(out);
    }
    if (out->probe_interval_ms < 0) {
        out->probe_interval_ms = 0;
    }
    if (out->min_backoff_ms <= 0) {
        out->min_backoff_ms = CONN_DEFAULT_MIN_BACKOFF_MS;
    }
    if (out->max_backoff_ms < out->min_backoff_ms) {
        out->max_backoff_ms = out->min_backoff_ms;
    }
    out->ssl = NULL;            /* Loaded into an SSL_CTX instead. */
}

/* The longest an attempt may stay silent before its handshake completes:
 * two probe intervals, or two default ones if probing is off. */
static int
handshake_limit_ms(const struct conn_options *options)
{
    return 2 * (options->probe_interval_ms
                ? options->probe_interval_ms
                : CONN_DEFAULT_PROBE_INTERVAL_MS);
}

static void
ignore_sigpipe(void)
{
    struct sigaction old;

    if (!sigaction(SIGPIPE, NULL, &old) && old.sa_handler == SIG_DFL) {
        signal(SIGPIPE, SIG_IGN);
    }
}

/* ---- Targets ---- */

bool
conn_target_is_passive(const char *name)
{
    return (!strncmp(name, "ptcp:", 5) || !strncmp(name, "punix:", 6)
            || !strncmp(name, "pssl:", 5));
}

void
conn_target_uninit(struct conn_target *target)
{
    if (target) {
        free(target->host);
        free(target->path);
        target->host = NULL;
        target->path = NULL;
    }
}

/* Parses a decimal port into '*port'.  An empty string is the default. */
static bool
parse_port(const char *s, size_t len, bool allow_zero, uint16_t *port)
{
    unsigned long value = 0;

    if (!len) {
        *port = OFP_TCP_PORT;
        return true;
    }
    if (len > 5) {
        return false;
    }
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9') {
            return false;
        }
        value = value * 10 + (s[i] - '0');
    }
    if (value > 65535 || (!value && !allow_zero)) {
        return false;
    }
    *port = value;
    return true;
}

/* Checks 'host' for the mistakes we can see without resolving it: a
 * dotted quad must be a valid IPv4 address, anything with a colon a valid
 * IPv6 address. */
static const char *
check_host(const char *host)
{
    struct in6_addr a6;
    struct in_addr a4;

    if (!*host) {
        return "missing address";
    }
    if (strchr(host, ':')) {
        return inet_pton(AF_INET6, host, &a6) == 1
               ? NULL : "invalid IPv6 address";
    }
    if (strspn(host, "0123456789.") == strlen(host)) {
        return inet_pton(AF_INET, host, &a4) == 1
               ? NULL : "invalid IPv4 address";
    }
    for (const char *p = host; *p; p++) {
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')
              || (*p >= '0' && *p <= '9') || *p == '-' || *p == '.')) {
            return "invalid host name";
        }
    }
    return NULL;
}

/* Splits "HOST[:PORT]" (active form; IPv6 in brackets, or bare with no
 * port). */
static const char *
parse_host_port(const char *s, struct conn_target *target)
{
    const char *port_s;
    size_t host_len;

    if (*s == '[') {
        const char *end = strchr(s, ']');

        if (!end) {
            return "missing ']'";
        }
        target->host = xmemdup(s + 1, end - s);
        target->host[end - s - 1] = '\0';
        if (end[1] && end[1] != ':') {
            return "junk after ']'";
        }
        port_s = end[1] ? end + 2 : end + 1;
    } else {
        const char *colon = strchr(s, ':');

        if (colon && strchr(colon + 1, ':')) {
            /* A bare IPv6 address: no port. */
            colon = NULL;
        }
        host_len = colon ? (size_t) (colon - s) : strlen(s);
        target->host = xmemdup(s, host_len + 1);
        target->host[host_len] = '\0';
        port_s = colon ? colon + 1 : s + host_len;
    }
    if (!parse_port(port_s, strlen(port_s), false, &target->port)) {
        return "invalid port";
    }
    return check_host(target->host);
}

/* Parses "PORT[:IP]" (passive form). */
static const char *
parse_port_host(const char *s, struct conn_target *target)
{
    const char *colon = strchr(s, ':');
    size_t port_len = colon ? (size_t) (colon - s) : strlen(s);

    if (!parse_port(s, port_len, true, &target->port)) {
        return "invalid port";
    }
    if (colon) {
        const char *host = colon + 1;
        size_t len = strlen(host);

        if (*host == '[' && len >= 2 && host[len - 1] == ']') {
            host++;
            len -= 2;
        }
        target->host = xmemdup(host, len + 1);
        target->host[len] = '\0';
        return check_host(target->host);
    }
    return NULL;
}

char *
conn_target_parse(const char *name, struct conn_target *target)
{
    static const struct {
        const char *prefix;
        enum conn_transport transport;
        bool passive;
    } kinds[] = {
        { "tcp:", CONN_TCP, false },
        { "unix:", CONN_UNIX, false },
        { "ssl:", CONN_SSL, false },
        { "ptcp:", CONN_TCP, true },
        { "punix:", CONN_UNIX, true },
        { "pssl:", CONN_SSL, true },
    };
    const char *problem = NULL;
    const char *rest = NULL;

    memset(target, 0, sizeof *target);
    for (size_t i = 0; i < ARRAY_SIZE(kinds); i++) {
        size_t n = strlen(kinds[i].prefix);

        if (!strncmp(name, kinds[i].prefix, n)) {
            target->transport = kinds[i].transport;
            target->passive = kinds[i].passive;
            rest = name + n;
            break;
        }
    }
    if (!rest) {
        return xasprintf("%s: unknown connection method (expected tcp:, "
                         "unix:, ssl:, ptcp:, punix: or pssl:)", name);
    }

    if (target->transport == CONN_UNIX) {
        struct sockaddr_un sun;

        if (!*rest) {
            problem = "missing socket path";
        } else if (strlen(rest) >= sizeof sun.sun_path) {
            problem = "socket path too long";
        } else {
            target->path = xstrdup(rest);
        }
    } else if (target->passive) {
        problem = parse_port_host(rest, target);
    } else {
        problem = parse_host_port(rest, target);
    }
    if (problem) {
        conn_target_uninit(target);
        return xasprintf("%s: %s", name, problem);
    }
    return NULL;
}

/* ---- TLS contexts ---- */

/* Appends OpenSSL's queued errors to 's' ("; "-separated). */
static void
put_openssl_errors(struct ds *s)
{
    unsigned long e;
    bool any = false;

    while ((e = ERR_get_error()) != 0) {
        char buf[256];

        ERR_error_string_n(e, buf, sizeof buf);
        ds_put_format(s, "%s%s", any ? "; " : "", buf);
        any = true;
    }
    if (!any) {
        ds_put_cstr(s, "unknown error");
    }
}

static char *
ssl_error(const char *name, const char *what, const char *file)
{
    struct ds s = DS_EMPTY_INITIALIZER;

    ds_put_format(&s, "%s: %s %s: ", name, what, file);
    put_openssl_errors(&s);
    return ds_steal_cstr(&s);
}

static int verify_callback(int ok, X509_STORE_CTX *);

/* Loads 'config' into a new context for the client or the server side.
 * Both verify the peer against the CA (6.3.5: mutual authentication). */
static SSL_CTX *
ssl_ctx_create(const char *name, const struct conn_ssl_config *config,
               bool server, char **errorp)
{
    SSL_CTX *ctx;

    if (!config || !config->private_key || !config->certificate
        || !config->ca_cert) {
        *errorp = xasprintf("%s: TLS needs a private key, a certificate "
                            "and a CA certificate", name);
        return NULL;
    }
    ERR_clear_error();
    ctx = SSL_CTX_new(server ? TLS_server_method() : TLS_client_method());
    if (!ctx) {
        *errorp = ssl_error(name, "cannot create TLS context", "");
        return NULL;
    }
    SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
    /* OpenFlow frames its own messages, so a peer that closes without
     * close_notify truncates nothing: treat it as a plain EOF. */
    SSL_CTX_set_options(ctx, SSL_OP_IGNORE_UNEXPECTED_EOF);
    if (SSL_CTX_use_certificate_chain_file(ctx, config->certificate) != 1) {
        *errorp = ssl_error(name, "cannot load certificate",
                            config->certificate);
        goto error;
    }
    if (SSL_CTX_use_PrivateKey_file(ctx, config->private_key,
                                    SSL_FILETYPE_PEM) != 1) {
        *errorp = ssl_error(name, "cannot load private key",
                            config->private_key);
        goto error;
    }
    if (SSL_CTX_check_private_key(ctx) != 1) {
        *errorp = ssl_error(name, "private key does not match certificate",
                            config->certificate);
        goto error;
    }
    if (SSL_CTX_load_verify_locations(ctx, config->ca_cert, NULL) != 1) {
        *errorp = ssl_error(name, "cannot load CA certificate",
                            config->ca_cert);
        goto error;
    }
    if (server) {
        STACK_OF(X509_NAME) *cas = SSL_load_client_CA_file(config->ca_cert);

        if (cas) {
            SSL_CTX_set_client_CA_list(ctx, cas);
        }
    }
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT,
                       verify_callback);
    return ctx;

error:
    SSL_CTX_free(ctx);
    return NULL;
}

/* ---- The connection ---- */

enum conn_state {
    S_IDLE,             /* Active: waiting for the next attempt. */
    S_CONNECTING,       /* Waiting for connect() to complete. */
    S_TLS,              /* TLS handshake. */
    S_HELLO,            /* HELLO sent, waiting for the peer's. */
    S_OPEN,             /* Handshake done. */
    S_FLUSHING,         /* Sending a last message before closing. */
    S_DEAD,             /* Done for good. */
};

struct conn {
    struct event_base *base;
    char *name;
    struct conn_target target;
    bool active;
    struct conn_options options;
    SSL_CTX *ssl_ctx;                   /* Our reference, or NULL. */
    struct conn_callbacks cb;
    void *aux;

    enum conn_state state;
    int fd;                             /* S_CONNECTING only. */
    struct event *connect_event;        /* S_CONNECTING only. */
    struct bufferevent *bev;            /* S_TLS to S_FLUSHING. */
    struct event *timer;                /* Backoff, liveness, flushing. */
    char *tls_verify_error;             /* From verify_callback(). */
    char *flush_reason;                 /* S_FLUSHING: why we close. */

    uint64_t last_rx_ms;                /* Since the attempt started. */
    bool probe_outstanding;             /* Probe sent, silence since. */
    uint32_t probe_xid;                 /* Our probe's xid, 0 if none. */

    int backoff_ms;                     /* The next delay to use. */
    int retry_delay_ms;                 /* The delay last scheduled. */
    uint32_t next_xid;

    /* Reentrancy: 'busy' counts the conn's entry points on the stack.
     * Disconnection and destruction requested meanwhile wait until the
     * outermost one returns, so that nothing frees the bufferevent or the
     * conn under code that is still using them. */
    int busy;
    bool destroy_pending;
    char *disconnect_reason;
    enum conn_log_level disconnect_level;

    struct conn_stats stats;
    struct log_limit log_limit;
};

static void conn_timer_cb(evutil_socket_t, short, void *);
static void conn_connect_cb(evutil_socket_t, short, void *);
static void conn_read_cb(struct bufferevent *, void *);
static void conn_write_cb(struct bufferevent *, void *);
static void conn_event_cb(struct bufferevent *, short, void *);
static void conn_free(struct conn *);

#define LOG(CONN, LEVEL, ...) \
    conn_log(&(CONN)->log_limit, (CONN)->name, CONN_LOG_##LEVEL, __VA_ARGS__)

static void
conn_enter(struct conn *conn)
{
    conn->busy++;
}

static void conn_finish_disconnect(struct conn *, enum conn_log_level,
                                   const char *reason);

/* Leaves an entry point.  May free 'conn': the caller must not touch it
 * afterward. */
static void
conn_leave(struct conn *conn)
{
    if (conn->busy == 1 && !conn->destroy_pending) {
        while (conn->disconnect_reason) {
            char *reason = conn->disconnect_reason;

            conn->disconnect_reason = NULL;
            conn_finish_disconnect(conn, conn->disconnect_level, reason);
            free(reason);
        }
    }
    if (--conn->busy == 0 && conn->destroy_pending) {
        conn_free(conn);
    }
}

static bool
conn_transport_up(const struct conn *conn)
{
    return conn->state == S_CONNECTING || conn->state == S_TLS
           || conn->state == S_HELLO || conn->state == S_OPEN
           || conn->state == S_FLUSHING;
}

/* Asks for the connection to close for 'reason' (printf-style), to be
 * logged at 'level'.  The first request wins; the work happens when the
 * outermost entry point leaves (conn_leave()).  Meanwhile no more input
 * is processed. */
static void OF_PRINTF_FORMAT(3, 4)
conn_disconnect(struct conn *conn, enum conn_log_level level,
                const char *format, ...)
{
    va_list args;

    if (conn->disconnect_reason || !conn_transport_up(conn)) {
        return;
    }
    va_start(args, format);
    {
        struct ds s = DS_EMPTY_INITIALIZER;

        ds_put_format_valist(&s, format, args);
        conn->disconnect_reason = ds_steal_cstr(&s);
        conn->disconnect_level = level;
    }
    va_end(args);
    if (conn->bev) {
        bufferevent_disable(conn->bev, EV_READ);
    }
}

static void
conn_arm_timer(struct conn *conn, uint64_t ms)
{
    struct timeval tv = { .tv_sec = ms / 1000, .tv_usec = ms % 1000 * 1000 };

    evtimer_add(conn->timer, &tv);
}

/* Closes the socket, whatever the state. */
static void
conn_close_transport(struct conn *conn)
{
    if (conn->connect_event) {
        event_free(conn->connect_event);
        conn->connect_event = NULL;
    }
    if (conn->fd >= 0) {
        close(conn->fd);
        conn->fd = -1;
    }
    if (conn->bev) {
        bufferevent_free(conn->bev);
        conn->bev = NULL;
    }
    free(conn->tls_verify_error);
    conn->tls_verify_error = NULL;
    free(conn->flush_reason);
    conn->flush_reason = NULL;
    conn->probe_outstanding = false;
    conn->probe_xid = 0;
    evtimer_del(conn->timer);
}

static void
conn_finish_disconnect(struct conn *conn, enum conn_log_level level,
                       const char *reason)
{
    const char *what = (conn->state == S_OPEN
                        ? "disconnected" : "connection attempt failed");

    conn_close_transport(conn);
    conn->stats.disconnects++;
    if (conn->active && conn->options.reconnect) {
        conn->state = S_IDLE;
        conn->retry_delay_ms = conn->backoff_ms;
        conn->backoff_ms = MIN(2 * conn->backoff_ms,
                               conn->options.max_backoff_ms);
        conn_arm_timer(conn, conn->retry_delay_ms);
        conn_log(&conn->log_limit, conn->name, level,
                 "%s: %s; retrying in %d ms", what, reason,
                 conn->retry_delay_ms);
    } else {
        conn->state = S_DEAD;
        conn_log(&conn->log_limit, conn->name, level, "%s: %s", what,
                 reason);
    }
    if (conn->cb.disconnected) {
        conn->cb.disconnected(conn, reason, conn->aux);
    }
}

/* Queues 'len' bytes (whole messages) for output. */
static void
conn_write(struct conn *conn, const void *data, size_t len, size_t n_msgs)
{
    if (conn->bev && bufferevent_write(conn->bev, data, len) == 0) {
        conn->stats.tx_msgs += n_msgs;
    }
}

static void
conn_write_buf(struct conn *conn, const struct ofpbuf *buf, size_t n_msgs)
{
    conn_write(conn, buf->data, buf->size, n_msgs);
}

/* Sends OFPT_ERROR for 'error' in reply to 'request'. */
static void
conn_write_error(struct conn *conn, enum ofperr error, const void *request,
                 size_t len)
{
    struct ofpbuf buf = OFPBUF_INITIALIZER;

    of_msg_encode_error(error, request, len, &buf);
    conn_write_buf(conn, &buf, 1);
    ofpbuf_uninit(&buf);
    conn->stats.errors_sent++;
}

/* Sends 'buf' and closes once it is written (or after a second). */
static void
conn_flush_and_close(struct conn *conn, const struct ofpbuf *buf,
                     const char *reason)
{
    conn_write_buf(conn, buf, 1);
    conn->state = S_FLUSHING;
    conn->flush_reason = xstrdup(reason);
    bufferevent_disable(conn->bev, EV_READ);
    bufferevent_setcb(conn->bev, NULL, conn_write_cb, conn_event_cb, conn);
    bufferevent_enable(conn->bev, EV_WRITE);
    conn_arm_timer(conn, 1000);
}

/* ---- The handshake ---- */

static void
conn_begin_hello(struct conn *conn)
{
    struct ofpbuf buf = OFPBUF_INITIALIZER;

    /* 6.3.2: each side sends HELLO as soon as the connection is up. */
    conn->state = S_HELLO;
    of_msg_encode_hello(conn_next_xid(conn), &buf);
    conn_write_buf(conn, &buf, 1);
    ofpbuf_uninit(&buf);
    bufferevent_enable(conn->bev, EV_READ | EV_WRITE);

    /* Bytes that arrived with the end of the TLS handshake may already
     * be waiting, and no new read event would announce them. */
    if (evbuffer_get_length(bufferevent_get_input(conn->bev))) {
        conn_read_cb(conn->bev, conn);
    }
}

static const char *
version_name(unsigned int version)
{
    static const char *const names[] = {
        [1] = "1.0", [2] = "1.1", [3] = "1.2", [4] = "1.3", [5] = "1.4",
        [6] = "1.5",
    };

    return version < ARRAY_SIZE(names) && names[version] ? names[version]
                                                         : NULL;
}

static void
put_version(struct ds *s, unsigned int version)
{
    const char *name = version_name(version);

    if (name) {
        ds_put_format(s, "%s (0x%02x)", name, version);
    } else {
        ds_put_format(s, "0x%02x", version);
    }
}

/* Refuses the peer's HELLO (6.3.2): OFPET_HELLO_FAILED/OFPHFC_INCOMPATIBLE
 * with an ASCII explanation, then close. */
static void
conn_refuse_hello(struct conn *conn, const struct of_msg *hello,
                  enum ofperr decode_error)
{
    struct ds text = DS_EMPTY_INITIALIZER;
    struct ofpbuf buf = OFPBUF_INITIALIZER;
    struct of_msg err;
    char *reason;

    ds_put_cstr(&text, "this implementation supports only OpenFlow 1.3 "
                "(0x04), ");
    if (decode_error) {
        ds_put_format(&text, "but the peer's HELLO is malformed (%s)",
                      ofperr_name(decode_error));
    } else if (hello->u.hello.has_bitmap) {
        bool any = false;

        ds_put_cstr(&text, "but the peer's version bitmap allows ");
        for (size_t i = 0; i < hello->u.hello.n_bitmaps; i++) {
            for (int bit = 0; bit < 32; bit++) {
                if (hello->u.hello.bitmaps[i] & (UINT32_C(1) << bit)) {
                    ds_put_cstr(&text, any ? ", " : "");
                    put_version(&text, i * 32 + bit);
                    any = true;
                }
            }
        }
        if (!any) {
            ds_put_cstr(&text, "no version");
        }
    } else {
        ds_put_cstr(&text, "but the peer supports OpenFlow ");
        put_version(&text, hello->version);
        ds_put_cstr(&text, " at most");
    }

    /* The error goes in the lower of the two versions, which the peer can
     * parse: its layout is the same in every version. */
    of_msg_init(&err, OFPT_ERROR, hello->xid);
    err.version = hello->version && hello->version < OFP_VERSION
                  ? hello->version : OFP_VERSION;
    err.u.error.type = ofperr_type(OFPERR_OFPHFC_INCOMPATIBLE);
    err.u.error.code = ofperr_code(OFPERR_OFPHFC_INCOMPATIBLE);
    err.u.error.data = (const uint8_t *) ds_cstr(&text);
    err.u.error.len = text.length;
    of_msg_encode(&err, &buf);
    of_msg_uninit(&err);

    conn->stats.hello_failures++;
    conn->stats.errors_sent++;
    reason = xasprintf("version negotiation failed: %s", ds_cstr(&text));
    conn_flush_and_close(conn, &buf, reason);
    free(reason);
    ofpbuf_uninit(&buf);
    ds_destroy(&text);
}

/* Appends the printable part of an error's data (for HELLO_FAILED, the
 * peer's explanation). */
static void
put_error_text(struct ds *s, const struct of_error_msg *e)
{
    size_t n = MIN(e->len, (size_t) 200);

    if (!n) {
        return;
    }
    ds_put_cstr(s, " \"");
    for (size_t i = 0; i < n; i++) {
        uint8_t c = e->data[i];

        if (!c) {
            break;
        }
        ds_put_char(s, c >= 0x20 && c < 0x7f ? (char) c : '.');
    }
    ds_put_char(s, '"');
}

static void
conn_handle_hello_state(struct conn *conn, const struct of_msg *msg,
                        enum ofperr error)
{
    if (msg->type == OFPT_HELLO) {
        if (error || !of_hello_allows_13(&msg->u.hello, msg->version)) {
            conn_refuse_hello(conn, msg, error);
            return;
        }
        conn->state = S_OPEN;
        conn->backoff_ms = conn->options.min_backoff_ms;
        conn->stats.handshakes++;
        LOG(conn, INFO, "connected (OpenFlow 1.3)");
        if (conn->cb.connected) {
            conn->cb.connected(conn, conn->aux);
        }
    } else if (msg->type == OFPT_ERROR && !error) {
        struct ds s = DS_EMPTY_INITIALIZER;
        enum ofperr e = ofperr_from_type_code(msg->u.error.type,
                                              msg->u.error.code);

        ds_put_format(&s, "peer sent an error before HELLO: %s",
                      e ? ofperr_name(e) : "unknown error");
        if (msg->u.error.type == OFPET_HELLO_FAILED) {
            put_error_text(&s, &msg->u.error);
        }
        conn_disconnect(conn, CONN_LOG_WARN, "%s", ds_cstr(&s));
        ds_destroy(&s);
    } else {
        const char *name = of_msg_type_name(msg->type);

        /* 6.3.2: HELLO is the first message on a connection. */
        conn_disconnect(conn, CONN_LOG_WARN,
                        "protocol error: expected HELLO, received %s",
                        name ? name : "a message of unknown type");
    }
}

/* ---- Receiving ---- */

static void
conn_reply_echo(struct conn *conn, const struct of_msg *request)
{
    struct ofpbuf buf = OFPBUF_INITIALIZER;
    struct of_msg reply;

    /* 6.3.3 and 7.5.3: the reply carries the request's xid and data. */
    of_msg_init(&reply, OFPT_ECHO_REPLY, request->xid);
    reply.u.echo = request->u.echo;
    if (of_msg_encode(&reply, &buf)) {
        conn_write_buf(conn, &buf, 1);
    }
    of_msg_uninit(&reply);
    ofpbuf_uninit(&buf);
}

static bool
conn_may_send(const struct conn *conn)
{
    return conn->state == S_OPEN && !conn->destroy_pending
           && !conn->disconnect_reason && conn->bev;
}

static void
conn_handle_open_state(struct conn *conn, const struct of_msg *msg,
                       enum ofperr error, const uint8_t *data, size_t len)
{
    if (error) {
        const char *name = of_msg_type_name(msg->type);

        if (msg->type == OFPT_ERROR) {
            /* Answering an error with an error could loop forever. */
            LOG(conn, WARN, "ignoring malformed OFPT_ERROR (%s)",
                ofperr_name(error));
        } else {
            LOG(conn, WARN, "received malformed %s (xid=0x%"PRIx32"): %s",
                name ? name : "message of unknown type", msg->xid,
                ofperr_name(error));
            conn_write_error(conn, error, data, len);
            conn->stats.decode_errors++;
        }
        if (conn->cb.malformed) {
            conn->cb.malformed(conn, msg, error, conn->aux);
        }
        return;
    }

    switch (msg->type) {
    case OFPT_ECHO_REQUEST:
        conn_reply_echo(conn, msg);
        return;
    case OFPT_ECHO_REPLY:
        if (conn->probe_xid && msg->xid == conn->probe_xid) {
            conn->probe_xid = 0;
            return;
        }
        break;
    case OFPT_HELLO:
        /* Negotiation is over; a repeated HELLO changes nothing. */
        return;
    default:
        break;
    }

    if (conn->cb.message) {
        enum ofperr reply = conn->cb.message(conn, msg, conn->aux);

        if (reply && conn_may_send(conn)) {
            conn_write_error(conn, reply, data, len);
        }
    }
}

static void
conn_process(struct conn *conn, const uint8_t *data, size_t len)
{
    struct of_msg msg;
    enum ofperr error;

    conn->stats.rx_msgs++;
    error = of_msg_decode(&msg, data, len);
    if (conn->state == S_HELLO) {
        conn_handle_hello_state(conn, &msg, error);
    } else {
        conn_handle_open_state(conn, &msg, error, data, len);
    }
    of_msg_uninit(&msg);
}

static bool
conn_may_receive(const struct conn *conn)
{
    return (conn->state == S_HELLO || conn->state == S_OPEN)
           && !conn->destroy_pending && !conn->disconnect_reason;
}

static void
conn_read_cb(struct bufferevent *bev, void *conn_)
{
    struct conn *conn = conn_;
    struct evbuffer *input = bufferevent_get_input(bev);

    conn_enter(conn);
    conn->last_rx_ms = now_ms();
    conn->probe_outstanding = false;
    while (conn_may_receive(conn)) {
        size_t avail = evbuffer_get_length(input);
        uint8_t header[OF_HEADER_LEN];
        uint16_t length;
        const uint8_t *data;

        if (avail < OF_HEADER_LEN) {
            break;
        }
        evbuffer_copyout(input, header, sizeof header);
        length = ofp_get_be16(header + 2);
        if (length < OF_HEADER_LEN) {
            /* 7.1: the length includes the header; anything shorter
             * leaves us unable to find the next message. */
            conn->stats.framing_errors++;
            conn_disconnect(conn, CONN_LOG_WARN, "framing error: message "
                            "length %u is less than 8", length);
            break;
        }
        if (avail < length) {
            break;
        }
        data = evbuffer_pullup(input, length);
        conn_process(conn, data, length);
        evbuffer_drain(input, length);
    }
    conn_leave(conn);
}

/* ---- Connection events ---- */

static void
conn_write_cb(struct bufferevent *bev, void *conn_)
{
    struct conn *conn = conn_;

    conn_enter(conn);
    if (conn->state == S_FLUSHING
        && !evbuffer_get_length(bufferevent_get_output(bev))) {
        conn_disconnect(conn, CONN_LOG_WARN, "%s", conn->flush_reason);
    }
    conn_leave(conn);
}

/* Describes a bufferevent error, with OpenSSL's reasons if any. */
static char *
conn_error_reason(struct conn *conn, short events)
{
    struct ds s = DS_EMPTY_INITIALIZER;
    int sock_error = EVUTIL_SOCKET_ERROR();
    unsigned long e;
    bool any = false;

    if (conn->target.transport == CONN_SSL) {
        while ((e = bufferevent_get_openssl_error(conn->bev)) != 0) {
            char buf[256];

            if (!ERR_GET_LIB(e)) {
                /* libevent also queues SSL_get_error()'s result. */
                continue;
            }
            ERR_error_string_n(e, buf, sizeof buf);
            ds_put_format(&s, "%s%s", any ? "; " : "TLS error: ", buf);
            any = true;
        }
        if (conn->tls_verify_error) {
            ds_put_format(&s, "%s%s", any ? " (" : "TLS error: ",
                          conn->tls_verify_error);
            ds_put_cstr(&s, any ? ")" : "");
            any = true;
        }
        if (any) {
            conn->stats.tls_errors++;
        }
    }
    if (!any) {
        if (events & BEV_EVENT_EOF) {
            ds_put_cstr(&s, "connection closed by peer");
        } else if (sock_error) {
            ds_put_format(&s, "connection failed: %s",
                          strerror(sock_error));
        } else {
            ds_put_cstr(&s, "connection failed");
        }
        if (conn->state == S_TLS) {
            ds_put_cstr(&s, " during the TLS handshake");
            conn->stats.tls_errors++;
        }
    }
    return ds_steal_cstr(&s);
}

static void
conn_event_cb(struct bufferevent *bev OF_UNUSED, short events, void *conn_)
{
    struct conn *conn = conn_;

    conn_enter(conn);
    if (events & BEV_EVENT_CONNECTED) {
        if (conn->state == S_TLS) {
            conn_begin_hello(conn);
        }
    } else if (events & (BEV_EVENT_EOF | BEV_EVENT_ERROR)) {
        if (conn->state == S_FLUSHING) {
            conn_disconnect(conn, CONN_LOG_WARN, "%s", conn->flush_reason);
        } else {
            char *reason = conn_error_reason(conn, events);

            conn_disconnect(conn, (events & BEV_EVENT_ERROR
                                   ? CONN_LOG_WARN : CONN_LOG_INFO),
                            "%s", reason);
            free(reason);
        }
    }
    conn_leave(conn);
}

/* ---- Liveness (6.3.3) ---- */

static void
conn_send_probe(struct conn *conn)
{
    struct ofpbuf buf = OFPBUF_INITIALIZER;
    struct of_msg echo;

    of_msg_init(&echo, OFPT_ECHO_REQUEST, conn_next_xid(conn));
    conn->probe_xid = echo.xid;
    conn->probe_outstanding = true;
    conn->stats.probes_sent++;
    if (of_msg_encode(&echo, &buf)) {
        conn_write_buf(conn, &buf, 1);
    }
    of_msg_uninit(&echo);
    ofpbuf_uninit(&buf);
}

static void
conn_check_liveness(struct conn *conn)
{
    uint64_t idle = now_ms() - conn->last_rx_ms;
    int interval = conn->options.probe_interval_ms;

    if (conn->state != S_OPEN) {
        int limit = handshake_limit_ms(&conn->options);

        if (idle < (uint64_t) limit) {
            conn_arm_timer(conn, limit - idle);
            return;
        }
        conn->stats.drops++;
        conn_disconnect(conn, CONN_LOG_WARN, "timed out after %d ms "
                        "without completing the handshake", limit);
    } else if (!interval) {
        return;
    } else if (idle < (uint64_t) interval) {
        conn_arm_timer(conn, interval - idle);
    } else if (!conn->probe_outstanding) {
        conn_send_probe(conn);
        conn_arm_timer(conn, interval);
    } else {
        conn->stats.drops++;
        conn_disconnect(conn, CONN_LOG_WARN, "no response to inactivity "
                        "probe after %d ms", (int) idle);
    }
}

/* ---- Connecting ---- */

static void
set_tcp_nodelay(int fd)
{
    int on = 1;

    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
}

/* Puts a connected socket under a bufferevent: TLS handshake first for
 * ssl, HELLO right away otherwise.  Takes 'fd' whatever happens.  Returns
 * an error message (caller frees) or NULL. */
static char *
conn_attach(struct conn *conn, int fd, bool server)
{
    if (conn->target.transport == CONN_SSL) {
        SSL *ssl;

        ERR_clear_error();
        ssl = SSL_new(conn->ssl_ctx);
        if (!ssl) {
            struct ds s = DS_EMPTY_INITIALIZER;

            close(fd);
            ds_put_cstr(&s, "cannot create TLS session: ");
            put_openssl_errors(&s);
            return ds_steal_cstr(&s);
        }
        SSL_set_app_data(ssl, conn);
        conn->bev = bufferevent_openssl_socket_new(
            conn->base, fd, ssl,
            server ? BUFFEREVENT_SSL_ACCEPTING : BUFFEREVENT_SSL_CONNECTING,
            BEV_OPT_CLOSE_ON_FREE);
        if (!conn->bev) {
            /* libevent has freed 'ssl', whose BIO does not own 'fd'. */
            close(fd);
            return xstrdup("cannot create TLS bufferevent");
        }
        bufferevent_openssl_set_allow_dirty_shutdown(conn->bev, 1);
        conn->state = S_TLS;
        bufferevent_setcb(conn->bev, conn_read_cb, NULL, conn_event_cb,
                          conn);
        bufferevent_enable(conn->bev, EV_READ | EV_WRITE);
    } else {
        conn->bev = bufferevent_socket_new(conn->base, fd,
                                           BEV_OPT_CLOSE_ON_FREE);
        if (!conn->bev) {
            close(fd);
            return xstrdup("cannot create bufferevent");
        }
        bufferevent_setcb(conn->bev, conn_read_cb, NULL, conn_event_cb,
                          conn);
        conn_begin_hello(conn);
    }
    return NULL;
}

static void
conn_connected(struct conn *conn)
{
    int fd = conn->fd;
    char *error;

    event_free(conn->connect_event);
    conn->connect_event = NULL;
    conn->fd = -1;
    error = conn_attach(conn, fd, false);
    if (error) {
        conn_disconnect(conn, CONN_LOG_ERR, "%s", error);
        free(error);
    }
}

static void
conn_connect_cb(evutil_socket_t fd, short what OF_UNUSED, void *conn_)
{
    struct conn *conn = conn_;
    int error = 0;
    socklen_t len = sizeof error;

    conn_enter(conn);
    if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &len) < 0) {
        error = errno;
    }
    if (error == EINPROGRESS) {
        /* Spurious wakeup: the event is persistent, keep waiting. */
    } else if (error) {
        conn_disconnect(conn, CONN_LOG_WARN, "connection failed: %s",
                        strerror(error));
    } else {
        conn_connected(conn);
    }
    conn_leave(conn);
}

/* Resolves the target into '*ss'.  Returns an error message or NULL. */
static char *
conn_resolve(const struct conn_target *target, struct sockaddr_storage *ss,
             socklen_t *lenp)
{
    memset(ss, 0, sizeof *ss);
    if (target->transport == CONN_UNIX) {
        struct sockaddr_un *sun = (struct sockaddr_un *) ss;

        sun->sun_family = AF_UNIX;
        strcpy(sun->sun_path, target->path);    /* Length checked. */
        *lenp = sizeof *sun;
    } else {
        struct addrinfo hints, *res;
        char port[8];
        int error;

        memset(&hints, 0, sizeof hints);
        hints.ai_socktype = SOCK_STREAM;
        hints.ai_flags = target->passive ? AI_PASSIVE : 0;
        snprintf(port, sizeof port, "%u", target->port);
        error = getaddrinfo(target->host, port, &hints, &res);
        if (error) {
            return xasprintf("cannot resolve %s: %s",
                             target->host ? target->host : "address",
                             gai_strerror(error));
        }
        memcpy(ss, res->ai_addr, res->ai_addrlen);
        *lenp = res->ai_addrlen;
        freeaddrinfo(res);
    }
    return NULL;
}

static void
conn_start_attempt(struct conn *conn)
{
    struct sockaddr_storage ss;
    socklen_t sslen;
    char *error;
    int fd;

    conn->stats.attempts++;
    conn->state = S_CONNECTING;
    conn->last_rx_ms = now_ms();
    conn->probe_outstanding = false;
    conn_arm_timer(conn, handshake_limit_ms(&conn->options));

    error = conn_resolve(&conn->target, &ss, &sslen);
    if (error) {
        conn_disconnect(conn, CONN_LOG_WARN, "%s", error);
        free(error);
        return;
    }
    fd = socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        conn_disconnect(conn, CONN_LOG_ERR, "socket: %s", strerror(errno));
        return;
    }
    if (ss.ss_family != AF_UNIX) {
        set_tcp_nodelay(fd);
    }
    conn->fd = fd;
    conn->connect_event = event_new(conn->base, fd, EV_WRITE | EV_PERSIST,
                                    conn_connect_cb, conn);
    if (!connect(fd, (struct sockaddr *) &ss, sslen)) {
        conn_connected(conn);
    } else if (errno == EINPROGRESS || errno == EAGAIN) {
        /* unix sockets say EAGAIN when the backlog is full. */
        event_add(conn->connect_event, NULL);
    } else {
        conn_disconnect(conn, CONN_LOG_WARN, "connection failed: %s",
                        strerror(errno));
    }
}

static void
conn_timer_cb(evutil_socket_t fd OF_UNUSED, short what OF_UNUSED,
              void *conn_)
{
    struct conn *conn = conn_;

    conn_enter(conn);
    switch (conn->state) {
    case S_IDLE:
        conn_start_attempt(conn);
        break;
    case S_CONNECTING:
    case S_TLS:
    case S_HELLO:
    case S_OPEN:
        conn_check_liveness(conn);
        break;
    case S_FLUSHING:
        conn_disconnect(conn, CONN_LOG_WARN, "%s", conn->flush_reason);
        break;
    case S_DEAD:
        break;
    }
    conn_leave(conn);
}

/* ---- Create and destroy ---- */

static struct conn *
conn_alloc(struct event_base *base, const struct conn_options *options,
           const struct conn_callbacks *callbacks, void *aux)
{
    struct conn *conn = xzalloc(sizeof *conn);

    ignore_sigpipe();
    conn->base = base;
    options_copy(&conn->options, options);
    if (callbacks) {
        conn->cb = *callbacks;
    }
    conn->aux = aux;
    conn->fd = -1;
    conn->timer = evtimer_new(base, conn_timer_cb, conn);
    conn->backoff_ms = conn->options.min_backoff_ms;
    conn->next_xid = 1;
    log_limit_init(&conn->log_limit, &conn->stats.logs_suppressed);
    return conn;
}

struct conn *
conn_create(struct event_base *base, const char *name,
            const struct conn_options *options,
            const struct conn_callbacks *callbacks, void *aux,
            char **errorp)
{
    struct conn_target target;
    SSL_CTX *ctx = NULL;
    struct conn *conn;

    *errorp = conn_target_parse(name, &target);
    if (*errorp) {
        return NULL;
    }
    if (target.passive) {
        conn_target_uninit(&target);
        *errorp = xasprintf("%s: a passive target needs a listener", name);
        return NULL;
    }
    if (target.transport == CONN_SSL) {
        ctx = ssl_ctx_create(name, options ? options->ssl : NULL, false,
                             errorp);
        if (!ctx) {
            conn_target_uninit(&target);
            return NULL;
        }
    }

    conn = conn_alloc(base, options, callbacks, aux);
    conn->name = xstrdup(name);
    conn->target = target;
    conn->active = true;
    conn->ssl_ctx = ctx;
    conn->state = S_IDLE;
    conn_arm_timer(conn, 0);
    return conn;
}

static void
conn_free(struct conn *conn)
{
    conn_close_transport(conn);
    event_free(conn->timer);
    SSL_CTX_free(conn->ssl_ctx);
    conn_target_uninit(&conn->target);
    free(conn->disconnect_reason);
    free(conn->name);
    free(conn);
}

void
conn_destroy(struct conn *conn)
{
    if (!conn) {
        return;
    }
    memset(&conn->cb, 0, sizeof conn->cb);
    if (conn->busy) {
        conn->destroy_pending = true;
        if (conn->bev) {
            bufferevent_disable(conn->bev, EV_READ);
        }
    } else {
        conn_free(conn);
    }
}

void
conn_set_callbacks(struct conn *conn, const struct conn_callbacks *callbacks,
                   void *aux)
{
    if (conn->destroy_pending) {
        return;
    }
    if (callbacks) {
        conn->cb = *callbacks;
    } else {
        memset(&conn->cb, 0, sizeof conn->cb);
    }
    conn->aux = aux;
}

/* ---- Sending ---- */

int
conn_send(struct conn *conn, const struct of_msg *msg)
{
    struct ofpbuf buf = OFPBUF_INITIALIZER;
    size_t n_msgs = 1;

    if (!conn_may_send(conn)) {
        return ENOTCONN;
    }
    if (!of_msg_encode(msg, &buf)) {
        if (msg->type != OFPT_MULTIPART_REQUEST
            && msg->type != OFPT_MULTIPART_REPLY) {
            ofpbuf_uninit(&buf);
            return EMSGSIZE;
        }
        /* 7.3.5: a body too long for one message travels in parts. */
        n_msgs = of_mp_encode_split(msg, OFP_MAX_MSG_LEN, &buf);
    }
    conn_write_buf(conn, &buf, n_msgs);
    if (msg->type == OFPT_ERROR) {
        conn->stats.errors_sent++;
    }
    ofpbuf_uninit(&buf);
    return 0;
}

int
conn_send_raw(struct conn *conn, const void *data, size_t len)
{
    if (!conn_may_send(conn)) {
        return ENOTCONN;
    }
    conn_write(conn, data, len, 1);
    return 0;
}

int
conn_send_error(struct conn *conn, enum ofperr error, const void *request,
                size_t len)
{
    if (!conn_may_send(conn)) {
        return ENOTCONN;
    }
    conn_write_error(conn, error, request, len);
    return 0;
}

uint32_t
conn_next_xid(struct conn *conn)
{
    uint32_t xid = conn->next_xid++;

    if (!conn->next_xid) {
        conn->next_xid = 1;
    }
    return xid;
}

size_t
conn_output_backlog(const struct conn *conn)
{
    return conn->bev ? evbuffer_get_length(bufferevent_get_output(conn->bev))
                     : 0;
}

/* ---- Status ---- */

const struct conn_stats *
conn_get_stats(const struct conn *conn)
{
    return &conn->stats;
}

bool
conn_is_connected(const struct conn *conn)
{
    return conn->state == S_OPEN && !conn->disconnect_reason;
}

bool
conn_is_dead(const struct conn *conn)
{
    return conn->state == S_DEAD;
}

const char *
conn_get_name(const struct conn *conn)
{
    return conn->name;
}

int
conn_get_backoff_ms(const struct conn *conn)
{
    return conn->retry_delay_ms;
}

/* ---- TLS verification ---- */

static int
verify_callback(int ok, X509_STORE_CTX *store)
{
    SSL *ssl;
    struct conn *conn;

    if (ok) {
        return ok;
    }
    ssl = X509_STORE_CTX_get_ex_data(store,
                                     SSL_get_ex_data_X509_STORE_CTX_idx());
    conn = ssl ? SSL_get_app_data(ssl) : NULL;
    if (conn && !conn->tls_verify_error) {
        X509 *cert = X509_STORE_CTX_get_current_cert(store);
        int error = X509_STORE_CTX_get_error(store);
        char subject[256] = "(none)";

        if (cert) {
            X509_NAME_oneline(X509_get_subject_name(cert), subject,
                              sizeof subject);
        }
        conn->tls_verify_error = xasprintf(
            "peer certificate %s refused: %s", subject,
            X509_verify_cert_error_string(error));
        LOG(conn, WARN, "%s", conn->tls_verify_error);
    }
    return ok;
}

/* ---- Listeners ---- */

struct conn_listener {
    struct event_base *base;
    char *name;
    char *active_target;
    struct conn_target target;
    struct conn_options options;
    SSL_CTX *ssl_ctx;
    struct evconnlistener *evl;
    uint16_t port;
    char *unlink_path;
    conn_accept_func *accept_cb;
    void *aux;
    uint64_t logs_suppressed;
    struct log_limit log_limit;
};

static char *
sockaddr_to_target(const char *scheme, const struct sockaddr *sa)
{
    char host[INET6_ADDRSTRLEN] = "?";
    uint16_t port = 0;

    if (sa->sa_family == AF_INET) {
        const struct sockaddr_in *sin = (const struct sockaddr_in *) sa;

        inet_ntop(AF_INET, &sin->sin_addr, host, sizeof host);
        port = ntohs(sin->sin_port);
        return xasprintf("%s:%s:%u", scheme, host, port);
    } else if (sa->sa_family == AF_INET6) {
        const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *) sa;

        inet_ntop(AF_INET6, &sin6->sin6_addr, host, sizeof host);
        port = ntohs(sin6->sin6_port);
        return xasprintf("%s:[%s]:%u", scheme, host, port);
    }
    return xasprintf("%s:?", scheme);
}

static void
listener_accept_cb(struct evconnlistener *evl OF_UNUSED, evutil_socket_t fd,
                   struct sockaddr *sa, int salen OF_UNUSED, void *l_)
{
    struct conn_listener *l = l_;
    struct conn *conn;
    char *error;

    conn = conn_alloc(l->base, &l->options, NULL, NULL);
    conn->target.transport = l->target.transport;
    if (l->target.transport == CONN_UNIX) {
        conn->name = xasprintf("unix:%s", l->target.path);
    } else {
        set_tcp_nodelay(fd);
        conn->name = sockaddr_to_target(
            l->target.transport == CONN_SSL ? "ssl" : "tcp", sa);
    }
    if (l->ssl_ctx) {
        SSL_CTX_up_ref(l->ssl_ctx);
        conn->ssl_ctx = l->ssl_ctx;
    }
    conn->active = false;
    conn->stats.attempts++;
    conn->state = S_CONNECTING;
    conn->last_rx_ms = now_ms();
    conn_arm_timer(conn, handshake_limit_ms(&conn->options));

    error = conn_attach(conn, fd, true);
    if (error) {
        conn_log(&l->log_limit, l->name, CONN_LOG_ERR,
                 "dropping connection from %s: %s", conn->name, error);
        free(error);
        conn_free(conn);
        return;
    }
    conn_log(&l->log_limit, l->name, CONN_LOG_INFO,
             "accepted connection from %s", conn->name);
    if (l->accept_cb) {
        l->accept_cb(l, conn, l->aux);
    } else {
        conn_destroy(conn);
    }
}

static void
listener_error_cb(struct evconnlistener *evl OF_UNUSED, void *l_)
{
    struct conn_listener *l = l_;
    int error = EVUTIL_SOCKET_ERROR();

    conn_log(&l->log_limit, l->name, CONN_LOG_ERR, "accept failed: %s",
             strerror(error));
}

/* Makes room for a unix socket at 'path': removes a stale socket, refuses
 * a live one or a file that is not a socket. */
static char *
prepare_unix_path(const char *name, const char *path)
{
    struct sockaddr_un sun;
    struct stat st;
    int fd, r;

    if (lstat(path, &st)) {
        return NULL;
    }
    if (!S_ISSOCK(st.st_mode)) {
        return xasprintf("%s: %s exists and is not a socket", name, path);
    }
    memset(&sun, 0, sizeof sun);
    sun.sun_family = AF_UNIX;
    strcpy(sun.sun_path, path);
    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0) {
        return xasprintf("%s: socket: %s", name, strerror(errno));
    }
    /* Nonblocking: a listener with a full backlog says EAGAIN, and is
     * alive. */
    r = connect(fd, (struct sockaddr *) &sun, sizeof sun) ? errno : 0;
    close(fd);
    if (r != ECONNREFUSED && r != ENOENT) {
        return xasprintf("%s: another process is listening on %s", name,
                         path);
    }
    if (unlink(path) && errno != ENOENT) {
        return xasprintf("%s: cannot remove stale socket %s: %s", name,
                         path, strerror(errno));
    }
    return NULL;
}

/* Opens the listening socket for 'l'.  Returns an error message or NULL. */
static char *
listener_open_socket(struct conn_listener *l, int *fdp)
{
    struct sockaddr_storage ss;
    socklen_t sslen;
    char *error;
    int fd, on = 1;

    if (l->target.transport == CONN_UNIX) {
        error = prepare_unix_path(l->name, l->target.path);
        if (error) {
            return error;
        }
    }
    if (l->target.transport != CONN_UNIX && !l->target.host) {
        l->target.host = xstrdup("0.0.0.0");
    }
    error = conn_resolve(&l->target, &ss, &sslen);
    if (error) {
        char *e = xasprintf("%s: %s", l->name, error);

        free(error);
        return e;
    }
    fd = socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        return xasprintf("%s: socket: %s", l->name, strerror(errno));
    }
    if (ss.ss_family != AF_UNIX) {
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
        if (l->options.reuseport) {
            /* Several listeners (one per worker thread) on one port: the
             * kernel spreads the connections among them. */
            setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &on, sizeof on);
        }
    }
    if (bind(fd, (struct sockaddr *) &ss, sslen) || listen(fd, 64)) {
        error = xasprintf("%s: %s: %s", l->name,
                          errno == EADDRINUSE ? "address in use" : "bind",
                          strerror(errno));
        close(fd);
        return error;
    }
    if (ss.ss_family == AF_UNIX) {
        l->unlink_path = xstrdup(l->target.path);
        l->active_target = xasprintf("unix:%s", l->target.path);
    } else {
        struct sockaddr_storage bound;
        socklen_t blen = sizeof bound;
        const char *scheme = l->target.transport == CONN_SSL ? "ssl"
                                                             : "tcp";

        getsockname(fd, (struct sockaddr *) &bound, &blen);
        if (bound.ss_family == AF_INET) {
            struct sockaddr_in *sin = (struct sockaddr_in *) &bound;

            l->port = ntohs(sin->sin_port);
            if (sin->sin_addr.s_addr == htonl(INADDR_ANY)) {
                sin->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
            }
        } else {
            struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *) &bound;

            l->port = ntohs(sin6->sin6_port);
            if (IN6_IS_ADDR_UNSPECIFIED(&sin6->sin6_addr)) {
                sin6->sin6_addr = in6addr_loopback;
            }
        }
        l->active_target = sockaddr_to_target(scheme,
                                              (struct sockaddr *) &bound);
    }
    *fdp = fd;
    return NULL;
}

struct conn_listener *
conn_listener_create(struct event_base *base, const char *name,
                     const struct conn_options *options,
                     conn_accept_func *accept_cb, void *aux, char **errorp)
{
    struct conn_listener *l;
    int fd;

    l = xzalloc(sizeof *l);
    l->base = base;
    l->name = xstrdup(name);
    l->accept_cb = accept_cb;
    l->aux = aux;
    options_copy(&l->options, options);
    log_limit_init(&l->log_limit, &l->logs_suppressed);
    ignore_sigpipe();

    *errorp = conn_target_parse(name, &l->target);
    if (*errorp) {
        goto error;
    }
    if (!l->target.passive) {
        *errorp = xasprintf("%s: not a passive target (ptcp:, punix:, "
                            "pssl:)", name);
        goto error;
    }
    if (l->target.transport == CONN_SSL) {
        l->ssl_ctx = ssl_ctx_create(name, options ? options->ssl : NULL,
                                    true, errorp);
        if (!l->ssl_ctx) {
            goto error;
        }
    }
    *errorp = listener_open_socket(l, &fd);
    if (*errorp) {
        goto error;
    }
    l->evl = evconnlistener_new(base, listener_accept_cb, l,
                                LEV_OPT_CLOSE_ON_FREE | LEV_OPT_CLOSE_ON_EXEC,
                                -1, fd);
    if (!l->evl) {
        close(fd);
        *errorp = xasprintf("%s: cannot create listener", name);
        goto error;
    }
    evconnlistener_set_error_cb(l->evl, listener_error_cb);
    return l;

error:
    conn_listener_destroy(l);
    return NULL;
}

void
conn_listener_destroy(struct conn_listener *l)
{
    if (!l) {
        return;
    }
    if (l->evl) {
        evconnlistener_free(l->evl);
    }
    if (l->unlink_path) {
        unlink(l->unlink_path);
        free(l->unlink_path);
    }
    SSL_CTX_free(l->ssl_ctx);
    conn_target_uninit(&l->target);
    free(l->active_target);
    free(l->name);
    free(l);
}

uint16_t
conn_listener_get_port(const struct conn_listener *l)
{
    return l->port;
}

const char *
conn_listener_get_target(const struct conn_listener *l)
{
    return l->active_target;
}

/* ---- Synchronous use ---- */

/* A message waiting for conn_sync_recv(): a copy of its bytes and, if it
 * did not decode, the error. */
struct sync_item {
    struct sync_item *next;
    uint8_t *data;
    size_t len;
    enum ofperr error;
};

/* Received messages beyond this many are dropped, oldest first: a tool
 * that never reads its unsolicited messages must not grow without end. */
#define SYNC_MAX_QUEUE 10000

struct conn_sync {
    struct event_base *base;
    bool own_base;
    struct conn *conn;
    struct conn_listener *listener;     /* Passive open only. */
    bool connected;
    bool ended;
    char *error;
    struct sync_item *head;
    struct sync_item **tail;
    size_t n_items;
    struct event *timer;
    bool timed_out;
};

static void
sync_push(struct conn_sync *s, const uint8_t *data, size_t len,
          enum ofperr error)
{
    struct sync_item *item = xmalloc(sizeof *item);

    if (s->n_items >= SYNC_MAX_QUEUE) {
        struct sync_item *old = s->head;

        s->head = old->next;
        if (!s->head) {
            s->tail = &s->head;
        }
        s->n_items--;
        free(old->data);
        free(old);
    }
    item->next = NULL;
    item->data = xmemdup(data, len);
    item->len = len;
    item->error = error;
    *s->tail = item;
    s->tail = &item->next;
    s->n_items++;
}

/* Removes and returns the first item with 'xid' (any item if 'any'), or
 * NULL. */
static struct sync_item *
sync_take(struct conn_sync *s, bool any, uint32_t xid)
{
    for (struct sync_item **p = &s->head; *p; p = &(*p)->next) {
        struct sync_item *item = *p;

        if (any || ofp_get_be32(item->data + 4) == xid) {
            *p = item->next;
            if (!*p) {
                s->tail = p;
            }
            s->n_items--;
            return item;
        }
    }
    return NULL;
}

static bool
sync_has(const struct conn_sync *s, bool any, uint32_t xid)
{
    for (const struct sync_item *item = s->head; item; item = item->next) {
        if (any || ofp_get_be32(item->data + 4) == xid) {
            return true;
        }
    }
    return false;
}

static void
sync_item_free(struct sync_item *item)
{
    if (item) {
        free(item->data);
        free(item);
    }
}

static void
sync_connected(struct conn *conn OF_UNUSED, void *s_)
{
    struct conn_sync *s = s_;

    s->connected = true;
}

static enum ofperr
sync_message(struct conn *conn OF_UNUSED, const struct of_msg *msg,
             void *s_)
{
    struct conn_sync *s = s_;

    sync_push(s, msg->raw, msg->raw_len, 0);
    return 0;
}

static void
sync_malformed(struct conn *conn OF_UNUSED, const struct of_msg *msg,
               enum ofperr error, void *s_)
{
    struct conn_sync *s = s_;

    sync_push(s, msg->raw, msg->raw_len, error);
}

static void
sync_disconnected(struct conn *conn OF_UNUSED, const char *reason, void *s_)
{
    struct conn_sync *s = s_;

    s->ended = true;
    if (!s->error) {
        s->error = xstrdup(reason);
    }
}

static const struct conn_callbacks sync_callbacks = {
    .connected = sync_connected,
    .message = sync_message,
    .malformed = sync_malformed,
    .disconnected = sync_disconnected,
};

static void
sync_accept(struct conn_listener *l OF_UNUSED, struct conn *conn, void *s_)
{
    struct conn_sync *s = s_;

    if (s->conn) {
        conn_destroy(conn);
    } else {
        s->conn = conn;
        conn_set_callbacks(conn, &sync_callbacks, s);
    }
}

static void
sync_timer_cb(evutil_socket_t fd OF_UNUSED, short what OF_UNUSED, void *s_)
{
    struct conn_sync *s = s_;

    s->timed_out = true;
}

/* What a wait waits for. */
enum sync_goal {
    SYNC_CONNECTED,             /* Handshake done. */
    SYNC_FLUSHED,               /* Output written. */
    SYNC_ANY,                   /* Some message queued. */
    SYNC_XID,                   /* A message with the given xid queued. */
};

static bool
sync_reached(const struct conn_sync *s, enum sync_goal goal, uint32_t xid)
{
    switch (goal) {
    case SYNC_CONNECTED:
        return s->connected;
    case SYNC_FLUSHED:
        return !s->conn || !conn_output_backlog(s->conn);
    case SYNC_ANY:
        return s->head != NULL;
    case SYNC_XID:
        return sync_has(s, false, xid);
    }
    return true;
}

/* Runs the event loop until 'goal' is reached, the connection ends or
 * 'timeout_ms' passes.  Returns 0, ENOTCONN or ETIMEDOUT. */
static int
sync_wait(struct conn_sync *s, enum sync_goal goal, uint32_t xid,
          int timeout_ms)
{
    struct timeval tv;
    int error = 0;

    tv.tv_sec = timeout_ms / 1000;
    tv.tv_usec = timeout_ms % 1000 * 1000;
    s->timed_out = false;
    evtimer_add(s->timer, &tv);
    while (!sync_reached(s, goal, xid)) {
        if (s->ended) {
            error = ENOTCONN;
            break;
        }
        if (s->timed_out) {
            error = ETIMEDOUT;
            break;
        }
        if (event_base_loop(s->base, EVLOOP_ONCE) < 0) {
            error = EIO;
            break;
        }
    }
    evtimer_del(s->timer);
    return error;
}

struct conn_sync *
conn_sync_open(struct event_base *base, const char *name,
               const struct conn_options *options, int timeout_ms,
               char **errorp)
{
    struct conn_options opts;
    struct conn_sync *s;
    int error;

    options_copy(&opts, options);
    opts.ssl = options ? options->ssl : NULL;
    opts.reconnect = false;

    s = xzalloc(sizeof *s);
    s->tail = &s->head;
    if (base) {
        s->base = base;
    } else {
        s->base = event_base_new();
        s->own_base = true;
        if (!s->base) {
            *errorp = xasprintf("%s: cannot create event base", name);
            free(s);
            return NULL;
        }
    }
    s->timer = evtimer_new(s->base, sync_timer_cb, s);

    if (conn_target_is_passive(name)) {
        s->listener = conn_listener_create(s->base, name, &opts,
                                           sync_accept, s, errorp);
        if (!s->listener) {
            conn_sync_close(s);
            return NULL;
        }
    } else {
        s->conn = conn_create(s->base, name, &opts, &sync_callbacks, s,
                              errorp);
        if (!s->conn) {
            conn_sync_close(s);
            return NULL;
        }
    }

    error = sync_wait(s, SYNC_CONNECTED, 0, timeout_ms);
    if (error) {
        *errorp = (error == ETIMEDOUT
                   ? xasprintf("%s: no connection within %d ms", name,
                               timeout_ms)
                   : xasprintf("%s: %s", name,
                               s->error ? s->error : strerror(error)));
        conn_sync_close(s);
        return NULL;
    }
    *errorp = NULL;
    return s;
}

void
conn_sync_close(struct conn_sync *s)
{
    if (!s) {
        return;
    }
    if (s->conn && s->connected && !s->ended) {
        sync_wait(s, SYNC_FLUSHED, 0, 1000);
    }
    conn_destroy(s->conn);
    conn_listener_destroy(s->listener);
    while (s->head) {
        sync_item_free(sync_take(s, true, 0));
    }
    event_free(s->timer);
    if (s->own_base) {
        event_base_free(s->base);
    }
    free(s->error);
    free(s);
}

struct conn *
conn_sync_get_conn(const struct conn_sync *s)
{
    return s->conn;
}

int
conn_sync_send(struct conn_sync *s, const struct of_msg *msg)
{
    return conn_send(s->conn, msg);
}

int
conn_sync_flush(struct conn_sync *s, int timeout_ms)
{
    return sync_wait(s, SYNC_FLUSHED, 0, timeout_ms);
}

/* Decodes 'item' into 'msg' and frees it. */
static void
sync_deliver(struct sync_item *item, struct of_msg *msg,
             enum ofperr *decode_error)
{
    enum ofperr error = of_msg_decode(msg, item->data, item->len);

    if (decode_error) {
        *decode_error = item->error ? item->error : error;
    }
    sync_item_free(item);
}

int
conn_sync_recv(struct conn_sync *s, int timeout_ms, struct of_msg *msg,
               enum ofperr *decode_error)
{
    int error;

    if (decode_error) {
        *decode_error = 0;
    }
    error = s->head ? 0 : sync_wait(s, SYNC_ANY, 0, timeout_ms);
    if (error) {
        of_msg_init(msg, 0, 0);
        return error;
    }
    sync_deliver(sync_take(s, true, 0), msg, decode_error);
    return 0;
}

int
conn_sync_transact(struct conn_sync *s, const struct of_msg *request,
                   int timeout_ms, struct of_msg *reply,
                   enum ofperr *decode_error)
{
    uint64_t deadline = now_ms() + (timeout_ms > 0 ? timeout_ms : 0);
    struct of_mp_assembler assembler;
    int error;

    if (decode_error) {
        *decode_error = 0;
    }
    error = conn_send(s->conn, request);
    if (error) {
        of_msg_init(reply, 0, 0);
        return error;
    }

    of_mp_assembler_init(&assembler);
    for (;;) {
        struct sync_item *item;
        uint64_t now = now_ms();
        enum ofperr mp_error;
        bool complete;

        if (!sync_has(s, false, request->xid)) {
            error = sync_wait(s, SYNC_XID, request->xid,
                              now < deadline ? deadline - now : 0);
            if (error) {
                of_msg_init(reply, 0, 0);
                break;
            }
        }
        item = sync_take(s, false, request->xid);
        if (item->error || item->data[1] != OFPT_MULTIPART_REPLY
            || request->type != OFPT_MULTIPART_REQUEST) {
            sync_deliver(item, reply, decode_error);
            break;
        }

        /* 7.3.5: parts of one reply share the request's xid; all but the
         * last carry OFPMPF_REPLY_MORE. */
        mp_error = of_mp_assembler_add(&assembler, item->data, item->len,
                                       reply, &complete);
        if (mp_error) {
            sync_deliver(item, reply, NULL);
            if (decode_error) {
                *decode_error = mp_error;
            }
            break;
        }
        sync_item_free(item);
        if (complete) {
            break;
        }
    }
    of_mp_assembler_uninit(&assembler);
    return error;
}

const char *
conn_sync_get_error(const struct conn_sync *s)
{
    return s->error;
}
