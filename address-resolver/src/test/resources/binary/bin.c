/*
 * BinaryTest's fixture, with bin2.c and bin3.c: gcc OPT -g -fPIC -shared -o libbin.so bin.c bin2.c bin3.c (OPT -O0
 * and -O2), then strip --strip-all, objcopy --only-keep-debug and objcopy --strip-all --keep-section=.debug_* (a
 * debug file without symbols) for the split-debug cases.
 * scale and halve are always called with one constant (-O2: scale.constprop.0, halve.constprop.0: two clones whose
 * names have the same length), pick reads one member (-O2: pick.isra.0); fp_* are prologues that do and do not
 * set up %rbp; abort is an undefined function symbol; struct pair is laid out differently in bin2.c.
 */
#include <stdlib.h>

struct big { long a, b, c, d; };
struct pair { long b; int a; };

static __attribute__((noinline)) long scale(long x, long k) { return x * k + (x >> 3); }
static __attribute__((noinline)) long halve(long x, long k) { return x / k - (x >> 5); }
long use_scale(long x) { return scale(x, 7) + scale(x + 1, 7) + halve(x, 2) + halve(x, 2); }
static __attribute__((noinline)) long pick(struct big *p) { return p->c * 3; }
long use_pick(struct big *p) { return pick(p) + pick(p + 1); }
long check(long x) { if (x < 0) abort(); return x * 2; }
long pair_b1(struct pair *p) { return p->b; }

__attribute__((naked)) void fp_plain(void) { __asm__("push %rbp\n\tmov %rsp,%rbp\n\tpop %rbp\n\tret"); }
__attribute__((naked)) void fp_rbx(void) { __asm__("push %rbp\n\tmov %rsp,%rbx\n\tpop %rbp\n\tret"); }
__attribute__((naked)) void fp_r13(void) { __asm__("mov %rsp,%r13\n\tret"); }
__attribute__((naked)) void fp_load(void) { __asm__("{load} mov %rbp,%rsp\n\tret"); }
__attribute__((naked)) void fp_late(void) { __asm__(".fill 16,1,0x90\n\tmov %rsp,%rbp\n\tret"); }

int counter_table[16];
