/* callerB is only called with v = 7: gcc -O2 clones it as callerB.constprop.0, with inner inlined. */
#include "s.h"

long calls_b;

static __attribute__((noinline)) void callerB(struct S *s, int v)
{
    calls_b++;
    inner(s, v * 3);
}

void callerB_run(struct S *s, int n)
{
    for (int i = 0; i < n + 2; i++) {
        callerB(s, 7);
    }
}
