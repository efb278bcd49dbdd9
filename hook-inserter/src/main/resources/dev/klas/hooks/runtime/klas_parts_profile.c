/* klas_parts_profile.c - the per-symbol profile of interposed calls (docs/parts-format.md, `profile`):
 * calls, returns, inclusive and self time, grouped by (callee segment, symbol) with callers by segment. */
#define _GNU_SOURCE
#include "klas_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int same(const struct kp_bind *a, const struct kp_bind *b)
{
    return a->to == b->to && !strcmp(a->name, b->name);
}

static uint64_t get(const uint64_t *p)
{
    return __atomic_load_n(p, __ATOMIC_RELAXED);
}

KLAS_HIDDEN void kp_profile_answer(struct kp_out *o)
{
    uint32_t n = kp_nbinds;
    uint8_t *done = calloc(n ? n : 1, 1);
    kp_out_fmt(o, "{\"ok\":true,\"profiling\":%s,\"since_ns\":%llu,\"symbols\":[",
               klas_parts_profiling ? "true" : "false", (unsigned long long)kp_hdr->profile_ns);
    int first = 1;
    for (uint32_t i = 0; i < n && done; i++) {
        if (done[i])
            continue;
        uint64_t calls = 0, returns = 0, total = 0, self = 0;
        for (uint32_t j = i; j < n; j++)
            if (!done[j] && same(&kp_binds[i], &kp_binds[j])) {
                const struct kp_sym_rec *r = kp_binds[j].rec;
                calls += get(&r->calls), returns += get(&r->returns);
                total += get(&r->total_ns), self += get(&r->self_ns);
            }
        kp_out_fmt(o, "%s{\"symbol\":", first ? "" : ",");
        kp_out_str(o, kp_binds[i].name);
        kp_out_fmt(o, ",\"to\":");
        kp_out_str(o, kp_segs[kp_binds[i].to].name);
        kp_out_fmt(o, ",\"calls\":%llu,\"returns\":%llu,\"total_ns\":%llu,\"self_ns\":%llu,\"callers\":[",
                   (unsigned long long)calls, (unsigned long long)returns, (unsigned long long)total,
                   (unsigned long long)self);
        int c = 0;
        for (uint32_t j = i; j < n; j++)
            if (!done[j] && same(&kp_binds[i], &kp_binds[j])) {
                const struct kp_sym_rec *r = kp_binds[j].rec;
                done[j] = 1;
                kp_out_fmt(o, "%s{\"from\":", c++ ? "," : "");
                kp_out_str(o, kp_segs[kp_binds[j].from].name);
                kp_out_fmt(o, ",\"calls\":%llu,\"total_ns\":%llu,\"self_ns\":%llu}",
                           (unsigned long long)get(&r->calls), (unsigned long long)get(&r->total_ns),
                           (unsigned long long)get(&r->self_ns));
            }
        kp_out_fmt(o, "]}");
        first = 0;
    }
    kp_out_fmt(o, "]}");
    free(done);
}

KLAS_HIDDEN void kp_profile_reset(void)
{
    for (uint32_t i = 0; i < kp_nbinds; i++) {
        struct kp_sym_rec *r = kp_binds[i].rec;
        __atomic_store_n(&r->calls, 0, __ATOMIC_RELAXED);
        __atomic_store_n(&r->returns, 0, __ATOMIC_RELAXED);
        __atomic_store_n(&r->total_ns, 0, __ATOMIC_RELAXED);
        __atomic_store_n(&r->self_ns, 0, __ATOMIC_RELAXED);
    }
    kp_hdr->profile_ns = klas_now_ns();
}

/* KLAS_PARTS_DUMP: the profile answer written to that file at exit. */
KLAS_HIDDEN void kp_profile_dump(void)
{
    const char *path = getenv("KLAS_PARTS_DUMP");
    FILE *f = path && *path && kp_hdr ? fopen(path, "w") : 0;
    if (!f)
        return;
    struct kp_out o = { 0 };
    kp_profile_answer(&o);
    fprintf(f, "%.*s\n", (int)o.n, o.buf ? o.buf : "");
    free(o.buf);
    fclose(f);
}
