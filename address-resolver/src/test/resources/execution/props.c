/*
 * execution(get_property) in a -O2 build: gcc inlines the static function into its callers and keeps an
 * out-of-line copy for the call through a pointer; every copy is a join point. two.c has its own static
 * get_property; execution of this file's one must not land there.
 * Built by ExecutionCopiesTest: gcc -O2 -g -o props props.c two.c
 */
#include <stdio.h>
#include <stdlib.h>

volatile int props_calls; /* volatile: every copy keeps its own increment. How often this file's get_property ran: the oracle for the hits */

static int get_property(const char *s, int n)
{
	props_calls++;
	return s[n % 8] * 3 + n;
}

int first(const char *s) { return get_property(s, 1); }
int second(const char *s, int n) { return get_property(s, n) + get_property(s, n + 1); }
int (*volatile through)(const char *, int) = get_property;
int other_get(int n);

int main(int argc, char **argv)
{
	int rounds = argc > 1 ? atoi(argv[1]) : 10;
	long sum = 0;
	for (int i = 0; i < rounds; i++) {
		sum += first("abcdefgh") + second("hgfedcba", i) + through("abcdefgh", i) + other_get(i);
	}
	printf("sum %ld\noracle props_calls=%d\n", sum, props_calls);
	return 0;
}
