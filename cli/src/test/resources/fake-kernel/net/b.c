#include "table.h"
struct sb { int y; };
int fb(struct sb *p) { return p->y + table[0]; }
