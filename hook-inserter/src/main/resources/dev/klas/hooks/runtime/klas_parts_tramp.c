/* klas_parts_tramp.c - the trampolines of interposed GOT slots.
 *
 * Each binding has a 64-byte stub of its own (kp_stubs_make):
 *
 *     movabs $bind, %r11;  movabs $klas_parts_entry, %r10;  call *%r10     frame pushed, r10 = 0 or a slow path
 *     test %r10, %r10;  jnz slow
 *     add $8, %rsp;  call *(%r11)                                          the real function
 *     resume: movabs $klas_parts_return, %r10;  jmp *%r10
 *     slow: jmp *%r10
 *
 * The stub runs at the callee's first instruction with the caller's argument registers intact (r10 and
 * r11 are free at a call: SysV ABI 3.2.3, and the PLT itself clobbers r11). klas_parts_entry, the shared
 * fast path, pushes a frame {symbol, rsp, true return address} on the thread's record in the shared
 * table (under its seqlock) and returns to the stub, which drops the return address and calls the real
 * function. Every indirect branch therefore sits in the binding's own stub with one target, so the
 * branch predictor keeps one entry per binding instead of one shared call with N targets, and every
 * return matches its call for the return-stack predictor. klas_parts_return pops the frame and goes
 * back with push+ret. Anything unusual (first call of a thread, stale frames left by longjmp, a full
 * stack, advice, profiling, a swap holding calls) goes to the C slow paths below, which save every
 * argument and return register. */
#define _GNU_SOURCE
#include "klas_internal.h"

#include <linux/futex.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

KLAS_HIDDEN __thread struct kp_thread *klas_parts_self __attribute__((tls_model("initial-exec")));
KLAS_HIDDEN uint32_t klas_parts_profiling;
KLAS_HIDDEN uint64_t kp_hold_longest_ns, kp_hold_calls;
KLAS_HIDDEN uint32_t kp_hold_word;

void klas_parts_entry(void);
void klas_parts_return(void);
void klas_parts_slow0(void);
void klas_parts_slow1(void);

/* The stub's layout (see above); kp_stubs_make writes it, ours() recognises its resume point. */
#define KP_STUB_SIZE 64
#define KP_STUB_RESUME 35

/* Offsets: kp_bind.fn 0, .gate 8, .index 12, .before 16, .after 24; kp_thread.seq 0, .depth 8, .advice 20,
 * .frames 64; frame 48 bytes: symbol 0, flags 4, rsp 8, ret 16. */
