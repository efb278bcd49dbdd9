/* BinaryTest's third unit: no struct pair. */
long no_pair(long x) { return x ^ 0x55; }
