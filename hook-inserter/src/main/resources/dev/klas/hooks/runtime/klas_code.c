/* klas_code.c - the executable code klas adds next to a target object: one out-of-line slot per int3
 * site, one trampoline per jump site. All of an instance's code lives in one mapping within +-2 GB of
 * its sites (rel32 reach), written while RW and then made RX (never writable and executable at once).
 * Encodings: Intel SDM Vol. 2 (PUSH/POP, LEA, MOV, AND, SUB, XSAVE/XRSTOR, FXSAVE/FXRSTOR, JMP rel32). */
#define _GNU_SOURCE
#include "klas_internal.h"

#include <cpuid.h>
#include <errno.h>
#include <string.h>
#include <sys/mman.h>

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif

#define REACH 0x7ff00000ll

struct emit { uint8_t *p; };

static void b(struct emit *e, const void *bytes, size_t n)
{
    memcpy(e->p, bytes, n);
    e->p += n;
}
#define B(e, ...) do { static const uint8_t x_[] = { __VA_ARGS__ }; b(e, x_, sizeof x_); } while (0)

static void u32(struct emit *e, uint32_t v) { b(e, &v, 4); }
static void u64(struct emit *e, uint64_t v) { b(e, &v, 8); }

static int fits32(int64_t v) { return v >= INT32_MIN && v <= INT32_MAX; }

/* Vector-state save area: XSAVE (size from CPUID.(EAX=0DH,ECX=0):EBX, SDM Vol. 1 13.4) when the OS
 * enabled it, else FXSAVE's 512 bytes. */
static uint32_t xsave_size;
static int use_xsave;

static void probe_xsave(void)
{
    unsigned a, bx, c, d;
    if (xsave_size)
        return;
    use_xsave = __get_cpuid(1, &a, &bx, &c, &d) && (c & (1u << 27)); /* OSXSAVE */
    xsave_size = 512;
    if (use_xsave && __get_cpuid_count(0xd, 0, &a, &bx, &c, &d))
        xsave_size = (bx + 63) & ~63u;
}

/* Copies displaced instructions [first, first+count) of a site to e->p, re-basing every rel32. */
static int copy_insns(struct emit *e, const struct klas_hook *h, int first, int count)
{
    const struct klas_site *s = h->site;
    size_t off = 0;
    for (int i = 0; i < first; i++)
        off += s->insns[i].len;
    for (int i = first; i < first + count; off += s->insns[i].len, i++) {
        uint8_t *start = e->p;
        b(e, s->orig + off, s->insns[i].len);
        if (s->insns[i].rel32_at < 0)
            continue;
        int32_t rel;
        memcpy(&rel, start + s->insns[i].rel32_at, 4);
        int64_t moved = (int64_t)rel + ((int64_t)(h->addr + off) - (int64_t)(uint64_t)start);
        if (!fits32(moved))
            return -1;
        rel = (int32_t)moved;
        memcpy(start + s->insns[i].rel32_at, &rel, 4);
    }
    return 0;
}

/* jmp back to addr+orig_len. */
static int jump_back(struct emit *e, const struct klas_hook *h)
{
    int64_t back = (int64_t)(h->addr + h->site->orig_len) - (int64_t)(uint64_t)(e->p + 5);
    if (!fits32(back))
        return -1;
    B(e, 0xe9);
    u32(e, (uint32_t)(int32_t)back);
    return 0;
}

/* Copies the displaced instructions to e->p, re-basing every rel32; then jmp back to addr+len. */
static int relocate(struct emit *e, const struct klas_hook *h)
{
    return copy_insns(e, h, 0, h->site->n_insns) || jump_back(e, h);
}

static void save_vector(struct emit *e)
{
    B(e, 0x48, 0x81, 0xec);                  /* sub rsp, size */
    u32(e, use_xsave ? xsave_size : 512);
    if (use_xsave) {
        B(e, 0x31, 0xc0);                    /* xor eax,eax: zero the XSAVE header (SDM Vol. 1 13.4.2) */
        for (uint32_t off = 512; off < 576; off += 8) {
            B(e, 0x48, 0x89, 0x84, 0x24);    /* mov [rsp+off],rax */
            u32(e, off);
        }
        B(e, 0xb8, 0xff, 0xff, 0xff, 0xff);  /* mov eax,-1 */
        B(e, 0xba, 0xff, 0xff, 0xff, 0xff);  /* mov edx,-1: every component XCR0 enables */
        B(e, 0x48, 0x0f, 0xae, 0x24, 0x24);  /* xsave64 [rsp] */
    } else {
        B(e, 0x48, 0x0f, 0xae, 0x04, 0x24);  /* fxsave64 [rsp] */
    }
}

