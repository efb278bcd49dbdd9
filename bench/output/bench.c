/* bench.c - cost of one klas_printf call, buffered (the default) against KLAS_OUTPUT=direct (bench/output/run
 * builds it with the runtime and runs it; not a test). The table hooks nothing: each thread calls klas_printf
 * itself, as an advice does, one line of about 30 bytes per call.
 *   bench CALLS THREADS       prints "ns_per_call NS": thread CPU time per call, the mean over the threads */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "klas_runtime.h"

static const struct klas_object objects[] = { { "no-such-object", { 0 }, 0, 0, 0 } };
KLAS_TABLE(objects);

static long calls;

static double cpu_ns(clockid_t c)
{
    struct timespec ts;
    clock_gettime(c, &ts);
    return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static void *worker(void *arg)
{
    double *out = arg, t0 = cpu_ns(CLOCK_THREAD_CPUTIME_ID);
    for (long i = 0; i < calls; i++)
        klas_printf("bench %ld at %s:%d\n", i, "bench.c", 42);
    *out = (cpu_ns(CLOCK_THREAD_CPUTIME_ID) - t0) / calls;
    return 0;
}

int main(int argc, char **argv)
{
    calls = argc > 1 ? atol(argv[1]) : 1000000;
    int threads = argc > 2 ? atoi(argv[2]) : 1;
    if (threads < 1 || threads > 64)
        return 2;
    pthread_t t[64];
    double per[64], sum = 0;
    for (int i = 0; i < threads; i++)
        pthread_create(&t[i], 0, worker, &per[i]);
    for (int i = 0; i < threads; i++) {
        pthread_join(t[i], 0);
        sum += per[i];
    }
    printf("ns_per_call %.1f\n", sum / threads);
    fflush(stdout);
    return 0; /* the exit flush writes what is left: part of the process's time, which run measures */
}
