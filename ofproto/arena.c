#include "ofproto/arena.h"

#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ofproto/util.h"

struct arena_chunk {
    struct arena_chunk *next;
    size_t size;                /* Usable bytes in 'data'. */
    size_t used;
    alignas(max_align_t) unsigned char data[];
};

#define ARENA_CHUNK_SIZE 4096
#define ARENA_ALIGN (alignof(max_align_t))

void
arena_init(struct arena *a)
{
    a->chunks = NULL;
}

void
arena_destroy(struct arena *a)
{
    if (!a) {
        return;
    }
    while (a->chunks) {
        struct arena_chunk *next = a->chunks->next;

        free(a->chunks);
        a->chunks = next;
    }
}

void *
arena_alloc(struct arena *a, size_t n)
{
    struct arena_chunk *c = a->chunks;
    void *p;

    n = ROUND_UP(n ? n : 1, ARENA_ALIGN);
    if (!c || c->size - c->used < n) {
        size_t size = MAX(n, (size_t) ARENA_CHUNK_SIZE);

        c = xmalloc(sizeof *c + size);
        c->size = size;
        c->used = 0;
        c->next = a->chunks;
        a->chunks = c;
    }
    p = c->data + c->used;
    c->used += n;
    memset(p, 0, n);
    return p;
}

void *
arena_memdup(struct arena *a, const void *p, size_t n)
{
    void *q = arena_alloc(a, n);

    if (n) {
        memcpy(q, p, n);
    }
    return q;
}

static int
is_pow2(size_t n)
{
    return n && !(n & (n - 1));
}

void *
arena_push(struct arena *a, void **arrayp, size_t *np, size_t elsize)
{
    size_t n = *np;

    /* The capacity is the smallest power of two above the count, so the
     * array is full exactly when the count is 0 or a power of two. */
    if (n == 0 || is_pow2(n)) {
        size_t cap = n ? n * 2 : 1;
        void *bigger = arena_alloc(a, cap * elsize);

        if (n) {
            memcpy(bigger, *arrayp, n * elsize);
        }
        *arrayp = bigger;
    }
    *np = n + 1;
    return (unsigned char *) *arrayp + n * elsize;
}
