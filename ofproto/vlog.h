/*
 * vlog: leveled, rate-limited logging for the daemons.
 *
 * Each module names itself once:
 *
 *     VLOG_DEFINE_THIS_MODULE(agent);
 *
 * and logs with VLOG_ERR/WARN/INFO/DBG(fmt, ...), which print
 * "2026-11-22T07:01:02.345Z|agent|WARN|message" to stderr (or wherever
 * vlog_set_output() points) when the level is enabled.  Hot or
 * peer-driven paths use the rate-limited forms:
 *
 *     static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 1);
 *     VLOG_WARN_RL(&rl, "bad frame on %s", name);
 *
 * which let 5 lines through at once and then one per second, and count
 * the rest ("(17 messages suppressed)" is appended to the next line).
 *
 * Thread-safe: output is serialized with a mutex; the level is an atomic.
 */
#ifndef OFPROTO_VLOG_H
#define OFPROTO_VLOG_H 1

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "ofproto/util.h"

enum vlog_level {
    VLL_OFF,
    VLL_ERR,
    VLL_WARN,
    VLL_INFO,
    VLL_DBG,
};

struct vlog_module {
    const char *name;
};

struct vlog_rate_limit {
    unsigned int burst;         /* Lines allowed at once. */
    unsigned int per_sec;       /* Lines per second afterwards. */
    double tokens;
    uint64_t last_ms;
    unsigned int suppressed;
    int lock;                   /* Spin flag; rate limits are shared. */
};

#define VLOG_RATE_LIMIT_INIT(BURST, PER_SEC) \
    { BURST, PER_SEC, BURST, 0, 0, 0 }

#define VLOG_DEFINE_THIS_MODULE(NAME) \
    static struct vlog_module this_module OF_UNUSED = { #NAME }

/* The level up to which lines are printed (default VLL_INFO). */
void vlog_set_level(enum vlog_level);
enum vlog_level vlog_get_level(void);
bool vlog_is_enabled(enum vlog_level);

/* Parses "off", "err", "warn", "info", "dbg" (or "debug"); returns false
 * if 'name' is none of them. */
bool vlog_level_from_name(const char *name, enum vlog_level *);
const char *vlog_level_name(enum vlog_level);

/* Where lines go (default stderr).  Not owned. */
void vlog_set_output(FILE *);

void vlog(const struct vlog_module *, enum vlog_level, const char *fmt, ...)
    OF_PRINTF_FORMAT(3, 4);
void vlog_rl(const struct vlog_module *, enum vlog_level,
             struct vlog_rate_limit *, const char *fmt, ...)
    OF_PRINTF_FORMAT(4, 5);

#define VLOG_ERR(...) vlog(&this_module, VLL_ERR, __VA_ARGS__)
#define VLOG_WARN(...) vlog(&this_module, VLL_WARN, __VA_ARGS__)
#define VLOG_INFO(...) vlog(&this_module, VLL_INFO, __VA_ARGS__)
#define VLOG_DBG(...) vlog(&this_module, VLL_DBG, __VA_ARGS__)
#define VLOG_ERR_RL(RL, ...) vlog_rl(&this_module, VLL_ERR, RL, __VA_ARGS__)
#define VLOG_WARN_RL(RL, ...) vlog_rl(&this_module, VLL_WARN, RL, __VA_ARGS__)
#define VLOG_INFO_RL(RL, ...) vlog_rl(&this_module, VLL_INFO, RL, __VA_ARGS__)
#define VLOG_DBG_RL(RL, ...) vlog_rl(&this_module, VLL_DBG, RL, __VA_ARGS__)

#endif /* ofproto/vlog.h */
