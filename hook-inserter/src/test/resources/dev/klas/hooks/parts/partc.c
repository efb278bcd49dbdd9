/* libpartc.so: loaded with dlopen; its calls into libpartb go through its own GOT. */
int pb_add(int a, int b);

long pc_run(int n)
{
    long s = 0;
    for (int i = 0; i < n; i++)
        s += pb_add(i, 1);
    return s;
}
