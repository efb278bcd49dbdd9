/* klas_output.c - klas_printf's output buffer (issue 21): per-thread rings in memory, written out by a flusher
 * thread, so that a hit costs a copy into memory instead of a write(2).
 *
 * Producers (klas_printf, possibly in a signal handler that interrupted another klas_printf of the same thread)
 * reserve space with a compare-and-swap on the ring's head, copy their record and publish it by storing its
 * length; no lock, no allocation. A record is an 8-byte header (the length, 0 while the record is being
 * written) and the bytes, padded to 8. A full ring drops the record and counts it. Each thread gets a ring of
 * its own on its first line (KLAS_OUT_RINGS - 1 of them); threads beyond share the last one. Since every
 * reservation is atomic, a shared ring or a nested handler keeps each thread's records in the order it made them.
 *
 * One consumer at a time (the flusher thread, exit, fork, a fatal signal) drains the rings under `drain_lock`:
 * the committed records of each ring in order into a staging buffer, written with write(2) to the output fd,
 * then zeroes what it consumed and moves the ring's tail. Draining stops at a record still being written.
 *
 * Flushes: every KLAS_OUTPUT_INTERVAL ms and when a ring passes half full (a futex wake from the producer),
 * at exit (atexit; afterwards klas_printf writes directly), before fork (the child discards what is pending,
 * the parent writes it; the child starts its own flusher), and on a fatal signal with the default action
 * (best effort: the handler drains, then the signal kills the process as before). Not at execve: what the
 * last interval gathered is lost there, as with stdio. KLAS_OUTPUT=direct restores one write(2) per call.
 * docs: README.md, "Advice output". */
#define _GNU_SOURCE
#include "klas_internal.h"

#include <errno.h>
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define KLAS_OUT_RINGS 65             /* 64 threads with a ring of their own, the last one shared */
#define KLAS_OUT_DEFAULT (1u << 20)   /* bytes per ring: pages are touched only as lines fill them */
#define KLAS_OUT_MIN 4096u
#define KLAS_OUT_MAX (64u << 20)
#define KLAS_OUT_INTERVAL_MS 20

struct ring {
    uint64_t head;   /* reserved up to: producers, compare-and-swap */
    char pad0[56];
    uint64_t tail;   /* consumed up to: the consumer holding drain_lock */
    uint32_t taken;  /* a thread owns this ring (the shared ring: always) */
    char pad1[52];
    uint8_t data[];  /* ring_size bytes */
};

static int mode;              /* 0 direct (before start, KLAS_OUTPUT=direct, after the exit flush), 1 buffered */
static size_t ring_size = KLAS_OUT_DEFAULT, ring_stride;
static long interval_ms = KLAS_OUT_INTERVAL_MS;
static uint8_t *rings;
static uint64_t dropped;      /* klas_printf calls whose output (or part of it) was dropped */
static uint32_t kicked;       /* futex: a producer found its ring half full */
static uint32_t drain_lock;
static pthread_key_t ring_key;
static __thread struct ring *my_ring __attribute__((tls_model("initial-exec")));

static struct ring *ring_at(int i)
{
    return (struct ring *)(rings + (size_t)i * ring_stride);
}

KLAS_HIDDEN KLAS_LEAN int klas_out_buffered(void)
{
    return __atomic_load_n(&mode, __ATOMIC_ACQUIRE);
}

/* ---- producers: async-signal-safe, general registers only ---- */

static KLAS_LEAN void copy_bytes(uint8_t *to, const uint8_t *from, size_t n)
{
    __asm__ volatile("rep movsb" : "+D"(to), "+S"(from), "+c"(n) : : "memory"); /* no libc memcpy: lean */
}

