/*
 * LineRunsTest's fixture, compiled by gcc and clang-14 at -O0 and -O2, DWARF 4 and 5, from a folder holding sub/,
 * inc/ and absinc/: gcc|clang-14 OPT -gdwarf-N [-ffunction-sections] -fPIC -shared -I$PWD/absinc -o lib.so
 * ./sub/../main.c $PWD/sub/../other.c (the test prints the exact commands). Header and source names reach the
 * line tables with "./", "..", relative and absolute folders; clang's DWARF 5 rows name file 0.
 */
#include "sub/../inc/h.h"
#include "abs.h"

int use_g(int x) { return g(x) + 1; } /* line 10, as g in inc/h.h: rows of two files on one line */
int a(int x) { return x + 1; } int b(int x) { return x * 2; } /* two functions, one line */

int f(int x, int *p)
{
	int y = x * 3;
	if (y > 7)
		y += p[y & 3];
	return g(y) + ab(y) * p[1];
}
