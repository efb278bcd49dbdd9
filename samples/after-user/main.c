/* after-user: a sample for advice-after in user space.
 *   after-user N        fib(N), square(0..N-1), bail(3) left by longjmp N times and returning N times, scale
 *   after-user N -t T   then 8 threads call fib(N) over and over while the main thread unweaves and reweaves
 *                       the hooks T times (klas_unweave/klas_reweave, found with dlsym); it prints how many
 *                       fib(N) calls were made and ends with fib(-1), a marker the counting aspect reports at
 *   after-user N -w T   the same with the hooks woven throughout: the main thread calls fib(N) T times
 *   after-user N -x D   then bail(D, 0) (deeper than the runtime's return stack when D >= 128) and a thread
 *                       that ends itself with pthread_exit from inside quit(3)
 * It prints every value it computes; built with -DKLAS_ORACLE it prints how often each aspect must fire
 * ("oracle NAME=COUNT"). */
#define _GNU_SOURCE
#include "calls.h"

#include <dlfcn.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern jmp_buf klas_sample_env;
static long n_arg = 10, toggles;
static int woven_throughout;
static long depth;

static void *quitter(void *arg)
{
	(void)arg;
	quit(3);
	return NULL;
}

static void extremes(void)
{
	pthread_t t;
	void *r = NULL;
	printf("bail(%ld, 0) = %d\n", depth, bail((int)depth, 0));
	pthread_create(&t, NULL, quitter, NULL);
	pthread_join(t, &r);
	printf("quit thread ended with %ld\n", (long)r);
}
static volatile int stop;

static void *work(void *arg)
{
	long calls = 0;
	(void)arg;
	while (!__atomic_load_n(&stop, __ATOMIC_ACQUIRE) || calls < 1) {
		fib(n_arg);
		calls++;
	}
	return (void *)calls;
}

static void threads(void)
{
	int (*unweave)(void) = (int (*)(void))dlsym(RTLD_DEFAULT, "klas_unweave");
	int (*reweave)(void) = (int (*)(void))dlsym(RTLD_DEFAULT, "klas_reweave");
	pthread_t tid[8];
	long total = 0;
	for (int t = 0; t < 8; t++)
		pthread_create(&tid[t], NULL, work, NULL);
	for (long i = 0; i < toggles && woven_throughout; i++, total++)
		fib(n_arg);
	for (long i = 0; i < toggles && !woven_throughout; i++) {
		if (unweave && unweave())
			printf("unweave failed\n");
		if (reweave && reweave())
			printf("reweave failed\n");
	}
	__atomic_store_n(&stop, 1, __ATOMIC_RELEASE);
	for (int t = 0; t < 8; t++) {
		void *r;
		pthread_join(tid[t], &r);
		total += (long)r;
	}
	printf("threads: %ld fib(%ld) calls, %ld toggles%s\n", total, n_arg, woven_throughout ? 0 : toggles,
	       unweave ? "" : " (no klas)");
	fib(-1);
}

int main(int argc, char **argv)
{
	if (argc > 1)
		n_arg = atol(argv[1]);
	if (argc > 3 && strcmp(argv[2], "-x") == 0)
		depth = atol(argv[3]);
	if (argc > 3 && (strcmp(argv[2], "-t") == 0 || strcmp(argv[2], "-w") == 0)) {
		toggles = atol(argv[3]);
		woven_throughout = argv[2][1] == 'w';
	}
	printf("fib(%ld) = %ld\n", n_arg, fib(n_arg));
	for (long i = 0; i < n_arg; i++)
		printf("square(%ld) = %ld\n", i, square(i));
	for (long i = 0; i < n_arg; i++) {
		if (!setjmp(klas_sample_env))
			bail(3, 1);
		printf("bail(3, 0) = %d\n", bail(3, 0));
	}
	printf("scale(%ld) = %.1f\n", n_arg, scale((double)n_arg));
	for (long i = 0; i < n_arg; i++) {
		struct pair p = twice(i);
		printf("outer(%ld) = %ld\n", i, outer(i));
		printf("twice(%ld) = %ld %ld\n", i, p.a, p.b);
		printf("op(%ld) = %ld\n", i, klas_ops->op(i));
	}
	printf("guard() = %d\n", guard());
	printf("checked(%ld) = %ld\n", n_arg, checked(n_arg));
	if (toggles)
		threads();
	if (depth)
		extremes();
#ifdef KLAS_ORACLE
	printf("oracle fib=%lu\n", oracle_fib);
	printf("oracle square=%lu\n", oracle_square);
	printf("oracle bail=%lu\n", oracle_bail);
	printf("oracle scale=%lu\n", oracle_scale);
	printf("oracle outer=%lu\n", oracle_outer);
	printf("oracle inner=%lu\n", oracle_inner);
	printf("oracle twice=%lu\n", oracle_twice);
	printf("oracle guard=%lu\n", oracle_guard);
	printf("oracle op=%lu\n", oracle_op);
#endif
	return 0;
}
