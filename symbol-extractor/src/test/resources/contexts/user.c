#include "ev.h"
#include "events.h"
int user(struct ev *e) { return ev_len(e) + e->state; }
