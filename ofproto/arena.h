/*
 * arena: a bump allocator that frees everything at once.
 *
 * A decoded OpenFlow message (struct of_msg) owns one arena.  Everything
 * the decoder allocates for it, arrays of actions, buckets, flow stats and
 * a private copy of the raw bytes that data pointers refer to, comes from
 * that arena, so a consumer never frees a part of a message: it calls
 * of_msg_uninit() once.
 *
 * Memory is zeroed and aligned for any type.  Not thread-safe.
 */
#ifndef OFPROTO_ARENA_H
#define OFPROTO_ARENA_H 1

#include <stddef.h>

struct arena_chunk;

struct arena {
    struct arena_chunk *chunks;     /* Newest first. */
};

#define ARENA_INITIALIZER { NULL }

void arena_init(struct arena *);
void arena_destroy(struct arena *);     /* Frees everything; accepts NULL. */

/* Returns 'n' zeroed bytes owned by the arena. */
void *arena_alloc(struct arena *, size_t n);

/* Returns a copy of 'n' bytes of 'p' owned by the arena. */
void *arena_memdup(struct arena *, const void *p, size_t n);

/* Appends one zeroed element of 'elsize' bytes to the array '*arrayp' of
 * '*np' elements, growing it inside the arena, and returns it.  The
 * capacity is implied by the count (the next power of two), so no
 * capacity is stored.  Pointers to earlier elements become stale when the
 * array grows. */
void *arena_push(struct arena *, void **arrayp, size_t *np, size_t elsize);

#endif /* ofproto/arena.h */
