/* target.c - the hooked program. Built (see TargetBuild.java) as
 *   gcc -O0|-O2 -g [-fPIE -pie | -no-pie] [-DKLAS_ORACLE] -o target target.c vec.S -L. -ltouch -ldl -lpthread
 * With -DKLAS_ORACLE it counts its own accesses and prints "oracle NAME COUNT" lines.
 * Modes: count N | access | vector | flags | regs | int3 | raise | threads ITER | blocked | signal | dlopen LIB N | lib N */
#include "mbuf.h"

#include <dlfcn.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

long oracle_set_len, oracle_reset; /* counted only with -DKLAS_ORACLE */
long total;

__attribute__((noinline)) void set_len(struct mbuf *m, int n)
{
#ifdef STALE_CHANGE
    m->m_type = 7; /* the "rebuilt with a change" variant of StaleTest */
#endif
    m->m_len = n; /* expect: set mbuf.m_len */
    ORACLE(oracle_set_len);
    m->m_flags |= n & 3;
    total += n;
}

__attribute__((noinline)) void reset(struct mbuf *m)
{
    ORACLE(oracle_reset);
    m->m_flags = 0;
    m->m_hdr.mh_next = 0;
    total -= 1;
}

static void *sym(const char *name)
{
    return dlsym(RTLD_DEFAULT, name);
}

static long advice_count(void)
{
    long (*count)(void) = (long (*)(void))sym("test_advice_count");
    return count ? count() : -1;
}

static void report(void)
{
#ifdef KLAS_ORACLE
    printf("oracle set_len %ld\noracle reset %ld\n", oracle_set_len, oracle_reset);
#endif
    printf("advice %ld\npid %d\n", advice_count(), (int)getpid());
}

static int count(int n)
{
    struct mbuf m;
    memset(&m, 0, sizeof m);
    for (int i = 0; i < n; i++) {
        if (i % 3 != 1)
            set_len(&m, i);
        if (i % 7 == 0)
            reset(&m);
    }
    return 0;
}

static int access_addr(void)
{
    struct mbuf *m = calloc(3, sizeof *m);
    for (int i = 0; i < 3; i++) {
        printf("target %p member %p\n", (void *)&m[i], (void *)&m[i].m_len);
        fflush(stdout);
        set_len(&m[i], i + 5);
    }
    free(m);
    return 0;
}

int vector_check(void); /* vec.S: 0 when ymm0..ymm15 survived the hook at vec_site */
long flags_roundtrip(long flags); /* vec.S: status flags after the hook at flags_site */

void regs_roundtrip(void); /* vec.S: every general register through the hook at regs_site */
extern long regs_seen[15];

/* Prints "regs intact" when every general register kept its value across the hook. */
static int regs(void)
{
    int bad = 0;
    for (int i = 0; i < 15; i++)
        regs_seen[i] = 0;
    regs_roundtrip();
    for (int i = 0; i < 15; i++) {
        if (regs_seen[i] != (long)(0x5eed000000000000ull + (unsigned long)i + 1)) {
            printf("register %d came out as %#lx\n", i, regs_seen[i]);
            bad = 1;
        }
    }
    printf("regs %s\n", bad ? "CORRUPTED" : "intact");
    return bad;
}

/* Prints "flags intact" when every pattern of CF PF AF ZF SF OF survives the hook. */
static int flags(void)
{
    static const long patterns[] = { 0x8d5, 0, 0x801, 0x0d4, 0x041, 0x880 };
    int bad = 0;
    for (unsigned i = 0; i < sizeof patterns / sizeof patterns[0]; i++) {
        long got = flags_roundtrip(patterns[i]);
        if (got != patterns[i]) {
            printf("flags %#lx came out as %#lx\n", patterns[i], got);
            bad = 1;
        }
    }
    printf("flags %s\n", bad ? "CORRUPTED" : "intact");
    return bad;
}

/* dlopen, call, dlclose, twice: the second mapping must get its hooks again (the first instance's hooks
 * came out with the unmapping). Prints the sum of both instances' oracles. */
static int dlopen_lib(const char *path, int n)
{
    long sum = 0;
    for (int round = 0; round < 2; round++) {
        void *h = dlopen(path, RTLD_NOW);
        if (!h) {
            fprintf(stderr, "dlopen: %s\n", dlerror());
            return 2;
        }
        long (*touch)(struct mbuf *, int) = (long (*)(struct mbuf *, int))dlsym(h, "plug_touch");
        long (*oracle)(void) = (long (*)(void))dlsym(h, "plug_oracle");
        struct mbuf m;
        memset(&m, 0, sizeof m);
        for (int i = 0; i < n; i++)
            touch(&m, i);
        sum += oracle();
        dlclose(h);
    }
    printf("oracle plug_touch %ld\n", sum);
    return 0;
}

static int lib(int n)
{
    struct mbuf m;
    memset(&m, 0, sizeof m);
    long oracle = 0;
    for (int i = 0; i < n; i++)
        oracle = lib_touch(&m, i);
    printf("oracle lib_touch %ld\n", oracle);
    return 0;
}

int threads_main(int iterations);

/* Hooks toggled by the runtime's signal (SIGUSR2 unless built otherwise): 3 rounds of 10 calls,
 * a signal between rounds. expect: advice 20 (rounds 1 and 3). */
static int toggle_by_signal(void)
{
    struct mbuf m;
    memset(&m, 0, sizeof m);
    for (int round = 0; round < 3; round++) {
        for (int i = 0; i < 10; i++)
            set_len(&m, i);
        if (round < 2)
            raise(SIGUSR2);
    }
    return 0;
}
int blocked_main(void);

int main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : "count";
    int r = 0;
    if (!strcmp(mode, "count"))
        r = count(argc > 2 ? atoi(argv[2]) : 1000);
    else if (!strcmp(mode, "access"))
        r = access_addr();
    else if (!strcmp(mode, "vector"))
        printf("vector %s\n", (r = vector_check()) ? "CORRUPTED" : "intact");
    else if (!strcmp(mode, "int3")) /* a trap that is not klas's: expect: killed by SIGTRAP */
        __asm__ volatile("int3");
    else if (!strcmp(mode, "raise")) /* likewise, sent by the program */
        raise(SIGTRAP);
    else if (!strcmp(mode, "flags"))
        r = flags();
    else if (!strcmp(mode, "regs"))
        r = regs();
    else if (!strcmp(mode, "signal"))
        r = toggle_by_signal();
    else if (!strcmp(mode, "blocked"))
        r = blocked_main();
    else if (!strcmp(mode, "threads"))
        r = threads_main(argc > 2 ? atoi(argv[2]) : 1000);
    else if (!strcmp(mode, "dlopen"))
        r = dlopen_lib(argv[2], atoi(argv[3]));
    else if (!strcmp(mode, "lib"))
        r = lib(argc > 2 ? atoi(argv[2]) : 1000);
    report();
    return r;
}
