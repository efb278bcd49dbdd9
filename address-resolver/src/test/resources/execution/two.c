/* A second static get_property, in another file: the same symbol name, another function. */
static int __attribute__((noinline)) get_property(int n)
{
	return n * 7 + 1;
}

int other_get(int n) { return get_property(n) + get_property(n + 2); }
