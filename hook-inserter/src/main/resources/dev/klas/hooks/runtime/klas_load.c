/* klas_load.c - finding target objects, verifying them, and the exported controls.
 * Objects are found with dl_iterate_phdr: at start-up (a constructor, before main) and after every
 * dlopen/dlclose, which this library wraps (the preload comes first in symbol lookup). Objects that a
 * dlopen maps get their hooks when dlopen returns; objects a dlclose unmaps lose theirs. */
#define _GNU_SOURCE
#include "klas_internal.h"

#include <dlfcn.h>
#include <elf.h>
#include <errno.h>
#include <fnmatch.h>
#include <link.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>

#define MAX_INSTANCES 64

extern const struct klas_table klas_woven_table;
extern const struct klas_parts_table klas_parts_table __attribute__((weak));

static struct klas_instance inst[MAX_INSTANCES];

/* The program's address of pc: pc itself, or, inside a relocated copy of displaced instructions (a call that ran
 * from a trampoline or an out-of-line slot pushed such a return address), the original address it stands for. */
KLAS_LEAN uint64_t klas_original_pc(uint64_t pc)
{
    for (int i = 0; i < MAX_INSTANCES; i++) {
        struct klas_instance *in = &inst[i];
        if (!in->obj || !in->code || pc < (uint64_t)(uintptr_t)in->code || pc >= (uint64_t)(uintptr_t)in->code + in->code_len)
            continue;
        for (size_t k = 0; k < in->obj->n_sites; k++) {
            struct klas_hook *h = &in->hooks[k];
            const struct klas_site *s = h->site;
            uint64_t tail = (uint64_t)(uintptr_t)(s->mechanism == KLAS_JUMP ? h->tail : h->entry);
            uint64_t len0 = s->n_post ? s->insns[0].len : s->orig_len;
            if (tail && pc > tail && pc <= tail + len0)
                return h->addr + (pc - tail);
            uint64_t rest = (uint64_t)(uintptr_t)h->rest;
            if (s->n_post && s->mechanism == KLAS_JUMP && rest && pc > rest && pc <= rest + s->orig_len - len0)
                return h->addr + len0 + (pc - rest);
        }
    }
    return pc;
}
static int woven = 1;
static int busy, pending;

static void lock(void)
{
    while (__atomic_exchange_n(&busy, 1, __ATOMIC_ACQUIRE))
        sched_yield();
}

static void toggle(void *uc)
{
    woven = !woven;
    klas_set_woven(inst, MAX_INSTANCES, woven, uc);
}

static void unlock(void)
{
    for (;;) {
        __atomic_store_n(&busy, 0, __ATOMIC_RELEASE);
        if (!__atomic_load_n(&pending, __ATOMIC_ACQUIRE) || __atomic_exchange_n(&busy, 1, __ATOMIC_ACQUIRE))
            return;
        if (__atomic_exchange_n(&pending, 0, __ATOMIC_ACQ_REL))
            toggle(0);
    }
}

KLAS_HIDDEN void klas_toggle_from_signal(void *uc)
{
    if (__atomic_exchange_n(&busy, 1, __ATOMIC_ACQUIRE)) {
        __atomic_store_n(&pending, 1, __ATOMIC_RELEASE);
        return;
    }
    toggle(uc);
    unlock();
}

static void hex(char *out, const uint8_t *b, size_t n)
{
    static const char d[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = d[b[i] >> 4];
        out[2 * i + 1] = d[b[i] & 15];
    }
    out[2 * n] = 0;
}

/* The NT_GNU_BUILD_ID note of a loaded object (ELF gABI "Note Section"; LSB "ELF Note Types"). */
static int build_id(struct dl_phdr_info *info, const uint8_t **id)
{
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *p = &info->dlpi_phdr[i];
        if (p->p_type != PT_NOTE)
            continue;
        const uint8_t *n = (const uint8_t *)(info->dlpi_addr + p->p_vaddr), *end = n + p->p_memsz;
        while (n + sizeof(ElfW(Nhdr)) <= end) {
            const ElfW(Nhdr) *h = (const ElfW(Nhdr) *)n;
            const uint8_t *name = n + sizeof *h, *desc = name + ((h->n_namesz + 3) & ~3u);
            if (h->n_type == NT_GNU_BUILD_ID && h->n_namesz == 4 && !memcmp(name, "GNU", 4)) {
                *id = desc;
                return (int)h->n_descsz;
            }
            n = desc + ((h->n_descsz + 3) & ~3u);
        }
    }
    return -1;
}

