#ifndef EV_H
#define EV_H
#define PASTE2(a, b) a##b
#define PASTE(a, b) PASTE2(a, b)
#define assert_n(c, n) do { extern void PASTE(__compiletime_assert_, n)(void); \
        if (!(c)) PASTE(__compiletime_assert_, n)(); } while (0)
#define assert_once(c) assert_n(c, __COUNTER__)
struct ev { int len; int state; int flags; };
/* __COUNTER__ counts per unit: the callee's number differs between core.c and user.c */
static inline int ev_flags(struct ev *e) { assert_once(sizeof(*e) > 4); return e->flags; } /* expect: get ev.flags; call __compiletime_assert_N */
#endif
