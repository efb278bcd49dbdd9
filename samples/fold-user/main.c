/* fold-user PACKETS: calls is_big, longer, via and is_marked on PACKETS packets of growing length.
 * It prints how often the advice of samples/fold-user/aspects must fire, counted here in the caller (another unit,
 * so the counting leaves the code of fold.c as it is): "oracle len_of=N" (is_big and via read p->len once through
 * len_of, longer twice) and "oracle mark=N" (is_marked reads p->mark once). */
#include <stdio.h>
#include <stdlib.h>
#include "fold.h"

int main(int argc, char **argv)
{
    int count = argc > 1 ? atoi(argv[1]) : 5;
    long len_reads = 0, mark_reads = 0, big = 0, marked = 0, more = 0;
    struct pkt prev = { -1, 50, 0, 0 };
    for (int i = 0; i < count; i++) {
        struct pkt p = { i, (unsigned short)(i * 40), 0, i % 2 };
        struct holder h = { &p };
        big += is_big(&p);
        len_reads++;
        more += longer(&p, &prev);
        len_reads += 2;
        if (i % 2 == 0) {
            big += via(&h);
            len_reads++;
        }
        if (i % 3 == 0) {
            marked += is_marked(&p);
            mark_reads++;
        }
        prev = p;
    }
    printf("big %ld marked %ld longer %ld\n", big, marked, more);
    printf("oracle len_of=%ld\n", len_reads);
    printf("oracle mark=%ld\n", mark_reads);
    return 0;
}