#define KP_STR(x) #x
#define KP_XSTR(x) KP_STR(x)
#define KP_BIND_SIZE KP_XSTR(KP_BIND_BYTES)
_Static_assert(sizeof(struct kp_bind) == KP_BIND_BYTES, "KP_BIND_BYTES");
_Static_assert(offsetof(struct kp_bind, before) == 16 && offsetof(struct kp_bind, after) == 24, "kp_bind");
_Static_assert(offsetof(struct kp_thread, advice) == 20 && offsetof(struct kp_thread, frames) == 64, "kp_thread");
__asm__(
    "    .text\n"
    "    .globl klas_parts_entry\n"
    "    .hidden klas_parts_entry\n"
    "    .type klas_parts_entry,@function\n"
    "klas_parts_entry:\n"                 /* called by the stub: 0(%rsp) stub, 8(%rsp) the caller's return */
    "    movq klas_parts_self@gottpoff(%rip), %r10\n"
    "    movq %fs:(%r10), %r10\n"
    "    testq %r10, %r10\n"
    "    jz .Lkp_noself\n"
    "    pushq %rax\n"
    "    pushq %rcx\n"
    "    movl 8(%r10), %eax\n"             /* depth */
    "    cmpl $" "256" ", %eax\n"
    "    jae .Lkp_full\n"
    "    leaq (%rax,%rax,2), %rcx\n"
    "    shlq $4, %rcx\n"
    "    leaq 64(%r10,%rcx), %rcx\n"       /* rcx = &frames[depth] */
    "    testl %eax, %eax\n"
    "    jz 1f\n"
    "    leaq 24(%rsp), %rax\n"            /* entry rsp */
    "    cmpq %rax, -40(%rcx)\n"           /* frames[depth-1].rsp must be above it */
    "    jbe .Lkp_full\n"
    "1:  incl (%r10)\n"                    /* seq odd */
    "    incl 8(%r10)\n"                   /* depth++ first: a signal handler nests above */
    "    movl 12(%r11), %eax\n"
    "    movl %eax, (%rcx)\n"              /* symbol */
    "    movl $0, 4(%rcx)\n"
    "    leaq 24(%rsp), %rax\n"
    "    movq %rax, 8(%rcx)\n"             /* rsp */
    "    movq 24(%rsp), %rax\n"
    "    movq %rax, 16(%rcx)\n"            /* true return address */
    "    incl (%r10)\n"                    /* seq even */
    "    movl 8(%r11), %eax\n"             /* gate, read after the frame is pushed (swap: Dekker with membarrier) */
    "    orl klas_parts_profiling(%rip), %eax\n"
    "    jnz .Lkp_gated\n"
    ".Lkp_go:\n"
    "    popq %rcx\n"
    "    popq %rax\n"
    "    xorl %r10d, %r10d\n"              /* fast: the stub drops the return address and calls */
    "    ret\n"
    ".Lkp_gated:\n"                       /* fast advice (KLAS_FAST: keeps every general register) */
    "    cmpl $0, klas_parts_profiling(%rip)\n"
    "    jne .Lkp_pushed\n"
    "    testl $" "3" ", %eax\n"            /* KP_GATE_ADVICE | KP_GATE_HOLD: the slow path */
    "    jnz .Lkp_pushed\n"
    "    cmpl $0, 20(%r10)\n"             /* made from inside advice: no advice */
    "    jne .Lkp_go\n"
    "    cmpq $0, 24(%r11)\n"
    "    je 2f\n"
    "    movl $" "2" ", 4(%rcx)\n"          /* KP_FRAME_AFTER: the return runs the after-advice */
    "2:  movq 16(%r11), %rcx\n"
    "    testq %rcx, %rcx\n"
    "    jz .Lkp_go\n"
    "    movl $1, 20(%r10)\n"              /* in advice */
    "    testl $" "8" ", %eax\n"            /* KP_GATE_VECTOR */
    "    jnz 3f\n"
    "    call *%rcx\n"                     /* rsp = 0 mod 16 here */
    "    movl $0, 20(%r10)\n"
    "    jmp .Lkp_go\n"
    "3:  subq $128, %rsp\n"
    "    movups %xmm0, 0(%rsp)\n"
    "    movups %xmm1, 16(%rsp)\n"
    "    movups %xmm2, 32(%rsp)\n"
    "    movups %xmm3, 48(%rsp)\n"
    "    movups %xmm4, 64(%rsp)\n"
    "    movups %xmm5, 80(%rsp)\n"
    "    movups %xmm6, 96(%rsp)\n"
    "    movups %xmm7, 112(%rsp)\n"
    "    call *%rcx\n"
    "    movups 0(%rsp), %xmm0\n"
    "    movups 16(%rsp), %xmm1\n"
    "    movups 32(%rsp), %xmm2\n"
    "    movups 48(%rsp), %xmm3\n"
    "    movups 64(%rsp), %xmm4\n"
    "    movups 80(%rsp), %xmm5\n"
    "    movups 96(%rsp), %xmm6\n"
    "    movups 112(%rsp), %xmm7\n"
    "    addq $128, %rsp\n"
    "    movl $0, 20(%r10)\n"
    "    jmp .Lkp_go\n"
    ".Lkp_pushed:\n"
    "    popq %rcx\n"
    "    popq %rax\n"
    "    leaq klas_parts_slow1(%rip), %r10\n"
    "    ret\n"
    ".Lkp_full:\n"
    "    popq %rcx\n"
    "    popq %rax\n"
    ".Lkp_noself:\n"
    "    leaq klas_parts_slow0(%rip), %r10\n"
    "    ret\n"
    "    .size klas_parts_entry, .-klas_parts_entry\n"
    "\n"
    "    .globl klas_parts_slow0\n"
    "    .hidden klas_parts_slow0\n"
    "    .type klas_parts_slow0,@function\n"
    "    .globl klas_parts_slow1\n"
    "    .hidden klas_parts_slow1\n"
    "klas_parts_slow0:\n"                 /* from the stub, rsp = entry rsp; no frame pushed */
    "    xorl %r10d, %r10d\n"
    "    jmp .Lkp_slow\n"
    "klas_parts_slow1:\n"                 /* this call's frame is pushed */
    "    movl $1, %r10d\n"
    ".Lkp_slow:\n"                         /* rsp = entry rsp = 8 mod 16 */
    "    subq $280, %rsp\n"                /* struct klas_registers (144) + xmm0-7 (128) + 8 */
    "    movq %rax, 0(%rsp)\n"
    "    movq %rcx, 8(%rsp)\n"
    "    movq %rdx, 16(%rsp)\n"
    "    movq %rbx, 24(%rsp)\n"
    "    leaq 280(%rsp), %rax\n"
    "    movq %rax, 32(%rsp)\n"
    "    movq %rbp, 40(%rsp)\n"
    "    movq %rsi, 48(%rsp)\n"
    "    movq %rdi, 56(%rsp)\n"
    "    movq %r8, 64(%rsp)\n"
    "    movq %r9, 72(%rsp)\n"
    "    movq %r10, 80(%rsp)\n"
    "    movq %r11, 88(%rsp)\n"
    "    movq %r12, 96(%rsp)\n"
    "    movq %r13, 104(%rsp)\n"
    "    movq %r14, 112(%rsp)\n"
    "    movq %r15, 120(%rsp)\n"
    "    movq $0, 128(%rsp)\n"
    "    movq $0, 136(%rsp)\n"
    "    movups %xmm0, 144(%rsp)\n"
    "    movups %xmm1, 160(%rsp)\n"
    "    movups %xmm2, 176(%rsp)\n"
    "    movups %xmm3, 192(%rsp)\n"
    "    movups %xmm4, 208(%rsp)\n"
    "    movups %xmm5, 224(%rsp)\n"
    "    movups %xmm6, 240(%rsp)\n"
    "    movups %xmm7, 256(%rsp)\n"
    "    movq %r11, %rdi\n"
    "    movq %rsp, %rsi\n"
    "    movl %r10d, %edx\n"
    "    leaq 280(%rsp), %rcx\n"
    "    call kp_slow_enter\n"
    "    movq %rax, %r11\n"
    "    movups 144(%rsp), %xmm0\n"
    "    movups 160(%rsp), %xmm1\n"
    "    movups 176(%rsp), %xmm2\n"
    "    movups 192(%rsp), %xmm3\n"
    "    movups 208(%rsp), %xmm4\n"
    "    movups 224(%rsp), %xmm5\n"
    "    movups 240(%rsp), %xmm6\n"
    "    movups 256(%rsp), %xmm7\n"
    "    movq 0(%rsp), %rax\n"
    "    movq 8(%rsp), %rcx\n"
    "    movq 16(%rsp), %rdx\n"
    "    movq 48(%rsp), %rsi\n"
    "    movq 56(%rsp), %rdi\n"
    "    movq 64(%rsp), %r8\n"
    "    movq 72(%rsp), %r9\n"
    "    addq $280, %rsp\n"
    "    jmp *%r11\n"
    "    .size klas_parts_slow0, .-klas_parts_slow0\n"
    "\n"
    "    .globl klas_parts_return\n"
    "    .hidden klas_parts_return\n"
    "    .type klas_parts_return,@function\n"
    "klas_parts_return:\n"                 /* rax, rdx, xmm0, xmm1 hold the return value */
    "    pushq %rax\n"                     /* now rsp = the callee's entry rsp */
    "    movq klas_parts_self@gottpoff(%rip), %r10\n"
    "    movq %fs:(%r10), %r10\n"
    "    testq %r10, %r10\n"
    "    jz .Lkp_rslow\n"
    "    movl 8(%r10), %eax\n"
    "    subl $1, %eax\n"
    "    jb .Lkp_rslow\n"
    "    leaq (%rax,%rax,2), %r11\n"
    "    shlq $4, %r11\n"
    "    leaq 64(%r10,%r11), %r11\n"       /* top frame */
    "    cmpq %rsp, 8(%r11)\n"
    "    jne .Lkp_rslow\n"
    "    testl $" "3" ", 4(%r11)\n"          /* KP_FRAME_SLOW | KP_FRAME_AFTER */
    "    jnz .Lkp_rflag\n"
    "    movq 16(%r11), %r11\n"
    "    incl (%r10)\n"
    "    decl 8(%r10)\n"
    "    incl (%r10)\n"
    "    movq (%rsp), %rax\n"
    "    movq %r11, (%rsp)\n"
    "    ret\n"
    ".Lkp_rflag:\n"                       /* fast after-advice; rcx, rsi, rdi, r8, r9 are free at a return */
    "    testl $1, 4(%r11)\n"
    "    jnz .Lkp_rslow\n"
    "    movl (%r11), %ecx\n"
    "    movq 16(%r11), %rsi\n"
    "    incl (%r10)\n"
    "    decl 8(%r10)\n"
    "    incl (%r10)\n"
    "    imulq $" KP_BIND_SIZE ", %rcx, %rcx\n"
    "    addq kp_binds(%rip), %rcx\n"
    "    movq (%rsp), %rax\n"
    "    movq %rsi, (%rsp)\n"             /* the true return address; rsp = entry rsp = 8 mod 16 */
    "    movl $1, 20(%r10)\n"
    "    testl $" "8" ", 8(%rcx)\n"         /* KP_GATE_VECTOR */
    "    jnz 4f\n"
    "    subq $8, %rsp\n"
    "    call *24(%rcx)\n"
    "    addq $8, %rsp\n"
    "    movl $0, 20(%r10)\n"
    "    ret\n"
    "4:  subq $40, %rsp\n"
    "    movups %xmm0, 0(%rsp)\n"
    "    movups %xmm1, 16(%rsp)\n"
    "    call *24(%rcx)\n"
    "    movups 0(%rsp), %xmm0\n"
    "    movups 16(%rsp), %xmm1\n"
    "    addq $40, %rsp\n"
    "    movl $0, 20(%r10)\n"
    "    ret\n"
    ".Lkp_rslow:\n"
    "    popq %rax\n"                      /* rsp = entry rsp + 8 = 0 mod 16 */
    "    subq $48, %rsp\n"
    "    movq %rax, 0(%rsp)\n"
    "    movq %rdx, 8(%rsp)\n"
    "    movups %xmm0, 16(%rsp)\n"
    "    movups %xmm1, 32(%rsp)\n"
    "    movq %rsp, %rdi\n"
    "    leaq 40(%rsp), %rsi\n"            /* the entry rsp of the returning call */
    "    call kp_slow_return\n"
    "    movq %rax, %r11\n"
    "    movq 0(%rsp), %rax\n"
    "    movq 8(%rsp), %rdx\n"
    "    movups 16(%rsp), %xmm0\n"
    "    movups 32(%rsp), %xmm1\n"
    "    addq $48, %rsp\n"
    "    jmp *%r11\n"
    "    .size klas_parts_return, .-klas_parts_return\n");

