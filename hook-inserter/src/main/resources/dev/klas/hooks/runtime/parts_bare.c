/* parts_bare.c - the runtime with an empty woven table: interposition driven only by KLAS_PARTS
 * (docs/parts-format.md, "Running a program with interposition but no aspects"). Not named klas_*.c so
 * that woven builds, which define their own table, never compile it. */
#include "klas_runtime.h"

__attribute__((visibility("hidden"))) const struct klas_table klas_woven_table = { KLAS_ABI_VERSION, 0, 0 };
