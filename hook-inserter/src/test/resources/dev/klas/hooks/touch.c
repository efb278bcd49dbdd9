/* touch.c - a shared object linked into the target (libtouch.so) and, with -DPLUG, one that the
 * target dlopens (libplug.so):  gcc -O0|-O2 -g -fPIC -shared [-DPLUG] [-DKLAS_ORACLE] -o LIB touch.c */
#include "mbuf.h"

static long oracle_touch;
long lib_total;

#ifdef PLUG
#define TOUCH plug_touch
long plug_oracle(void) { return oracle_touch; }
#else
#define TOUCH lib_touch
#endif

__attribute__((noinline)) long TOUCH(struct mbuf *m, int n)
{
    if (n % 5 == 2)
        return oracle_touch;
    m->m_len = n + 1; /* expect: set mbuf.m_len */
    ORACLE(oracle_touch);
    m->m_flags ^= n;
    lib_total += n;
    return oracle_touch;
}
