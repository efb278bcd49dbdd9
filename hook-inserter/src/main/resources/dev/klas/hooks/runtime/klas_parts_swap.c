/* klas_parts_swap.c - quiesce (wait until segments are unused) and swap (exchange a segment for a new
 * version while the program runs), docs/parts-format.md "Control socket" and docs/PARTS.md. */
#define _GNU_SOURCE
#include "klas_internal.h"

#include <dlfcn.h>
#include <link.h>
#include <linux/futex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static int swapping;

/* Number of threads with a frame in a segment of mask. */
static int users(const uint8_t *mask)
{
    uint32_t syms[KP_FRAME_MAX];
    int n = 0;
    for (uint32_t i = 0; i < __atomic_load_n(&kp_hdr->thr_count, __ATOMIC_ACQUIRE); i++) {
        uint32_t tid, depth = 0, held;
        int r = kp_thread_read(i, &tid, &depth, syms, &held);
        if (r < 0) {
            n++;
            continue;
        }
        for (uint32_t k = 0; k < depth; k++)
            if (mask[kp_binds[syms[k]].to]) {
                n++;
                break;
            }
    }
    return n;
}

static void nap(uint64_t ns)
{
    struct timespec ts = { 0, (long)ns };
    nanosleep(&ts, 0);
}

/* Waits until no thread is inside a segment of mask; the time waited, or -1 after timeout_ms. */
static int64_t wait_unused(const uint8_t *mask, long timeout_ms)
{
    uint64_t t0 = klas_now_ns(), limit = (uint64_t)timeout_ms * 1000000ull, pause = 20000;
    for (;;) {
        if (!users(mask))
            return (int64_t)(klas_now_ns() - t0);
        if (klas_now_ns() - t0 >= limit)
            return -1;
        nap(pause);
        pause = pause < 2000000 ? pause * 2 : pause;
    }
}

static void timed_out(int fd, const uint8_t *mask, const char *what, uint64_t waited)
{
    struct kp_out o = { 0 };
    kp_out_fmt(&o, "{\"ok\":false,\"code\":\"timeout\",\"message\":");
    kp_out_str(&o, what);
    kp_out_fmt(&o, ",\"waited_ns\":%llu,\"inside\":[", (unsigned long long)waited);
    kp_out_chains(&o, mask);
    kp_out_fmt(&o, "]}");
    kp_out_send(&o, fd);
}

KLAS_HIDDEN void kp_quiesce(int fd, const char *glob, long timeout_ms)
{
    uint8_t mask[KP_SEG_MAX] = { 0 };
    int n = 0;
    struct kp_out o = { 0 };
    kp_out_fmt(&o, "{\"ok\":true,\"segments\":[");
    for (uint32_t s = 0; s < kp_nsegs; s++)
        if (kp_segs[s].loaded && kp_seg_matches(glob, s)) {
            mask[s] = 1;
            kp_out_fmt(&o, "%s", n++ ? "," : "");
            kp_out_str(&o, kp_segs[s].name);
        }
    if (!n) {
        free(o.buf);
        char msg[200];
        snprintf(msg, sizeof msg, "no loaded segment matches '%s'", glob);
        kp_out_error(fd, "no-match", msg);
        return;
    }
    uint64_t t0 = klas_now_ns();
    int64_t w = wait_unused(mask, timeout_ms);
    if (w < 0) {
        free(o.buf);
        char msg[200];
        snprintf(msg, sizeof msg, "'%s' still in use after %ld ms", glob, timeout_ms);
        timed_out(fd, mask, msg, klas_now_ns() - t0);
        return;
    }
    kp_out_fmt(&o, "],\"waited_ns\":%lld}", (long long)w);
    kp_out_send(&o, fd);
}

/* The segment bindings point into that glob names: exactly one, else an error answer and -1. */
static int old_segment(int fd, const char *glob)
{
    int found = -1, n = 0;
    for (uint32_t s = 0; s < kp_nsegs; s++) {
        if (!kp_segs[s].loaded || !kp_seg_matches(glob, s))
            continue;
        for (uint32_t b = 0; b < kp_nbinds; b++)
            if (kp_binds[b].to == s) {
                found = (int)s;
                n++;
                break;
            }
    }
    char msg[300];
    if (n == 1)
        return found;
    snprintf(msg, sizeof msg, n ? "'%s' matches %d segments with interposed calls; name one" :
                                  "no loaded segment with interposed calls matches '%s'", glob, n);
    kp_out_error(fd, n ? "usage" : "no-match", msg);
    return -1;
}

