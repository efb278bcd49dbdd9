/* klas_trap.c - signal handlers. SIGTRAP: an int3 site runs its advices with registers taken from the
 * ucontext and resumes in its out-of-line slot; the int3 after the slot's instruction (a site with post advice)
 * runs the post advices and resumes after the site; a jump site being (un)woven resumes in its trampoline.
 * Traps that are not ours go to the handler installed before ours. KLAS_SYNC_SIGNAL: see klas_quiesce.
 * KLAS_TOGGLE_SIGNAL: unweave/reweave. */
#define _GNU_SOURCE
#include "klas_internal.h"

#include <errno.h>
#include <string.h>
#include <ucontext.h>

static struct sigaction old_trap;

/* ucontext gregs index of each register number (struct klas_registers.gpr order). */
static const int greg[16] = { REG_RAX, REG_RCX, REG_RDX, REG_RBX, REG_RSP, REG_RBP, REG_RSI, REG_RDI,
                              REG_R8,  REG_R9,  REG_R10, REG_R11, REG_R12, REG_R13, REG_R14, REG_R15 };

static void chain(int sig, siginfo_t *si, void *uc)
{
    if (old_trap.sa_flags & SA_SIGINFO) {
        old_trap.sa_sigaction(sig, si, uc);
    } else if (old_trap.sa_handler == SIG_DFL) {
        signal(sig, SIG_DFL);
        raise(sig);
    } else if (old_trap.sa_handler != SIG_IGN) {
        old_trap.sa_handler(sig);
    }
}

static void on_trap(int sig, siginfo_t *si, void *ucv)
{
    ucontext_t *uc = ucv;
    greg_t *g = uc->uc_mcontext.gregs;
    struct klas_hook *h = si->si_code == SI_KERNEL ? klas_map_find((uint64_t)g[REG_RIP] - 1) : 0;
    if (!h) {
        chain(sig, si, ucv);
        return;
    }
    if (h->site->mechanism == KLAS_JUMP) {
        g[REG_RIP] = (greg_t)(uintptr_t)h->entry; /* the trampoline runs the advices */
        return;
    }
    int post = (uint64_t)g[REG_RIP] - 1 != h->addr;
    struct klas_registers r;
    for (int i = 0; i < 16; i++)
        r.gpr[i] = (uint64_t)g[greg[i]];
    r.rip = h->addr;
    r.rflags = (uint64_t)g[REG_EFL];
    if (post)
        klas_post_dispatch(h, &r);
    else
        klas_regs_dispatch(h, &r);
    for (int i = 0; i < 16; i++)
        if (i != 4)
            g[greg[i]] = (greg_t)r.gpr[i];
    g[REG_RIP] = (greg_t)(uintptr_t)(post ? h->addr + h->site->insns[0].len : (uint64_t)(uintptr_t)h->entry);
}

/* Moves a thread stopped strictly inside the displaced bytes of a jump site being woven. */
KLAS_HIDDEN void klas_fix_rip(void *ucv)
{
    if (!ucv)
        return;
    greg_t *g = ((ucontext_t *)ucv)->uc_mcontext.gregs;
    uint64_t rip = (uint64_t)g[REG_RIP];
    for (uint64_t k = 1; k < KLAS_MAX_ORIG; k++) {
        struct klas_hook *h = klas_map_find(rip - k);
        if (h && h->moving && k < h->site->orig_len) {
            uint8_t len0 = h->site->insns[0].len;
            g[REG_RIP] = (greg_t)(uintptr_t)(h->rest && k >= len0 ? h->rest + (k - len0) : h->tail + k);
            return;
        }
    }
}

static void on_sync(int sig, siginfo_t *si, void *ucv)
{
    (void)sig;
    (void)si;
    int saved_errno = errno;
    klas_fix_rip(ucv);
    klas_quiesce_ack();
    errno = saved_errno;
}

static void on_toggle(int sig, siginfo_t *si, void *ucv)
{
    (void)sig;
    (void)si;
    int saved_errno = errno;
    klas_toggle_from_signal(ucv);
    errno = saved_errno;
}

static void install(int sig, void (*fn)(int, siginfo_t *, void *), struct sigaction *old)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = fn;
    sa.sa_flags = SA_SIGINFO | SA_RESTART | SA_ONSTACK | SA_NODEFER;
    sigemptyset(&sa.sa_mask);
    sigaction(sig, &sa, old);
}

KLAS_HIDDEN void klas_trap_install(void)
{
    static int done;
    if (done++)
        return;
    install(SIGTRAP, on_trap, &old_trap);
    install(KLAS_SYNC_SIGNAL, on_sync, 0);
    if (KLAS_TOGGLE_SIGNAL)
        install(KLAS_TOGGLE_SIGNAL, on_toggle, 0);
}
