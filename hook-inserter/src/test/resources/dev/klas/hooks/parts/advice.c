/* advice.c - a parts table with before/after advice, as the generator emits one (klas_runtime.h ABI 3; the advice names its context: the slow path),
 * compiled with the runtime into libklas-advice.so. Before-advice on pb_add turns the argument 5 into 6;
 * after-advice sums the return values and makes pb_version answer 42. Counts are printed at exit. */
#include "klas_runtime.h"

#include <stdio.h>
#include <string.h>

static long before_n, after_n, retsum;
static const char *last_caller, *last_callee;

KLAS_ADVICE(before_pb)
{
    before_n++;
    last_caller = klas_caller;
    last_callee = klas_callee;
    if (!strcmp(klas_function, "pb_add") && klas_regs->rdi == 5)
        klas_regs->rdi = 6;
}

KLAS_ADVICE(after_pb)
{
    after_n++;
    retsum += (long)(int)klas_retval;
    if (!strcmp(klas_function, "pb_version"))
        klas_retval = 42;
}

static const struct klas_joinpoint jp = { "test", "segment-call(\"main\", \"libpartb*\", \"pb_*\")", 0, 0, 0, 0, 0, 0, 0 };
static const struct klas_segment_call calls[] = { { "main", "libpartb*", "pb_*", &jp, before_pb, after_pb, 0, 0, 0 } };
KLAS_PARTS_TABLE(calls);

__attribute__((visibility("hidden"))) const struct klas_table klas_woven_table = { KLAS_ABI_VERSION, 0, 0 };

__attribute__((destructor)) static void report(void)
{
    printf("advice before=%ld after=%ld retsum=%ld caller=%s callee=%s\n", before_n, after_n, retsum,
           last_caller ? last_caller : "-", last_callee ? last_callee : "-");
    fflush(stdout);
}