static void restore_vector(struct emit *e)
{
    if (use_xsave) {
        B(e, 0xb8, 0xff, 0xff, 0xff, 0xff);
        B(e, 0xba, 0xff, 0xff, 0xff, 0xff);
        B(e, 0x48, 0x0f, 0xae, 0x2c, 0x24);  /* xrstor64 [rsp] */
    } else {
        B(e, 0x48, 0x0f, 0xae, 0x0c, 0x24);  /* fxrstor64 [rsp] */
    }
}

/* The shared stub, entered by `call` from a site's trampoline (red zone already skipped): builds a
 * struct klas_registers on the stack, calls klas_regs_dispatch(hook, regs) on a 64-byte aligned stack,
 * restores, returns to the trampoline. The hook pointer sits 18 bytes before the return address.
 * Stack at the push of rax: regs at rsp, rip slot +128, rflags +136, return address +144, then the
 * 128-byte red zone, so the hooked code's rsp was rsp+280. */
static void stub(struct emit *e, int vector, void (*dispatch)(struct klas_hook *, struct klas_registers *))
{
    B(e, 0x48, 0x8d, 0x64, 0x24, 0xf0);      /* lea rsp,[rsp-16]: rflags, rip */
    B(e, 0x41, 0x57, 0x41, 0x56, 0x41, 0x55, 0x41, 0x54, 0x41, 0x53, 0x41, 0x52, 0x41, 0x51, 0x41, 0x50);
    B(e, 0x57, 0x56, 0x55, 0x54, 0x53, 0x52, 0x51, 0x50); /* rdi rsi rbp rsp rbx rdx rcx rax */
    /* Status flags with lahf/seto instead of pushfq/popfq (microcoded, ~10 ns here); DF, TF, AC untouched. */
    B(e, 0x9f);                              /* lahf: SF ZF AF PF CF -> ah */
    B(e, 0x0f, 0x90, 0xc0);                  /* seto al */
    B(e, 0x0f, 0xb6, 0xcc);                  /* movzx ecx,ah */
    B(e, 0x0f, 0xb6, 0xc0);                  /* movzx eax,al */
    B(e, 0xc1, 0xe0, 0x0b);                  /* shl eax,11: OF */
    B(e, 0x09, 0xc8);                        /* or eax,ecx */
    B(e, 0x0d, 0x02, 0x02, 0x00, 0x00);      /* or eax,0x202: IF and the fixed bit 1 */
    B(e, 0x48, 0x89, 0x84, 0x24, 0x88, 0x00, 0x00, 0x00); /* mov [rsp+136],rax */
    B(e, 0x48, 0x8d, 0x84, 0x24, 0x18, 0x01, 0x00, 0x00); /* lea rax,[rsp+280]: rsp at the hook */
    B(e, 0x48, 0x89, 0x44, 0x24, 0x20);      /* mov [rsp+32],rax */
    B(e, 0x48, 0x8b, 0xbc, 0x24, 0x90, 0x00, 0x00, 0x00); /* mov rdi,[rsp+144]: return address */
    B(e, 0x48, 0x8b, 0x7f, 0xee);            /* mov rdi,[rdi-18]: the hook */
    B(e, 0x48, 0x89, 0xe3);                  /* mov rbx,rsp */
    B(e, 0x48, 0x83, 0xe4, 0xc0);            /* and rsp,-64 */
    if (vector)
        save_vector(e);
    B(e, 0x48, 0x89, 0xde);                  /* mov rsi,rbx */
    B(e, 0x48, 0xb8);                        /* mov rax,dispatch */
    u64(e, (uint64_t)(uintptr_t)dispatch);
    B(e, 0xff, 0xd0);                        /* call rax */
    if (vector)
        restore_vector(e);
    B(e, 0x48, 0x89, 0xdc);                  /* mov rsp,rbx */
    B(e, 0x48, 0x8b, 0x84, 0x24, 0x88, 0x00, 0x00, 0x00); /* mov rax,[rsp+136] */
    B(e, 0x89, 0xc1);                        /* mov ecx,eax */
    B(e, 0xc1, 0xe9, 0x0b);                  /* shr ecx,11 */
    B(e, 0x83, 0xe1, 0x01);                  /* and ecx,1 */
    B(e, 0x80, 0xc1, 0x7f);                  /* add cl,0x7f: OF = saved OF */
    B(e, 0x88, 0xc4);                        /* mov ah,al */
    B(e, 0x9e);                              /* sahf: SF ZF AF PF CF; no flag changes from here on */
    B(e, 0x58, 0x59, 0x5a, 0x5b);            /* pop rax rcx rdx rbx */
    B(e, 0x48, 0x8d, 0x64, 0x24, 0x08);      /* skip rsp */
    B(e, 0x5d, 0x5e, 0x5f);                  /* pop rbp rsi rdi */
    B(e, 0x41, 0x58, 0x41, 0x59, 0x41, 0x5a, 0x41, 0x5b, 0x41, 0x5c, 0x41, 0x5d, 0x41, 0x5e, 0x41, 0x5f);
    B(e, 0x48, 0x8d, 0x64, 0x24, 0x10);      /* skip rip, rflags */
    B(e, 0xc3);                              /* ret */
}