static struct kp_frame *top(struct kp_thread *t)
{
    return t->depth ? &t->frames[t->depth - 1] : 0;
}

static void pop(struct kp_thread *t)
{
    __atomic_store_n(&t->seq, t->seq + 1, __ATOMIC_RELEASE);
    t->depth--;
    __atomic_store_n(&t->seq, t->seq + 1, __ATOMIC_RELEASE);
}

static void push(struct kp_thread *t, struct kp_bind *b, uint64_t *entry)
{
    __atomic_store_n(&t->seq, t->seq + 1, __ATOMIC_RELEASE);
    struct kp_frame *f = &t->frames[t->depth++];
    f->symbol = b->index;
    f->flags = 0;
    f->rsp = (uint64_t)(uintptr_t)entry;
    f->ret = *entry;
    f->t_enter = 0;
    f->child_ns = 0;
    *entry = (uint64_t)(uintptr_t)klas_parts_return;
    __atomic_store_n(&t->seq, t->seq + 1, __ATOMIC_RELEASE);
}

/* A return slot that leads to klas_parts_return: the slow path's, or a stub's resume point (recognised
 * by its bytes, `movabs $klas_parts_return, %r10; jmp *%r10`, after `call *(%r11)`). */
static int ours(uint64_t ret)
{
    if (ret == (uint64_t)(uintptr_t)klas_parts_return)
        return 1;
    const uint8_t *p = (const uint8_t *)(uintptr_t)ret;
    uint64_t to;
    if (ret < 3 || p[-3] != 0x41 || p[-2] != 0xff || p[-1] != 0x13 || p[0] != 0x49 || p[1] != 0xba)
        return 0;
    memcpy(&to, p + 2, 8);
    return to == (uint64_t)(uintptr_t)klas_parts_return && p[10] == 0x41 && p[11] == 0xff && p[12] == 0xe2;
}

