/* klas_parts_ctl.c - the control socket /dev/shm/klas-PID.sock (docs/parts-format.md, "Control
 * socket"): one server thread, peers checked with SO_PEERCRED, line requests, one-line JSON answers. */
#define _GNU_SOURCE
#include "klas_internal.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

KLAS_HIDDEN void kp_out_fmt(struct kp_out *o, const char *fmt, ...)
{
    for (;;) {
        va_list ap;
        va_start(ap, fmt);
        int n = vsnprintf(o->buf ? o->buf + o->n : 0, o->buf ? o->cap - o->n : 0, fmt, ap);
        va_end(ap);
        if (n < 0)
            return;
        if (o->buf && o->n + (size_t)n < o->cap) {
            o->n += (size_t)n;
            return;
        }
        size_t cap = (o->cap ? o->cap * 2 : 4096) + (size_t)n;
        char *b = realloc(o->buf, cap);
        if (!b)
            return;
        o->buf = b;
        o->cap = cap;
    }
}

KLAS_HIDDEN void kp_out_str(struct kp_out *o, const char *s)
{
    kp_out_fmt(o, "\"");
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            kp_out_fmt(o, "\\%c", c);
        else if (c < 0x20)
            kp_out_fmt(o, "\\u%04x", c);
        else
            kp_out_fmt(o, "%c", c);
    }
    kp_out_fmt(o, "\"");
}

KLAS_HIDDEN void kp_out_send(struct kp_out *o, int fd)
{
    kp_out_fmt(o, "\n");
    size_t off = 0;
    while (o->buf && off < o->n) {
        ssize_t w = send(fd, o->buf + off, o->n - off, MSG_NOSIGNAL);
        if (w < 0 && errno == ENOTSOCK) /* a swap's answer kept in a memfd until the swap is over */
            w = write(fd, o->buf + off, o->n - off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            break;
        off += (size_t)w;
    }
    free(o->buf);
    *o = (struct kp_out){ 0 };
}

KLAS_HIDDEN void kp_out_error(int fd, const char *code, const char *message)
{
    struct kp_out o = { 0 };
    kp_out_fmt(&o, "{\"ok\":false,\"code\":\"%s\",\"message\":", code);
    kp_out_str(&o, message);
    kp_out_fmt(&o, "}");
    kp_out_send(&o, fd);
}

static void chain(struct kp_out *o, const uint32_t *syms, uint32_t depth)
{
    kp_out_fmt(o, "[");
    for (uint32_t k = 0; k < depth; k++) {
        const struct kp_bind *b = &kp_binds[syms[k]];
        kp_out_fmt(o, "%s{\"symbol\":", k ? "," : "");
        kp_out_str(o, b->name);
        kp_out_fmt(o, ",\"from\":");
        kp_out_str(o, kp_segs[b->from].name);
        kp_out_fmt(o, ",\"to\":");
        kp_out_str(o, kp_segs[b->to].name);
        kp_out_fmt(o, "}");
    }
    kp_out_fmt(o, "]");
}

KLAS_HIDDEN void kp_out_chains(struct kp_out *o, const uint8_t *mask)
{
    uint32_t syms[KP_FRAME_MAX];
    int first = 1;
    for (uint32_t i = 0; i < kp_hdr->thr_count; i++) {
        uint32_t tid, depth = 0, held;
        if (kp_thread_read(i, &tid, &depth, syms, &held) <= 0 || (!depth && !held))
            continue;
        int in = !mask;
        for (uint32_t k = 0; k < depth && !in; k++)
            in = mask[kp_binds[syms[k]].to];
        if (!in)
            continue;
        kp_out_fmt(o, "%s{\"tid\":%u,", first ? "" : ",", tid);
        if (held) {
            kp_out_fmt(o, "\"held\":");
            kp_out_str(o, kp_binds[held - 1].name);
            kp_out_fmt(o, ",");
        }
        kp_out_fmt(o, "\"chain\":");
        chain(o, syms, depth);
        kp_out_fmt(o, "}");
        first = 0;
    }
}

static void state(int fd)
{
    uint32_t syms[KP_FRAME_MAX];
    uint32_t running[KP_SEG_MAX] = { 0 }, calling[KP_SEG_MAX] = { 0 };
    for (uint32_t i = 0; i < kp_hdr->thr_count; i++) {
        uint32_t tid, depth = 0, held;
        uint8_t seen_run[KP_SEG_MAX] = { 0 }, seen_call[KP_SEG_MAX] = { 0 };
        if (kp_thread_read(i, &tid, &depth, syms, &held) <= 0 || !depth)
            continue;
        seen_run[kp_binds[syms[depth - 1]].to] = 1;
        for (uint32_t k = 0; k + 1 < depth; k++)
            seen_call[kp_binds[syms[k]].to] = 1;
        for (uint32_t s = 0; s < kp_nsegs; s++) {
            running[s] += seen_run[s];
            calling[s] += seen_call[s];
        }
    }
    struct kp_out o = { 0 };
    kp_out_fmt(&o, "{\"ok\":true,\"segments\":[");
    for (uint32_t s = 0; s < kp_nsegs; s++) {
        const char *st = running[s] && calling[s] ? "running+calling" : running[s] ? "running"
                         : calling[s]             ? "calling"
                                                  : "unused";
        kp_out_fmt(&o, "%s{\"index\":%u,\"name\":", s ? "," : "", s);
        kp_out_str(&o, kp_segs[s].name);
        kp_out_fmt(&o, ",\"path\":");
        kp_out_str(&o, kp_segs[s].path);
        kp_out_fmt(&o, ",\"loaded\":%s,\"state\":\"%s\",\"running\":%u,\"calling\":%u,\"held\":%u}",
                   kp_segs[s].loaded ? "true" : "false", st, running[s], calling[s], kp_seg_rec(s)->held);
    }
    kp_out_fmt(&o, "],\"threads\":[");
    kp_out_chains(&o, 0);
    kp_out_fmt(&o, "]}");
    kp_out_send(&o, fd);
}

static void simple(int fd, const char *fmt, ...)
{
    struct kp_out o = { 0 };
    char line[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    kp_out_fmt(&o, "%s", line);
    kp_out_send(&o, fd);
}

static void answer(char *line, int fd)
{
    char *w[5] = { 0 }, *save = 0;
    int n = 0;
    for (char *t = strtok_r(line, " \t\r", &save); t && n < 5; t = strtok_r(0, " \t\r", &save))
        w[n++] = t;
    char *end = 0;
    if (!n) {
        kp_out_error(fd, "usage", "empty request");
    } else if (!strcmp(w[0], "hello") && n == 1) {
        simple(fd, "{\"ok\":true,\"pid\":%d,\"version\":1,\"shm\":\"/dev/shm/klas-%d\",\"profiling\":%s}", getpid(),
               getpid(), klas_parts_profiling ? "true" : "false");
    } else if (!strcmp(w[0], "state") && n == 1) {
        state(fd);
    } else if (!strcmp(w[0], "quiesce") && n == 3 && strtol(w[2], &end, 10) >= 0 && !*end) {
        kp_quiesce(fd, w[1], strtol(w[2], 0, 10));
    } else if (!strcmp(w[0], "swap") && n == 4 && strtol(w[3], &end, 10) >= 0 && !*end) {
        kp_swap(fd, w[1], w[2], strtol(w[3], 0, 10));
    } else if (!strcmp(w[0], "profile") && n == 1) {
        struct kp_out o = { 0 };
        kp_profile_answer(&o);
        kp_out_send(&o, fd);
    } else if ((!strcmp(w[0], "profile-on") || !strcmp(w[0], "profile-off")) && n == 1) {
        kp_profile_set(w[0][9] == 'n');
        simple(fd, "{\"ok\":true,\"profiling\":%s}", klas_parts_profiling ? "true" : "false");
    } else if (!strcmp(w[0], "profile-reset") && n == 1) {
        kp_profile_reset();
        simple(fd, "{\"ok\":true}");
    } else {
        kp_out_error(fd, "usage",
                     "unknown request; expected hello, state, quiesce GLOB TIMEOUT_MS, swap OLD NEW TIMEOUT_MS, "
                     "profile, profile-on, profile-off, profile-reset");
    }
}

static void serve(int fd)
{
    struct ucred cred;
    socklen_t len = sizeof cred;
    if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) || cred.uid != geteuid()) {
        kp_out_error(fd, "denied", "only the target's own user may use this socket");
        return;
    }
    char buf[4096];
    size_t n = 0;
    for (;;) {
        ssize_t r = recv(fd, buf + n, sizeof buf - 1 - n, 0);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return;
        n += (size_t)r;
        char *nl;
        while ((nl = memchr(buf, '\n', n))) {
            *nl = 0;
            answer(buf, fd);
            size_t used = (size_t)(nl + 1 - buf);
            memmove(buf, nl + 1, n - used);
            n -= used;
        }
        if (n == sizeof buf - 1) {
            kp_out_error(fd, "usage", "request longer than 4095 bytes");
            return;
        }
    }
}

