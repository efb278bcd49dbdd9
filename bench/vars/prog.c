/* bench/vars: the program. fr (this unit, -O2) keeps its 8 variables in registers at the store o->len = a;
 * fs (stk.c, -O0) keeps them in its stack frame. `prog r|s CALLS` prints thread CPU ns per call. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
struct obj { long pad; long len; long n; } __attribute__((aligned(64)));
void fs(struct obj *o, long a, long b, long c, long d, long e);
__attribute__((noinline)) void fr(struct obj *o, long a, long b, long c, long d, long e)
{
    long g = a + b, h = c ^ d;
    __asm__ volatile("" : "+r"(g), "+r"(h)); /* computed before the store, live in registers across it */
    o->len = a;
    __asm__ volatile("" ::: "memory");
    o->n += b + c + d + e + g + h;
}
static struct obj ob;
static double now(void) { struct timespec t; clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t); return t.tv_sec * 1e9 + t.tv_nsec; }
int main(int argc, char **argv)
{
    void (*f)(struct obj *, long, long, long, long, long) = argc > 1 && strcmp(argv[1], "s") == 0 ? fs : fr;
    long calls = argc > 2 ? atol(argv[2]) : 1000000;
    double t0 = now();
    for (long i = 0; i < calls; i++) f(&ob, i, 1, 2, 3, 4);
    printf("%.3f\n", (now() - t0) / calls);
    return 0;
}