/* Holds (on) or releases the calls of the bindings marked in held. */
static void set_hold(const uint8_t *held, int on)
{
    for (uint32_t b = 0; b < kp_nbinds; b++) {
        if (!held[b])
            continue;
        if (on) {
            __atomic_or_fetch(&kp_binds[b].gate, KP_GATE_HOLD, __ATOMIC_SEQ_CST);
            __atomic_or_fetch(&kp_binds[b].rec->flags, KP_SYM_HELD, __ATOMIC_RELAXED);
        } else {
            __atomic_and_fetch(&kp_binds[b].gate, ~KP_GATE_HOLD, __ATOMIC_SEQ_CST);
            __atomic_and_fetch(&kp_binds[b].rec->flags, ~KP_SYM_HELD, __ATOMIC_RELAXED);
        }
    }
    if (!on) {
        __atomic_add_fetch(&kp_hold_word, 1, __ATOMIC_SEQ_CST);
        syscall(SYS_futex, &kp_hold_word, FUTEX_WAKE_PRIVATE, 0x7fffffff, 0, 0, 0);
    } else {
        kp_membarrier();
    }
}

/* Looks up every symbol bound into old in the new object; -1 (answered) when one is missing. */
static int resolve_new(int fd, uint32_t old, void *h, uint64_t new_base, uint64_t *addr)
{
    struct kp_out o = { 0 };
    int missing = 0;
    for (uint32_t b = 0; b < kp_nbinds; b++) {
        if (kp_binds[b].to != old)
            continue;
        void *p = kp_binds[b].version ? dlvsym(h, kp_binds[b].name, kp_binds[b].version) : 0;
        if (!p)
            p = dlsym(h, kp_binds[b].name);
        Dl_info di;
        if (p && dladdr(p, &di) && (uint64_t)(uintptr_t)di.dli_fbase == new_base) {
            addr[b] = (uint64_t)(uintptr_t)p;
            continue;
        }
        kp_out_fmt(&o, "%s", missing++ ? "," : "");
        kp_out_str(&o, kp_binds[b].name);
    }
    if (!missing)
        return 0;
    struct kp_out e = { 0 };
    kp_out_fmt(&e, "{\"ok\":false,\"code\":\"missing-symbol\",\"message\":\"the new object lacks %d interposed "
                   "symbol(s) of the old one; nothing changed\",\"symbols\":[%.*s]}",
               missing, (int)o.n, o.buf ? o.buf : "");
    free(o.buf);
    kp_out_send(&e, fd);
    return -1;
}

