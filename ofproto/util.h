/*
 * util: allocation that cannot fail (it aborts on exhaustion), and small
 * macros used everywhere.  No state; safe from any thread.
 */
#ifndef OFPROTO_UTIL_H
#define OFPROTO_UTIL_H 1

#include <stddef.h>
#include <stdint.h>

#define ARRAY_SIZE(A) (sizeof (A) / sizeof (A)[0])
#define MIN(A, B) ((A) < (B) ? (A) : (B))
#define MAX(A, B) ((A) > (B) ? (A) : (B))
#define ROUND_UP(X, Y) (((X) + (Y) - 1) / (Y) * (Y))
#define OF_PRINTF_FORMAT(FMT, ARG0) __attribute__((format(printf, FMT, ARG0)))
#define OF_UNUSED __attribute__((unused))

/* Each returns memory the caller owns and must free(); none returns NULL. */
void *xmalloc(size_t);
void *xzalloc(size_t);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *, size_t);
void *xmemdup(const void *, size_t);
char *xstrdup(const char *);
char *xasprintf(const char *format, ...) OF_PRINTF_FORMAT(1, 2);

/* Aborts the program with a message: for broken invariants only. */
void of_abort(const char *format, ...) OF_PRINTF_FORMAT(1, 2)
    __attribute__((noreturn));

#endif /* ofproto/util.h */
