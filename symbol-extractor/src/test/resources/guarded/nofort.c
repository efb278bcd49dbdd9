/* as the kernel's -D__NO_FORTIFY units: NO_FORT is defined, copy_bytes is a macro, SIZE_OF reads len */
#define NO_FORT
#define copy_bytes(b) ((b)->used)
#define SIZE_OF(b) ((b)->len)
#include "cond.h"
#include "expand.h"
#include "value.h"
int nofort(struct buf *b) { return fill(b) + copy(b) + size(b); }
