/* libparta.so: calls into libpartb and is called back from it (A -> B -> A). */
int pb_call(int n);
void fixture_block(void); /* in the program (-rdynamic); not interposed: the block stays in pa_back's frame */
extern int fixture_noblock;

int pa_enter(int n)
{
    return pb_call(n) + 1;
}

int pa_back(int n)
{
    if (n > 0)
        return pb_call(n - 1) + 1;
    if (!fixture_noblock)
        fixture_block();
    return 0;
}

int pb_add(int a, int b);

/* A sibling call: at -O2 this is `jmp pb_add@PLT`, so pb_add's frame shares pa_tail's return slot. */
int pa_tail(int a, int b)
{
    return pb_add(a, b);
}
