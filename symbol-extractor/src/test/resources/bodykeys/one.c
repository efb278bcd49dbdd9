/* one of two units that read the same headers with other macros (issue 15, body keys) */
#define ONE
#define T struct a
#include "pos.h"
#include "decl.h"
int one(struct a *p) { return first(p) + plen(p); }
