/* klas_parts.c - interposition of calls between load segments (issue 8).
 * For every loaded object (dl_iterate_phdr at start-up and after each dlopen) its JUMP_SLOT and
 * GLOB_DAT relocations of functions are walked (gABI "Dynamic Section", x86-64 psABI 4.4.1); for a
 * slot whose caller, callee and symbol match a selector (the library's klas_parts_table or KLAS_PARTS),
 * the GOT entry is pointed at the binding's trampoline (klas_parts_tramp.c). A slot that lazy binding
 * has not resolved yet still points into the caller's own PLT: its definition is looked up with
 * dlvsym/dlsym in the scope the dynamic linker would use. */
#define _GNU_SOURCE
#include "klas_internal.h"

#include <dlfcn.h>
#include <elf.h>
#include <fnmatch.h>
#include <link.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

extern const struct klas_parts_table klas_parts_table __attribute__((weak));

struct selector {
    const char *from, *to, *function;
    const struct klas_segment_call *call; /* 0: from KLAS_PARTS, no advice */
};

KLAS_HIDDEN struct kp_seg kp_segs[KP_SEG_MAX];
KLAS_HIDDEN struct kp_bind *kp_binds;
KLAS_HIDDEN uint32_t kp_nsegs, kp_nbinds;

static struct selector *sel;
static size_t n_sel;
static pthread_mutex_t mutex = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP;
static int rescanning; /* dlopen/dlclose made by the rescan itself (RTLD_NOLOAD lookups) */
static int started, failed;
static uint64_t scanned[KP_SEG_MAX]; /* base + 1 of objects whose slots were walked */

KLAS_HIDDEN void kp_lock(void)
{
    pthread_mutex_lock(&mutex);
}

KLAS_HIDDEN void kp_unlock(void)
{
    pthread_mutex_unlock(&mutex);
}

static const char *base_name(const char *p)
{
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

KLAS_HIDDEN int kp_seg_matches(const char *glob, uint32_t i)
{
    const struct kp_seg *s = &kp_segs[i];
    if (!strcmp(glob, "main"))
        return s->is_main;
    return !fnmatch(glob, s->name, 0) || !fnmatch(glob, s->path, 0) || !fnmatch(glob, base_name(s->path), 0);
}

KLAS_HIDDEN int kp_seg_add(const char *name, const char *path, uint64_t base, int is_main, uint32_t flags)
{
    if (kp_nsegs == KP_SEG_MAX)
        return -1;
    uint32_t i = kp_nsegs;
    struct kp_seg *s = &kp_segs[i];
    snprintf(s->name, sizeof s->name, "%s", name);
    snprintf(s->path, sizeof s->path, "%s", path);
    s->base = base;
    s->loaded = 1;
    s->is_main = is_main;
    struct kp_seg_rec *r = kp_seg_rec(i);
    kp_layout_begin();
    r->index = i;
    r->flags = KP_SEG_LOADED | (is_main ? KP_SEG_MAIN : 0) | flags;
    r->base = base;
    memcpy(r->name, s->name, sizeof r->name);
    memcpy(r->path, s->path, sizeof r->path);
    kp_nsegs = i + 1;
    kp_hdr->seg_count = kp_nsegs;
    kp_layout_end();
    return (int)i;
}

/* DT_* pointers: glibc relocates them in place in writable dynamic sections; the vDSO's are not. */
static uint64_t dyn_ptr(uint64_t v, uint64_t base)
{
    return v < base ? v + base : v;
}

struct dyn {
    const ElfW(Sym) *symtab;
    const char *strtab;
    const ElfW(Rela) *jmprel, *rela;
    size_t jmprel_n, rela_n;
    const ElfW(Half) *versym;
    const ElfW(Verneed) *verneed;
    const char *soname;
    uint64_t lo, hi, relro_lo, relro_hi;
};

static int read_dyn(struct dl_phdr_info *info, struct dyn *d)
{
    const ElfW(Dyn) *dyn = 0;
    uint64_t b = info->dlpi_addr, soname = 0;
    memset(d, 0, sizeof *d);
    d->lo = UINT64_MAX;
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *p = &info->dlpi_phdr[i];
        if (p->p_type == PT_DYNAMIC)
            dyn = (const ElfW(Dyn) *)(b + p->p_vaddr);
        if (p->p_type == PT_LOAD) {
            d->lo = d->lo < b + p->p_vaddr ? d->lo : b + p->p_vaddr;
            d->hi = d->hi > b + p->p_vaddr + p->p_memsz ? d->hi : b + p->p_vaddr + p->p_memsz;
        }
        if (p->p_type == PT_GNU_RELRO) {
            d->relro_lo = (b + p->p_vaddr) & ~4095ull;
            d->relro_hi = b + p->p_vaddr + p->p_memsz;
        }
    }
    if (!dyn)
        return -1;
    size_t pltsz = 0, relasz = 0;
    for (; dyn->d_tag != DT_NULL; dyn++) {
        uint64_t v = dyn->d_un.d_ptr;
        switch (dyn->d_tag) {
        case DT_SYMTAB: d->symtab = (const ElfW(Sym) *)dyn_ptr(v, b); break;
        case DT_STRTAB: d->strtab = (const char *)dyn_ptr(v, b); break;
        case DT_JMPREL: d->jmprel = (const ElfW(Rela) *)dyn_ptr(v, b); break;
        case DT_PLTRELSZ: pltsz = v; break;
        case DT_RELA: d->rela = (const ElfW(Rela) *)dyn_ptr(v, b); break;
        case DT_RELASZ: relasz = v; break;
        case DT_VERSYM: d->versym = (const ElfW(Half) *)dyn_ptr(v, b); break;
        case DT_VERNEED: d->verneed = (const ElfW(Verneed) *)dyn_ptr(v, b); break;
        case DT_SONAME: soname = v; break;
        }
    }
    if (!d->symtab || !d->strtab)
        return -1;
    d->jmprel_n = d->jmprel ? pltsz / sizeof(ElfW(Rela)) : 0;
    d->rela_n = d->rela ? relasz / sizeof(ElfW(Rela)) : 0;
    d->soname = soname ? d->strtab + soname : 0;
    return 0;
}