static int swap_locked(int fd, int old, void *h, const char *new_path, long timeout_ms, uint64_t t0)
{
    struct link_map *lm = 0;
    uint64_t *addr = calloc(KP_SYM_MAX, sizeof *addr);
    int neu = -1;
    if (!addr || dlinfo(h, RTLD_DI_LINKMAP, &lm) || !lm) {
        kp_out_error(fd, "internal", "no link map for the new object");
        free(addr);
        return -1;
    }
    for (uint32_t s = 0; s < kp_nsegs; s++)
        if (kp_segs[s].loaded && kp_segs[s].base == lm->l_addr && !kp_segs[s].is_main)
            neu = (int)s;
    if (neu < 0)
        neu = kp_seg_add(strrchr(new_path, '/') ? strrchr(new_path, '/') + 1 : new_path, lm->l_name, lm->l_addr, 0, 0);
    if (neu == old || neu < 0) {
        kp_out_error(fd, "usage", neu < 0 ? "no segment record left" : "the new object is the old one");
        free(addr);
        return -1;
    }
    if (resolve_new(fd, (uint32_t)old, h, lm->l_addr, addr)) {
        free(addr);
        return -1;
    }
    uint8_t mask[KP_SEG_MAX] = { 0 }, *held = calloc(KP_SYM_MAX, 1);
    if (!held) {
        kp_out_error(fd, "internal", "out of memory");
        free(addr);
        return -1;
    }
    mask[old] = 1;
    for (uint32_t b = 0; b < kp_nbinds; b++)
        held[b] = kp_binds[b].to == (uint32_t)old;
    __atomic_store_n(&kp_hold_longest_ns, 0, __ATOMIC_RELAXED);
    __atomic_store_n(&kp_hold_calls, 0, __ATOMIC_RELAXED);
    __atomic_or_fetch(&kp_hdr->flags, KP_HDR_SWAPPING, __ATOMIC_RELEASE);
    uint64_t tq = klas_now_ns();
    set_hold(held, 1);
    int64_t q = wait_unused(mask, timeout_ms);
    if (q < 0) {
        char msg[300];
        snprintf(msg, sizeof msg, "'%s' still in use after %ld ms; nothing changed", kp_segs[old].name, timeout_ms);
        set_hold(held, 0);
        free(held);
        __atomic_and_fetch(&kp_hdr->flags, ~KP_HDR_SWAPPING, __ATOMIC_RELEASE);
        timed_out(fd, mask, msg, klas_now_ns() - tq);
        free(addr);
        return -1;
    }
    uint32_t n = 0;
    kp_layout_begin();
    for (uint32_t b = 0; b < kp_nbinds; b++) {
        if (kp_binds[b].to != (uint32_t)old)
            continue;
        __atomic_store_n(&kp_binds[b].fn, addr[b], __ATOMIC_RELEASE);
        kp_binds[b].to = (uint32_t)neu;
        kp_binds[b].rec->to = (uint32_t)neu;
        kp_binds[b].rec->address = addr[b];
        n++;
    }
    kp_seg_rec((uint32_t)old)->flags |= KP_SEG_REPLACED;
    kp_seg_rec((uint32_t)neu)->flags = (kp_seg_rec((uint32_t)neu)->flags | KP_SEG_SWAPPED_IN) & ~KP_SEG_REPLACED;
    kp_layout_end();
    set_hold(held, 0); /* the held calls re-read fn: they go to the new object */
    free(held);
    uint64_t released = klas_now_ns();
    nap(1000000); /* let held threads record their hold time */
    kp_hdr->swaps++;
    __atomic_and_fetch(&kp_hdr->flags, ~KP_HDR_SWAPPING, __ATOMIC_RELEASE);
    struct kp_out o = { 0 };
    kp_out_fmt(&o, "{\"ok\":true,\"old\":");
    kp_out_str(&o, kp_segs[old].name);
    kp_out_fmt(&o, ",\"new\":");
    kp_out_str(&o, kp_segs[neu].name);
    kp_out_fmt(&o, ",\"bindings\":%u,\"quiesce_ns\":%lld,\"longest_hold_ns\":%llu,\"held_calls\":%llu,"
                   "\"total_ns\":%llu}",
               n, (long long)q, (unsigned long long)__atomic_load_n(&kp_hold_longest_ns, __ATOMIC_RELAXED),
               (unsigned long long)__atomic_load_n(&kp_hold_calls, __ATOMIC_RELAXED),
               (unsigned long long)(released - t0));
    kp_out_send(&o, fd);
    free(addr);
    return 0;
}

KLAS_HIDDEN void kp_swap(int client, const char *old_glob, const char *new_path, long timeout_ms)
{
    if (__atomic_exchange_n(&swapping, 1, __ATOMIC_ACQ_REL)) {
        kp_out_error(client, "busy", "another swap is running; nothing changed");
        return;
    }
    /* The answer is written to a memfd and sent once the swap is over, so that a client may send the
     * next swap as soon as it has read this answer. */
    int fd = memfd_create("klas-swap-answer", MFD_CLOEXEC);
    if (fd < 0)
        fd = client;
    uint64_t t0 = klas_now_ns();
    kp_lock();
    int old = old_segment(fd, old_glob);
    kp_unlock();
    if (old >= 0) {
        void *h = dlopen(new_path, RTLD_LOCAL | RTLD_NOW); /* the wrapper: rescans, adds the segment */
        if (!h) {
            char msg[600];
            snprintf(msg, sizeof msg, "cannot load '%s': %s; nothing changed", new_path, dlerror());
            kp_out_error(fd, "load", msg);
        } else {
            kp_lock();
            int r = swap_locked(fd, old, h, new_path, timeout_ms, t0);
            kp_unlock();
            if (r)
                dlclose(h); /* refused: drop the reference the dlopen took */
        }
    }
    __atomic_store_n(&swapping, 0, __ATOMIC_RELEASE);
    if (fd != client) {
        char buf[4096];
        ssize_t n;
        lseek(fd, 0, SEEK_SET);
        while ((n = read(fd, buf, sizeof buf)) > 0)
            if (send(client, buf, (size_t)n, MSG_NOSIGNAL) != n)
                break;
        close(fd);
    }
}
