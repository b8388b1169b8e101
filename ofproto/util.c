#include "ofproto/util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void *
check(void *p)
{
    if (!p) {
        of_abort("out of memory");
    }
    return p;
}

void *
xmalloc(size_t n)
{
    return check(malloc(n ? n : 1));
}

void *
xzalloc(size_t n)
{
    return check(calloc(1, n ? n : 1));
}

void *
xcalloc(size_t n, size_t size)
{
    return check(calloc(n ? n : 1, size ? size : 1));
}

void *
xrealloc(void *p, size_t n)
{
    return check(realloc(p, n ? n : 1));
}

void *
xmemdup(const void *p, size_t n)
{
    void *q = xmalloc(n);

    if (n) {
        memcpy(q, p, n);
    }
    return q;
}

char *
xstrdup(const char *s)
{
    return xmemdup(s, strlen(s) + 1);
}

char *
xasprintf(const char *format, ...)
{
    va_list args;
    char *s;

    va_start(args, format);
    if (vasprintf(&s, format, args) < 0) {
        of_abort("out of memory");
    }
    va_end(args);
    return s;
}

void
of_abort(const char *format, ...)
{
    va_list args;

    va_start(args, format);
    fputs("ofkit: fatal: ", stderr);
    vfprintf(stderr, format, args);
    fputc('\n', stderr);
    va_end(args);
    abort();
}
