/* klas_return.c - after-advice on function entry sites (KLAS_SITE_ENTRY). At the hooked entry the return
 * address at [rsp] is swapped for klas_return_tramp and the true one kept on a per-thread return stack
 * together with the rsp it was found at. When the function returns into the trampoline, the registers are
 * saved (general ones as a struct klas_registers, vector and x87 state with XSAVE or FXSAVE), the frame is
 * popped, its after-advices run with klas_retval = rax, and the trampoline goes on to the true address.
 *
 * Frames whose rsp lies below the returning one belong to functions that never returned (longjmp, or a
 * thread unwound past them): they are dropped. A function entered by a tail call from a hooked function
 * finds the trampoline already at [rsp]; its frame keeps the trampoline as return address, and both
 * frames' after-advices run, innermost first, at the one return. A full stack (KLAS_RETURN_DEPTH) skips the
 * after-advice of that call and counts it; the count is printed at exit. The stack is initial-exec TLS,
 * which a signal handler may touch (no allocation, no lock) and which goes away with its thread.
 * Lean jump sites (no KLAS_SITE_VECTOR: advice compiled general-regs-only) return through
 * klas_return_tramp_lean, which saves no vector state (about 0.4 us per return less here).
 * Inside an after-advice, regs->rip is the address the function returns to, regs->rsp the rsp after it. */
#define _GNU_SOURCE
#include "klas_internal.h"

#include <cpuid.h>
#include <errno.h>
#include <stdlib.h>

#ifndef KLAS_RETURN_DEPTH
#define KLAS_RETURN_DEPTH 128
#endif
#define NEAR (1ull << 20) /* stale frames lie within this distance below the live one (same stack) */

struct frame {
    uint64_t ret;  /* the true return address (or klas_return_tramp: a tail-called function) */
    uint64_t rsp;  /* rsp at the hooked entry: where the return address was */
    const struct klas_site *site;
    uint64_t addr, bias;
};

struct stack {
    uint32_t depth;
    struct frame f[KLAS_RETURN_DEPTH];
};

static __thread struct stack stack __attribute__((tls_model("initial-exec")));
static uint64_t skipped;

KLAS_HIDDEN uint32_t klas_return_xsize = 512;
KLAS_HIDDEN uint8_t klas_return_xsave;
extern char klas_return_tramp[] KLAS_HIDDEN;      /* saves vector and x87 state around the after-advice */
extern char klas_return_tramp_lean[] KLAS_HIDDEN; /* lean jump sites: the advice keeps to general registers */

#define BARRIER() __asm__ __volatile__("" ::: "memory")

static KLAS_LEAN int stale(uint64_t frame_rsp, uint64_t live_rsp)
{
    return frame_rsp <= live_rsp && live_rsp - frame_rsp < NEAR;
}

static KLAS_LEAN int tramp(uint64_t a)
{
    return a == (uint64_t)(uintptr_t)klas_return_tramp || a == (uint64_t)(uintptr_t)klas_return_tramp_lean;
}

KLAS_HIDDEN KLAS_LEAN void klas_return_arm(struct klas_hook *h, struct klas_registers *r)
{
    struct stack *st = &stack;
    uint64_t *slot = (uint64_t *)(uintptr_t)r->rsp;
    uint64_t ret = *slot;
    uint32_t n = st->depth;
    if (!tramp(ret))
        while (n && stale(st->f[n - 1].rsp, r->rsp))
            n--;
    if (n >= KLAS_RETURN_DEPTH) {
        st->depth = n;
        __atomic_add_fetch(&skipped, 1, __ATOMIC_RELAXED);
        return;
    }
    /* Lean only for a lean jump site (the generator flags every jump site whose advice may touch vector state;
     * int3 sites carry no such flag, and trap too slowly for the saving to matter). A tail-called function's
     * return runs the caller's after-advice too: keep the caller's vector saving. */
    const struct klas_site *s = h->site;
    int vector = s->mechanism != KLAS_JUMP || (s->flags & KLAS_SITE_VECTOR)
        || ret == (uint64_t)(uintptr_t)klas_return_tramp;
    st->f[n] = (struct frame){ ret, r->rsp, s, h->addr, h->bias };
    BARRIER();
    st->depth = n + 1;
    BARRIER();
    *slot = (uint64_t)(uintptr_t)(vector ? klas_return_tramp : klas_return_tramp_lean);
}

static KLAS_LEAN void after(const struct frame *f, struct klas_registers *r)
{
    const struct klas_site *s = f->site;
    struct klas_ctx c = { .site = s, .regs = r, .address = f->addr, .bias = f->bias };
    for (uint32_t i = 0; i < s->n_after; i++) {
        c.jp = s->after[i].jp;
        c.retval = r->rax;
        s->after[i].fn(&c);
    }
}

static __attribute__((noreturn, noinline)) void lost(uint64_t want)
{
    klas_msg("a return into the after-advice trampoline has no frame (rsp 0x%llx): aborting",
             (unsigned long long)want);
    abort();
}

/* Pops the frame of the function returning with rsp `want` (its entry rsp), dropping stale ones above it. */
static KLAS_LEAN int pop(uint64_t want, struct frame *out)
{
    struct stack *st = &stack;
    uint32_t n = st->depth;
    while (n && st->f[n - 1].rsp < want && stale(st->f[n - 1].rsp, want))
        n--;
    uint32_t i = n;
    while (i && st->f[i - 1].rsp != want)
        i--;
    if (!i)
        return -1;
    *out = st->f[i - 1];
    BARRIER();
    st->depth = i - 1;
    BARRIER();
    return 0;
}

