/* calls.h - the functions whose returns the after-user sample's aspects watch. */
#ifndef CALLS_H
#define CALLS_H

#define KEEP __attribute__((noipa)) /* one symbol per function, called as written (no clones, no inlining) */

#ifdef KLAS_ORACLE
extern unsigned long oracle_fib, oracle_square, oracle_bail, oracle_scale, oracle_outer, oracle_inner, oracle_twice,
	oracle_guard, oracle_op;
#define ORACLE(c) __atomic_add_fetch(&(c), 1, __ATOMIC_RELAXED)
#else
#define ORACLE(c) ((void)0)
#endif

KEEP long fib(long n);
KEEP long square(long x);
KEEP int bail(int depth, int jump);
KEEP double scale(double x);
KEEP int quit(int depth);
KEEP long inner(long x);
KEEP long outer(long x);

struct pair {
	long a, b;
};
KEEP struct pair twice(long x);
KEEP int guard(void);

struct ops {
	long (*op)(long);
};
KEEP long negate(long x);
KEEP __attribute__((noreturn)) void die(int code);
KEEP long checked(long x);
extern struct ops *volatile klas_ops;

#endif
