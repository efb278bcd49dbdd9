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
