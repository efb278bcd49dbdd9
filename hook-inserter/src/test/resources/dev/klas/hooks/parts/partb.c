/* libpartb.so (-DPB=1) and libpartb2.so (-DPB=2): the same symbols, different answers. */
#include <setjmp.h>

int pa_back(int n);

int pb_call(int n)
{
    return pa_back(n) + PB * 100;
}

void pb_jump(jmp_buf *env)
{
    longjmp(*env, 7);
}

int pb_add(int a, int b)
{
    return a + b;
}

double pb_scale(double x, double y)
{
    return x * y;
}

int pb_version(void)
{
    return PB;
}
