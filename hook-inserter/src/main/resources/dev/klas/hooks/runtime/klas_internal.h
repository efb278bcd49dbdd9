/* klas_internal.h - runtime state shared by the klas_*.c files; not part of the generator contract. */
#ifndef KLAS_INTERNAL_H
#define KLAS_INTERNAL_H

#include "klas_runtime.h"
#include <signal.h>

#ifndef KLAS_TOGGLE_SIGNAL
#define KLAS_TOGGLE_SIGNAL SIGUSR2 /* unweave/reweave on this signal; 0 disables */
#endif
#ifndef KLAS_SYNC_SIGNAL
#define KLAS_SYNC_SIGNAL (SIGRTMAX - 3) /* moves other threads out of bytes about to be overwritten */
#endif

#define KLAS_HIDDEN __attribute__((visibility("hidden")))
#define KLAS_SLOT_SIZE 32   /* int3: displaced instruction + jmp back */
#define KLAS_TRAMP_SIZE 64  /* jump: hook pointer, call to the shared stub, displaced instructions, jmp back */
#define KLAS_STUB_SIZE 512  /* jump: the shared save/call/restore stub, one lean and one with XSAVE */

/* One site in one loaded instance of an object. */
struct klas_hook {
    const struct klas_site *site;
    uint64_t addr;   /* runtime address */
    uint64_t bias;
    uint8_t *entry;  /* int3: the out-of-line slot; jump: the trampoline entry */
    uint8_t *tail;   /* jump: the relocated displaced instructions inside the trampoline */
    uint8_t patch[5];
    uint8_t woven;
    uint8_t moving;  /* jump: being woven; threads inside addr+1..addr+len-1 are moved to tail */
};

/* One loaded instance of a table object. */
struct klas_instance {
    const struct klas_object *obj;
    char path[256];
    uint64_t bias;
    struct klas_hook *hooks;
    uint8_t *code;
    size_t code_len;
    int seen;
};

/* Immutable address -> hook map; replaced as a whole, read lock-free from signal handlers. */
struct klas_map {
    uint64_t mask;
    struct klas_map_entry { uint64_t addr; struct klas_hook *hook; } e[];
};

/* klas_map.c */
KLAS_HIDDEN struct klas_map *klas_map_build(struct klas_instance *inst, int n);
KLAS_HIDDEN struct klas_hook *klas_map_find(uint64_t addr);
KLAS_HIDDEN void klas_map_publish(struct klas_map *m);

/* klas_code.c */
KLAS_HIDDEN int klas_code_build(struct klas_instance *in);
KLAS_HIDDEN void klas_code_free(struct klas_instance *in);
KLAS_HIDDEN void klas_regs_dispatch(struct klas_hook *h, struct klas_registers *r);

/* klas_text.c */
KLAS_HIDDEN void klas_text_init(void);
KLAS_HIDDEN int klas_text_write(uint64_t addr, const uint8_t *bytes, size_t len);
KLAS_HIDDEN void klas_text_sync(void);
KLAS_HIDDEN int klas_quiesce(void);
KLAS_HIDDEN void klas_quiesce_ack(void);

/* klas_trap.c */
KLAS_HIDDEN void klas_trap_install(void);
KLAS_HIDDEN void klas_fix_rip(void *ucontext);
KLAS_HIDDEN void klas_toggle_from_signal(void *ucontext);

/* klas_weave.c */
KLAS_HIDDEN int klas_set_woven(struct klas_instance *inst, int n, int on, void *self_uc);

/* klas_return.c: after-advice at the return of KLAS_SITE_ENTRY sites */
KLAS_HIDDEN void klas_return_arm(struct klas_hook *h, struct klas_registers *r);
KLAS_HIDDEN uint64_t klas_return_dispatch(struct klas_registers *r);

/* klas_print.c */
KLAS_HIDDEN int klas_out_fd(void);
KLAS_HIDDEN void klas_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
