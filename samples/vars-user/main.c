/* vars-user PACKETS [BONUS]: builds a chain of PACKETS packets from the arguments, weighs each, sums the chain.
 * Before each call the program prints "truth ..." lines with the values klas's advice reads by name at its hooks
 * (samples/vars-user/aspects), in the advice's own format, so the two logs are compared line by line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "vars.h"

struct counter total = { 0, "total" };

void note(const char *where, int id, int n, long acc)
{
    printf("truth %s q=%d n=%d acc=%ld\n", where, id, n, acc);
}

int main(int argc, char **argv)
{
    int count = argc > 1 ? atoi(argv[1]) : 3;
    int bonus = argc > 2 ? atoi(argv[2]) : 7;
    struct pkt *head = NULL;
    for (int i = count; i > 0; i--) {
        struct pkt *p = calloc(1, sizeof *p);
        p->id = i;
        p->len = (pkt_len_t)(i * 100 + bonus);
        snprintf(p->tag, sizeof p->tag, "t%d", i);
        p->next = head;
        head = p;
    }
    long w = 0;
    for (struct pkt *p = head; p; p = p->next) {
        printf("truth weigh id=%d len=%u tag=%s bonus=%d hits=%ld name=%s\n", p->id, p->len, p->tag, bonus + p->id,
               total.hits, total.name);
        printf("truth scale=%d\n", scale_of());
        w += weigh(p, bonus + p->id);
        total.hits++;
    }
    printf("weights %ld sum %ld\n", w, sum(head, count - 1));
    printf("total %ld\n", total_len(head));
    return 0;
}
