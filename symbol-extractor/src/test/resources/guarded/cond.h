#ifndef COND_H
#define COND_H
#include "buf.h"
#ifdef NO_FORT
static inline int fill(struct buf *b) { return b->len; } /* expect: get buf.len (nofort.c) */
#else
static inline int fill(struct buf *b) { return b->cap; } /* expect: get buf.cap (plain.c) */
#endif
#endif
