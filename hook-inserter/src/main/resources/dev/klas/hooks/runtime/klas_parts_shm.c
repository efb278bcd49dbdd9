/* klas_parts_shm.c - the shared-memory table /dev/shm/klas-PID (docs/parts-format.md): creation,
 * record access, per-thread records with their seqlock, and the copy a forked child gets. */
#define _GNU_SOURCE
#include "klas_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/membarrier.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

_Static_assert(sizeof(struct kp_header) == 128, "header is 128 bytes");
_Static_assert(offsetof(struct kp_header, thr_off) == 80, "thr_off at 80");
_Static_assert(offsetof(struct kp_header, start_ns) == 104, "start_ns at 104");
_Static_assert(sizeof(struct kp_seg_rec) == 512, "segment record is 512 bytes");
_Static_assert(sizeof(struct kp_sym_rec) == 128, "symbol record is 128 bytes");
_Static_assert(offsetof(struct kp_sym_rec, name) == 64, "symbol name at 64");
_Static_assert(sizeof(struct kp_frame) == 48, "frame is 48 bytes");
_Static_assert(offsetof(struct kp_thread, frames) == 64, "frames at 64");

KLAS_HIDDEN struct kp_header *kp_hdr;
static char *base;
static size_t size;
static pthread_key_t key;
static int membarrier_ok;

static void shm_path(char *out, size_t n, int pid)
{
    snprintf(out, n, "/dev/shm/klas-%d", pid);
}

static void release(void *p)
{
    struct kp_thread *t = p;
    if (!t)
        return;
    klas_parts_self = 0;
    __atomic_store_n(&t->depth, 0, __ATOMIC_RELEASE);
    __atomic_store_n(&t->tid, 0, __ATOMIC_RELEASE);
}

static void unlink_table(void)
{
    char path[64];
    if (!kp_hdr || kp_hdr->pid != (uint32_t)getpid())
        return;
    shm_path(path, sizeof path, getpid());
    unlink(path);
    strcat(path, ".sock");
    unlink(path);
}

static void init_header(void)
{
    struct kp_header *h = kp_hdr;
    memcpy(h->magic, "KLASPRT", 8);
    h->version = 1;
    h->header_size = sizeof *h;
    h->pid = (uint32_t)getpid();
    h->frame_max = KP_FRAME_MAX;
    h->seg_off = sizeof *h;
    h->seg_size = sizeof(struct kp_seg_rec);
    h->seg_max = KP_SEG_MAX;
    h->sym_off = h->seg_off + (uint64_t)KP_SEG_MAX * h->seg_size;
    h->sym_size = sizeof(struct kp_sym_rec);
    h->sym_max = KP_SYM_MAX;
    h->thr_off = h->sym_off + (uint64_t)KP_SYM_MAX * h->sym_size;
    h->thr_size = sizeof(struct kp_thread);
    h->thr_max = KP_THR_MAX;
    h->file_size = size;
    h->start_ns = klas_now_ns();
}

/* Creates a fresh file for this pid and maps it at `at` (0: anywhere). Anonymous memory when /dev/shm
 * is not usable (the state is then kept but not published). */
static char *create(void *at)
{
    char path[64];
    shm_path(path, sizeof path, getpid());
    unlink(path);
    int fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    int flags = MAP_SHARED | (at ? MAP_FIXED : 0);
    void *p = MAP_FAILED;
    if (fd >= 0 && ftruncate(fd, (off_t)size) == 0)
        p = mmap(at, size, PROT_READ | PROT_WRITE, flags, fd, 0);
    if (fd >= 0)
        close(fd);
    if (p == MAP_FAILED) {
        klas_msg("parts: cannot publish %s (%s); state is kept in private memory", path, strerror(errno));
        unlink(path);
        p = mmap(at, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | (at ? MAP_FIXED : 0), -1, 0);
    }
    return p == MAP_FAILED ? 0 : p;
}

/* fork: the child must not write into the parent's table. Its copy of the table becomes private
 * memory at the same address (every pointer stays valid), holding the segments, symbols and its one
 * thread. It is not published (no file, no socket): most children exec at once, and the files of a
 * published child would outlive the exec. */