/* The version a symbol reference requires (gABI "Symbol Versioning", DT_VERNEED), or 0. */
static const char *version_of(const struct dyn *d, uint32_t sym)
{
    if (!d->versym || !d->verneed)
        return 0;
    unsigned idx = d->versym[sym] & 0x7fff;
    if (idx < 2)
        return 0;
    for (const ElfW(Verneed) *n = d->verneed;; n = (const ElfW(Verneed) *)((const char *)n + n->vn_next)) {
        const ElfW(Vernaux) *a = (const ElfW(Vernaux) *)((const char *)n + n->vn_aux);
        for (unsigned k = 0; k < n->vn_cnt; k++, a = (const ElfW(Vernaux) *)((const char *)a + a->vna_next))
            if (a->vna_other == idx)
                return d->strtab + a->vna_name;
        if (!n->vn_next)
            return 0;
    }
}

static int seg_of(uint64_t addr)
{
    Dl_info di;
    if (!dladdr((void *)(uintptr_t)addr, &di))
        return -1;
    for (uint32_t i = 0; i < kp_nsegs; i++)
        if (kp_segs[i].loaded && kp_segs[i].base == (uint64_t)(uintptr_t)di.dli_fbase)
            return (int)i;
    return -1;
}

static int skipped(const char *path)
{
    const char *b = base_name(path);
    return !strncmp(b, "ld-linux", 8) || !strncmp(b, "linux-vdso", 10) || !strncmp(b, "linux-gate", 10);
}

static uint64_t self_base(void)
{
    Dl_info di;
    return dladdr((void *)&kp_seg_add, &di) ? (uint64_t)(uintptr_t)di.dli_fbase : 0;
}

/* Registers every loaded object as a segment (once per base address). */
static int add_segment(struct dl_phdr_info *info, size_t size, void *data)
{
    (void)size;
    int *index = data;
    int is_main = (*index)++ == 0;
    for (uint32_t i = 0; i < kp_nsegs; i++)
        if (kp_segs[i].loaded && kp_segs[i].base == info->dlpi_addr && !(is_main ^ kp_segs[i].is_main))
            return 0;
    char exe[KP_PATH] = "";
    const char *path = info->dlpi_name;
    if (is_main) {
        ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
        exe[n > 0 ? n : 0] = 0;
        path = exe;
    }
    if (!is_main && (!*path || skipped(path) || info->dlpi_addr == self_base()))
        return 0;
    struct dyn d;
    const char *name = is_main ? "main" : read_dyn(info, &d) == 0 && d.soname ? d.soname : base_name(path);
    kp_seg_add(name, path, info->dlpi_addr, is_main, 0);
    return 0;
}

