int counted[__COUNTER__ + __COUNTER__ + 1];
#include "ev.h"
#define CREATE_POINTS
#include "events.h"
int core(struct ev *e) { ev_define(e); return ev_len(e) + ev_flags(e); }
