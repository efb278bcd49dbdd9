/* No include guard: read again in each unit under that unit's macros, like include/trace/events/sched.h, whose
 * functions exist only where CREATE_POINTS (CREATE_TRACE_POINTS) is defined. */
static inline int ev_len(struct ev *e) { return e->len; }           /* expect: get ev.len */
#ifdef CREATE_POINTS
static inline void ev_define(struct ev *e) { e->state = 1; }         /* expect: set ev.state (core.c only) */
#endif