/* Frames whose callee's stack frame lies below `entry` were left without a return (longjmp,
 * exceptions); one at exactly `entry` is kept only when it is a tail call (its return slot still
 * leads to klas_parts_return). */
static void drop_stale(struct kp_thread *t, uint64_t *entry, int at_return)
{
    struct kp_frame *f;
    while ((f = top(t)) && (f->rsp < (uint64_t)(uintptr_t)entry ||
                            (!at_return && f->rsp == (uint64_t)(uintptr_t)entry && !ours(*entry)))) {
        pop(t);
        t->stale++;
    }
}

static int inside(struct kp_thread *t, uint32_t seg, uint32_t below)
{
    for (uint32_t k = 0; k < below; k++)
        if (kp_binds[t->frames[k].symbol].to == seg)
            return 1;
    return 0;
}

static void hold(struct kp_thread *t, struct kp_bind *b)
{
    uint64_t t0 = klas_now_ns();
    struct kp_seg_rec *seg = kp_seg_rec(b->to);
    __atomic_store_n(&t->held, b->index + 1, __ATOMIC_RELEASE);
    __atomic_add_fetch(&seg->held, 1, __ATOMIC_RELAXED);
    while (__atomic_load_n(&b->gate, __ATOMIC_ACQUIRE) & KP_GATE_HOLD) {
        uint32_t w = __atomic_load_n(&kp_hold_word, __ATOMIC_ACQUIRE);
        if (!(__atomic_load_n(&b->gate, __ATOMIC_ACQUIRE) & KP_GATE_HOLD))
            break;
        struct timespec ts = { 0, 20 * 1000 * 1000 };
        syscall(SYS_futex, &kp_hold_word, FUTEX_WAIT_PRIVATE, w, &ts, 0, 0);
    }
    __atomic_sub_fetch(&seg->held, 1, __ATOMIC_RELAXED);
    __atomic_store_n(&t->held, 0, __ATOMIC_RELEASE);
    uint64_t d = klas_now_ns() - t0, m = __atomic_load_n(&kp_hold_longest_ns, __ATOMIC_RELAXED);
    while (d > m && !__atomic_compare_exchange_n(&kp_hold_longest_ns, &m, d, 0, __ATOMIC_RELAXED, __ATOMIC_RELAXED))
        ;
    __atomic_add_fetch(&kp_hold_calls, 1, __ATOMIC_RELAXED);
}