static KLAS_LEAN struct ring *ring_of_thread(void)
{
    struct ring *r = my_ring;
    if (r)
        return r;
    struct ring *claimed = ring_at(KLAS_OUT_RINGS - 1);
    for (int i = 0; i < KLAS_OUT_RINGS - 1; i++) {
        struct ring *c = ring_at(i);
        if (!__atomic_load_n(&c->taken, __ATOMIC_RELAXED) && !__atomic_exchange_n(&c->taken, 1, __ATOMIC_ACQUIRE)) {
            claimed = c;
            break;
        }
    }
    struct ring *none = 0;
    if (!__atomic_compare_exchange_n(&my_ring, &none, claimed, 0, __ATOMIC_RELAXED, __ATOMIC_RELAXED)) {
        /* a signal handler on this thread claimed one meanwhile: use that one */
        if (claimed != ring_at(KLAS_OUT_RINGS - 1))
            __atomic_store_n(&claimed->taken, 0, __ATOMIC_RELEASE);
        return none;
    }
    if (claimed != ring_at(KLAS_OUT_RINGS - 1))
        pthread_setspecific(ring_key, claimed); /* released at thread exit; no allocation for a low key */
    return claimed;
}

/* Appends one record; 0 when it was dropped (ring full). */
KLAS_HIDDEN KLAS_LEAN int klas_out_put(const char *buf, size_t n)
{
    struct ring *r = ring_of_thread();
    size_t need = 8 + ((n + 7) & ~(size_t)7), mask = ring_size - 1;
    uint64_t h = __atomic_load_n(&r->head, __ATOMIC_RELAXED);
    do {
        if (h + need - __atomic_load_n(&r->tail, __ATOMIC_ACQUIRE) > ring_size)
            return 0;
    } while (!__atomic_compare_exchange_n(&r->head, &h, h + need, 1, __ATOMIC_ACQ_REL, __ATOMIC_RELAXED));
    size_t at = (size_t)(h + 8) & mask, first = ring_size - at < n ? ring_size - at : n;
    copy_bytes(r->data + at, (const uint8_t *)buf, first);
    copy_bytes(r->data, (const uint8_t *)buf + first, n - first);
    __atomic_store_n((uint32_t *)(r->data + (h & mask)), (uint32_t)n, __ATOMIC_RELEASE);
    if (h + need - __atomic_load_n(&r->tail, __ATOMIC_RELAXED) > ring_size / 2 &&
        !__atomic_load_n(&kicked, __ATOMIC_RELAXED) && !__atomic_exchange_n(&kicked, 1, __ATOMIC_ACQ_REL))
        syscall(SYS_futex, &kicked, FUTEX_WAKE_PRIVATE, 1, 0, 0, 0);
    return 1;
}

KLAS_HIDDEN KLAS_LEAN void klas_out_dropped(void)
{
    __atomic_fetch_add(&dropped, 1, __ATOMIC_RELAXED);
}

/* ---- the consumer ---- */

static char staging[64 << 10];
static size_t staged;