static int seg_by_base(uint64_t base, int is_main)
{
    for (uint32_t i = 0; i < kp_nsegs; i++)
        if (kp_segs[i].loaded && kp_segs[i].base == base && kp_segs[i].is_main == is_main)
            return (int)i;
    return -1;
}

static void got_write(const struct dyn *d, uint64_t *slot, uint64_t value)
{
    uint64_t a = (uint64_t)(uintptr_t)slot;
    int ro = a >= d->relro_lo && a < d->relro_hi;
    void *page = (void *)(uintptr_t)(a & ~4095ull);
    if (ro)
        mprotect(page, 4096, PROT_READ | PROT_WRITE);
    __atomic_store_n(slot, value, __ATOMIC_RELEASE);
    if (ro)
        mprotect(page, 4096, PROT_READ);
}

/* The definition a slot binds to: the value already there when resolved (LD_BIND_NOW, or called
 * once), else what the dynamic linker would find: the global scope, then the caller's own scope. */
static uint64_t definition(const struct dyn *d, struct dl_phdr_info *info, uint64_t cur, const char *name,
                           const char *version)
{
    if (cur && (cur < d->lo || cur >= d->hi))
        return cur;
    void *p = version ? dlvsym(RTLD_DEFAULT, name, version) : 0;
    if (!p)
        p = dlsym(RTLD_DEFAULT, name);
    if (!p && *info->dlpi_name) {
        void *h = dlopen(info->dlpi_name, RTLD_LAZY | RTLD_NOLOAD);
        if (h) {
            p = version ? dlvsym(h, name, version) : 0;
            if (!p)
                p = dlsym(h, name);
            dlclose(h);
        }
    }
    return (uint64_t)(uintptr_t)p;
}

struct pending { uint64_t *slot; uint32_t bind; };

/* One selector's advice with KLAS_FAST variants for every kind it has runs from the fast path, without
 * context (KP_GATE_FAST); several, or one without them, on the slow path (KP_GATE_ADVICE). */
static uint32_t gate(uint32_t n_adv, const struct klas_segment_call **adv, uint64_t *before, uint64_t *after)
{
    *before = *after = 0;
    if (!n_adv)
        return 0;
    const struct klas_segment_call *c = adv[0];
    if (n_adv > 1 || (c->before && !c->fast_before) || (c->after && !c->fast_after) || getenv("KLAS_PARTS_SLOW"))
        return KP_GATE_ADVICE;
    *before = c->before ? (uint64_t)(uintptr_t)c->fast_before : 0;
    *after = c->after ? (uint64_t)(uintptr_t)c->fast_after : 0;
    return KP_GATE_FAST | (c->fast_flags & KLAS_FAST_VECTOR ? KP_GATE_VECTOR : 0);
}

/* The binding for (caller, symbol), created when some selector matches; -1 when none does. */
static int bind_for(uint32_t from, const char *name, const char *version, uint64_t fn)
{
    for (uint32_t i = 0; i < kp_nbinds; i++)
        if (kp_binds[i].from == from && !strcmp(kp_binds[i].name, name) && kp_binds[i].rec->address == fn)
            return (int)i;
    int to = seg_of(fn);
    if (to < 0 || kp_nbinds == KP_SYM_MAX)
        return -1;
    const struct klas_segment_call *adv[64];
    uint32_t n_adv = 0, hit = 0;
    for (size_t k = 0; k < n_sel; k++)
        if (kp_seg_matches(sel[k].from, from) && kp_seg_matches(sel[k].to, (uint32_t)to) &&
            !fnmatch(sel[k].function, name, 0)) {
            hit = 1;
            if (sel[k].call && (sel[k].call->before || sel[k].call->after) && n_adv < 64)
                adv[n_adv++] = sel[k].call;
        }
    if (!hit)
        return -1;
    uint32_t i = kp_nbinds;
    struct kp_bind *b = &kp_binds[i];
    b->fn = fn;
    b->index = i;
    b->from = from;
    b->to = (uint32_t)to;
    b->name = strdup(name);
    b->version = version;
    b->n_adv = n_adv;
    b->adv = n_adv ? malloc(n_adv * sizeof *b->adv) : 0;
    if (n_adv)
        memcpy(b->adv, adv, n_adv * sizeof *adv);
    b->gate = gate(n_adv, adv, &b->before, &b->after);
    b->rec = kp_sym_rec(i);
    kp_layout_begin();
    b->rec->index = i;
    b->rec->flags = KP_SYM_ACTIVE | (n_adv ? KP_SYM_ADVICE : 0);
    b->rec->from = from;
    b->rec->to = (uint32_t)to;
    b->rec->address = fn;
    snprintf(b->rec->name, sizeof b->rec->name, "%s", name);
    kp_nbinds = i + 1;
    kp_hdr->sym_count = kp_nbinds;
    kp_layout_end();
    return (int)i;
}