/* The light stub, for KLAS_SITE_NOREGS sites: the advice names no register, so only what a call may clobber
 * is saved (rax rcx rdx rsi rdi r8-r11 and the status flags; the callee-saved registers are the ABI's to keep)
 * and fn(ctx) is called with both read from the trampoline (fn 18, ctx 26 bytes before the return address)
 * on a 16-byte aligned stack: 13 stores a hit, where the register-file stub makes about 30. */
static void light_stub(struct emit *e)
{
    B(e, 0x50, 0x51, 0x52, 0x56, 0x57);      /* push rax rcx rdx rsi rdi */
    B(e, 0x41, 0x50, 0x41, 0x51, 0x41, 0x52, 0x41, 0x53); /* push r8 r9 r10 r11 */
    B(e, 0x9f);                              /* lahf: SF ZF AF PF CF -> ah */
    B(e, 0x0f, 0x90, 0xc0);                  /* seto al */
    B(e, 0x50);                              /* push rax: the flags word */
    B(e, 0x48, 0x8b, 0x44, 0x24, 0x50);      /* mov rax,[rsp+80]: return address into the trampoline */
    B(e, 0x48, 0x8b, 0x78, 0xe6);            /* mov rdi,[rax-26]: ctx */
    B(e, 0x48, 0x8b, 0x40, 0xee);            /* mov rax,[rax-18]: fn */
    B(e, 0x48, 0x89, 0xe6);                  /* mov rsi,rsp */
    B(e, 0x48, 0x83, 0xe4, 0xf0);            /* and rsp,-16 */
    B(e, 0x56);                              /* push rsi */
    B(e, 0x48, 0x83, 0xec, 0x08);            /* sub rsp,8: aligned again for the call */
    B(e, 0xff, 0xd0);                        /* call rax */
    B(e, 0x48, 0x8b, 0x64, 0x24, 0x08);      /* mov rsp,[rsp+8] */
    B(e, 0x58);                              /* pop rax: the flags word */
    B(e, 0x04, 0x7f);                        /* add al,0x7f: OF = saved OF */
    B(e, 0x9e);                              /* sahf; no flag changes from here on */
    B(e, 0x41, 0x5b, 0x41, 0x5a, 0x41, 0x59, 0x41, 0x58); /* pop r11 r10 r9 r8 */
    B(e, 0x5f, 0x5e, 0x5a, 0x59, 0x58);      /* pop rdi rsi rdx rcx rax */
    B(e, 0xc3);                              /* ret */
}

/* The light stub with the register file, for KLAS_SITE_VARREGS sites: the advice names no register itself, but
 * reads $name variables from the saved registers. Saves the general registers as struct klas_registers (rsp as it
 * was at the hook; r12-r15 only when `high`, KLAS_SITE_R12_R15, else their slots are not written) and the light
 * flags word in the rflags slot, then calls fn(ctx, regs) like the light stub (fn 18, ctx 26 bytes before the
 * return address) on a 16-byte aligned stack: none of the register-file stub's flags arithmetic, 64-byte alignment
 * or klas_regs_dispatch. Stack after the pushes: regs at rsp, rip slot +128, rflags +136, return address +144,
 * then the red zone: rsp at the hook +280. The advice keeps the callee-saved registers: only the others are popped. */
