/* The struct whose members the advice watches, and the two macros every member access of values.c goes through:
 * (and RMW, a compound assignment: a read-modify-write instruction at -O2)
 * in the oracle build (-DKLAS_ORACLE) they print "set MEMBER old=A new=B" and "get MEMBER value=V" with the true
 * values, in the format the aspects print klas_old/klas_new and klas_value; in the plain build (the one klas weaves)
 * they are the bare access. */
#ifndef VALUES_H
#define VALUES_H
#include <stdio.h>

struct acct {
    int balance;          /* set from a register, read by a load */
    unsigned short flags; /* set from a 16-bit immediate, read by a cmp */
    signed char level;    /* set from a byte register */
    long long total;      /* set from a sign-extended immediate, and from a register */
    unsigned bits : 3;    /* bit-fields: the value is the field's bits of the bytes the instruction accesses */
    int mood : 4;         /* signed, 3 bits into the byte it shares with bits */
    int span : 9;         /* signed, bits 7-15: straddles the byte of bits and mood and the next one */
    int hits;             /* incremented: a read-modify-write at -O2 */
    int credit;           /* += and -= a register: add and sub to memory at -O2 */
    unsigned short mask;  /* ++, |=, &=, ^=: 16-bit add, or, and, xor to memory at -O2 */
    signed char step;     /* += an immediate: a byte add to memory at -O2 */
    long long debt;       /* -= a register: a 64-bit sub from memory at -O2 */
};

#ifdef KLAS_ORACLE
#define SET(obj, m, v) do { __typeof__((obj)->m) klas_n_ = (v); \
        printf("set %s old=%lld new=%lld\n", #m, (long long)(obj)->m, (long long)klas_n_); (obj)->m = klas_n_; } while (0)
#define GET(obj, m) ({ __typeof__((obj)->m) klas_v_ = (obj)->m; \
        printf("get %s value=%lld\n", #m, (long long)klas_v_); klas_v_; })
#define RMW(obj, m, op, v) do { __typeof__((obj)->m) klas_o_ = (obj)->m; (obj)->m op (v); \
        printf("set %s old=%lld new=%lld\n", #m, (long long)klas_o_, (long long)(obj)->m); } while (0)
/* bit-fields (typeof does not apply to them): the new value is read back, as the field holds it */
#define SETB(obj, m, v) do { long long klas_o_ = (obj)->m; (obj)->m = (v); \
        printf("set %s old=%lld new=%lld\n", #m, klas_o_, (long long)(obj)->m); } while (0)
#define GETB(obj, m) ({ long long klas_v_ = (obj)->m; printf("get %s value=%lld\n", #m, klas_v_); klas_v_; })
/* a bit-field's compound assignment (one or to memory at -O2): "rmw", apart from the plain stores' "set" lines */
#define RMWB(obj, m, op, v) do { long long klas_o_ = (obj)->m; (obj)->m op (v); \
        printf("rmw %s old=%lld new=%lld\n", #m, klas_o_, (long long)(obj)->m); } while (0)
#else
#define SET(obj, m, v) ((obj)->m = (v))
#define GET(obj, m) ((obj)->m)
#define RMW(obj, m, op, v) ((obj)->m op (v))
#define SETB(obj, m, v) ((obj)->m = (v))
#define GETB(obj, m) ((obj)->m)
#define RMWB(obj, m, op, v) ((obj)->m op (v))
#endif

void deposit(struct acct *a, int amount);
void mark(struct acct *a);
void promote(struct acct *a, signed char level);
void add_total(struct acct *a, long long t);
int balance_of(const struct acct *a);
int busy(const struct acct *a);
void bump(struct acct *a);
void set_bits(struct acct *a, unsigned b);
long long total_of(const struct acct *a);
void touch(struct acct *a);
void earn(struct acct *a, int v);
void spend(struct acct *a, int v);
void tick(struct acct *a);
void set_mask(struct acct *a, unsigned short m);
void clear_mask(struct acct *a);
void flip_mask(struct acct *a, unsigned short m);
void step_up(struct acct *a);
void pay(struct acct *a, long long t);
void set_mood(struct acct *a, int m);
void set_span(struct acct *a, int s);
int mood_of(const struct acct *a);
int bits_of(const struct acct *a);
void flag_bits(struct acct *a);
#endif