static void run_advice(struct kp_thread *t, struct kp_bind *b, struct klas_registers *r, uint64_t *retval,
                       int after)
{
    if (t->advice)
        return;
    t->advice = 1;
    struct klas_ctx c = { 0 };
    c.regs = r;
    c.address = b->fn;
    c.bias = kp_segs[b->to].base;
    c.retval = retval ? *retval : 0;
    c.caller = kp_segs[b->from].name;
    c.callee = kp_segs[b->to].name;
    c.function = b->name;
    for (uint32_t i = 0; i < b->n_adv; i++) {
        void (*fn)(struct klas_ctx *) = after ? b->adv[i]->after : b->adv[i]->before;
        c.jp = b->adv[i]->jp;
        if (fn)
            fn(&c);
    }
    if (retval)
        *retval = c.retval;
    t->advice = 0;
}

/* Called from klas_parts_entry with the argument registers saved in r; entry points at the return
 * address. pushed: the fast path already pushed this call's frame. Returns the function to jump to. */
KLAS_HIDDEN uint64_t kp_slow_enter(struct kp_bind *b, struct klas_registers *r, int pushed, uint64_t *entry)
{
    struct kp_thread *t = klas_parts_self;
    if (!t && !(t = kp_thread_new()))
        return b->fn; /* no free thread record: the call goes through unrecorded */
    for (;;) {
        if (!pushed) {
            drop_stale(t, entry, 0);
            if (t->depth >= KP_FRAME_MAX) {
                t->overflow++;
                return b->fn;
            }
            push(t, b, entry);
        }
        else
            *entry = (uint64_t)(uintptr_t)klas_parts_return; /* the fast path kept it and meant to call */
        pushed = 0;
        if (!(__atomic_load_n(&b->gate, __ATOMIC_ACQUIRE) & KP_GATE_HOLD) || inside(t, b->to, t->depth - 1))
            break;
        *entry = top(t)->ret; /* held: this call is not inside the segment yet */
        pop(t);
        hold(t, b);
    }
    struct kp_frame *f = top(t);
    f->flags |= KP_FRAME_SLOW; /* entered with jmp: returns through the slow path, not push+ret */
    f->t_enter = 0;
    f->child_ns = 0;
    if (__atomic_load_n(&klas_parts_profiling, __ATOMIC_RELAXED)) {
        f->flags |= KP_FRAME_SLOW;
        f->t_enter = klas_now_ns();
        __atomic_add_fetch(&b->rec->calls, 1, __ATOMIC_RELAXED);
    }
    if (b->n_adv) {
        f->flags |= KP_FRAME_SLOW;
        run_advice(t, b, r, 0, 0);
    }
    r->rip = b->fn;
    return __atomic_load_n(&b->fn, __ATOMIC_ACQUIRE);
}