static void light_regs_stub(struct emit *e, int high)
{
    B(e, 0x48, 0x8d, 0x64, 0x24, 0xf0);      /* lea rsp,[rsp-16]: rflags, rip */
    if (high)
        B(e, 0x41, 0x57, 0x41, 0x56, 0x41, 0x55, 0x41, 0x54); /* push r15 r14 r13 r12 */
    else
        B(e, 0x48, 0x8d, 0x64, 0x24, 0xe0);  /* lea rsp,[rsp-32]: r15-r12 not saved */
    B(e, 0x41, 0x53, 0x41, 0x52, 0x41, 0x51, 0x41, 0x50); /* push r11 r10 r9 r8 */
    B(e, 0x57, 0x56, 0x55, 0x54, 0x53, 0x52, 0x51, 0x50); /* push rdi rsi rbp rsp rbx rdx rcx rax */
    B(e, 0x9f);                              /* lahf: SF ZF AF PF CF -> ah */
    B(e, 0x0f, 0x90, 0xc0);                  /* seto al */
    B(e, 0x48, 0x89, 0x84, 0x24, 0x88, 0x00, 0x00, 0x00); /* mov [rsp+136],rax: the flags word */
    B(e, 0x48, 0x8d, 0x84, 0x24, 0x18, 0x01, 0x00, 0x00); /* lea rax,[rsp+280]: rsp at the hook */
    B(e, 0x48, 0x89, 0x44, 0x24, 0x20);      /* mov [rsp+32],rax */
    B(e, 0x48, 0x8b, 0x84, 0x24, 0x90, 0x00, 0x00, 0x00); /* mov rax,[rsp+144]: return address into the trampoline */
    B(e, 0x48, 0x8b, 0x78, 0xe6);            /* mov rdi,[rax-26]: ctx */
    B(e, 0x48, 0x8b, 0x40, 0xee);            /* mov rax,[rax-18]: fn */
    B(e, 0x48, 0x89, 0xe6);                  /* mov rsi,rsp: regs */
    B(e, 0x48, 0x89, 0xe3);                  /* mov rbx,rsp */
    B(e, 0x48, 0x83, 0xe4, 0xf0);            /* and rsp,-16 */
    B(e, 0xff, 0xd0);                        /* call rax */
    B(e, 0x48, 0x89, 0xdc);                  /* mov rsp,rbx */
    B(e, 0x48, 0x8b, 0x84, 0x24, 0x88, 0x00, 0x00, 0x00); /* mov rax,[rsp+136]: the flags word */
    B(e, 0x04, 0x7f);                        /* add al,0x7f: OF = saved OF */
    B(e, 0x9e);                              /* sahf; no flag changes from here on */
    B(e, 0x58, 0x59, 0x5a, 0x5b);            /* pop rax rcx rdx rbx */
    B(e, 0x48, 0x8d, 0x64, 0x24, 0x08);      /* skip rsp */
    B(e, 0x5d, 0x5e, 0x5f);                  /* pop rbp rsi rdi */
    B(e, 0x41, 0x58, 0x41, 0x59, 0x41, 0x5a, 0x41, 0x5b); /* pop r8 r9 r10 r11 */
    B(e, 0x48, 0x8d, 0x64, 0x24, 0x30);      /* skip r12-r15, rip, rflags */
    B(e, 0xc3);                              /* ret */
}

/* Whether a jump site takes a light stub: lean advice that names no register (or reads only $name variables
 * through it), and no return to arm. */
static int light(const struct klas_site *s)
{
    return (s->flags & (KLAS_SITE_NOREGS | KLAS_SITE_VARREGS)) && !(s->flags & KLAS_SITE_VECTOR)
        && s->n_advices > 0 && !((s->flags & KLAS_SITE_ENTRY) && s->n_after) && !s->n_post;
}

/* Which of klas_code_build's stubs a light site calls. */
static int light_stub_of(const struct klas_site *s)
{
    if (!(s->flags & KLAS_SITE_VARREGS))
        return 2;
    return s->flags & KLAS_SITE_R12_R15 ? 6 : 5;
}

