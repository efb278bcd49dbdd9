#ifndef VARS_H
#define VARS_H

typedef unsigned short pkt_len_t;

struct pkt {
    int id;
    pkt_len_t len;
    char tag[6];
    struct pkt *next;
};

struct counter {
    long hits;
    const char *name;
};

extern struct counter total;

int weigh(struct pkt *p, int bonus);
long sum(const struct pkt *head, int limit);
long total_len(const struct pkt *head);
int scale_of(void);
void note(const char *where, int id, int n, long acc);

#endif
