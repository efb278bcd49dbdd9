/* service.c - a multi-threaded service calling libgreet in a loop; its own counters are the oracle.
 *
 *   service THREADS CALLS   each thread makes CALLS calls of greet and greet_pair (0: until "quit")
 *
 * Lines on stdin: "expect V" - every call made from now on (until the next "expect") must be answered
 * by version V (0: no check); a call that spans an "expect" line is not checked;
 * "stats" - print the counters; "quit" - stop the threads, print the counters, exit.
 * Output: "calls=N v1=A v2=B wrong=W mixed=M lost=L notes=K checked=C". wrong: answered by another version
 * than expected; mixed: greet_pair answered half by one version; lost: an answer that isn't the call's;
 * checked: calls whose version was checked against an "expect V" (V > 0), whether right or wrong. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int greet(int x);
long greet_pair(int x);

static long calls, v[3], wrong, mixed, lost, notes, checked;
static int expected, stop;
static unsigned epoch; /* changes with every "expect" line */
static long per_thread;

void service_note(int version)
{
    (void)version;
    __atomic_add_fetch(&notes, 1, __ATOMIC_RELAXED);
}

/* e: the expected version when the call began (read with its epoch ep). The check applies only when the
 * epoch did not change during the call, i.e. the call ran entirely after the "expect" line. */
static void count(int version, int e, unsigned ep)
{
    __atomic_add_fetch(&calls, 1, __ATOMIC_RELAXED);
    __atomic_add_fetch(&v[version >= 1 && version <= 2 ? version : 0], 1, __ATOMIC_RELAXED);
    if (!e || __atomic_load_n(&epoch, __ATOMIC_ACQUIRE) != ep)
        return;
    __atomic_add_fetch(&checked, 1, __ATOMIC_RELAXED);
    if (version != e)
        __atomic_add_fetch(&wrong, 1, __ATOMIC_RELAXED);
}

static void *worker(void *arg)
{
    long id = (long)arg;
    for (long i = 0; !__atomic_load_n(&stop, __ATOMIC_ACQUIRE) && (!per_thread || i < per_thread); i++) {
        int x = (int)((id * 7919 + i) % 1000000);
        unsigned ep = __atomic_load_n(&epoch, __ATOMIC_ACQUIRE);
        int e = __atomic_load_n(&expected, __ATOMIC_ACQUIRE);
        int r = greet(x);
        if (r % 1000000 != x)
            __atomic_add_fetch(&lost, 1, __ATOMIC_RELAXED);
        count(r / 1000000, e, ep);
        ep = __atomic_load_n(&epoch, __ATOMIC_ACQUIRE);
        e = __atomic_load_n(&expected, __ATOMIC_ACQUIRE);
        long p = greet_pair(x);
        if (p % 100 != x % 100)
            __atomic_add_fetch(&lost, 1, __ATOMIC_RELAXED);
        if (p / 1000 != (p / 100) % 10)
            __atomic_add_fetch(&mixed, 1, __ATOMIC_RELAXED);
        count((int)((p / 100) % 10), e, ep);
    }
    return 0;
}

static void stats(void)
{
    printf("calls=%ld v1=%ld v2=%ld wrong=%ld mixed=%ld lost=%ld notes=%ld checked=%ld\n",
           __atomic_load_n(&calls, 0), __atomic_load_n(&v[1], 0), __atomic_load_n(&v[2], 0),
           __atomic_load_n(&wrong, 0), __atomic_load_n(&mixed, 0), __atomic_load_n(&lost, 0),
           __atomic_load_n(&notes, 0), __atomic_load_n(&checked, 0));
    fflush(stdout);
}

int main(int argc, char **argv)
{
    int threads = argc > 1 ? atoi(argv[1]) : 4;
    per_thread = argc > 2 ? atol(argv[2]) : 0;
    pthread_t t[64];
    threads = threads < 1 ? 1 : threads > 64 ? 64 : threads;
    for (long i = 0; i < threads; i++)
        pthread_create(&t[i], 0, worker, (void *)i);
    printf("ready\n");
    fflush(stdout);
    char line[64];
    while (!per_thread && fgets(line, sizeof line, stdin)) {
        if (!strncmp(line, "expect ", 7)) {
            __atomic_store_n(&expected, atoi(line + 7), __ATOMIC_RELEASE);
            __atomic_add_fetch(&epoch, 1, __ATOMIC_ACQ_REL); /* after: a reader seeing the new epoch sees V */
        }
        else if (!strncmp(line, "stats", 5))
            stats();
        else if (!strncmp(line, "quit", 4))
            break;
    }
    if (!per_thread)
        __atomic_store_n(&stop, 1, __ATOMIC_RELEASE);
    for (int i = 0; i < threads; i++)
        pthread_join(t[i], 0);
    stats();
    return 0;
}
