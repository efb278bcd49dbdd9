/* threads.c - 8 threads run set_len() while another thread removes and re-inserts every hook
 * ITER times through klas_unweave()/klas_reweave() (each worker yields every 64 calls: reweaving a
 * jump hook waits until every thread has taken a signal, which otherwise takes scheduler slices). Prints hit and advice counts of the toggling
 * phase and how many toggles changed set_len's first 32 bytes in memory (away from the hooked bytes after
 * unweave, back to them after reweave; expect: all ITER), then the counts of a final phase with the hooks in
 * (expect: advice == hits exactly), then unweaves and prints set_len's first 32 bytes as they are in memory
 * (expect: equal to the file). */
#include "mbuf.h"

#include <dlfcn.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define WORKERS 8
#define FINAL 1000

void set_len(struct mbuf *m, int n);

static volatile int stop;
static long hits[WORKERS];

static long advice_count(void)
{
    long (*count)(void) = (long (*)(void))dlsym(RTLD_DEFAULT, "test_advice_count");
    return count ? count() : -1;
}

static void *worker(void *arg)
{
    long id = (long)arg;
    struct mbuf m = { 0 };
    long n = 0;
    while (!stop) {
        set_len(&m, (int)n);
        if (++n % 64 == 0)
            sched_yield(); /* lets the toggler's quiescing signal reach every worker soon on 2 cores */
    }
    hits[id] = n;
    return 0;
}

static void *final_worker(void *arg)
{
    (void)arg;
    struct mbuf m = { 0 };
    for (int i = 0; i < FINAL; i++)
        set_len(&m, i);
    return 0;
}

static void run(void *(*fn)(void *))
{
    pthread_t t[WORKERS];
    for (long i = 0; i < WORKERS; i++)
        pthread_create(&t[i], 0, fn, (void *)i);
    if (fn == worker) {
        int (*unweave)(void) = (int (*)(void))dlsym(RTLD_DEFAULT, "klas_unweave");
        int (*reweave)(void) = (int (*)(void))dlsym(RTLD_DEFAULT, "klas_reweave");
        extern int toggles;
        unsigned char hooked[32];
        int toggled = 0;
        memcpy(hooked, (const void *)set_len, sizeof hooked);
        for (int k = 0; unweave && k < toggles; k++) {
            if (unweave())
                printf("unweave failed at %d\n", k);
            int out = memcmp((const void *)set_len, hooked, sizeof hooked) != 0;
            sched_yield(); /* let the workers run unhooked code too */
            if (reweave())
                printf("reweave failed at %d\n", k);
            toggled += out && memcmp((const void *)set_len, hooked, sizeof hooked) == 0;
            sched_yield();
        }
        stop = 1;
        printf("toggled %d of %d\n", toggled, toggles);
    }
    for (int i = 0; i < WORKERS; i++)
        pthread_join(t[i], 0);
}

int toggles;

int threads_main(int iterations)
{
    toggles = iterations;
    long before = advice_count();
    run(worker);
    long sum = 0;
    for (int i = 0; i < WORKERS; i++)
        sum += hits[i];
    long during = advice_count() - before;
    printf("toggling hits %ld advice %ld\n", sum, during);
    before = advice_count();
    run(final_worker);
    printf("final hits %d advice %ld\n", WORKERS * FINAL, advice_count() - before);
    int (*unweave)(void) = (int (*)(void))dlsym(RTLD_DEFAULT, "klas_unweave");
    if (unweave)
        unweave();
    printf("bytes set_len ");
    for (int i = 0; i < 32; i++)
        printf("%02x", ((const unsigned char *)(void *)set_len)[i]);
    printf("\n");
    return 0;
}

long blocking_read(int fd, void *buf, long n); /* vec.S */

static int pipe_fds[2];
static long read_result = -100;

static void *reader(void *arg)
{
    char c;
    (void)arg;
    read_result = blocking_read(pipe_fds[0], &c, 1) - 0x1000;
    if (read_result == 1 && c != 'x')
        read_result = -200;
    return 0;
}

/* A thread blocks in read(2) at read_site+4 with the hooks out; the hooks go in; the read completes.
 * Prints "blocked read 1" when the thread came back normally. */
int blocked_main(void)
{
    int (*unweave)(void) = (int (*)(void))dlsym(RTLD_DEFAULT, "klas_unweave");
    int (*reweave)(void) = (int (*)(void))dlsym(RTLD_DEFAULT, "klas_reweave");
    if (pipe(pipe_fds) || !unweave || unweave())
        return 2;
    pthread_t t;
    pthread_create(&t, 0, reader, 0);
    usleep(200000);
    int r = reweave();
    if (write(pipe_fds[1], "x", 1) != 1)
        return 3;
    pthread_join(t, 0);
    printf("reweave %d\nblocked read %ld\n", r, read_result);
    return 0;
}