static int executable(struct dl_phdr_info *info, uint64_t vaddr, size_t len)
{
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *p = &info->dlpi_phdr[i];
        if (p->p_type == PT_LOAD && (p->p_flags & PF_X) && vaddr >= p->p_vaddr &&
            vaddr + len <= p->p_vaddr + p->p_memsz)
            return 1;
    }
    return 0;
}

static const char *site_problem(const struct klas_site *s)
{
    size_t sum = 0;
    if (s->n_insns < 1 || s->n_insns > KLAS_MAX_INSNS || s->orig_len > KLAS_MAX_ORIG)
        return "bad instruction count or length";
    for (int i = 0; i < s->n_insns; i++) {
        if (s->insns[i].rel32_at >= 0 && s->insns[i].rel32_at + 4 > s->insns[i].len)
            return "rel32 offset outside its instruction";
        sum += s->insns[i].len;
    }
    if (sum != s->orig_len)
        return "instruction lengths do not add up to orig_len";
    if (s->mechanism == KLAS_INT3 && s->n_insns != 1)
        return "an int3 site displaces exactly one instruction";
    if (s->mechanism == KLAS_JUMP && s->orig_len < 5)
        return "a jump site displaces at least 5 bytes";
    if (s->mechanism != KLAS_INT3 && s->mechanism != KLAS_JUMP)
        return "unknown mechanism";
    return 0;
}

/* One line on stderr and -1 when the object must not be patched. */
static int verify(const struct klas_object *o, struct dl_phdr_info *info, const char *name)
{
    char want[2 * KLAS_MAX_ORIG + 1], got[2 * KLAS_MAX_ORIG + 1];
    if (o->build_id_len) {
        const uint8_t *id = 0;
        int len = build_id(info, &id);
        if (len != o->build_id_len || memcmp(id, o->build_id, (size_t)len)) {
            hex(want, o->build_id, o->build_id_len > 16 ? 16 : o->build_id_len);
            hex(got, id, len > 16 ? 16 : len < 0 ? 0 : (size_t)len);
            klas_msg("refusing to patch %s: build-id %s... expected, %s%s found; nothing patched", name, want,
                     len < 0 ? "none" : got, len < 0 ? "" : "...");
            return -1;
        }
    }
    for (size_t i = 0; i < o->n_sites; i++) {
        const struct klas_site *s = &o->sites[i];
        const char *why = site_problem(s);
        if (!why && !executable(info, s->vaddr, s->orig_len))
            why = "not in an executable segment";
        const uint8_t *at = (const uint8_t *)(info->dlpi_addr + s->vaddr);
        if (!why && memcmp(at, s->orig, s->orig_len)) {
            hex(want, s->orig, s->orig_len);
            hex(got, at, s->orig_len);
            klas_msg("refusing to patch %s: site %zu at 0x%llx: bytes %s expected, %s found; nothing patched", name,
                     i, (unsigned long long)s->vaddr, want, got);
            return -1;
        }
        if (why) {
            klas_msg("refusing to patch %s: site %zu at 0x%llx: %s; nothing patched", name, i,
                     (unsigned long long)s->vaddr, why);
            return -1;
        }
    }
    return 0;
}

static int matches(const char *match, const char *path, int index)
{
    if (!strcmp(match, "main"))
        return index == 0;
    const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    return *path && (!strcmp(match, base) || !fnmatch(match, path, 0) || !fnmatch(match, base, 0));
}

