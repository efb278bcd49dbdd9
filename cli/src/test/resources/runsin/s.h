/* runsin fixture: a header's inline function, copied by gcc -O2 into the callers of a.c and b.c. */
struct S {
    int m;
    int n;
};

static inline void inner(struct S *s, int v)
{
    s->m = v; /* expect: set S.m, in inner's out-of-line copy (a.c), in callerA (a.c), in callerB's clone (b.c) */
}

void callerB_run(struct S *s, int n);
