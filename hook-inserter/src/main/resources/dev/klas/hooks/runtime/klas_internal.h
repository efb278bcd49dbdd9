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
#define KLAS_TRAMP_SIZE 64  /* jump: hook pointer, call to the shared stub, displaced instructions, jmp back;
                            * one cache line, so that a hit touches one line of klas code besides the stub;
                            * a site with post advice takes two (a second call after the first instruction) */
#define KLAS_STUB_SIZE 512  /* jump: a shared save/call/restore stub (register file lean and with XSAVE, light,
                            * post lean and with XSAVE, light with the register file) */

/* One site in one loaded instance of an object. */
struct klas_hook {
    const struct klas_site *site;
    uint64_t addr;   /* runtime address */
    uint64_t bias;
    uint8_t *entry;  /* int3: the out-of-line slot; jump: the trampoline entry */
    uint8_t *tail;   /* jump: the relocated displaced instructions inside the trampoline */
    uint8_t *rest;   /* jump with post advice: the relocated instructions after the first, past the post call;
                      * int3 with post advice: the int3 after the out-of-line copy of the instruction */
    uint8_t patch[5];
    uint8_t woven;
    uint8_t moving;  /* jump: being woven; threads inside addr+1..addr+len-1 are moved to tail */
    uint32_t index;  /* the site's hit counter: its place in the woven table, objects in order */
    struct klas_ctx ctx; /* KLAS_SITE_NOREGS, KLAS_SITE_VARREGS: the context every hit passes, built once */
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

/* klas_hits.c: per-thread hit counters in /dev/shm/klas-PID.hits (docs/parts-format.md, "Hit counts") */
#define KLAS_HIT_SLOTS 128 /* thread rows; the last one is shared, with atomic adds, by threads beyond */
extern KLAS_HIDDEN __thread uintptr_t klas_hit_row __attribute__((tls_model("initial-exec")));
KLAS_HIDDEN void klas_hits_open(void);
KLAS_HIDDEN void klas_hit_slow(uint32_t i) KLAS_LEAN;

#if defined(KLAS_NO_HITS) /* bench/weave/hits: the runtime without counting, to measure what counting costs */
static inline KLAS_LEAN void klas_hit(uint32_t i) { (void)i; }
#elif defined(KLAS_HITS_SHARED) /* bench/weave/hits: every thread adds atomically in one row, what the rows avoid */
extern KLAS_HIDDEN uint64_t *klas_hit_shared_row;
static inline KLAS_LEAN void klas_hit(uint32_t i)
{
    if (klas_hit_shared_row)
        __atomic_fetch_add(&klas_hit_shared_row[i], 1, __ATOMIC_RELAXED);
}
#else
/* Adds one to a counter only the calling thread writes, in one instruction: advice that a signal runs on the same
 * thread (a handler's hook hit while the interrupted advice counts) falls before or after it, never between a load
 * and a store, so no increment is lost; no lock prefix, because no other thread writes the row, and the aligned
 * 64-bit store is whole for readers. */
static inline KLAS_LEAN void klas_count_one(uint64_t *c)
{
    __asm__ volatile("addq $1, %0" : "+m"(*c));
}

/* Counts one hit of counter i in the calling thread's row, on a line no other thread writes. */
static inline KLAS_LEAN void klas_hit(uint32_t i)
{
    uintptr_t r = klas_hit_row;
    if (__builtin_expect((r & 63) != 0 || r == 0, 0)) {
        klas_hit_slow(i);
        return;
    }
    klas_count_one((uint64_t *)r + i);
}
#endif

/* klas_map.c */
KLAS_HIDDEN struct klas_map *klas_map_build(struct klas_instance *inst, int n);
KLAS_HIDDEN struct klas_hook *klas_map_find(uint64_t addr);
KLAS_HIDDEN void klas_map_publish(struct klas_map *m);

/* klas_code.c */
KLAS_HIDDEN int klas_code_build(struct klas_instance *in);
KLAS_HIDDEN void klas_code_free(struct klas_instance *in);
KLAS_HIDDEN void klas_regs_dispatch(struct klas_hook *h, struct klas_registers *r);
KLAS_HIDDEN void klas_post_dispatch(struct klas_hook *h, struct klas_registers *r);
KLAS_HIDDEN void klas_light_dispatch(struct klas_ctx *c);
KLAS_HIDDEN void klas_light_one(struct klas_ctx *c);
KLAS_HIDDEN void klas_light_regs(struct klas_ctx *shared, struct klas_registers *r);

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

/* klas_output.c: klas_printf's output buffer, per-thread rings written out by a flusher thread (issue 21) */
KLAS_HIDDEN void klas_out_start(void);
KLAS_HIDDEN int klas_out_buffered(void) KLAS_LEAN;
KLAS_HIDDEN int klas_out_put(const char *buf, size_t n) KLAS_LEAN; /* one record; 0: dropped (full) */
KLAS_HIDDEN void klas_out_dropped(void) KLAS_LEAN;

/* klas_parts*.c: interposed calls between load segments (issue 8); layout in docs/parts-format.md. */
#define KP_SEG_MAX 256
#define KP_SYM_MAX 16384
#define KP_THR_MAX 1024
#define KP_FRAME_MAX 256
#define KP_NAME 96
#define KP_PATH 384

struct kp_header {
    char magic[8];
    uint32_t version, header_size, pid, flags, layout_seq, frame_max;
    uint64_t file_size, seg_off;
    uint32_t seg_size, seg_max, seg_count, sym_size;
    uint64_t sym_off;
    uint32_t sym_max, sym_count;
    uint64_t thr_off;
    uint32_t thr_size, thr_max, thr_count, swaps;
    uint64_t start_ns, profile_ns, reserved;
};
struct kp_seg_rec {
    uint32_t index, flags;
    uint64_t base;
    uint32_t held, reserved0;
    uint64_t reserved1;
    char name[KP_NAME];
    char path[KP_PATH];
};
struct kp_sym_rec {
    uint32_t index, flags, from, to;
    uint64_t calls, total_ns, self_ns, address;
    uint32_t slots, reserved;
    uint64_t returns;
    char name[64];
};
struct kp_frame {
    uint32_t symbol, flags;
    uint64_t rsp, ret, t_enter, child_ns, reserved;
};
struct kp_thread {
    uint32_t seq, tid, depth, overflow, held;
    uint32_t advice; /* non-zero while the thread runs advice: interposed calls made from it get none */
    uint64_t stale;
    uint8_t reserved1[32];
    struct kp_frame frames[KP_FRAME_MAX];
};

#define KP_HDR_PROFILING 0x1u
#define KP_HDR_SWAPPING 0x2u
#define KP_SEG_LOADED 0x1u
#define KP_SEG_MAIN 0x2u
#define KP_SEG_SWAPPED_IN 0x4u
#define KP_SEG_REPLACED 0x8u
#define KP_SYM_ACTIVE 0x1u
#define KP_SYM_ADVICE 0x2u
#define KP_SYM_HELD 0x4u
#define KP_FRAME_SLOW 0x1u
#define KP_FRAME_AFTER 0x2u /* entered on the fast path with fast advice: the return runs kp_bind.after */

#define KP_GATE_ADVICE 0x1u /* kp_bind.gate: before/after advice */
#define KP_GATE_HOLD 0x2u   /* a swap holds calls into this binding's segment */
#define KP_GATE_FAST 0x4u   /* advice with KLAS_FAST variants: run from the fast path, no context */
#define KP_GATE_VECTOR 0x8u /* ... and the fast path saves the vector argument/return registers around it */

/* A loaded object (private twin of its kp_seg_rec). */
struct kp_seg {
    char name[KP_NAME];
    char path[KP_PATH];
    uint64_t base;
    int loaded, is_main;
};

/* One interposed (caller segment, symbol) binding; index = its kp_sym_rec. The trampoline code reads
 * fn at offset 0, gate at 8, index at 12, before at 16 and after at 24: keep them first. */
#define KP_BIND_BYTES 80 /* sizeof(struct kp_bind), for the trampoline code */
struct kp_bind {
    uint64_t fn;
    uint32_t gate;
    uint32_t index;
    uint64_t before, after; /* KP_GATE_FAST: the advice's KLAS_FAST functions (0: none of that kind) */
    uint32_t from, to;
    uint32_t n_adv;
    const struct klas_segment_call **adv;
    char *name;
    const char *version;
    struct kp_sym_rec *rec;
};

extern KLAS_HIDDEN __thread struct kp_thread *klas_parts_self __attribute__((tls_model("initial-exec")));
extern KLAS_HIDDEN uint32_t klas_parts_profiling; /* non-zero: every call takes the slow (timed) path */
extern KLAS_HIDDEN struct kp_header *kp_hdr;
extern KLAS_HIDDEN struct kp_seg kp_segs[KP_SEG_MAX];
extern KLAS_HIDDEN struct kp_bind *kp_binds;
extern KLAS_HIDDEN uint32_t kp_nsegs, kp_nbinds;
extern KLAS_HIDDEN uint64_t kp_hold_longest_ns, kp_hold_calls;
extern KLAS_HIDDEN uint32_t kp_hold_word; /* futex: changes when a hold is released */

/* klas_parts.c */
KLAS_HIDDEN void klas_parts_rescan(void); /* constructor and after dlopen/dlclose */
KLAS_HIDDEN void kp_lock(void);
KLAS_HIDDEN void kp_unlock(void);
KLAS_HIDDEN int kp_seg_matches(const char *glob, uint32_t seg);
KLAS_HIDDEN int kp_seg_add(const char *name, const char *path, uint64_t base, int is_main, uint32_t flags);
/* klas_parts_shm.c */
KLAS_HIDDEN int kp_shm_open(void);
KLAS_HIDDEN struct kp_seg_rec *kp_seg_rec(uint32_t i);
KLAS_HIDDEN struct kp_sym_rec *kp_sym_rec(uint32_t i);
KLAS_HIDDEN struct kp_thread *kp_thr_rec(uint32_t i);
KLAS_HIDDEN struct kp_thread *kp_thread_new(void);
KLAS_HIDDEN void kp_layout_begin(void);
KLAS_HIDDEN void kp_layout_end(void);
KLAS_HIDDEN int kp_thread_read(uint32_t i, uint32_t *tid, uint32_t *depth, uint32_t *syms, uint32_t *held);
KLAS_HIDDEN void kp_membarrier(void);
/* klas_parts_tramp.c */
KLAS_HIDDEN int kp_stubs_make(uint32_t first, uint32_t n, uint64_t *out);
KLAS_HIDDEN void kp_profile_set(int on);
/* klas_parts_ctl.c: one JSON answer line is built in a kp_out and sent with kp_out_send */
struct kp_out { char *buf; size_t n, cap; };
KLAS_HIDDEN void kp_ctl_start(void);
KLAS_HIDDEN void kp_out_fmt(struct kp_out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
KLAS_HIDDEN void kp_out_str(struct kp_out *o, const char *s); /* a JSON string literal */
KLAS_HIDDEN void kp_out_send(struct kp_out *o, int fd);
KLAS_HIDDEN void kp_out_error(int fd, const char *code, const char *message);
KLAS_HIDDEN void kp_out_chains(struct kp_out *o, const uint8_t *mask); /* threads inside a segment of mask (0: any) */
/* klas_parts_swap.c */
KLAS_HIDDEN void kp_swap(int fd, const char *old, const char *new_path, long timeout_ms);
KLAS_HIDDEN void kp_quiesce(int fd, const char *glob, long timeout_ms);
/* klas_parts_profile.c */
KLAS_HIDDEN void kp_profile_answer(struct kp_out *o);
KLAS_HIDDEN void kp_profile_reset(void);
KLAS_HIDDEN void kp_profile_dump(void);

#endif
