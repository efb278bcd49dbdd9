#ifndef TYPES_H
#define TYPES_H
struct a { int len; };
struct b { int len; };
#endif
