/* threads.c - 8 threads run set_len() while another thread removes and re-inserts every hook
 * ITER times through klas_unweave()/klas_reweave(). Prints hit and advice counts of the toggling
 * phase, then of a final phase with the hooks in (expect: advice == hits exactly), then unweaves and
 * prints set_len's first 32 bytes as they are in memory (expect: equal to the file). */
#include "mbuf.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

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
        n++;
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
        for (int k = 0; unweave && k < toggles; k++) {
            if (unweave() || reweave())
                printf("toggle failed at %d\n", k);
        }
        stop = 1;
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
