/* BinaryTest's second unit: struct pair with another layout than bin.c's. */
struct pair { char tag; int a; long b; };

long pair_b2(struct pair *p) { return p->b + p->a; }
