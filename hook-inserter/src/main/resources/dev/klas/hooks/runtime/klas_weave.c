/* klas_weave.c - putting hooks in and taking them out while other threads run the code.
 * int3 sites: one byte, atomic by nature. jump sites, in the order of the kernel's text_poke_bp():
 *   in:  0xCC on byte 0, sync, move stray threads out of the displaced bytes (klas_quiesce),
 *        bytes 1..4 of the jmp, sync, byte 0 = 0xE9, sync;
 *   out: 0xCC on byte 0, sync, original bytes 1..4, sync, original byte 0, sync.
 * A thread meeting the 0xCC meanwhile is sent to the trampoline by the SIGTRAP handler, so every
 * execution of the site either runs the advices exactly once or (when out) runs the original code. */
#define _GNU_SOURCE
#include "klas_internal.h"

static const uint8_t int3 = 0xcc;

typedef void (*hook_fn)(struct klas_hook *h, int on);

static int each(struct klas_instance *inst, int n, int on, int mech, hook_fn fn)
{
    int count = 0;
    for (int i = 0; i < n; i++) {
        if (!inst[i].obj)
            continue;
        for (size_t k = 0; k < inst[i].obj->n_sites; k++) {
            struct klas_hook *h = &inst[i].hooks[k];
            if (h->site->mechanism == mech && h->woven != on) {
                fn(h, on);
                count++;
            }
        }
    }
    return count;
}

static void int3_flip(struct klas_hook *h, int on)
{
    klas_text_write(h->addr, on ? &int3 : h->site->orig, 1);
    h->woven = (uint8_t)on;
}

static void jump_first(struct klas_hook *h, int on)
{
    h->moving = (uint8_t)on;
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    klas_text_write(h->addr, &int3, 1);
}

static void jump_back_out(struct klas_hook *h, int on)
{
    (void)on;
    h->moving = 0;
    klas_text_write(h->addr, h->site->orig, 1);
}

static void jump_tail(struct klas_hook *h, int on)
{
    klas_text_write(h->addr + 1, (on ? h->patch : h->site->orig) + 1, 4);
}

static void jump_last(struct klas_hook *h, int on)
{
    klas_text_write(h->addr, on ? h->patch : h->site->orig, 1);
    h->moving = 0;
    h->woven = (uint8_t)on;
}

/* Sets every site of the given instances to woven (on) or not; 0 on success. */
KLAS_HIDDEN int klas_set_woven(struct klas_instance *inst, int n, int on, void *self_uc)
{
    each(inst, n, on, KLAS_INT3, int3_flip);
    if (!each(inst, n, on, KLAS_JUMP, jump_first)) {
        klas_text_sync();
        return 0;
    }
    klas_text_sync();
    if (on) {
        klas_fix_rip(self_uc);
        if (klas_quiesce()) {
            each(inst, n, on, KLAS_JUMP, jump_back_out);
            klas_text_sync();
            klas_msg("jump hooks not inserted: a thread did not answer signal %d within 2 s", KLAS_SYNC_SIGNAL);
            return -1;
        }
    }
    each(inst, n, on, KLAS_JUMP, jump_tail);
    klas_text_sync();
    each(inst, n, on, KLAS_JUMP, jump_last);
    klas_text_sync();
    return 0;
}
