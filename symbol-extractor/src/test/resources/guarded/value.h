#ifndef VALUE_H
#define VALUE_H
#include "buf.h"
static inline int size(struct buf *b) { return SIZE_OF(b); } /* expect: get buf.cap (plain.c); get buf.len (nofort.c) */
#endif
