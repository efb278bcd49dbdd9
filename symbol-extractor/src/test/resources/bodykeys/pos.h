#ifndef POS_H
#define POS_H
#include "types.h"
#ifdef ONE
static inline int first(struct a *p) { return p->len; } /* expect: get a.len (one.c) */
#else
static inline int first(struct a *p) { return p->len; } /* expect: get a.len (two.c) */
#endif
#endif
