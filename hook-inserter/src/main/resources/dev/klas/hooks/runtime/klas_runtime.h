/*
 * klas_runtime.h - the contract between a generated advice file and the klas user-space hook runtime.
 *
 * A generated file (one per woven target) includes this header, defines its advice functions, one
 * struct klas_object per target object with a static array of struct klas_site, and ends with
 *     KLAS_TABLE(objects);
 * It is compiled together with the runtime's .c files:
 *     gcc -O2 -fPIC -shared -I RUNTIME_DIR -o libklas-woven.so generated.c RUNTIME_DIR/klas_*.c -ldl -lpthread
 * When the library is loaded (LD_PRELOAD or `klas run`) a constructor verifies every object and installs
 * its hooks before main(). Everything in the table is known statically from the ELF file: link-time
 * addresses, original bytes, instruction lengths; the runtime adds the load bias itself.
 *
 * Registers are numbered as in the x86-64 ModRM/SIB encoding (Intel SDM Vol. 2A, 2.1.5 and 2.2.1):
 * 0 rax, 1 rcx, 2 rdx, 3 rbx, 4 rsp, 5 rbp, 6 rsi, 7 rdi, 8..15 r8..r15; -1 means "none".
 */
#ifndef KLAS_RUNTIME_H
#define KLAS_RUNTIME_H

#include <stddef.h>
#include <stdint.h>

struct klas_ctx;

#define KLAS_ABI_VERSION 4 /* 2: after-advice on sites, segment calls (struct klas_parts_table); 3: fast advice;
                           * 4: advice after the site's instruction (klas_site.post, klas_ctx.old) */
#define KLAS_MAX_ORIG 16  /* at most this many displaced bytes per site */
#define KLAS_MAX_INSNS 8  /* at most this many displaced instructions per site */

/* Hook mechanisms (struct klas_site.mechanism). */
#define KLAS_INT3 1 /* 0xCC on the first byte; SIGTRAP; the first instruction runs out of line */
#define KLAS_JUMP 2 /* 5-byte jmp rel32 to a trampoline; needs orig_len >= 5 */

/* Site flags (struct klas_site.flags). */
#define KLAS_SITE_VECTOR 0x1u /* jump: the advice may touch SSE/AVX state, save it with XSAVE (else the lean path) */
#define KLAS_SITE_ENTRY 0x2u  /* the site is a function's first instruction: after-advice runs at its return */
#define KLAS_SITE_NOREGS 0x4u /* jump, lean: no advice on the site names klas_regs, klas_access_addr or klas_target;
                               * the trampoline saves only what a call clobbers and klas_regs is 0 in the advice */
#define KLAS_SITE_VARREGS 0x8u /* jump, lean: the advice itself names no register but reads $name variables: the
                                * light path with the general registers saved; every advice of the site is a
                                * klas_regs_advice (cast to the type of struct klas_advice.fn) */
#define KLAS_SITE_R12_R15 0x10u /* KLAS_SITE_VARREGS: the reads need r12-r15 too (else their slots are not written) */

/* Marks a function that keeps to general registers: required for advice on a lean jump site. */
#define KLAS_LEAN __attribute__((target("general-regs-only")))

/* The source place an advice was woven for. address is the link-time address (add the load bias). */
struct klas_joinpoint {
    const char *aspect;   /* aspect name */
    const char *pointcut; /* pointcut text */
    const char *file;     /* source file of the shadow */
    const char *function; /* the source function the code belongs to (an inlined function's own name) */
    int line, column;
    uint64_t address;     /* the hooked instruction, link-time (klas_ctx->address is where it runs) */
    const char *symbol;   /* the symbol the hook sits in, as objdump names it (the caller after inlining) */
    unsigned long offset; /* the hook's offset in symbol */
};

/* One advice on a site; several advices on one address run in table order. */
struct klas_advice {
    const struct klas_joinpoint *jp;
    void (*fn)(struct klas_ctx *);
};

/* One displaced instruction. rel32_at: offset inside the instruction of a 32-bit displacement that is
 * relative to the end of the instruction (a RIP-relative memory operand, or the rel32 of call/jmp/jcc),
 * which the runtime re-bases when it copies the instruction; -1 when there is none. rel8 branches can't
 * be relocated: the generator must not displace them. */
struct klas_insn {
    uint8_t len;
    int8_t rel32_at;
};