/* A light site's trampoline: [ctx][fn] entry: lea rsp,[rsp-128]; call light stub (with the register file for a
 * KLAS_SITE_VARREGS site); lea rsp,[rsp+128];
 * the relocated displaced instructions; jmp back. The context is the hook's own, built here once. */
static int light_trampoline(struct emit *e, struct klas_hook *h, const uint8_t *stub_at)
{
    const struct klas_site *s = h->site;
    h->ctx = (struct klas_ctx){ .site = s, .jp = s->advices[0].jp, .address = h->addr, .bias = h->bias };
    u64(e, (uint64_t)(uintptr_t)&h->ctx);
    u64(e, s->flags & KLAS_SITE_VARREGS ? (uint64_t)(uintptr_t)klas_light_regs
        : (uint64_t)(uintptr_t)(s->n_advices == 1 ? klas_light_one : klas_light_dispatch));
    h->entry = e->p;
    B(e, 0x48, 0x8d, 0x64, 0x24, 0x80);      /* lea rsp,[rsp-128]: step over the red zone */
    B(e, 0xe8);                              /* call stub */
    u32(e, (uint32_t)(int32_t)((intptr_t)stub_at - (intptr_t)(e->p + 4)));
    B(e, 0x48, 0x8d, 0xa4, 0x24, 0x80, 0x00, 0x00, 0x00); /* lea rsp,[rsp+128] */
    h->tail = e->p;
    return relocate(e, h);
}

/* A site's trampoline (one cache line): [hook pointer] entry: lea rsp,[rsp-128]; call stub;
 * lea rsp,[rsp+128]; the relocated displaced instructions; jmp back. With post advice (two lines): the first
 * relocated instruction, then jmp over [hook pointer]; lea rsp,[rsp-128]; call post stub; lea rsp,[rsp+128]
 * (the same shape, so the stub finds the hook 18 bytes before its return address); the rest; jmp back. */
static int trampoline(struct emit *e, struct klas_hook *h, const uint8_t *stub_at, const uint8_t *post_at)
{
    const struct klas_site *s = h->site;
    u64(e, (uint64_t)(uintptr_t)h);
    h->entry = e->p;
    B(e, 0x48, 0x8d, 0x64, 0x24, 0x80);      /* lea rsp,[rsp-128]: step over the red zone */
    B(e, 0xe8);                              /* call stub */
    u32(e, (uint32_t)(int32_t)((intptr_t)stub_at - (intptr_t)(e->p + 4)));
    B(e, 0x48, 0x8d, 0xa4, 0x24, 0x80, 0x00, 0x00, 0x00); /* lea rsp,[rsp+128] */
    h->tail = e->p;
    if (!s->n_post)
        return relocate(e, h);
    if (copy_insns(e, h, 0, 1))
        return -1;
    B(e, 0xeb, 0x08);                        /* jmp over the hook pointer */
    u64(e, (uint64_t)(uintptr_t)h);
    B(e, 0x48, 0x8d, 0x64, 0x24, 0x80);      /* lea rsp,[rsp-128] */
    B(e, 0xe8);                              /* call post stub */
    u32(e, (uint32_t)(int32_t)((intptr_t)post_at - (intptr_t)(e->p + 4)));
    B(e, 0x48, 0x8d, 0xa4, 0x24, 0x80, 0x00, 0x00, 0x00); /* lea rsp,[rsp+128] */
    h->rest = e->p;
    return copy_insns(e, h, 1, s->n_insns - 1) || jump_back(e, h);
}

/* An int3 site's out-of-line slot: the instruction, then jmp back; with post advice an int3 between them, whose
 * trap runs the post advice (klas_trap.c finds the hook by that int3's address) and resumes after the site. */
static int slot(struct emit *e, struct klas_hook *h)
{
    h->entry = e->p;
    if (!h->site->n_post)
        return relocate(e, h);
    if (copy_insns(e, h, 0, 1))
        return -1;
    h->rest = e->p;
    B(e, 0xcc);
    return jump_back(e, h);
}

