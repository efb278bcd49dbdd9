/* klas_hits.c - live hit counts: the file /dev/shm/klas-PID.hits (docs/parts-format.md, "Hit counts").
 * Every thread counts in a row of its own (one per thread slot, each row on cache lines of its own), with a
 * relaxed 64-bit load and store: no line is written by two threads, and a reader summing the rows sees whole
 * values that never go down. Threads beyond the slots share the last row with an atomic add. A reset is a
 * reader's business: it writes the baseline row; the runtime never reads it. */
#define _GNU_SOURCE
#include "klas_internal.h"

#include <fcntl.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

extern const struct klas_table klas_woven_table;

struct kh_header {
    char magic[8];
    uint32_t version, header_size, pid, hook_count, slot_count, row_size;
    uint64_t hooks_off;
    uint32_t hook_size, advice_count;
    uint64_t advices_off;
    uint32_t advice_size, flags;
    uint64_t rows_off, file_size, reset_ns, start_ns;
    uint8_t reserved[32];
};
struct kh_hook {
    uint64_t vaddr, offset;
    uint32_t object, mechanism, first_advice, n_advices;
    char symbol[64];
    char object_match[32];
};
struct kh_advice {
    uint32_t hook, line, column, kind;
    char aspect[64];
    char file[128];
    char function[48];
};
_Static_assert(sizeof(struct kh_header) == 128, "hits header is 128 bytes");
_Static_assert(sizeof(struct kh_hook) == 128, "hook record is 128 bytes");
_Static_assert(sizeof(struct kh_advice) == 256, "advice record is 256 bytes");

KLAS_HIDDEN __thread uintptr_t klas_hit_row __attribute__((tls_model("initial-exec")));
KLAS_HIDDEN uint64_t *klas_hit_shared_row; /* the last row, for KLAS_HITS_SHARED builds */
static struct kh_header *hdr;
static char *rows; /* row 0: the readers' baseline; rows 1..KLAS_HIT_SLOTS: the thread slots */
static size_t file_size, row_size;
static uint64_t taken[KLAS_HIT_SLOTS / 64];
static pthread_key_t key;

static void path_of(char *out, size_t n, int pid)
{
    snprintf(out, n, "/dev/shm/klas-%d.hits", pid);
}

static void copy(char *to, size_t n, const char *from)
{
    if (from)
        strncpy(to, from, n - 1);
}

static uint32_t count_advices(void)
{
    uint32_t n = 0;
    for (size_t o = 0; o < klas_woven_table.n_objects; o++)
        for (size_t k = 0; k < klas_woven_table.objects[o].n_sites; k++)
            n += klas_woven_table.objects[o].sites[k].n_advices + klas_woven_table.objects[o].sites[k].n_after;
    return n;
}

static void advice_rec(struct kh_advice *a, uint32_t hook, const struct klas_advice *v, uint32_t kind)
{
    a->hook = hook;
    a->kind = kind;
    a->line = (uint32_t)v->jp->line;
    a->column = (uint32_t)v->jp->column;
    copy(a->aspect, sizeof a->aspect, v->jp->aspect);
    copy(a->file, sizeof a->file, v->jp->file);
    copy(a->function, sizeof a->function, v->jp->function);
}

static void describe(void)
{
    struct kh_hook *hooks = (struct kh_hook *)((char *)hdr + hdr->hooks_off);
    struct kh_advice *adv = (struct kh_advice *)((char *)hdr + hdr->advices_off);
    uint32_t i = 0, a = 0;
    for (size_t o = 0; o < klas_woven_table.n_objects; o++) {
        const struct klas_object *obj = &klas_woven_table.objects[o];
        for (size_t k = 0; k < obj->n_sites; k++, i++) {
            const struct klas_site *s = &obj->sites[k];
            const struct klas_joinpoint *jp = s->n_advices ? s->advices[0].jp : s->n_after ? s->after[0].jp : 0;
            hooks[i] = (struct kh_hook){ .vaddr = s->vaddr, .offset = jp ? jp->offset : 0, .object = (uint32_t)o,
                                         .mechanism = s->mechanism, .first_advice = a,
                                         .n_advices = s->n_advices + s->n_after };
            copy(hooks[i].symbol, sizeof hooks[i].symbol, jp ? jp->symbol : "");
            copy(hooks[i].object_match, sizeof hooks[i].object_match, obj->match);
            for (uint32_t v = 0; v < s->n_advices; v++)
                advice_rec(&adv[a++], i, &s->advices[v], 0);
            for (uint32_t v = 0; v < s->n_after; v++)
                advice_rec(&adv[a++], i, &s->after[v], 1);
        }
    }
}

