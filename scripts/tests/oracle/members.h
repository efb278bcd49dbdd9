/*
 * Header of the clang-member-oracle fixture. Accesses here are outside the main file: reported only with
 * --headers, and then once however many sources read this header. Expectations as in members.c.
 */
#ifndef MEMBERS_H
#define MEMBERS_H
#include <stddef.h>

struct mbuf;
struct mbuf_ops { int (*len)(const struct mbuf *m); };
struct mbuf_hdr { int mh_len; char *mh_data; struct mbuf *mh_next; };
struct mbuf {
	struct mbuf_hdr m_hdr;
	union {
		int m_flags_word;
		struct { short m_type; short m_flags; };
	};
	struct { int a, b; } pair;
	int arr[4];
	struct mbuf_hdr hdrs[2];
	const struct mbuf_ops *ops;
};
typedef struct mbuf mbuf_t;
typedef mbuf_t mbuf_alias_t;
typedef struct mbuf *mbuf_p;
typedef struct { int counter; } atomic_t;

#define m_len  m_hdr.mh_len
#define m_data m_hdr.mh_data
#define mtod(m) ((m)->m_data)
#define READ(x) (x)
#define LEN_OF(m) ((m)->m_hdr.mh_len)

static inline int header_len(const struct mbuf *m)
{
	return m->m_hdr.mh_len + m->pair.a; /* expect: mbuf.m_hdr mbuf_hdr.mh_len mbuf.pair mbuf.a */
}

static inline char *header_data(struct mbuf *m)
{
	return READ(mtod(m)) + m->m_len; /* expect: mbuf.m_hdr(mtod) mbuf_hdr.mh_data(mtod) mbuf.m_hdr(m_len) mbuf_hdr.mh_len(m_len) */
}
#endif
