/* One member access per function (noinline), so each has one hook whose value the advice reports. */
#include "values.h"

__attribute__((noinline)) void deposit(struct acct *a, int amount)
{
    SET(a, balance, amount);
}

__attribute__((noinline)) void mark(struct acct *a)
{
    SET(a, flags, 0x7ee7);
    SET(a, total, -5);
}

__attribute__((noinline)) void promote(struct acct *a, signed char level)
{
    SET(a, level, level);
}

__attribute__((noinline)) void add_total(struct acct *a, long long t)
{
    SET(a, total, t);
}

__attribute__((noinline)) int balance_of(const struct acct *a)
{
    return GET(a, balance);
}

__attribute__((noinline)) int busy(const struct acct *a)
{
    return GET(a, flags) > 3;
}

__attribute__((noinline)) void bump(struct acct *a)
{
    a->hits++;
}

__attribute__((noinline)) void set_bits(struct acct *a, unsigned b)
{
    a->bits = b;
}

__attribute__((noinline)) long long total_of(const struct acct *a)
{
    return a->total * 2;
}

__attribute__((noinline)) void touch(struct acct *a)
{
    a->hits = 0;
}
