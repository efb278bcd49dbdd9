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
    RMW(a, hits, +=, 1);
}

__attribute__((noinline)) void set_bits(struct acct *a, unsigned b)
{
    SETB(a, bits, b);
}

__attribute__((noinline)) long long total_of(const struct acct *a)
{
    return a->total * 2;
}

__attribute__((noinline)) void touch(struct acct *a)
{
    SET(a, hits, 0);
}

/* Read-modify-writes (RMW: one instruction to memory at -O2; load, operation and store at -O0). */
__attribute__((noinline)) void earn(struct acct *a, int v)
{
    RMW(a, credit, +=, v);
}

__attribute__((noinline)) void spend(struct acct *a, int v)
{
    RMW(a, credit, -=, v);
}

__attribute__((noinline)) void tick(struct acct *a)
{
    RMW(a, mask, +=, 1);
}

__attribute__((noinline)) void set_mask(struct acct *a, unsigned short m)
{
    RMW(a, mask, |=, m);
}

__attribute__((noinline)) void clear_mask(struct acct *a)
{
    RMW(a, mask, &=, 0xff0f);
}

__attribute__((noinline)) void flip_mask(struct acct *a, unsigned short m)
{
    RMW(a, mask, ^=, m);
}

__attribute__((noinline)) void step_up(struct acct *a)
{
    RMW(a, step, +=, 3);
}

__attribute__((noinline)) void pay(struct acct *a, long long t)
{
    RMW(a, debt, -=, t);
}

/* Bit-fields: stores of the byte that holds them (load, and, or, store), reads of that byte. */
__attribute__((noinline)) void set_mood(struct acct *a, int m)
{
    SETB(a, mood, m);
}

__attribute__((noinline)) void set_span(struct acct *a, int s)
{
    SETB(a, span, s);
}

__attribute__((noinline)) int mood_of(const struct acct *a)
{
    return GETB(a, mood);
}

__attribute__((noinline)) int bits_of(const struct acct *a)
{
    return GETB(a, bits);
}

/* A bit-field set by a read-modify-write (or to memory at -O2): klas_new is the field's bits after the or. */
__attribute__((noinline)) void flag_bits(struct acct *a)
{
    RMWB(a, bits, |=, 4);
}
