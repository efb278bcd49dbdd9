#ifndef BUF_H
#define BUF_H
struct buf { int len; int cap; int used; };
#endif