static void *connection(void *arg)
{
    int fd = (int)(intptr_t)arg;
    serve(fd);
    close(fd);
    return 0;
}

/* One thread per connection, so that a second request (a concurrent swap) gets its own answer. */
static void *server(void *arg)
{
    int ls = (int)(intptr_t)arg;
    pthread_attr_t at;
    pthread_attr_init(&at);
    pthread_attr_setdetachstate(&at, PTHREAD_CREATE_DETACHED);
    for (;;) {
        int fd = accept4(ls, 0, 0, SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno == EINTR || errno == ECONNABORTED)
                continue;
            return 0;
        }
        pthread_t t;
        if (pthread_create(&t, &at, connection, (void *)(intptr_t)fd)) {
            kp_out_error(fd, "internal", "no thread for this connection");
            close(fd);
        }
    }
}

KLAS_HIDDEN void kp_ctl_start(void)
{
    struct sockaddr_un a = { .sun_family = AF_UNIX };
    snprintf(a.sun_path, sizeof a.sun_path, "/dev/shm/klas-%d.sock", getpid());
    unlink(a.sun_path);
    int ls = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    mode_t old = umask(0177);
    int ok = ls >= 0 && bind(ls, (struct sockaddr *)&a, sizeof a) == 0;
    umask(old);
    if (!ok || chmod(a.sun_path, 0600) || listen(ls, 8)) {
        klas_msg("parts: no control socket %s: %s", a.sun_path, strerror(errno));
        if (ls >= 0)
            close(ls);
        return;
    }
    sigset_t all, prev;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &prev);
    pthread_t t;
    pthread_attr_t at;
    pthread_attr_init(&at);
    pthread_attr_setdetachstate(&at, PTHREAD_CREATE_DETACHED);
    if (pthread_create(&t, &at, server, (void *)(intptr_t)ls)) {
        klas_msg("parts: no control thread");
        close(ls);
    } else {
        pthread_setname_np(t, "klas-parts");
    }
    pthread_attr_destroy(&at);
    pthread_sigmask(SIG_SETMASK, &prev, 0);
}
