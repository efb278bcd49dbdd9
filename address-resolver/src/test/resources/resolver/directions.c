/*
 * ResolverTest's fixture: lines that read and write one member in separate instructions, read it and then
 * read-modify-write it (*seen may alias c->hits, so -O2 reads it again in an add to memory), read it by cmp and
 * test, reach it through a loaded pointer, take its address, call through it, call one of two functions with a
 * common name prefix; each line carries its expectations.
 * build: gcc -O0|-O2 -g -fPIC -shared -o libdirections.so directions.c
 */
struct counter {
	long id;
	int hits;
	int limit;
	struct counter *next;
	void (*fire)(struct counter *c);
};

int over(struct counter *c)
{
	return c->hits > c->limit; /* expect: get counter.hits; get counter.limit */
}

void rebase(struct counter *c)
{
	c->hits = c->limit - c->hits; /* expect: set counter.hits; get counter.limit; get counter.hits */
}

void bump(struct counter *c)
{
	c->hits++; /* expect: rw counter.hits */
}

void bump_seen(struct counter *c, int *seen)
{
	*seen = c->hits + 1; c->hits += 3; /* expect: get counter.hits; rw counter.hits */
}

int odd(const struct counter *c)
{
	return c->hits & 1; /* expect: get counter.hits */
}

void clear_next(struct counter *c)
{
	c->next->hits = 0; /* expect: get counter.next; set counter.hits */
}

int *limit_of(struct counter *c)
{
	return &c->limit; /* expect: addr counter.limit */ /* at -O0: 1 line, no instruction of this line accesses offset 0xc */
}

long fire_all(struct counter *c)
{
	long n = 0;
	for (; c; c = c->next) { /* expect: get counter.next */
		c->fire(c); /* expect: fpcall counter.fire */
		n += c->id; /* expect: get counter.id */
	}
	return n;
}

void fire_last(struct counter *c)
{
	c->fire(c); /* expect: fpcall counter.fire */ /* at -O2: 1 line, no indirect call on this line */
}

__attribute__((noipa)) long total(const struct counter *c)
{
	return c->id;
}

__attribute__((noipa)) long total_all(const struct counter *c)
{
	return c ? c->id + total_all(c->next) : 0;
}

long sum_two(const struct counter *a, const struct counter *b)
{
	return total_all(a) + total(b); /* expect: call total */
}

long tail_total(const struct counter *c)
{
	return total(c); /* expect: call total */ /* at -O2: 1 line, no direct call of total */
}