/* Maps `len` bytes within REACH of [lo, hi], probing downwards then upwards in 1 MB steps. */
static uint8_t *map_near(uint64_t lo, uint64_t hi, size_t len)
{
    for (int dir = -1; dir <= 1; dir += 2) {
        for (int64_t step = 1; step < 2000; step++) {
            uint64_t base = dir < 0 ? (lo & ~0xfffffull) - (uint64_t)step * 0x100000ull
                                    : ((hi + 0xfffffull) & ~0xfffffull) + (uint64_t)step * 0x100000ull;
            int64_t far = dir < 0 ? (int64_t)(hi - base) : (int64_t)(base + len - lo);
            if (far > REACH || base < 0x10000)
                break;
            void *p = mmap((void *)base, len, PROT_READ | PROT_WRITE,
                           MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
            if (p == (void *)base)
                return p;
            if (p != MAP_FAILED)
                munmap(p, len);
        }
    }
    return 0;
}

KLAS_HIDDEN int klas_code_build(struct klas_instance *in)
{
    probe_xsave();
    const struct klas_object *o = in->obj;
    uint64_t lo = UINT64_MAX, hi = 0;
    size_t len = 0;
    for (size_t i = 0; i < o->n_sites; i++) {
        uint64_t a = in->hooks[i].addr;
        lo = a < lo ? a : lo;
        hi = a > hi ? a : hi;
        len += o->sites[i].mechanism == KLAS_JUMP ? KLAS_TRAMP_SIZE * (o->sites[i].n_post ? 2 : 1) : KLAS_SLOT_SIZE;
    }
    len = (len + 7 * KLAS_STUB_SIZE + 4095) & ~(size_t)4095;
    uint8_t *code = o->n_sites ? map_near(lo, hi, len) : 0;
    if (!code)
        return -1;
    memset(code, 0xcc, len);
    struct emit e = { code };
    /* register file, register file with XSAVE, light, post, post with XSAVE, light with the register file
     * (r12-r15 not saved, and saved) */
    uint8_t *stubs[7];
    for (int k = 0; k < 7; k++) {
        stubs[k] = e.p;
        if (k == 2)
            light_stub(&e);
        else if (k >= 5)
            light_regs_stub(&e, k == 6);
        else
            stub(&e, k == 1 || k == 4, k < 2 ? klas_regs_dispatch : klas_post_dispatch);
        e.p = stubs[k] + KLAS_STUB_SIZE;
    }
    /* Trampolines first, each on its own cache line; then the int3 slots. */
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < o->n_sites; i++) {
            struct klas_hook *h = &in->hooks[i];
            const struct klas_site *s = h->site;
            int bad = 0;
            if (pass == 0 && s->mechanism == KLAS_JUMP) {
                uint8_t *start = e.p;
                int vector = (s->flags & KLAS_SITE_VECTOR) != 0;
                bad = light(s) ? light_trampoline(&e, h, stubs[light_stub_of(s)])
                               : trampoline(&e, h, stubs[vector], stubs[3 + vector]);
                e.p = start + KLAS_TRAMP_SIZE * (s->n_post ? 2 : 1);
            } else if (pass == 1 && s->mechanism != KLAS_JUMP) {
                uint8_t *start = e.p;
                bad = slot(&e, h);
                e.p = start + KLAS_SLOT_SIZE;
            }
            if (bad) {
                munmap(code, len);
                return -1;
            }
        }
    }
    if (mprotect(code, len, PROT_READ | PROT_EXEC)) {
        munmap(code, len);
        return -1;
    }
    in->code = code;
    in->code_len = len;
    return 0;
}

KLAS_HIDDEN void klas_code_free(struct klas_instance *in)
{
    if (in->code)
        munmap(in->code, in->code_len);
    in->code = 0;
}

/* The bytes of an access before its instruction runs, kept per thread from the site's dispatch to its post
 * dispatch: a stack, as a signal handler may run another hooked access between the two. Deeper than OLD_DEPTH, the
 * post advice does not run (no value is better than a wrong one). */
#define OLD_DEPTH 16
static __thread struct { uint32_t n; uint64_t v[OLD_DEPTH]; } olds __attribute__((tls_model("initial-exec")));

static KLAS_LEAN uint64_t access_bytes(const struct klas_ctx *c)
{
    const volatile uint8_t *p = (const volatile uint8_t *)(uintptr_t)klas_access_addr_of(c);
    uint64_t v = 0;
    for (int i = c->site->access.size; i-- > 0;)
        v = (v << 8) | p[i];
    return v;
}

