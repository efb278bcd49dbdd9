/* plugin-user: dlopen()s a plugin, calls into it, dlclose()s it and dlopens it again.
 *   plugin-user PATH/libplugin.so N
 * For each of the two loads it prints the plugin's own step count after plugin_run(N) and the first bytes of
 * plugin_step in memory: as loaded, and after klas_unweave() (then klas_reweave()) when a woven klas library
 * is loaded (found with dlsym; "no klas" otherwise). */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>

static void bytes(const char *what, const unsigned char *p)
{
	printf("%s", what);
	for (int i = 0; i < 8; i++)
		printf(" %02x", p[i]);
	printf("\n");
}

static int load(const char *path, long n, int round)
{
	void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		fprintf(stderr, "plugin-user: %s\n", dlerror());
		return 1;
	}
	long (*run)(long) = (long (*)(long))dlsym(h, "plugin_run");
	unsigned long (*count)(void) = (unsigned long (*)(void))dlsym(h, "plugin_count");
	const unsigned char *step = (const unsigned char *)dlsym(h, "plugin_step");
	int (*unweave)(void) = (int (*)(void))dlsym(RTLD_DEFAULT, "klas_unweave");
	int (*reweave)(void) = (int (*)(void))dlsym(RTLD_DEFAULT, "klas_reweave");
	printf("round %d: plugin_run(%ld) = %ld\n", round, n, run(n));
	printf("round %d: plugin count %lu\n", round, count());
	bytes("loaded:", step);
	if (unweave && reweave) {
		unweave();
		bytes("unwoven:", step);
		reweave();
		bytes("rewoven:", step);
	} else {
		printf("no klas\n");
	}
	return dlclose(h);
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: plugin-user PATH/libplugin.so N\n");
		return 2;
	}
	long n = atol(argv[2]);
	if (load(argv[1], n, 1) || load(argv[1], n + 5, 2))
		return 1;
	return 0;
}
