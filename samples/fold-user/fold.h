/* A struct read through a one-line accessor that every caller inlines. */
#ifndef FOLD_H
#define FOLD_H

struct pkt {
    long id;
    unsigned short len;
    unsigned short flags;
    int mark;
};

/* At -O2 gcc folds this load into the caller's own instruction (cmpw $0x64,0x8(%rdi) in is_big): the inlined copy
 * keeps no code of its own and the line table gives the instruction the caller's line. */
static inline unsigned short len_of(const struct pkt *p)
{
    return p->len; /* the place of every read through len_of */
}

struct holder {
    const struct pkt *p;
};

int is_big(const struct pkt *p);
int longer(const struct pkt *p, const struct pkt *q);
int via(const struct holder *h);
int is_marked(const struct pkt *p);

#endif
