/* calls.c - recursion, a value-returning callee, a function left by longjmp, a double result. */
#include "calls.h"

#include <pthread.h>
#include <setjmp.h>
#include <stdlib.h>

jmp_buf klas_sample_env;
volatile long sink; /* keeps fib's recursive calls out of tail position (no accumulator loop at -O2) */

#ifdef KLAS_ORACLE
unsigned long oracle_fib, oracle_square, oracle_bail, oracle_scale, oracle_outer, oracle_inner, oracle_twice,
	oracle_guard, oracle_op;
#endif

KEEP long fib(long n)
{
	long r = n;
	if (n >= 2)
		r = fib(n - 1) + fib(n - 2);
	sink = r;
	ORACLE(oracle_fib); /* every call of fib returns */
	return r;
}

KEEP long square(long x)
{
	ORACLE(oracle_square);
	return x * x;
}

/* Recurses `depth` times; with `jump` the innermost call longjmps out past every bail frame. */
KEEP int bail(int depth, int jump)
{
	int r = 0;
	if (depth > 0)
		r = bail(depth - 1, jump) + 1;
	else if (jump)
		longjmp(klas_sample_env, 1);
	sink = r;
	ORACLE(oracle_bail); /* counted only for calls that return */
	return r;
}

KEEP double scale(double x)
{
	ORACLE(oracle_scale);
	return x * 2.5;
}

/* Recurses `depth` times, then ends the calling thread from the innermost call: no quit call returns. */
KEEP int quit(int depth)
{
	int r = 0;
	if (depth > 0)
		r = quit(depth - 1) + 1;
	else
		pthread_exit((void *)7);
	sink = r;
	return r;
}

KEEP long inner(long x)
{
	ORACLE(oracle_inner);
	sink = x;
	return x * 10;
}

/* At -O2 a sibling call: inner returns straight to outer's caller. */
KEEP long outer(long x)
{
	ORACLE(oracle_outer);
	return inner(x + 1);
}

/* Returned in rax:rdx. */
KEEP struct pair twice(long x)
{
	struct pair p = { x, 2 * x };
	ORACLE(oracle_twice);
	return p;
}

/* Calls bail, which longjmps back here past its four frames; then guard returns normally. */
KEEP int guard(void)
{
	if (!setjmp(klas_sample_env))
		bail(3, 1);
	ORACLE(oracle_guard);
	sink = 42;
	return 42;
}

KEEP long negate(long x)
{
	ORACLE(oracle_op);
	return -x;
}

static struct ops ops = { negate };
struct ops *volatile klas_ops = &ops; /* volatile: the call through op stays indirect */

KEEP void die(int code)
{
	exit(code);
}

/* The call of die never returns: the instruction after it is another path's (-O0) or outside checked (-O2). */
KEEP long checked(long x)
{
	if (x < 0)
		die(3);
	return x + 1;
}