static void attach(const struct klas_object *o, struct dl_phdr_info *info, const char *name)
{
    for (int i = 0; i < MAX_INSTANCES; i++)
        if (inst[i].obj == o && inst[i].bias == info->dlpi_addr && !strcmp(inst[i].path, name)) {
            inst[i].seen = 1;
            return;
        }
    if (verify(o, info, name))
        return;
    int slot = 0;
    while (slot < MAX_INSTANCES && inst[slot].obj)
        slot++;
    struct klas_hook *hooks = calloc(o->n_sites, sizeof *hooks);
    if (slot == MAX_INSTANCES || !hooks) {
        klas_msg("refusing to patch %s: out of instance slots or memory", name);
        free(hooks);
        return;
    }
    struct klas_instance *in = &inst[slot];
    *in = (struct klas_instance){ .obj = o, .bias = info->dlpi_addr, .hooks = hooks, .seen = 2 };
    strncpy(in->path, name, sizeof in->path - 1);
    uint32_t first = 0;
    for (const struct klas_object *x = klas_woven_table.objects; x < o; x++)
        first += (uint32_t)x->n_sites;
    for (size_t k = 0; k < o->n_sites; k++) {
        struct klas_hook *h = &hooks[k];
        h->site = &o->sites[k];
        h->index = first + (uint32_t)k;
        h->addr = info->dlpi_addr + h->site->vaddr;
        h->bias = info->dlpi_addr;
    }
    if (klas_code_build(in)) {
        klas_msg("refusing to patch %s: no room for hook code within 2 GB of its sites; nothing patched", name);
        in->obj = 0;
        free(hooks);
        return;
    }
    for (size_t k = 0; k < o->n_sites; k++) {
        int64_t rel = (int64_t)(uintptr_t)hooks[k].entry - (int64_t)(hooks[k].addr + 5);
        int32_t r32 = (int32_t)rel;
        hooks[k].patch[0] = 0xe9;
        memcpy(hooks[k].patch + 1, &r32, 4);
    }
}

static int visit(struct dl_phdr_info *info, size_t size, void *data)
{
    (void)size;
    int *index = data;
    const char *name = *info->dlpi_name ? info->dlpi_name : (*index == 0 ? program_invocation_name : "?");
    for (size_t i = 0; i < klas_woven_table.n_objects; i++)
        if (matches(klas_woven_table.objects[i].match, info->dlpi_name, *index))
            attach(&klas_woven_table.objects[i], info, name);
    ++*index;
    return 0;
}

/* Attaches newly mapped objects, forgets unmapped ones, publishes the map, weaves the new ones. */
static void rescan(void)
{
    lock();
    for (int i = 0; i < MAX_INSTANCES; i++)
        inst[i].seen = 0;
    int index = 0;
    dl_iterate_phdr(visit, &index);
    for (int i = 0; i < MAX_INSTANCES; i++)
        if (inst[i].obj && !inst[i].seen) {
            klas_code_free(&inst[i]);
            inst[i].obj = 0; /* hooks stay allocated: a late signal handler may still read them */
        }
    for (int i = 0; i < MAX_INSTANCES; i++)
        if (inst[i].obj) {
            klas_hits_open(); /* before the first hook goes in; not in programs the table does not patch */
            break;
        }
    klas_map_publish(klas_map_build(inst, MAX_INSTANCES));
    static struct klas_instance fresh[MAX_INSTANCES];
    int n = 0;
    for (int i = 0; i < MAX_INSTANCES; i++)
        if (inst[i].obj && inst[i].seen == 2)
            fresh[n++] = inst[i];
    if (woven && n)
        klas_set_woven(fresh, n, 1, 0); /* the copies share the hooks arrays */
    unlock();
}

__attribute__((constructor)) static void klas_start(void)
{
    if (klas_woven_table.abi_version != KLAS_ABI_VERSION) {
        klas_msg("refusing to patch anything: table ABI %u, runtime ABI %d", klas_woven_table.abi_version,
                 KLAS_ABI_VERSION);
        return;
    }
    klas_out_fd();
    if (klas_woven_table.n_objects || &klas_parts_table)
        klas_out_start(); /* the output buffer and its thread, only where advice may print */
    klas_text_init();
    klas_trap_install();
    rescan();
    klas_parts_rescan();
}

int klas_unweave(void)
{
    lock();
    int r = woven ? klas_set_woven(inst, MAX_INSTANCES, 0, 0) : 0;
    woven = 0;
    unlock();
    return r;
}

int klas_reweave(void)
{
    lock();
    int r = woven ? 0 : klas_set_woven(inst, MAX_INSTANCES, 1, 0);
    woven = r == 0;
    unlock();
    return r;
}

int klas_woven(void)
{
    return __atomic_load_n(&woven, __ATOMIC_ACQUIRE);
}

void *dlopen(const char *file, int mode)
{
    static void *(*real)(const char *, int);
    if (!real)
        real = (void *(*)(const char *, int))dlsym(RTLD_NEXT, "dlopen");
    void *h = real(file, mode);
    if (h) {
        rescan();
        klas_parts_rescan();
    }
    return h;
}

int dlclose(void *handle)
{
    static int (*real)(void *);
    if (!real)
        real = (int (*)(void *))dlsym(RTLD_NEXT, "dlclose");
    int r = real(handle);
    rescan();
    klas_parts_rescan();
    return r;
}
