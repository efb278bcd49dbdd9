/* klas_print.c - async-signal-safe helpers for advice code: formatting, time, pid, comm.
 * Everything here keeps to general registers (KLAS_LEAN) so that lean jump advice may call it. */
#define _GNU_SOURCE
#include "klas_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <time.h>
#include <unistd.h>

static int out_fd = -1;

KLAS_HIDDEN int klas_out_fd(void)
{
    if (out_fd < 0) {
        const char *path = getenv("KLAS_OUT");
        int fd = path && *path ? open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644) : -1;
        out_fd = fd >= 0 ? fd : 2;
    }
    return out_fd;
}

/* Output collects in buf; a full buf and the end of the call go out as one write(2) (direct) or one record of
 * the output buffer (klas_output.c); dropped is set when the buffer had no room for some of it. */
struct sink { char buf[512]; size_t n; int fd; int total; int buffered; int dropped; };

static KLAS_LEAN void flush(struct sink *s)
{
    if (s->buffered) {
        if (s->n && !klas_out_put(s->buf, s->n))
            s->dropped = 1;
        s->n = 0;
        return;
    }
    size_t off = 0;
    while (off < s->n) {
        ssize_t w = write(s->fd, s->buf + off, s->n - off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            break;
        off += (size_t)w;
    }
    s->n = 0;
}

static KLAS_LEAN void put(struct sink *s, char c)
{
    if (s->n == sizeof s->buf)
        flush(s);
    s->buf[s->n++] = c;
    s->total++;
}

/* Width: pad with `pad` on the left, or with spaces on the right when width < 0 (the '-' flag). */
static KLAS_LEAN void put_num(struct sink *s, unsigned long long v, int neg, unsigned base, int upper,
                              int width, char pad)
{
    char tmp[24];
    int n = 0;
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    do {
        tmp[n++] = digits[v % base];
        v /= base;
    } while (v);
    int len = n + neg;
    if (neg && pad == '0')
        put(s, '-');
    for (; width > len; width--)
        put(s, pad);
    if (neg && pad != '0')
        put(s, '-');
    while (n)
        put(s, tmp[--n]);
    for (; -width > len; width++)
        put(s, ' ');
}

static KLAS_LEAN void put_str(struct sink *s, const char *str, int width)
{
    int len = 0;
    while (str[len])
        len++;
    for (; width > len; width--)
        put(s, ' ');
    for (const char *c = str; *c; c++)
        put(s, *c);
    for (; -width > len; width++)
        put(s, ' ');
}

static KLAS_LEAN void format(struct sink *s, const char *f, va_list ap)
{
    for (; *f; f++) {
        if (*f != '%') {
            put(s, *f);
            continue;
        }
        f++;
        char pad = ' ';
        int width = 0, lng = 0, left = 0;
        for (; *f == '0' || *f == '-'; f++) {
            if (*f == '-')
                left = 1;
            else
                pad = '0';
        }
        while (*f >= '0' && *f <= '9')
            width = width * 10 + (*f++ - '0');
        if (left) {
            width = -width;
            pad = ' ';
        }
        while (*f == 'l' || *f == 'z' || *f == 'j' || *f == 'h') {
            if (*f != 'h')
                lng++;
            f++;
        }
        switch (*f) {
        case 'd':
        case 'i': {
            long long v = lng ? va_arg(ap, long long) : va_arg(ap, int);
            put_num(s, v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v, v < 0, 10, 0, width, pad);
            break;
        }
        case 'u':
        case 'x':
        case 'X': {
            unsigned long long v = lng ? va_arg(ap, unsigned long long) : va_arg(ap, unsigned);
            put_num(s, v, 0, *f == 'u' ? 10 : 16, *f == 'X', width, pad);
            break;
        }
        case 'p':
            put(s, '0');
            put(s, 'x');
            put_num(s, (unsigned long long)(uintptr_t)va_arg(ap, void *), 0, 16, 0, width, pad);
            break;
        case 'c': {
            char c[2] = { (char)va_arg(ap, int), 0 };
            put_str(s, c, width);
            break;
        }
        case 's': {
            const char *str = va_arg(ap, const char *);
            put_str(s, str ? str : "(null)", width);
            break;
        }
        case '%':
            put(s, '%');
            break;
        case '\0':
            return;
        default:
            put(s, '%');
            put(s, *f);
        }
    }
}

/* printf subset: %d %i %u %x %X %p %c %s %%, flags 0 and -, width, length l ll z j (h ignored). No floats. */
KLAS_LEAN int klas_printf(const char *fmt, ...)
{
    int saved_errno = errno;
    struct sink s = { .n = 0, .fd = klas_out_fd(), .total = 0, .buffered = klas_out_buffered(), .dropped = 0 };
    va_list ap;
    va_start(ap, fmt);
    format(&s, fmt, ap);
    va_end(ap);
    flush(&s);
    if (s.dropped)
        klas_out_dropped();
    errno = saved_errno;
    return s.total;
}

/* One diagnostic line on stderr, prefixed "klas: ". */
KLAS_HIDDEN void klas_msg(const char *fmt, ...)
{
    struct sink s = { .n = 0, .fd = 2, .total = 0 };
    const char *p = "klas: ";
    while (*p)
        put(&s, *p++);
    va_list ap;
    va_start(ap, fmt);
    format(&s, fmt, ap);
    va_end(ap);
    put(&s, '\n');
    flush(&s);
}

KLAS_LEAN uint64_t klas_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

KLAS_LEAN int klas_pid(void)
{
    return (int)getpid();
}

KLAS_LEAN const char *klas_comm(void)
{
    static __thread __attribute__((tls_model("initial-exec"))) char comm[17]; /* no allocation in a handler */
    if (!comm[0])
        prctl(PR_GET_NAME, comm, 0, 0, 0);
    return comm;
}