static void release(void *p)
{
    uint32_t slot = (uint32_t)(uintptr_t)p - 1;
    klas_hit_row = 0;
    if (slot < KLAS_HIT_SLOTS - 1)
        __atomic_fetch_and(&taken[slot / 64], ~(1ull << (slot % 64)), __ATOMIC_RELEASE);
}

/* The calling thread's row: a free slot of its own, else the shared last row (tagged with bit 0); 2 when
 * there is no file to count in. */
static uintptr_t claim(void)
{
    if (!rows)
        return klas_hit_row = 2;
    for (uint32_t slot = 0; slot < KLAS_HIT_SLOTS - 1; slot++) {
        uint64_t bit = 1ull << (slot % 64), old = __atomic_load_n(&taken[slot / 64], __ATOMIC_RELAXED);
        if (old & bit)
            continue;
        if (__atomic_fetch_or(&taken[slot / 64], bit, __ATOMIC_ACQUIRE) & bit)
            continue;
        pthread_setspecific(key, (void *)(uintptr_t)(slot + 1));
        return klas_hit_row = (uintptr_t)(rows + (size_t)(slot + 1) * row_size);
    }
    return klas_hit_row = (uintptr_t)(rows + (size_t)KLAS_HIT_SLOTS * row_size) | 1;
}

/* A hit of a thread without a row of its own yet, or one sharing the last row. */
KLAS_HIDDEN KLAS_LEAN void klas_hit_slow(uint32_t i)
{
    uintptr_t r = klas_hit_row ? klas_hit_row : claim();
    uint64_t *c = (uint64_t *)(r & ~(uintptr_t)63) + i;
    if (r & 2)
        return;
    if (r & 1)
        __atomic_fetch_add(c, 1, __ATOMIC_RELAXED);
    else
        klas_count_one(c);
}

static void unlink_file(void)
{
    char path[64], *keep = getenv("KLAS_HITS_KEEP");
    if (!hdr || hdr->pid != (uint32_t)getpid())
        return;
    __atomic_fetch_or(&hdr->flags, 1u, __ATOMIC_RELEASE); /* the process has finished counting */
    if (keep && atoi(keep) == (int)getppid())
        return; /* klas run --hits reads it once the program is gone, then removes it */
    path_of(path, sizeof path, getpid());
    unlink(path);
}

/* fork: the child counts in private memory at the same address, so the parent's counts stay its own. */
static void child(void)
{
    if (!hdr || mmap(hdr, file_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) == MAP_FAILED)
        return;
    hdr->pid = (uint32_t)getpid();
}

/* Creates the file for the table's hooks; counts go to a private row when it cannot be created. */
KLAS_HIDDEN void klas_hits_open(void)
{
    uint32_t n = 0;
    for (size_t o = 0; o < klas_woven_table.n_objects; o++)
        n += (uint32_t)klas_woven_table.objects[o].n_sites;
    if (!n || hdr)
        return;
    uint32_t n_adv = count_advices();
    row_size = ((size_t)n * 8 + 63) & ~(size_t)63;
    size_t hooks_off = sizeof(struct kh_header), advices_off = hooks_off + (size_t)n * sizeof(struct kh_hook);
    size_t rows_off = (advices_off + (size_t)n_adv * sizeof(struct kh_advice) + 4095) & ~(size_t)4095;
    file_size = rows_off + (size_t)(KLAS_HIT_SLOTS + 1) * row_size;
    char path[64];
    path_of(path, sizeof path, getpid());
    unlink(path);
    int fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    void *p = MAP_FAILED;
    if (fd >= 0 && ftruncate(fd, (off_t)file_size) == 0)
        p = mmap(0, file_size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (fd >= 0)
        close(fd);
    if (p == MAP_FAILED) {
        klas_msg("hits: cannot publish %s; hit counts are not shown", path);
        unlink(path);
        return;
    }
    hdr = p;
    *hdr = (struct kh_header){ .version = 1, .header_size = sizeof *hdr, .pid = (uint32_t)getpid(),
                               .hook_count = n, .slot_count = KLAS_HIT_SLOTS, .row_size = (uint32_t)row_size,
                               .hooks_off = hooks_off, .hook_size = sizeof(struct kh_hook), .advice_count = n_adv,
                               .advices_off = advices_off, .advice_size = sizeof(struct kh_advice),
                               .rows_off = rows_off, .file_size = file_size, .start_ns = klas_now_ns() };
    describe();
    pthread_key_create(&key, release);
    pthread_atfork(0, 0, child);
    atexit(unlink_file);
    rows = (char *)hdr + rows_off;
    klas_hit_shared_row = (uint64_t *)(rows + (size_t)KLAS_HIT_SLOTS * row_size);
    __atomic_store_n((uint64_t *)hdr->magic, *(const uint64_t *)"KLASHIT", __ATOMIC_RELEASE);
}
