/* the other unit: ONE undefined, T another struct */
#define T struct b
#include "pos.h"
#include "decl.h"
int two(struct a *p, struct b *q) { return first(p) + plen(q); }
