#ifndef FORT_H
#define FORT_H
struct buf { int len; int cap; int used; };
int (copy_bytes)(struct buf *b);
#ifdef NO_FORT
static inline int fill(struct buf *b) { return b->len; } /* expect: get buf.len (nofort.c) */
#else
static inline int fill(struct buf *b) { return b->cap; } /* expect: get buf.cap (plain.c) */
#endif
static inline int copy(struct buf *b) { return copy_bytes(b); } /* expect: call copy_bytes (plain.c); get buf.used (nofort.c) */
static inline int size(struct buf *b) { return SIZE_OF(b); } /* expect: get buf.cap (plain.c); get buf.len (nofort.c) */
#endif
