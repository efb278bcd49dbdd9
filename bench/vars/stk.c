/* bench/vars: compiled at -O0, so every parameter and local lives in the stack frame (DW_OP_fbreg). */
struct obj { long pad; long len; long n; } __attribute__((aligned(64)));
void fs(struct obj *o, long a, long b, long c, long d, long e)
{
    long g = a + b, h = c ^ d;
    o->len = a;
    o->n += b + c + d + e + g + h;
}
