/* bench.c - per-hit cost of klas hooks (bench/hooks/run.sh builds and runs it; not a test).
 *   bench calls ITER          call f_0..f_{N-1} round robin (each does one member store), print ns/call
 *   bench trap ITER           a bare int3 -> SIGTRAP handler -> return round trip, ns each
 * fns.S (generated) defines the N functions and the table fns[]. */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct obj { long pad; int len; int count; };

extern void (*const fns[])(struct obj *, int);
extern const long n_fns;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts); /* CPU time: robust to other load on the machine */
    return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static void on_trap(int sig, siginfo_t *si, void *uc)
{
    (void)sig, (void)si, (void)uc;
}

int main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : "calls";
    long iter = argc > 2 ? atol(argv[2]) : 1000000;
    struct obj o = { 0, 0, 0 };
    if (!strcmp(mode, "trap")) {
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_sigaction = on_trap;
        sa.sa_flags = SA_SIGINFO;
        sigaction(SIGTRAP, &sa, 0);
        double t0 = now();
        for (long i = 0; i < iter; i++)
            __asm__ volatile("int3");
        printf("%.1f\n", (now() - t0) / iter);
        return 0;
    }
    long n = n_fns;
    for (long i = 0; i < n; i++) /* warm-up: fault in every page once */
        fns[i](&o, 0);
    double t0 = now();
    long k = 0;
    for (long i = 0; i < iter; i++) {
        fns[k](&o, (int)i);
        if (++k == n)
            k = 0;
    }
    printf("%.2f\n", (now() - t0) / iter);
    return o.count == 0;
}