/* The memory operand of the access at the site's first instruction: base + index*scale + disp, or
 * next-instruction address + disp when rip_relative. Segment-prefixed (fs/gs) operands are not supported. */
struct klas_operand {
    int8_t base, index; /* register numbers, -1 none */
    uint8_t scale;      /* 1, 2, 4, 8 */
    uint8_t rip_relative;
    int32_t disp;
    uint8_t size;       /* access width in bytes */
};

struct klas_site {
    uint64_t vaddr;                /* ELF link-time address in the target object (st_value space) */
    uint8_t orig[KLAS_MAX_ORIG];   /* the displaced bytes as in the file, verified before patching */
    uint8_t orig_len;              /* sum of insns[].len: whole instructions; int3 writes 1 byte, jump 5 */
    uint8_t mechanism;             /* KLAS_INT3 | KLAS_JUMP */
    uint8_t n_insns;               /* int3: exactly 1; jump: enough instructions to cover 5 bytes */
    struct klas_insn insns[KLAS_MAX_INSNS];
    uint8_t has_access;            /* access-precise: access and member_offset are valid */
    struct klas_operand access;
    int32_t member_offset;         /* offset of the accessed member in its enclosing struct */
    uint32_t flags;                /* KLAS_SITE_* */
    const struct klas_advice *advices;
    uint32_t n_advices;
    const struct klas_advice *after; /* KLAS_SITE_ENTRY sites only: run when the function returns */
    uint32_t n_after;
    /* Access-precise sites only: run after the site's first instruction (a read-modify-write or a store whose
     * stored value is read back from memory), with the registers as that instruction left them and
     * klas_ctx.old the access's bytes (access.size) as they were before it ran. */
    const struct klas_advice *post;
    uint32_t n_post;
};

struct klas_object {
    const char *match;          /* "main" (the executable), a soname/file name, or an fnmatch glob on the path */
    uint8_t build_id[20];       /* NT_GNU_BUILD_ID descriptor */
    uint8_t build_id_len;       /* 0: the object has no build-id (then only the bytes are checked) */
    const struct klas_site *sites;
    size_t n_sites;
};

/* One segment-call selector (issue 8) with its advices: calls from a caller object matching `from`
 * into a function matching `function` defined by an object matching `to` go through an interposed GOT
 * entry. Globs are fnmatch patterns on an object's path or soname; "main" names the executable. Several
 * entries may match one call: their advices run in table order. */
struct klas_segment_call {
    const char *from;
    const char *to;
    const char *function;                  /* "*" when the selector names none */
    const struct klas_joinpoint *jp;       /* aspect and pointcut; file/function/line unused (0) */
    void (*before)(struct klas_ctx *);     /* 0 when the aspect has no advice-before */
    void (*after)(struct klas_ctx *);      /* 0 when the aspect has no advice-after; klas_retval valid */
    /* The same advice compiled KLAS_FAST (it names no klas_ctx name: no klas_caller, klas_regs, ...), run from
     * the trampoline's fast path without a context; 0 when there is none (then before/after run on the slow
     * path). A selector whose advice has one kind must have the fast variant of that kind to be fast. */
    void (*fast_before)(void);
    void (*fast_after)(void);
    uint32_t fast_flags;                   /* KLAS_FAST_VECTOR */
};

/* Advice run from the parts fast path: every general register is preserved by the function itself and it uses
 * none of the vector registers (gcc saves what it clobbers; SSE is refused). */
#define KLAS_FAST __attribute__((no_caller_saved_registers, target("general-regs-only")))
/* The fast advice calls functions that may clobber vector registers: the trampoline saves xmm0-7 around it. */
#define KLAS_FAST_VECTOR 0x1u

struct klas_parts_table {
    uint32_t abi_version;
    const struct klas_segment_call *calls;
    size_t n_calls;
};

/* A library with segment-call aspects defines this table too (the runtime references it weakly). */
#define KLAS_PARTS_TABLE(calls) \
    __attribute__((visibility("hidden"))) const struct klas_parts_table klas_parts_table = \
        { KLAS_ABI_VERSION, (calls), sizeof(calls) / sizeof((calls)[0]) }

struct klas_table {
    uint32_t abi_version;
    const struct klas_object *objects;
    size_t n_objects;
};

