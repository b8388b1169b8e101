/*
 * ofpbuf: a growable byte buffer for building messages, and a bounded
 * reader, the only way ofkit touches untrusted bytes.
 *
 * struct ofpbuf owns a heap block: 'data' holds 'size' bytes of content in
 * 'allocated' bytes of storage.  Every "put" appends and may move the block,
 * so code that fills in a header after its body remembers offsets, never
 * pointers, across puts (ofpbuf_at() turns an offset back into a pointer).
 *
 * struct ofpbuf_rd is a window [p, p + left) over bytes it does not own.
 * Each pull either consumes exactly what it asks for or fails and consumes
 * nothing, so a decoder that checks each result can never read past the
 * end.  Multi-byte pulls convert from network to host order.
 *
 * Neither is thread-safe; neither calls anything but malloc.
 */
#ifndef OFPROTO_OFPBUF_H
#define OFPROTO_OFPBUF_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ofpbuf {
    uint8_t *data;
    size_t size;
    size_t allocated;
};

#define OFPBUF_INITIALIZER { NULL, 0, 0 }

/* ---- Create and destroy. ---- */

void ofpbuf_init(struct ofpbuf *);
void ofpbuf_uninit(struct ofpbuf *);     /* Accepts NULL. */
void ofpbuf_clear(struct ofpbuf *);      /* Keeps the storage. */

/* Gives up ownership of the content: returns the block (which the caller
 * must free()) and leaves 'b' empty. */
void *ofpbuf_steal(struct ofpbuf *b, size_t *sizep);

/* ---- Appending.  Each returns a pointer to the bytes it appended, valid
 * until the next put. ---- */

void ofpbuf_reserve(struct ofpbuf *, size_t n);  /* Room for n more bytes. */
void *ofpbuf_put_uninit(struct ofpbuf *, size_t n);
void *ofpbuf_put_zeros(struct ofpbuf *, size_t n);
void *ofpbuf_put(struct ofpbuf *, const void *, size_t n);
void ofpbuf_put_u8(struct ofpbuf *, uint8_t);
void ofpbuf_put_be16(struct ofpbuf *, uint16_t host);
void ofpbuf_put_be32(struct ofpbuf *, uint32_t host);
void ofpbuf_put_be64(struct ofpbuf *, uint64_t host);

/* Appends zeros until the length counted from offset 'start' is a multiple
 * of 'align'. */
void ofpbuf_pad(struct ofpbuf *, size_t start, size_t align);

/* ---- Access by offset. ---- */

void *ofpbuf_at(const struct ofpbuf *, size_t offset);
void ofpbuf_set_be16(struct ofpbuf *, size_t offset, uint16_t host);
void ofpbuf_set_be32(struct ofpbuf *, size_t offset, uint32_t host);

/* ---- The bounded reader. ---- */

struct ofpbuf_rd {
    const uint8_t *p;
    size_t left;
};

static inline void
ofpbuf_rd_init(struct ofpbuf_rd *rd, const void *p, size_t n)
{
    rd->p = p;
    rd->left = n;
}

static inline size_t
ofpbuf_rd_left(const struct ofpbuf_rd *rd)
{
    return rd->left;
}

/* Returns a pointer to the next 'n' bytes and consumes them, or NULL (and
 * consumes nothing) if fewer than 'n' remain.  Use with packed wire
 * structs: 'const struct ofp_flow_mod *w = ofpbuf_rd_pull(rd, sizeof *w)'. */
const void *ofpbuf_rd_pull(struct ofpbuf_rd *, size_t n);

/* Like ofpbuf_rd_pull() without consuming. */
const void *ofpbuf_rd_peek(const struct ofpbuf_rd *, size_t n);

bool ofpbuf_rd_u8(struct ofpbuf_rd *, uint8_t *);
bool ofpbuf_rd_be16(struct ofpbuf_rd *, uint16_t *);
bool ofpbuf_rd_be32(struct ofpbuf_rd *, uint32_t *);
bool ofpbuf_rd_be64(struct ofpbuf_rd *, uint64_t *);
bool ofpbuf_rd_peek_be16(const struct ofpbuf_rd *, uint16_t *);
bool ofpbuf_rd_skip(struct ofpbuf_rd *, size_t n);

/* Splits the next 'n' bytes off into 'sub' and consumes them from 'rd'.
 * Fails (consuming nothing) if fewer than 'n' remain. */
bool ofpbuf_rd_sub(struct ofpbuf_rd *rd, size_t n, struct ofpbuf_rd *sub);

/* ---- Byte order, for code inside ofproto/ only. ---- */

uint16_t ofp_get_be16(const void *);
uint32_t ofp_get_be32(const void *);
uint64_t ofp_get_be64(const void *);
void ofp_put_be16(void *, uint16_t);
void ofp_put_be32(void *, uint32_t);
void ofp_put_be64(void *, uint64_t);

#endif /* ofproto/ofpbuf.h */
