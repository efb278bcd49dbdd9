/* klas_map.c - the address -> hook map: open addressing, linear probing, load factor <= 1/2. Besides each site's
 * address it maps the int3 that follows the out-of-line copy of an int3 site with post advice (klas_hook.rest).
 * A new map is built whenever objects come or go and published with one atomic store; signal
 * handlers read whichever map is current. Old maps are never freed (a handler may still read one). */
#define _GNU_SOURCE
#include "klas_internal.h"

#include <sys/mman.h>

static struct klas_map *current;

static KLAS_LEAN uint64_t slot_of(uint64_t addr, uint64_t mask)
{
    return ((addr * 0x9E3779B97F4A7C15ull) >> 32) & mask;
}

static void put(struct klas_map *m, uint64_t addr, struct klas_hook *h)
{
    uint64_t s = slot_of(addr, m->mask);
    while (m->e[s].hook)
        s = (s + 1) & m->mask;
    m->e[s].addr = addr;
    m->e[s].hook = h;
}

KLAS_HIDDEN struct klas_map *klas_map_build(struct klas_instance *inst, int n)
{
    size_t count = 0;
    for (int i = 0; i < n; i++)
        if (inst[i].obj)
            count += 2 * inst[i].obj->n_sites;
    uint64_t cap = 16;
    while (cap < 2 * count)
        cap <<= 1;
    size_t bytes = sizeof(struct klas_map) + cap * sizeof(struct klas_map_entry);
    struct klas_map *m = mmap(0, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED)
        return 0;
    m->mask = cap - 1;
    for (int i = 0; i < n; i++) {
        if (!inst[i].obj)
            continue;
        for (size_t k = 0; k < inst[i].obj->n_sites; k++) {
            struct klas_hook *h = &inst[i].hooks[k];
            put(m, h->addr, h);
            if (h->rest && h->site->mechanism == KLAS_INT3)
                put(m, (uint64_t)(uintptr_t)h->rest, h);
        }
    }
    return m;
}

KLAS_HIDDEN void klas_map_publish(struct klas_map *m)
{
    __atomic_store_n(&current, m, __ATOMIC_RELEASE);
}

KLAS_HIDDEN KLAS_LEAN struct klas_hook *klas_map_find(uint64_t addr)
{
    struct klas_map *m = __atomic_load_n(&current, __ATOMIC_ACQUIRE);
    if (!m)
        return 0;
    for (uint64_t s = slot_of(addr, m->mask); m->e[s].hook; s = (s + 1) & m->mask)
        if (m->e[s].addr == addr)
            return m->e[s].hook;
    return 0;
}