/* Called from klas_parts_return: saved = {rax, rdx, xmm0, xmm1}; entry = the returning call's entry
 * rsp. Returns the caller's true return address. */
KLAS_HIDDEN uint64_t kp_slow_return(uint64_t *saved, uint64_t *entry)
{
    struct kp_thread *t = klas_parts_self;
    if (t)
        drop_stale(t, entry, 1);
    struct kp_frame *f = t ? top(t) : 0;
    if (!f || f->rsp != (uint64_t)(uintptr_t)entry) {
        klas_msg("parts: a return through the trampoline has no frame (stack switched?); aborting");
        abort();
    }
    uint64_t ret = f->ret;
    struct kp_bind *b = &kp_binds[f->symbol];
    if (f->t_enter) {
        uint64_t d = klas_now_ns() - f->t_enter, child = f->child_ns;
        __atomic_add_fetch(&b->rec->total_ns, d, __ATOMIC_RELAXED);
        __atomic_add_fetch(&b->rec->self_ns, d > child ? d - child : 0, __ATOMIC_RELAXED);
        __atomic_add_fetch(&b->rec->returns, 1, __ATOMIC_RELAXED);
        if (t->depth > 1)
            t->frames[t->depth - 2].child_ns += d;
    }
    pop(t);
    if (b->n_adv) {
        struct klas_registers r = { 0 };
        r.rax = saved[0];
        r.rdx = saved[1];
        r.rsp = (uint64_t)(uintptr_t)(entry + 1);
        r.rip = ret;
        run_advice(t, b, &r, &saved[0], 1);
    }
    return ret;
}