static void scan_relocs(const struct dyn *d, struct dl_phdr_info *info, uint32_t from, const ElfW(Rela) *r,
                        size_t n, struct pending *out, size_t *n_out, size_t cap)
{
    for (size_t i = 0; i < n && *n_out < cap; i++) {
        uint32_t type = ELF64_R_TYPE(r[i].r_info), s = ELF64_R_SYM(r[i].r_info);
        if ((type != R_X86_64_JUMP_SLOT && type != R_X86_64_GLOB_DAT) || !s)
            continue;
        const ElfW(Sym) *sym = &d->symtab[s];
        int t = ELF64_ST_TYPE(sym->st_info);
        if (t != STT_FUNC && t != STT_GNU_IFUNC && !(t == STT_NOTYPE && type == R_X86_64_JUMP_SLOT))
            continue;
        const char *name = d->strtab + sym->st_name;
        int wanted = 0;
        for (size_t k = 0; k < n_sel && !wanted; k++)
            wanted = kp_seg_matches(sel[k].from, from) && !fnmatch(sel[k].function, name, 0);
        if (!wanted)
            continue;
        uint64_t *slot = (uint64_t *)(uintptr_t)(info->dlpi_addr + r[i].r_offset);
        const char *version = version_of(d, s);
        uint64_t fn = definition(d, info, *slot, name, version);
        if (!fn)
            continue;
        int b = bind_for(from, name, version, fn);
        if (b >= 0) {
            out[*n_out].slot = slot;
            out[(*n_out)++].bind = (uint32_t)b;
        }
    }
}

/* Walks the slots of one object not seen before. */
static int scan_object(struct dl_phdr_info *info, size_t size, void *data)
{
    (void)size;
    int *index = data;
    int is_main = (*index)++ == 0;
    int from = seg_by_base(info->dlpi_addr, is_main);
    if (from < 0)
        return 0;
    if (scanned[from] == info->dlpi_addr + 1)
        return 0;
    scanned[from] = info->dlpi_addr + 1;
    struct dyn d;
    if (read_dyn(info, &d))
        return 0;
    size_t cap = d.jmprel_n + d.rela_n, n = 0;
    struct pending *p = malloc((cap ? cap : 1) * sizeof *p);
    if (!p)
        return 0;
    uint32_t first = kp_nbinds;
    scan_relocs(&d, info, (uint32_t)from, d.jmprel, d.jmprel_n, p, &n, cap);
    scan_relocs(&d, info, (uint32_t)from, d.rela, d.rela_n, p, &n, cap);
    uint64_t *stubs = calloc(kp_nbinds - first + 1, sizeof *stubs);
    static uint64_t *all;
    if (!all)
        all = calloc(KP_SYM_MAX, sizeof *all);
    if (stubs && kp_nbinds > first && kp_stubs_make(first, kp_nbinds - first, stubs) == 0)
        for (uint32_t i = first; i < kp_nbinds; i++)
            all[i] = stubs[i - first];
    for (size_t k = 0; k < n; k++)
        if (all[p[k].bind]) {
            got_write(&d, p[k].slot, all[p[k].bind]);
            kp_binds[p[k].bind].rec->slots++;
        }
    free(stubs);
    free(p);
    return 0;
}

static void add_selector(const char *from, const char *to, const char *function,
                         const struct klas_segment_call *call)
{
    struct selector *s = realloc(sel, (n_sel + 1) * sizeof *s);
    if (!s)
        return;
    sel = s;
    sel[n_sel++] = (struct selector){ from, to, function && *function ? function : "*", call };
}

