#include "counter.h"

/* One write of counter.n per call: the hook of aspects/tick.xml. */
void tick(struct counter *c)
{
	c->n = c->n + 1; /* expect: set counter.n */
}