/* Called by the trampolines with the registers as the function returned; gives the address to go to. Lean (no
 * vector instructions): on klas_return_tramp_lean, xmm0/xmm1 and st0 may still hold the function's result. */
KLAS_HIDDEN KLAS_LEAN uint64_t klas_return_dispatch(struct klas_registers *r)
{
    int saved_errno = errno;
    uint64_t want = r->rsp - 8;
    struct frame f;
    do {
        if (pop(want, &f))
            lost(want);
        r->rip = tramp(f.ret) ? 0 : f.ret;
        after(&f, r);
    } while (tramp(f.ret));
    errno = saved_errno;
    return f.ret;
}

static __attribute__((constructor)) void probe(void)
{
    unsigned a, b, c, d;
    if (__get_cpuid(1, &a, &b, &c, &d) && (c & (1u << 27)) && __get_cpuid_count(0xd, 0, &a, &b, &c, &d)) {
        klas_return_xsave = 1;
        klas_return_xsize = (b + 63) & ~63u;
    }
}

static __attribute__((destructor)) void report(void)
{
    uint64_t n = __atomic_load_n(&skipped, __ATOMIC_RELAXED);
    if (n)
        klas_msg("%llu after-advice call(s) skipped: return stack full (depth %d)",
                 (unsigned long long)n, KLAS_RETURN_DEPTH);
}

/* struct klas_registers at rsp (gpr[16], rip +128, rflags +136), the return slot at +144 (the entry rsp).
 * rbx keeps the struct while the vector state sits on a 64-byte aligned area below it. */
#define SAVE_GPRS \
    "lea -152(%rsp),%rsp\n" \
    "mov %rax,0(%rsp)\n mov %rcx,8(%rsp)\n mov %rdx,16(%rsp)\n mov %rbx,24(%rsp)\n" \
    "mov %rbp,40(%rsp)\n mov %rsi,48(%rsp)\n mov %rdi,56(%rsp)\n" \
    "mov %r8,64(%rsp)\n mov %r9,72(%rsp)\n mov %r10,80(%rsp)\n mov %r11,88(%rsp)\n" \
    "mov %r12,96(%rsp)\n mov %r13,104(%rsp)\n mov %r14,112(%rsp)\n mov %r15,120(%rsp)\n" \
    "pushfq\n pop %rax\n mov %rax,136(%rsp)\n" \
    "lea 152(%rsp),%rax\n mov %rax,32(%rsp)\n" \
    "mov %rsp,%rbx\n" \
    "and $-64,%rsp\n"
#define CALL_AND_RESTORE_GPRS \
    "mov %rbx,%rsp\n" \
    "mov 136(%rsp),%rax\n push %rax\n popfq\n" \
    "mov 0(%rsp),%rax\n mov 8(%rsp),%rcx\n mov 16(%rsp),%rdx\n mov 24(%rsp),%rbx\n" \
    "mov 40(%rsp),%rbp\n mov 48(%rsp),%rsi\n mov 56(%rsp),%rdi\n" \
    "mov 64(%rsp),%r8\n mov 72(%rsp),%r9\n mov 80(%rsp),%r10\n mov 88(%rsp),%r11\n" \
    "mov 96(%rsp),%r12\n mov 104(%rsp),%r13\n mov 112(%rsp),%r14\n mov 120(%rsp),%r15\n" \
    "lea 144(%rsp),%rsp\n" \
    "ret\n"
#define ENTRY(name) \
    ".text\n" \
    ".p2align 4\n" \
    ".cfi_startproc\n" \
    ".cfi_undefined rip\n" /* unwinders stop here: the true return address is in the return stack */ \
    "nop\n" \
    ".globl " name "\n" \
    ".hidden " name "\n" \
    ".type " name ",@function\n" \
    name ":\n"

__asm__(
    ENTRY("klas_return_tramp")
    SAVE_GPRS
    "mov klas_return_xsize(%rip),%eax\n"
    "sub %rax,%rsp\n"
    "cmpb $0,klas_return_xsave(%rip)\n"
    "je 1f\n"
    "xor %eax,%eax\n"
    "mov %rax,512(%rsp)\n mov %rax,520(%rsp)\n mov %rax,528(%rsp)\n mov %rax,536(%rsp)\n"
    "mov %rax,544(%rsp)\n mov %rax,552(%rsp)\n mov %rax,560(%rsp)\n mov %rax,568(%rsp)\n"
    "mov $-1,%eax\n mov $-1,%edx\n"
    "xsave64 (%rsp)\n"
    "jmp 2f\n"
    "1: fxsave64 (%rsp)\n"
    "2: fninit\n" /* an empty x87 stack for the advice, as at any call (a long double result sits in st0) */
    "mov %rbx,%rdi\n"
    "call klas_return_dispatch\n"
    "mov %rax,144(%rbx)\n"
    "cmpb $0,klas_return_xsave(%rip)\n"
    "je 3f\n"
    "mov $-1,%eax\n mov $-1,%edx\n"
    "xrstor64 (%rsp)\n"
    "jmp 4f\n"
    "3: fxrstor64 (%rsp)\n"
    "4:\n"
    CALL_AND_RESTORE_GPRS
    ".size klas_return_tramp,.-klas_return_tramp\n"
    ".cfi_endproc\n");

/* Lean advice (general-regs-only, as are the helpers and klas_return_dispatch) leaves vector and x87 state alone. */
__asm__(
    ENTRY("klas_return_tramp_lean")
    SAVE_GPRS
    "mov %rbx,%rdi\n"
    "call klas_return_dispatch\n"
    "mov %rax,144(%rbx)\n"
    CALL_AND_RESTORE_GPRS
    ".size klas_return_tramp_lean,.-klas_return_tramp_lean\n"
    ".cfi_endproc\n");
