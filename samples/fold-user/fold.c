/* What gcc -O2 makes of the inlined accessor len_of (fold.h), checked by FoldedAccessTest against objdump.
 * The place of each read is fold.h's "return p->len;"; the comments say where its hook goes at -O2. */
#include "fold.h"

int is_big(const struct pkt *p)
{
    return len_of(p) > 100; /* -O2: cmpw $0x64,0x8(%rdi); p is %rdi throughout: 1 ACCESS */
}

#ifndef FOLD_ALONE /* -DFOLD_ALONE: is_big alone, so that no copy of the line keeps code (all its runs are empty) */
int longer(const struct pkt *p, const struct pkt *q)
{
    return len_of(p) > len_of(q); /* -O2: two copies, p in %rdi and q in %rsi: 2 ACCESS */
}

int via(const struct holder *h)
{
    return len_of(h->p) > 100; /* -O2: cmpw through a register that no variable's DWARF location names: 1 LINE */
}

#endif

int is_marked(const struct pkt *p)
{
    return p->mark != 0; /* not folded: found on its own line as before */
}
