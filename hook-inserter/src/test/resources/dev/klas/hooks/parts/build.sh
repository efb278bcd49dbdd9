#!/bin/sh
# Builds the parts test programs into $1 (called by PartsFixture; the exact commands of the tests).
set -e
SRC=$(dirname "$0"); OUT=$1; CC=${CC:-gcc}
F="-O2 -g -Wall -Wextra -fPIC"
$CC $F -shared -Wl,-soname,libpartb.so -DPB=1 -Wl,-Bsymbolic-functions -o "$OUT/libpartb.so" "$SRC/partb.c"
$CC $F -shared -Wl,-soname,libpartb2.so -DPB=2 -Wl,-Bsymbolic-functions -o "$OUT/libpartb2.so" "$SRC/partb.c"
$CC $F -shared -Wl,-soname,libparta.so -o "$OUT/libparta.so" "$SRC/parta.c" -L"$OUT" -lpartb -Wl,-rpath,'$ORIGIN'
$CC $F -shared -Wl,-soname,libpartc.so -o "$OUT/libpartc.so" "$SRC/partc.c" -L"$OUT" -lpartb -Wl,-rpath,'$ORIGIN'
$CC -O2 -g -Wall -Wextra -rdynamic -o "$OUT/parts_main" "$SRC/main.c" -L"$OUT" -lparta -lpartb \
    -Wl,-rpath,'$ORIGIN' -ldl -lpthread
