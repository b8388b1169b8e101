#include "ofproto/ofpbuf.h"

#include <endian.h>
#include <stdlib.h>
#include <string.h>

#include "ofproto/util.h"

void
ofpbuf_init(struct ofpbuf *b)
{
    b->data = NULL;
    b->size = 0;
    b->allocated = 0;
}

void
ofpbuf_uninit(struct ofpbuf *b)
{
    if (b) {
        free(b->data);
        ofpbuf_init(b);
    }
}

void
ofpbuf_clear(struct ofpbuf *b)
{
    b->size = 0;
}

void *
ofpbuf_steal(struct ofpbuf *b, size_t *sizep)
{
    void *p = b->data;

    if (sizep) {
        *sizep = b->size;
    }
    ofpbuf_init(b);
    return p;
}

void
ofpbuf_reserve(struct ofpbuf *b, size_t n)
{
    if (b->allocated - b->size < n) {
        size_t want = b->size + n;
        size_t cap = b->allocated ? b->allocated : 64;

        while (cap < want) {
            cap *= 2;
        }
        b->data = xrealloc(b->data, cap);
        b->allocated = cap;
    }
}

void *
ofpbuf_put_uninit(struct ofpbuf *b, size_t n)
{
    void *p;

    ofpbuf_reserve(b, n);
    /* With nothing reserved and nothing asked, 'data' may still be NULL. */
    p = b->data ? b->data + b->size : NULL;
    b->size += n;
    return p;
}

void *
ofpbuf_put_zeros(struct ofpbuf *b, size_t n)
{
    void *p = ofpbuf_put_uninit(b, n);

    if (n) {
        memset(p, 0, n);
    }
    return p;
}

void *
ofpbuf_put(struct ofpbuf *b, const void *src, size_t n)
{
    void *p = ofpbuf_put_uninit(b, n);

    if (n) {
        memcpy(p, src, n);
    }
    return p;
}

void
ofpbuf_put_u8(struct ofpbuf *b, uint8_t v)
{
    *(uint8_t *) ofpbuf_put_uninit(b, 1) = v;
}

void
ofpbuf_put_be16(struct ofpbuf *b, uint16_t v)
{
    ofp_put_be16(ofpbuf_put_uninit(b, 2), v);
}

void
ofpbuf_put_be32(struct ofpbuf *b, uint32_t v)
{
    ofp_put_be32(ofpbuf_put_uninit(b, 4), v);
}

void
ofpbuf_put_be64(struct ofpbuf *b, uint64_t v)
{
    ofp_put_be64(ofpbuf_put_uninit(b, 8), v);
}

void
ofpbuf_pad(struct ofpbuf *b, size_t start, size_t align)
{
    size_t len = b->size - start;
    size_t rem = len % align;

    if (rem) {
        ofpbuf_put_zeros(b, align - rem);
    }
}

void *
ofpbuf_at(const struct ofpbuf *b, size_t offset)
{
    return offset <= b->size ? b->data + offset : NULL;
}

void
ofpbuf_set_be16(struct ofpbuf *b, size_t offset, uint16_t v)
{
    ofp_put_be16(b->data + offset, v);
}

void
ofpbuf_set_be32(struct ofpbuf *b, size_t offset, uint32_t v)
{
    ofp_put_be32(b->data + offset, v);
}

const void *
ofpbuf_rd_pull(struct ofpbuf_rd *rd, size_t n)
{
    const void *p;

    if (rd->left < n) {
        return NULL;
    }
    /* An empty pull succeeds even on an empty window with no bytes. */
    p = rd->p ? rd->p : (const uint8_t *) "";
    rd->p += n;
    rd->left -= n;
    return p;
}

const void *
ofpbuf_rd_peek(const struct ofpbuf_rd *rd, size_t n)
{
    if (rd->left < n) {
        return NULL;
    }
    return rd->p ? rd->p : (const uint8_t *) "";
}

bool
ofpbuf_rd_u8(struct ofpbuf_rd *rd, uint8_t *v)
{
    const uint8_t *p = ofpbuf_rd_pull(rd, 1);

    if (p) {
        *v = *p;
    }
    return p != NULL;
}

bool
ofpbuf_rd_be16(struct ofpbuf_rd *rd, uint16_t *v)
{
    const void *p = ofpbuf_rd_pull(rd, 2);

    if (p) {
        *v = ofp_get_be16(p);
    }
    return p != NULL;
}

bool
ofpbuf_rd_be32(struct ofpbuf_rd *rd, uint32_t *v)
{
    const void *p = ofpbuf_rd_pull(rd, 4);

    if (p) {
        *v = ofp_get_be32(p);
    }
    return p != NULL;
}

bool
ofpbuf_rd_be64(struct ofpbuf_rd *rd, uint64_t *v)
{
    const void *p = ofpbuf_rd_pull(rd, 8);

    if (p) {
        *v = ofp_get_be64(p);
    }
    return p != NULL;
}

bool
ofpbuf_rd_peek_be16(const struct ofpbuf_rd *rd, uint16_t *v)
{
    const void *p = ofpbuf_rd_peek(rd, 2);

    if (p) {
        *v = ofp_get_be16(p);
    }
    return p != NULL;
}

bool
ofpbuf_rd_skip(struct ofpbuf_rd *rd, size_t n)
{
    return ofpbuf_rd_pull(rd, n) != NULL;
}

bool
ofpbuf_rd_sub(struct ofpbuf_rd *rd, size_t n, struct ofpbuf_rd *sub)
{
    const void *p = ofpbuf_rd_pull(rd, n);

    if (!p) {
        return false;
    }
    ofpbuf_rd_init(sub, p, n);
    return true;
}

uint16_t
ofp_get_be16(const void *p)
{
    uint16_t v;

    memcpy(&v, p, sizeof v);
    return be16toh(v);
}

uint32_t
ofp_get_be32(const void *p)
{
    uint32_t v;

    memcpy(&v, p, sizeof v);
    return be32toh(v);
}

uint64_t
ofp_get_be64(const void *p)
{
    uint64_t v;

    memcpy(&v, p, sizeof v);
    return be64toh(v);
}

void
ofp_put_be16(void *p, uint16_t v)
{
    v = htobe16(v);
    memcpy(p, &v, sizeof v);
}

void
ofp_put_be32(void *p, uint32_t v)
{
    v = htobe32(v);
    memcpy(p, &v, sizeof v);
}

void
ofp_put_be64(void *p, uint64_t v)
{
    v = htobe64(v);
    memcpy(p, &v, sizeof v);
}