/* Called from a trampoline (and, through the SIGTRAP handler, for int3 sites): runs the advices. */
KLAS_HIDDEN KLAS_LEAN void klas_regs_dispatch(struct klas_hook *h, struct klas_registers *r)
{
    const struct klas_site *s = h->site;
    struct klas_ctx c = { .site = s, .regs = r, .address = h->addr, .bias = h->bias };
    /* The hooked code may be between a failed call and reading errno. Lean advice calls only the
     * helpers, which keep errno themselves; any other advice may call anything. */
    int keep = (s->flags & KLAS_SITE_VECTOR) || s->mechanism == KLAS_INT3;
    int saved_errno = keep ? errno : 0;
    r->rip = h->addr;
    klas_hit(h->index);
    if (s->flags & KLAS_SITE_ENTRY && s->n_after)
        klas_return_arm(h, r);
    for (uint32_t i = 0; i < s->n_advices; i++) {
        c.jp = s->advices[i].jp;
        s->advices[i].fn(&c);
    }
    if (s->n_post) {
        uint32_t n = olds.n++;
        if (n < OLD_DEPTH)
            olds.v[n] = s->has_access ? access_bytes(&c) : 0;
    }
    if (keep)
        errno = saved_errno;
}

/* Called after a site's first instruction ran (its trampoline's second call, or the int3 after its out-of-line
 * copy): runs the post advices with the registers as the instruction left them and the bytes from before. */
KLAS_HIDDEN KLAS_LEAN void klas_post_dispatch(struct klas_hook *h, struct klas_registers *r)
{
    const struct klas_site *s = h->site;
    uint32_t n = olds.n ? --olds.n : OLD_DEPTH;
    if (n >= OLD_DEPTH)
        return;
    struct klas_ctx c = { .site = s, .regs = r, .address = h->addr, .bias = h->bias, .old = olds.v[n] };
    int keep = (s->flags & KLAS_SITE_VECTOR) || s->mechanism == KLAS_INT3;
    int saved_errno = keep ? errno : 0;
    r->rip = h->addr + s->insns[0].len;
    for (uint32_t i = 0; i < s->n_post; i++) {
        c.jp = s->post[i].jp;
        s->post[i].fn(&c);
    }
    if (keep)
        errno = saved_errno;
}

static inline KLAS_LEAN struct klas_hook *hook_of(struct klas_ctx *c)
{
    return (struct klas_hook *)((char *)c - offsetof(struct klas_hook, ctx));
}

/* The light stub's target when a site has one advice: the advice, then the count. Counted after the call, not
 * before a tail jump to the advice: a store just before that indirect jump cost 1.5-2 ns a hit here, after the
 * call 0.4 ns (bench/weave/hits, docs/PERFORMANCE.md). */
KLAS_HIDDEN KLAS_LEAN void klas_light_one(struct klas_ctx *c)
{
    c->site->advices[0].fn(c);
    klas_hit(hook_of(c)->index);
}

/* The light stub's target when a site has several advices: each runs with its own join point. */
KLAS_HIDDEN KLAS_LEAN void klas_light_dispatch(struct klas_ctx *shared)
{
    struct klas_ctx c = *shared;
    const struct klas_site *s = c.site;
    for (uint32_t i = 0; i < s->n_advices; i++) {
        c.jp = s->advices[i].jp;
        s->advices[i].fn(&c);
    }
    klas_hit(hook_of(shared)->index);
}

/* The light stub with the register file's target (KLAS_SITE_VARREGS): every advice of such a site is a
 * klas_regs_advice, given the context (regs 0) and the saved registers. One advice gets the hook's shared context
 * (its $name reads copy it into a local with the registers, which gcc reduces to the fields they use); several get
 * a copy each with their own join point. */
KLAS_HIDDEN KLAS_LEAN void klas_light_regs(struct klas_ctx *shared, struct klas_registers *r)
{
    const struct klas_site *s = shared->site;
    r->rip = shared->address;
    if (s->n_advices == 1) {
        ((klas_regs_advice)(void (*)(void))s->advices[0].fn)(shared, r);
    } else {
        struct klas_ctx c = *shared;
        for (uint32_t i = 0; i < s->n_advices; i++) {
            c.jp = s->advices[i].jp;
            ((klas_regs_advice)(void (*)(void))s->advices[i].fn)(&c, r);
        }
    }
    klas_hit(hook_of(shared)->index);
}