static void child(void)
{
    if (!kp_hdr)
        return;
    size_t used = (size_t)kp_hdr->thr_off;
    char *copy = mmap(0, used, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    struct kp_thread *me = klas_parts_self, mine;
    if (copy == MAP_FAILED)
        return;
    memcpy(copy, base, used);
    if (me)
        memcpy(&mine, me, sizeof mine);
    if (mmap(base, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) == MAP_FAILED) {
        kp_hdr = 0;
        return;
    }
    memcpy(base, copy, used);
    munmap(copy, used);
    kp_hdr->pid = (uint32_t)getpid();
    kp_hdr->thr_count = 0;
    if (me) {
        kp_hdr->thr_count = (uint32_t)(me - kp_thr_rec(0)) + 1;
        memcpy(me, &mine, sizeof mine);
        me->tid = (uint32_t)gettid();
    }
}

KLAS_HIDDEN int kp_shm_open(void)
{
    size = sizeof(struct kp_header) + (size_t)KP_SEG_MAX * sizeof(struct kp_seg_rec) +
           (size_t)KP_SYM_MAX * sizeof(struct kp_sym_rec) + (size_t)KP_THR_MAX * sizeof(struct kp_thread);
    base = create(0);
    if (!base)
        return -1;
    kp_hdr = (struct kp_header *)base;
    init_header();
    pthread_key_create(&key, release);
    pthread_atfork(0, 0, child);
    atexit(unlink_table);
    membarrier_ok = syscall(SYS_membarrier, MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED, 0, 0) == 0;
    return 0;
}

KLAS_HIDDEN struct kp_seg_rec *kp_seg_rec(uint32_t i)
{
    return (struct kp_seg_rec *)(base + kp_hdr->seg_off) + i;
}

KLAS_HIDDEN struct kp_sym_rec *kp_sym_rec(uint32_t i)
{
    return (struct kp_sym_rec *)(base + kp_hdr->sym_off) + i;
}

KLAS_HIDDEN struct kp_thread *kp_thr_rec(uint32_t i)
{
    return (struct kp_thread *)(base + kp_hdr->thr_off) + i;
}

/* Claims a free thread record for the calling thread; 0 when all are taken. */
KLAS_HIDDEN struct kp_thread *kp_thread_new(void)
{
    if (!kp_hdr)
        return 0;
    uint32_t tid = (uint32_t)gettid();
    for (uint32_t i = 0; i < KP_THR_MAX; i++) {
        struct kp_thread *t = kp_thr_rec(i);
        uint32_t zero = 0;
        if (__atomic_load_n(&t->tid, __ATOMIC_RELAXED) ||
            !__atomic_compare_exchange_n(&t->tid, &zero, tid, 0, __ATOMIC_ACQ_REL, __ATOMIC_RELAXED))
            continue;
        t->depth = 0;
        t->overflow = 0;
        t->held = 0;
        t->advice = 0;
        t->stale = 0;
        uint32_t n = __atomic_load_n(&kp_hdr->thr_count, __ATOMIC_RELAXED);
        while (n < i + 1 && !__atomic_compare_exchange_n(&kp_hdr->thr_count, &n, i + 1, 0, __ATOMIC_RELEASE,
                                                         __ATOMIC_RELAXED))
            ;
        klas_parts_self = t;
        pthread_setspecific(key, t);
        return t;
    }
    return 0;
}

KLAS_HIDDEN void kp_layout_begin(void)
{
    __atomic_add_fetch(&kp_hdr->layout_seq, 1, __ATOMIC_ACQ_REL);
}

KLAS_HIDDEN void kp_layout_end(void)
{
    __atomic_add_fetch(&kp_hdr->layout_seq, 1, __ATOMIC_ACQ_REL);
}

/* A consistent copy of thread record i: its tid, depth, the symbol index of each frame and held.
 * 0 when the record is free, -1 when it kept changing. */
KLAS_HIDDEN int kp_thread_read(uint32_t i, uint32_t *tid, uint32_t *depth, uint32_t *syms, uint32_t *held)
{
    struct kp_thread *t = kp_thr_rec(i);
    for (int tries = 0; tries < 1000; tries++) {
        uint32_t s1 = __atomic_load_n(&t->seq, __ATOMIC_ACQUIRE);
        if (s1 & 1) {
            sched_yield();
            continue;
        }
        *tid = __atomic_load_n(&t->tid, __ATOMIC_RELAXED);
        uint32_t d = __atomic_load_n(&t->depth, __ATOMIC_RELAXED);
        if (d > KP_FRAME_MAX)
            d = KP_FRAME_MAX;
        for (uint32_t k = 0; k < d; k++)
            syms[k] = __atomic_load_n(&t->frames[k].symbol, __ATOMIC_RELAXED);
        *held = __atomic_load_n(&t->held, __ATOMIC_RELAXED);
        __atomic_thread_fence(__ATOMIC_ACQUIRE);
        if (__atomic_load_n(&t->seq, __ATOMIC_RELAXED) == s1) {
            *depth = d;
            return *tid ? 1 : 0;
        }
    }
    return -1;
}

/* Every running thread of the process passes a full barrier before this returns. */
KLAS_HIDDEN void kp_membarrier(void)
{
    if (membarrier_ok && syscall(SYS_membarrier, MEMBARRIER_CMD_PRIVATE_EXPEDITED, 0, 0) == 0)
        return;
    /* Fallback: changing a page's protection shoots down the TLBs of every CPU running this mm (an IPI,
     * which serialises them). */
    static char page[4096] __attribute__((aligned(4096)));
    page[0]++;
    mprotect(page, sizeof page, PROT_READ);
    mprotect(page, sizeof page, PROT_READ | PROT_WRITE);
}
