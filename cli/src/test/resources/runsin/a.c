/* gcc -O2 -g a.c b.c: callerA holds an inlined copy of inner; the pointer keeps an out-of-line copy. */
#include <stdio.h>
#include <stdlib.h>
#include "s.h"

long calls_a, calls_kept;
void (*volatile keep)(struct S *, int) = inner;

__attribute__((noinline)) void callerA(struct S *s, int v)
{
    inner(s, v);
    calls_a++; /* after the copy: with the store last, gcc -O2 gives the inlined copy an empty range */
}

/* A second name for callerA's code: klas names the address by it (FunctionSymbols prefers it), DWARF by callerA. */
extern void aliasA(struct S *s, int v) __attribute__((alias("callerA")));

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 3;
    struct S s = {0, 0};
    for (int i = 0; i < n; i++) {
        callerA(&s, i);
    }
    callerB_run(&s, n);
    for (int i = 0; i < 2 * n; i++) {
        calls_kept++;
        keep(&s, i);
    }
    extern long calls_b;
    printf("oracle callerA=%ld callerB=%ld kept=%ld m=%d\n", calls_a, calls_b, calls_kept, s.m);
    return 0;
}
