/*
 * ResolverProblemsTest's fixture: gcc -O2 -g -fPIC -shared -o libproblems.so problems.c
 * Two headers named util.h, a static inline function inlined four times (twice interleaved in one function) and
 * kept out of line (its address is taken),
 * one struct tag with two layouts in one unit, and the places a resolution must refuse or fall back on.
 */
#include "a/util.h"
#include "b/util.h"

struct cell { int v; };

static inline int sq(int x) { return x * x + 3; }
int twice(int x) { return sq(x) * sq(x + 1); }
int one(int x) { return sq(x) + 1; }
int two(int x) { return sq(x - 2) ^ 5; }
int (*keep_sq)(int) = sq;
int both(int x) { return ua(x) + ub(x); }
void set_cell(struct cell *c) { c->v = 1; }

void scoped(void *p, void *q)
{
	{ struct twin { int a; long b; } *t = p; t->b = 1; }
	{ struct twin { long b; int a; } *t = q; t->b = 2; }
}
