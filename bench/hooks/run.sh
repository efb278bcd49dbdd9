#!/bin/sh
# bench/hooks/run.sh - per-hit cost of klas's user-space hooks for N = 1 .. 10000 hooked functions.
# Usage: bench/hooks/run.sh [N...]      (default 1 10 100 1000 10000; results go to stdout)
# Each function is `movl %esi,8(%rdi); addl $1,12(%rdi); ret` (a hooked member store). For each N:
# unhooked calls, int3 hooks, a bare int3->SIGTRAP round trip, jump hooks (lean and XSAVE paths),
# all with an empty advice, in the same run. Overhead per hit = hooked ns/call - unhooked ns/call.
# Times are thread CPU time (CLOCK_THREAD_CPUTIME_ID), the least of 3 runs.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
rt="$here/../../hook-inserter/src/main/resources/dev/klas/hooks/runtime"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
ns=${*:-1 10 100 1000 10000}

gen_fns() { # N -> fns.S
    awk -v n="$1" 'BEGIN {
        print "    .text"
        for (i = 0; i < n; i++) {
            printf "    .globl f_%d\n    .type f_%d, @function\n    .p2align 4\nf_%d:\n", i, i, i
            print "    movl %esi, 8(%rdi)\n    addl $1, 12(%rdi)\n    ret"
        }
        print "    .section .data.rel.ro,\"aw\"\n    .globl fns\nfns:"
        for (i = 0; i < n; i++) printf "    .quad f_%d\n", i
        printf "    .globl n_fns\nn_fns:\n    .quad %d\n", n
        print "    .section .note.GNU-stack,\"\",@progbits"
    }' > "$work/fns.S"
}

gen_table() { # MECHANISM FLAGS -> hooks.c (sites from nm; bytes as assembled above)
    {
        echo '#include "klas_runtime.h"'
        echo 'KLAS_LEAN KLAS_ADVICE(empty) { }'
        echo 'static const struct klas_joinpoint jp = { "bench", "set(obj.len)", "fns.S", "f", 0, 0, 0 };'
        echo 'static const struct klas_advice adv[] = { { &jp, empty } };'
        echo 'static const struct klas_site sites[] = {'
        nm "$work/bench" | awk -v mech="$1" -v flags="$2" '$3 ~ /^f_[0-9]+$/ {
            if (mech == "KLAS_INT3")
                printf "{ .vaddr = 0x%s, .orig = { 0x89, 0x77, 0x08 }, .orig_len = 3, .mechanism = KLAS_INT3, .n_insns = 1, .insns = { { 3, -1 } }, .flags = %s, .advices = adv, .n_advices = 1 },\n", $1, flags
            else
                printf "{ .vaddr = 0x%s, .orig = { 0x89, 0x77, 0x08, 0x83, 0x47, 0x0c, 0x01 }, .orig_len = 7, .mechanism = KLAS_JUMP, .n_insns = 2, .insns = { { 3, -1 }, { 4, -1 } }, .flags = %s, .advices = adv, .n_advices = 1 },\n", $1, flags
        }'
        echo '};'
        echo 'static const struct klas_object objects[] = { { "main", { 0 }, 0, sites, sizeof sites / sizeof sites[0] } };'
        echo 'KLAS_TABLE(objects);'
    } > "$work/hooks-$1-$2.c"
    gcc -O2 -fPIC -shared -I"$rt" -o "$work/hooks-$1-$2.so" "$work/hooks-$1-$2.c" "$rt"/klas_*.c -ldl -lpthread
}

best() { # PRELOAD ARGS... -> the least of 3 runs (the machine may be shared)
    pre=$1
    shift
    for r in 1 2 3; do LD_PRELOAD="$pre" "$work/bench" "$@"; done | sort -g | head -1
}

printf '%6s %9s %10s %10s %7s %11s %11s\n' N plain_ns int3_ns trap_ns ratio jump_lean jump_xsave
for n in $ns; do
    gen_fns "$n"
    gcc -O2 -o "$work/bench" "$here/bench.c" "$work/fns.S"
    gen_table KLAS_INT3 0
    gen_table KLAS_JUMP 0
    gen_table KLAS_JUMP KLAS_SITE_VECTOR
    plain=$(best "" calls 20000000)
    trapns=$(best "" trap 300000)
    int3=$(best "$work/hooks-KLAS_INT3-0.so" calls 300000)
    lean=$(best "$work/hooks-KLAS_JUMP-0.so" calls 20000000)
    xs=$(best "$work/hooks-KLAS_JUMP-KLAS_SITE_VECTOR.so" calls 5000000)
    awk -v n="$n" -v p="$plain" -v i="$int3" -v t="$trapns" -v l="$lean" -v x="$xs" 'BEGIN {
        printf "%6d %9.2f %10.1f %10.1f %7.2f %11.2f %11.2f\n", n, p, i - p, t, (i - p) / t, l - p, x - p }'
done
echo "columns: ns per call unhooked; per-hit overhead (hooked - unhooked) of int3, jump lean, jump XSAVE;"
echo "trap_ns = bare int3->SIGTRAP->return; ratio = int3 overhead / trap_ns"
