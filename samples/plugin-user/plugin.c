/* plugin.c - libplugin.so: the shared object the plugin-user sample dlopen()s. It counts its own calls of
 * plugin_step; a woven aspect must fire exactly as often. */
#define KEEP __attribute__((noipa, visibility("default")))

static unsigned long steps;

KEEP long plugin_step(long x)
{
	__atomic_add_fetch(&steps, 1, __ATOMIC_RELAXED);
	return x * 3 + 1;
}

KEEP long plugin_run(long n)
{
	long sum = 0;
	for (long i = 0; i < n; i++)
		sum += plugin_step(i);
	return sum;
}

KEEP unsigned long plugin_count(void)
{
	return steps;
}