static void write_all(const char *p, size_t n)
{
    while (n) {
        ssize_t w = write(klas_out_fd(), p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return;
        p += w;
        n -= (size_t)w;
    }
}

static void stage(const uint8_t *p, size_t n)
{
    while (n) {
        size_t k = sizeof staging - staged < n ? sizeof staging - staged : n;
        memcpy(staging + staged, p, k);
        staged += k;
        p += k;
        n -= k;
        if (staged == sizeof staging) {
            write_all(staging, staged);
            staged = 0;
        }
    }
}

static void ring_copy_out(struct ring *r, uint64_t from, size_t n)
{
    size_t mask = ring_size - 1, at = (size_t)from & mask, first = ring_size - at < n ? ring_size - at : n;
    stage(r->data + at, first);
    stage(r->data, n - first);
}

static void ring_zero(struct ring *r, uint64_t from, uint64_t to)
{
    size_t mask = ring_size - 1, at = (size_t)from & mask, n = (size_t)(to - from);
    size_t first = ring_size - at < n ? ring_size - at : n;
    memset(r->data + at, 0, first);
    memset(r->data, 0, n - first);
}

static uint64_t now_ms(void)
{
    return klas_now_ns() / 1000000u;
}

/* Writes the committed records of one ring; waits up to wait_ms for a record still being written. */
static void drain_ring(struct ring *r, long wait_ms)
{
    uint64_t t = r->tail, start = t, until = wait_ms ? now_ms() + (uint64_t)wait_ms : 0;
    uint64_t h = __atomic_load_n(&r->head, __ATOMIC_ACQUIRE);
    while (t < h) {
        uint32_t len = __atomic_load_n((uint32_t *)(r->data + ((size_t)t & (ring_size - 1))), __ATOMIC_ACQUIRE);
        if (!len) {
            if (until && now_ms() < until) {
                sched_yield();
                continue;
            }
            break;
        }
        ring_copy_out(r, t + 8, len);
        t += 8 + ((len + 7u) & ~7u);
    }
    if (t == start)
        return;
    ring_zero(r, start, t);
    __atomic_store_n(&r->tail, t, __ATOMIC_RELEASE);
}

static void drain_all(long wait_ms)
{
    if (!rings)
        return;
    for (int i = 0; i < KLAS_OUT_RINGS; i++)
        drain_ring(ring_at(i), wait_ms);
    if (staged)
        write_all(staging, staged);
    staged = 0;
}

static void lock_drain(void)
{
    while (__atomic_exchange_n(&drain_lock, 1, __ATOMIC_ACQUIRE))
        sched_yield();
}

static void unlock_drain(void)
{
    __atomic_store_n(&drain_lock, 0, __ATOMIC_RELEASE);
}

static void report_drops(void)
{
    uint64_t n = __atomic_load_n(&dropped, __ATOMIC_RELAXED);
    if (n)
        klas_msg("%llu advice lines dropped (a full output buffer of %zu bytes per thread; KLAS_OUTPUT_BUFFER "
                 "sets it)", (unsigned long long)n, ring_size);
}

static void *flusher(void *arg)
{
    (void)arg;
    prctl(PR_SET_NAME, "klas-output", 0, 0, 0);
    for (;;) {
        __atomic_store_n(&kicked, 0, __ATOMIC_RELEASE);
        lock_drain();
        drain_all(0);
        unlock_drain();
        struct timespec ts = { interval_ms / 1000, (interval_ms % 1000) * 1000000L };
        syscall(SYS_futex, &kicked, FUTEX_WAIT_PRIVATE, 0, &ts, 0, 0);
    }
    return 0;
}

static void start_flusher(void)
{
    sigset_t all, prev;
    sigfillset(&all);
    if (KLAS_SYNC_SIGNAL)
        sigdelset(&all, KLAS_SYNC_SIGNAL); /* klas_quiesce waits for every thread to take it */
    pthread_sigmask(SIG_SETMASK, &all, &prev);
    pthread_t t;
    pthread_attr_t at;
    pthread_attr_init(&at);
    pthread_attr_setdetachstate(&at, PTHREAD_CREATE_DETACHED);
    pthread_attr_setstacksize(&at, 64 << 10);
    if (pthread_create(&t, &at, flusher, 0)) {
        klas_msg("no output thread: klas_printf writes directly");
        __atomic_store_n(&mode, 0, __ATOMIC_RELEASE);
    }
    pthread_attr_destroy(&at);
    pthread_sigmask(SIG_SETMASK, &prev, 0);
}

/* ---- exit, fork, fatal signals, thread exit ---- */

static void at_exit(void)
{
    if (!klas_out_buffered())
        return;
    __atomic_store_n(&mode, 0, __ATOMIC_RELEASE); /* later lines (destructors) are written directly */
    lock_drain();
    drain_all(100);
    unlock_drain();
    report_drops();
}

static void before_fork(void)
{
    if (!rings)
        return;
    lock_drain(); /* held across fork: the child's copy of the rings is not half drained */
    drain_all(0);
}

static void after_fork_parent(void)
{
    if (rings)
        unlock_drain();
}

/* Only this thread lives on: what is pending is the parent's (it writes it); the rings of other threads are free. */
static void after_fork_child(void)
{
    if (!rings)
        return;
    for (int i = 0; i < KLAS_OUT_RINGS; i++) {
        struct ring *r = ring_at(i);
        uint64_t h = __atomic_load_n(&r->head, __ATOMIC_ACQUIRE);
        if (h != r->tail)
            ring_zero(r, r->tail, h);
        r->tail = h;
        if (r != my_ring && i != KLAS_OUT_RINGS - 1)
            r->taken = 0;
    }
    staged = 0;
    dropped = 0;
    kicked = 0;
    unlock_drain();
    if (klas_out_buffered())
        start_flusher();
}

static const int fatal[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTERM, SIGINT, SIGHUP, SIGQUIT };

/* A fatal signal with the default action: drain (waiting up to 200 ms for a flush under way), then die of it. */
static void on_fatal(int sig)
{
    int saved_errno = errno;
    if (klas_out_buffered()) {
        __atomic_store_n(&mode, 0, __ATOMIC_RELEASE);
        int got = 0;
        for (int i = 0; i < 200 && !(got = !__atomic_exchange_n(&drain_lock, 1, __ATOMIC_ACQUIRE)); i++) {
            struct timespec ms = { 0, 1000000 };
            nanosleep(&ms, 0);
        }
        if (got) {
            drain_all(0);
            unlock_drain();
        }
        report_drops();
    }
    errno = saved_errno;
    raise(sig); /* SA_RESETHAND made the action the default again; SA_NODEFER lets it through now */
}

static void install_fatal(void)
{
    for (size_t i = 0; i < sizeof fatal / sizeof fatal[0]; i++) {
        struct sigaction old, sa;
        if (sigaction(fatal[i], 0, &old) || (old.sa_flags & SA_SIGINFO) || old.sa_handler != SIG_DFL)
            continue; /* the program's own handler or SIG_IGN: left alone */
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_fatal;
        sa.sa_flags = SA_RESETHAND | SA_NODEFER | SA_ONSTACK;
        sigemptyset(&sa.sa_mask);
        sigaction(fatal[i], &sa, 0);
    }
}

static void thread_gone(void *p)
{
    struct ring *r = p;
    if (my_ring == r)
        my_ring = 0;
    __atomic_store_n(&r->taken, 0, __ATOMIC_RELEASE); /* pending records stay and are written in order */
}

/* ---- settings ---- */

/* KLAS_OUTPUT_BUFFER: bytes, or with k/K or m/M; rounded up to a power of two in [4096, 64m]. */
static size_t parse_size(const char *s)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (end == s || errno)
        return 0;
    if (*end == 'k' || *end == 'K')
        v <<= 10, end++;
    else if (*end == 'm' || *end == 'M')
        v <<= 20, end++;
    if (*end || v < KLAS_OUT_MIN || v > KLAS_OUT_MAX)
        return 0;
    size_t p = KLAS_OUT_MIN;
    while (p < v)
        p <<= 1;
    return p;
}

