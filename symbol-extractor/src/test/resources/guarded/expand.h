#ifndef EXPAND_H
#define EXPAND_H
#include "buf.h"
int (copy_bytes)(struct buf *b);
static inline int copy(struct buf *b) { return copy_bytes(b); } /* expect: call copy_bytes (plain.c); get buf.used (nofort.c) */
#endif