/* The table the runtime reads; one per library, hidden so that several woven libraries don't clash. */
#define KLAS_TABLE(objs) \
    __attribute__((visibility("hidden"))) const struct klas_table klas_woven_table = \
        { KLAS_ABI_VERSION, (objs), sizeof(objs) / sizeof((objs)[0]) }

/* Saved registers of the interrupted code, as they were at the hooked address. Writing a register here
 * changes it when the hooked code resumes (rip and rsp excepted). */
struct klas_registers {
    union {
        uint64_t gpr[16];
        struct {
            uint64_t rax, rcx, rdx, rbx, rsp, rbp, rsi, rdi, r8, r9, r10, r11, r12, r13, r14, r15;
        };
    };
    uint64_t rip;    /* the hooked address (runtime) */
    uint64_t rflags;
};

/* An advice on a KLAS_SITE_VARREGS site: the context, whose regs is 0, and the registers at the hook, all general
 * registers and rsp saved (r12-r15 only with KLAS_SITE_R12_R15), rip given, rflags not (the light flags word);
 * read only. */
typedef void (*klas_regs_advice)(struct klas_ctx *, struct klas_registers *);
/* A klas_regs_advice as the fn of struct klas_advice (klas_light_regs converts it back before calling it). */
#define KLAS_REGS_ADVICE(f) ((void (*)(struct klas_ctx *))(void (*)(void))(klas_regs_advice)(f))

/* What an advice function receives. */
struct klas_ctx {
    const struct klas_site *site;
    const struct klas_joinpoint *jp;
    struct klas_registers *regs;
    uint64_t address; /* runtime address of the hook = site->vaddr + bias; segment call: the called function */
    uint64_t bias;    /* load bias of the object */
    uint64_t retval;  /* after-advice: rax as the function returned */
    /* Segment calls (site == 0): the caller's and callee's object names ("main" for the executable) and
     * the called symbol; regs holds the argument registers at the call. 0 for site hooks. */
    const char *caller;
    const char *callee;
    const char *function;
    /* post advice (klas_site.post): the access's bytes before the instruction ran, zero-extended */
    uint64_t old;
};

/* Effective address of the member access (0 when the site is not access-precise). */
static inline KLAS_LEAN uint64_t klas_access_addr_of(const struct klas_ctx *c)
{
    const struct klas_site *s = c->site;
    if (!s || !s->has_access || !c->regs)
        return 0;
    uint64_t a = (uint64_t)(int64_t)s->access.disp;
    if (s->access.rip_relative)
        a += c->address + s->insns[0].len;
    if (s->access.base >= 0)
        a += c->regs->gpr[s->access.base];
    if (s->access.index >= 0)
        a += c->regs->gpr[s->access.index] * s->access.scale;
    return a;
}

/* Address of the struct that encloses the accessed member (0 when not access-precise). */
static inline KLAS_LEAN uint64_t klas_target_of(const struct klas_ctx *c)
{
    return c->site && c->site->has_access ? klas_access_addr_of(c) - (uint64_t)(int64_t)c->site->member_offset : 0;
}

/* Helpers: all async-signal-safe and free of vector instructions (usable from lean advice). */
int klas_printf(const char *fmt, ...) KLAS_LEAN __attribute__((format(printf, 1, 2)));
uint64_t klas_now_ns(void) KLAS_LEAN; /* CLOCK_MONOTONIC */
int klas_pid(void) KLAS_LEAN;
const char *klas_comm(void) KLAS_LEAN;

/* The program's address a return address stands for (a call klas relocated into a trampoline pushes one there). */
uint64_t klas_original_pc(uint64_t pc) KLAS_LEAN;

/* Remove / re-insert every installed hook (safe while other threads run hooked code). 0 on success. */
int klas_unweave(void);
int klas_reweave(void);
int klas_woven(void);

/* Inside an advice body: the names of ARCHITECTURE.md, over the parameter `klas_ctx`. */
#define KLAS_ADVICE(name) static void name(struct klas_ctx *klas_ctx __attribute__((unused)))
#define klas_jp (klas_ctx->jp)
#define klas_regs (klas_ctx->regs)
#define klas_access_addr klas_access_addr_of(klas_ctx)
#define klas_target klas_target_of(klas_ctx)
#define klas_retval (klas_ctx->retval)
#define klas_caller (klas_ctx->caller)
#define klas_callee (klas_ctx->callee)
#define klas_function (klas_ctx->function)

#endif