/* Writes n stubs for bindings first..first+n-1 into fresh executable memory; out[i] = stub address. */
KLAS_HIDDEN int kp_stubs_make(uint32_t first, uint32_t n, uint64_t *out)
{
    size_t len = ((size_t)n * KP_STUB_SIZE + 4095) & ~(size_t)4095;
    uint8_t *p = mmap(0, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        return -1;
    memset(p, 0xcc, len);
    uint64_t entry = (uint64_t)(uintptr_t)klas_parts_entry, back = (uint64_t)(uintptr_t)klas_parts_return;
    for (uint32_t i = 0; i < n; i++) {
        uint8_t *s = p + (size_t)i * KP_STUB_SIZE;
        uint64_t bind = (uint64_t)(uintptr_t)&kp_binds[first + i];
        s[0] = 0x49, s[1] = 0xbb; /* movabs $bind, %r11 */
        memcpy(s + 2, &bind, 8);
        s[10] = 0x49, s[11] = 0xba; /* movabs $klas_parts_entry, %r10 */
        memcpy(s + 12, &entry, 8);
        s[20] = 0x41, s[21] = 0xff, s[22] = 0xd2; /* call *%r10 */
        s[23] = 0x4d, s[24] = 0x85, s[25] = 0xd2; /* test %r10, %r10 */
        s[26] = 0x75, s[27] = 48 - 28;            /* jnz slow */
        s[28] = 0x48, s[29] = 0x83, s[30] = 0xc4, s[31] = 0x08; /* add $8, %rsp */
        s[32] = 0x41, s[33] = 0xff, s[34] = 0x13; /* call *(%r11) */
        s[KP_STUB_RESUME] = 0x49, s[36] = 0xba;   /* resume: movabs $klas_parts_return, %r10 */
        memcpy(s + 37, &back, 8);
        s[45] = 0x41, s[46] = 0xff, s[47] = 0xe2; /* jmp *%r10 */
        s[48] = 0x41, s[49] = 0xff, s[50] = 0xe2; /* slow: jmp *%r10 */
        out[i] = (uint64_t)(uintptr_t)s;
    }
    if (mprotect(p, len, PROT_READ | PROT_EXEC)) {
        munmap(p, len);
        return -1;
    }
    return 0;
}

KLAS_HIDDEN void kp_profile_set(int on)
{
    if (!kp_hdr)
        return;
    if (on && !klas_parts_profiling)
        kp_hdr->profile_ns = klas_now_ns();
    __atomic_store_n(&klas_parts_profiling, on ? 1u : 0u, __ATOMIC_RELEASE);
    if (on)
        __atomic_or_fetch(&kp_hdr->flags, KP_HDR_PROFILING, __ATOMIC_RELEASE);
    else
        __atomic_and_fetch(&kp_hdr->flags, ~KP_HDR_PROFILING, __ATOMIC_RELEASE);
}
