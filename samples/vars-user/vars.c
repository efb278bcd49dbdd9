/* The functions whose variables the advice reads by name. The program prints its own "truth" lines (main.c, note)
 * with the values the advice must see at its hooks; nothing here changes a global that an advice reads. */
#include "vars.h"

static int scale = 3;

__attribute__((noinline)) int weigh(struct pkt *p, int bonus)
{
    return p->len * scale + bonus;
}

int scale_of(void)
{
    return scale;
}

__attribute__((noinline)) long sum(const struct pkt *head, int limit)
{
    long acc = 0;
    int n = 0;
    for (const struct pkt *q = head; q && n < limit; q = q->next) {
        note("sum", q->id, n, acc);
        acc += q->len * scale;
        n++;
    }
    return acc;
}

/* Inlined at -O2 (and a static function at -O0): at its second note() the advice reads the inlined copy's own
 * parameter and local; the caller's locals (t) are out of C's scope there. */
static inline long add_len(long acc, const struct pkt *q)
{
    long next = acc + q->len;
    note("add", q->id, (int)next, 0);
    note("added", q->id, 0, 0);
    return next;
}

__attribute__((noinline)) long total_len(const struct pkt *head)
{
    long t = 0;
    for (const struct pkt *q = head; q; q = q->next)
        t = add_len(t, q);
    return t;
}
