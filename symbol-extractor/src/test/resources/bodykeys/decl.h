#ifndef DECL_H
#define DECL_H
#include "types.h"
static inline int plen(T *p) { return p->len; } /* expect: get a.len (one.c); get b.len (two.c) */
#endif
