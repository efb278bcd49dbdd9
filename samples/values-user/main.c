/* values-user AMOUNT...: for each AMOUNT, deposits it, marks the account, promotes it to AMOUNT % 100, adds AMOUNT
 * times -3 to its total, reads the balance and flags back, sets bit 2 of the bit-field bits (an or), then the whole
 * field, and prints "ret total_of=N" for the function's return value, then earns AMOUNT, spends a third of it, ticks, sets, clears and flips bits of the mask, steps up and pays
 * AMOUNT * 1000003 (read-modify-writes), sets the bit-field span to AMOUNT * 37 (9 signed bits across two bytes) and
 * mood to AMOUNT (truncated to 4 signed bits) and reads bits and mood back. The oracle build (values-user-O0-oracle, -O2-oracle) also prints every member write and read as
 * values.h's SET/GET do; the advice of aspects/ must print the same lines at its hooks. */
#include <stdlib.h>
#include "values.h"

static struct acct account;

int main(int argc, char **argv)
{
    long long sum = 0;
    for (int i = 1; i < argc; i++) {
        int amount = atoi(argv[i]);
        deposit(&account, amount);
        mark(&account);
        promote(&account, (signed char)(amount % 100));
        add_total(&account, (long long)amount * -3);
        sum += balance_of(&account) + busy(&account);
        bump(&account);
        flag_bits(&account);
        set_bits(&account, (unsigned)amount);
        printf("ret total_of=%lld\n", total_of(&account));
        touch(&account);
        earn(&account, amount);
        spend(&account, amount / 3);
        tick(&account);
        set_mask(&account, (unsigned short)amount);
        clear_mask(&account);
        flip_mask(&account, (unsigned short)(amount * 7));
        step_up(&account);
        pay(&account, (long long)amount * 1000003);
        set_span(&account, amount * 37);
        set_mood(&account, amount);
        sum += mood_of(&account) + bits_of(&account);
    }
    printf("sum %lld\n", sum);
    return 0;
}