static char *trim(char *s)
{
    while (*s == ' ')
        s++;
    size_t n = strlen(s);
    while (n && s[n - 1] == ' ')
        s[--n] = 0;
    return s;
}

/* KLAS_PARTS='FROM|TO[|FUNCTION];...' (docs/parts-format.md). */
static void parse_env(const char *v)
{
    char *copy = strdup(v), *save = 0;
    for (char *item = copy ? strtok_r(copy, ";", &save) : 0; item; item = strtok_r(0, ";", &save)) {
        char *from = item, *to = strchr(item, '|'), *fn = 0;
        if (!to) {
            klas_msg("parts: KLAS_PARTS entry '%s' has no '|TO'; ignored", item);
            continue;
        }
        *to++ = 0;
        if ((fn = strchr(to, '|')))
            *fn++ = 0;
        add_selector(trim(from), trim(to), fn ? trim(fn) : "*", 0);
    }
}

static int start(void)
{
    const struct klas_parts_table *t = &klas_parts_table;
    if (t && t->abi_version != KLAS_ABI_VERSION) {
        klas_msg("parts: table ABI %u, runtime ABI %d; segment calls not interposed", t->abi_version,
                 KLAS_ABI_VERSION);
        t = 0;
    }
    for (size_t i = 0; t && i < t->n_calls; i++)
        add_selector(t->calls[i].from, t->calls[i].to, t->calls[i].function, &t->calls[i]);
    const char *env = getenv("KLAS_PARTS");
    if (env && *env)
        parse_env(env);
    if (!n_sel)
        return -1;
    kp_binds = mmap(0, KP_SYM_MAX * sizeof *kp_binds, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (kp_binds == MAP_FAILED || kp_shm_open()) {
        klas_msg("parts: out of memory; segment calls not interposed");
        return -1;
    }
    const char *prof = getenv("KLAS_PROFILE");
    if (prof && *prof == '1')
        kp_profile_set(1);
    if (getenv("KLAS_PARTS_DUMP"))
        atexit(kp_profile_dump);
    return 0;
}

static int mark_loaded(struct dl_phdr_info *info, size_t size, void *data)
{
    (void)size;
    int *index = data;
    int i = seg_by_base(info->dlpi_addr, (*index)++ == 0);
    if (i >= 0)
        kp_segs[i].loaded = 2;
    return 0;
}

/* The loaded objects, copied out of dl_iterate_phdr so that lookups (dladdr, dlsym, dlopen with
 * RTLD_NOLOAD) run outside the loader's lock. */
struct objects {
    int n;
    struct dl_phdr_info info[KP_SEG_MAX];
};

static int collect(struct dl_phdr_info *info, size_t size, void *data)
{
    (void)size;
    struct objects *o = data;
    if (o->n < KP_SEG_MAX)
        o->info[o->n++] = *info;
    return 0;
}

KLAS_HIDDEN void klas_parts_rescan(void)
{
    kp_lock();
    if (rescanning) {
        kp_unlock();
        return;
    }
    rescanning = 1;
    if (!started) {
        started = 1;
        failed = start() != 0;
        if (!failed)
            kp_ctl_start();
    }
    if (!failed) {
        int index = 0;
        dl_iterate_phdr(mark_loaded, &index);
        for (uint32_t i = 0; i < kp_nsegs; i++) {
            if (kp_segs[i].loaded == 1) { /* unmapped by dlclose */
                kp_segs[i].loaded = 0;
                scanned[i] = 0;
                kp_layout_begin();
                kp_seg_rec(i)->flags &= ~KP_SEG_LOADED;
                for (uint32_t k = 0; k < kp_nbinds; k++)
                    if (kp_binds[k].from == i)
                        kp_binds[k].rec->flags &= ~KP_SYM_ACTIVE;
                kp_layout_end();
            } else if (kp_segs[i].loaded == 2) {
                kp_segs[i].loaded = 1;
            }
        }
        struct objects objs = { 0 };
        dl_iterate_phdr(collect, &objs);
        index = 0;
        for (int i = 0; i < objs.n; i++)
            add_segment(&objs.info[i], sizeof objs.info[i], &index);
        index = 0;
        for (int i = 0; i < objs.n; i++)
            scan_object(&objs.info[i], sizeof objs.info[i], &index);
    }
    rescanning = 0;
    kp_unlock();
}
