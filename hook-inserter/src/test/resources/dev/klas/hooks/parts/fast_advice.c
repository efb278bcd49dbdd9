/* fast_advice.c - a parts table whose advice names no context, as the generator emits it for such advice
 * (klas_runtime.h ABI 3: a KLAS_FAST variant beside the slow one). Built by PartsFixture.advised per selector
 * list, -DSELECTORS='SEL("main", "libpartb*", "*") ...' and -DVECTOR=0|1. The fast advice counts calls and returns
 * and clobbers every general argument register (gcc's KLAS_FAST saves them); with VECTOR=1 also xmm0-7 before and
 * xmm0-1 after, which the trampoline must then save (KLAS_FAST_VECTOR). The counts are printed at exit: "fast before=B after=A slow=S". */
#include "klas_runtime.h"

#include <stdio.h>

static long before_n, after_n, slow_n;

#define CLOBBER_GPR __asm__ volatile("" ::: "rax", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11", "memory")

static KLAS_FAST void before_fast(void)
{
    __atomic_add_fetch(&before_n, 1, __ATOMIC_RELAXED);
    __asm__ volatile("mov $-1, %%rdi; mov $-1, %%rsi; mov $-1, %%rdx; mov $-1, %%rcx; mov $-1, %%r8; mov $-1, %%r9"
                     ::: "rdi", "rsi", "rdx", "rcx", "r8", "r9");
    CLOBBER_GPR;
#if VECTOR
    __asm__ volatile("pcmpeqd %xmm0, %xmm0; pcmpeqd %xmm1, %xmm1; pcmpeqd %xmm2, %xmm2; pcmpeqd %xmm3, %xmm3;"
                     "pcmpeqd %xmm4, %xmm4; pcmpeqd %xmm5, %xmm5; pcmpeqd %xmm6, %xmm6; pcmpeqd %xmm7, %xmm7");
#endif
}

static KLAS_FAST void after_fast(void)
{
    __atomic_add_fetch(&after_n, 1, __ATOMIC_RELAXED);
    __asm__ volatile("mov $-1, %%rax; mov $-1, %%rdx" ::: "rax", "rdx");
#if VECTOR
    __asm__ volatile("pcmpeqd %xmm0, %xmm0; pcmpeqd %xmm1, %xmm1");
#endif
}

static void before_slow(struct klas_ctx *c)
{
    (void)c;
    __atomic_add_fetch(&before_n, 1, __ATOMIC_RELAXED);
    __atomic_add_fetch(&slow_n, 1, __ATOMIC_RELAXED);
}

static void after_slow(struct klas_ctx *c)
{
    (void)c;
    __atomic_add_fetch(&after_n, 1, __ATOMIC_RELAXED);
}

static const struct klas_joinpoint jp = { "fast", "segment-call", 0, 0, 0, 0, 0, 0, 0 };
#define SEL(from, to, function) \
    { from, to, function, &jp, before_slow, after_slow, before_fast, after_fast, VECTOR ? KLAS_FAST_VECTOR : 0 },
static const struct klas_segment_call calls[] = { SELECTORS };
KLAS_PARTS_TABLE(calls);

__attribute__((visibility("hidden"))) const struct klas_table klas_woven_table = { KLAS_ABI_VERSION, 0, 0 };

__attribute__((destructor)) static void report(void)
{
    printf("fast before=%ld after=%ld slow=%ld\n", before_n, after_n, slow_n);
    fflush(stdout);
}
