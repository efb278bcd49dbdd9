#include "ev.h"
#include "events.h"
int other(struct ev *e) { return ev_len(e) - ev_flags(e); }
