/* klas_text.c - writing the target's code while other threads may run it.
 * Bytes are written through /proc/self/mem: the kernel writes into the private copy of the page
 * (FOLL_FORCE) while the mapping stays r-x, so code is never writable and executable at once and
 * threads running on the same page never fault. Fallback (no /proc): mprotect RW, write, back to RX,
 * safe only while one thread runs. After a batch of writes every core serialises its instruction
 * stream: membarrier(MEMBARRIER_CMD_PRIVATE_EXPEDITED_SYNC_CORE) (SDM Vol. 3A 8.1.3, cross-modifying code). */
#define _GNU_SOURCE
#include "klas_internal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <linux/membarrier.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static int mem_fd = -1;
static int sync_core;

KLAS_HIDDEN void klas_text_init(void)
{
    if (mem_fd < 0)
        mem_fd = open("/proc/self/mem", O_RDWR | O_CLOEXEC);
    if (!sync_core)
        sync_core = syscall(SYS_membarrier, MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_SYNC_CORE, 0, 0) == 0;
}

static int write_mprotect(uint64_t addr, const uint8_t *bytes, size_t len)
{
    uint64_t page = addr & ~4095ull, end = (addr + len + 4095) & ~4095ull;
    if (mprotect((void *)page, end - page, PROT_READ | PROT_WRITE))
        return -1;
    memcpy((void *)addr, bytes, len);
    return mprotect((void *)page, end - page, PROT_READ | PROT_EXEC);
}

KLAS_HIDDEN int klas_text_write(uint64_t addr, const uint8_t *bytes, size_t len)
{
    if (mem_fd < 0)
        return write_mprotect(addr, bytes, len);
    for (;;) {
        ssize_t w = pwrite(mem_fd, bytes, len, (off_t)addr);
        if (w == (ssize_t)len)
            return 0;
        if (w < 0 && errno == EINTR)
            continue;
        return write_mprotect(addr, bytes, len);
    }
}

KLAS_HIDDEN void klas_text_sync(void)
{
    if (sync_core)
        syscall(SYS_membarrier, MEMBARRIER_CMD_PRIVATE_EXPEDITED_SYNC_CORE, 0, 0);
    else
        __atomic_thread_fence(__ATOMIC_SEQ_CST);
}

/* Quiescing: every other thread takes KLAS_SYNC_SIGNAL; its handler (klas_trap.c) moves a thread that
 * was stopped inside the displaced bytes of a jump site being woven to the same instruction in the
 * trampoline, then acknowledges. Needed because a thread can be preempted between two displaced
 * instructions; the kernel's optprobes wait for such tasks with synchronize_rcu_tasks(). */
#define MAX_TIDS 4096
static int tids[MAX_TIDS];
static volatile int acked[MAX_TIDS];
static int n_tids;

KLAS_HIDDEN void klas_quiesce_ack(void)
{
    int me = (int)syscall(SYS_gettid);
    for (int i = 0; i < n_tids; i++)
        if (tids[i] == me)
            acked[i] = 1;
}

struct linux_dirent64 { uint64_t ino; int64_t off; unsigned short reclen; unsigned char type; char name[]; };

static int list_threads(void)
{
    int fd = open("/proc/self/task", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    int me = (int)syscall(SYS_gettid);
    char buf[4096];
    n_tids = 0;
    for (;;) {
        long n = syscall(SYS_getdents64, fd, buf, sizeof buf);
        if (n <= 0)
            break;
        for (long off = 0; off < n;) {
            struct linux_dirent64 *d = (struct linux_dirent64 *)(buf + off);
            off += d->reclen;
            int tid = 0;
            for (const char *c = d->name; *c >= '0' && *c <= '9'; c++)
                tid = tid * 10 + (*c - '0');
            if (tid > 0 && tid != me && n_tids < MAX_TIDS)
                tids[n_tids++] = tid;
        }
    }
    close(fd);
    return n_tids;
}

/* Returns 0 when every other thread passed through the handler (or exited), -1 on timeout (2 s). */
KLAS_HIDDEN int klas_quiesce(void)
{
    if (list_threads() < 0)
        return -1;
    int pid = getpid();
    for (int i = 0; i < n_tids; i++) {
        acked[i] = 0;
        __atomic_thread_fence(__ATOMIC_SEQ_CST);
        if (syscall(SYS_tgkill, pid, tids[i], KLAS_SYNC_SIGNAL) != 0)
            acked[i] = 1;
    }
    struct timespec nap = { 0, 50000 };
    for (int round = 0; round < 40000; round++) {
        int waiting = 0;
        for (int i = 0; i < n_tids; i++) {
            if (acked[i])
                continue;
            if (syscall(SYS_tgkill, pid, tids[i], 0) != 0 && errno == ESRCH)
                acked[i] = 1;
            else
                waiting++;
        }
        if (!waiting) {
            n_tids = 0;
            return 0;
        }
        if (round < 1000)
            sched_yield(); /* the signalled threads may be waiting for this CPU */
        else
            nanosleep(&nap, 0);
    }
    n_tids = 0;
    return -1;
}
