#include "ofproto/vlog.h"

#include <pthread.h>
#include <stdarg.h>
#include <string.h>
#include <strings.h>
#include <time.h>

static int level = VLL_INFO;
static FILE *output;
static pthread_mutex_t mutex = PTHREAD_MUTEX_INITIALIZER;

static const char *const level_names[] = {
    [VLL_OFF] = "off",
    [VLL_ERR] = "err",
    [VLL_WARN] = "warn",
    [VLL_INFO] = "info",
    [VLL_DBG] = "dbg",
};

void
vlog_set_level(enum vlog_level l)
{
    __atomic_store_n(&level, (int) l, __ATOMIC_RELAXED);
}

enum vlog_level
vlog_get_level(void)
{
    return __atomic_load_n(&level, __ATOMIC_RELAXED);
}

bool
vlog_is_enabled(enum vlog_level l)
{
    return l != VLL_OFF && (int) l <= __atomic_load_n(&level,
                                                      __ATOMIC_RELAXED);
}

bool
vlog_level_from_name(const char *name, enum vlog_level *l)
{
    for (size_t i = 0; i < ARRAY_SIZE(level_names); i++) {
        if (!strcasecmp(name, level_names[i])) {
            *l = i;
            return true;
        }
    }
    if (!strcasecmp(name, "debug") || !strcasecmp(name, "warning")
        || !strcasecmp(name, "error")) {
        *l = name[0] == 'd' || name[0] == 'D' ? VLL_DBG
             : name[0] == 'w' || name[0] == 'W' ? VLL_WARN : VLL_ERR;
        return true;
    }
    return false;
}

const char *
vlog_level_name(enum vlog_level l)
{
    return (size_t) l < ARRAY_SIZE(level_names) ? level_names[l] : "?";
}

void
vlog_set_output(FILE *f)
{
    pthread_mutex_lock(&mutex);
    output = f;
    pthread_mutex_unlock(&mutex);
}

static uint64_t
now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
vlog_valist(const struct vlog_module *m, enum vlog_level l,
            unsigned int suppressed, const char *fmt, va_list args)
{
    struct timespec ts;
    struct tm tm;
    char when[32];
    FILE *f;

    clock_gettime(CLOCK_REALTIME, &ts);
    gmtime_r(&ts.tv_sec, &tm);
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%S", &tm);

    pthread_mutex_lock(&mutex);
    f = output ? output : stderr;
    fprintf(f, "%s.%03ldZ|%s|%s|", when, ts.tv_nsec / 1000000, m->name,
            vlog_level_name(l));
    vfprintf(f, fmt, args);
    if (suppressed) {
        fprintf(f, " (%u similar messages suppressed)", suppressed);
    }
    fputc('\n', f);
    fflush(f);
    pthread_mutex_unlock(&mutex);
}

void
vlog(const struct vlog_module *m, enum vlog_level l, const char *fmt, ...)
{
    va_list args;

    if (!vlog_is_enabled(l)) {
        return;
    }
    va_start(args, fmt);
    vlog_valist(m, l, 0, fmt, args);
    va_end(args);
}

void
vlog_rl(const struct vlog_module *m, enum vlog_level l,
        struct vlog_rate_limit *rl, const char *fmt, ...)
{
    unsigned int suppressed = 0;
    bool allowed;
    uint64_t now;
    va_list args;

    if (!vlog_is_enabled(l)) {
        return;
    }
    while (__atomic_exchange_n(&rl->lock, 1, __ATOMIC_ACQUIRE)) {
        continue;
    }
    now = now_ms();
    if (rl->last_ms) {
        rl->tokens += (now - rl->last_ms) / 1000.0 * rl->per_sec;
        if (rl->tokens > rl->burst) {
            rl->tokens = rl->burst;
        }
    }
    rl->last_ms = now;
    allowed = rl->tokens >= 1.0;
    if (allowed) {
        rl->tokens -= 1.0;
        suppressed = rl->suppressed;
        rl->suppressed = 0;
    } else {
        rl->suppressed++;
    }
    __atomic_store_n(&rl->lock, 0, __ATOMIC_RELEASE);

    if (allowed) {
        va_start(args, fmt);
        vlog_valist(m, l, suppressed, fmt, args);
        va_end(args);
    }
}
