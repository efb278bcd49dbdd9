/*
 * Included by ../main.c as "sub/../inc/h.h".
 *
 *
 *
 *
 *
 *
 */
static inline int g(int v) { return v ^ 5; } /* line 10, as use_g in main.c */