static void settings(void)
{
    const char *m = getenv("KLAS_OUTPUT"), *b = getenv("KLAS_OUTPUT_BUFFER"), *iv = getenv("KLAS_OUTPUT_INTERVAL");
    mode = 1;
    if (m && *m && strcmp(m, "buffered")) {
        if (strcmp(m, "direct"))
            klas_msg("KLAS_OUTPUT=%s: expected buffered or direct; using buffered", m);
        else
            mode = 0;
    }
    if (b && *b) {
        size_t v = parse_size(b);
        if (v)
            ring_size = v;
        else
            klas_msg("KLAS_OUTPUT_BUFFER=%s: expected bytes from 4096 to 64m (suffix k or m); using %zu", b, ring_size);
    }
    if (iv && *iv) {
        char *end;
        long v = strtol(iv, &end, 10);
        if (*end || v < 1 || v > 3600000)
            klas_msg("KLAS_OUTPUT_INTERVAL=%s: expected milliseconds from 1 to 3600000; using %ld", iv, interval_ms);
        else
            interval_ms = v;
    }
}

/* From the constructor, before any hook goes in. */
KLAS_HIDDEN void klas_out_start(void)
{
    static int done;
    if (done++)
        return;
    settings();
    if (!mode)
        return;
    ring_stride = sizeof(struct ring) + ring_size;
    void *p = mmap(0, ring_stride * KLAS_OUT_RINGS, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
                   -1, 0);
    if (p == MAP_FAILED || pthread_key_create(&ring_key, thread_gone)) {
        klas_msg("no output buffer: klas_printf writes directly");
        mode = 0;
        return;
    }
    rings = p;
    ring_at(KLAS_OUT_RINGS - 1)->taken = 1;
    klas_out_fd();
    atexit(at_exit);
    pthread_atfork(before_fork, after_fork_parent, after_fork_child);
    install_fatal();
    start_flusher();
}
