/* mbuf.h - a BSD-style mbuf, shared by the test target and its libraries. */
#ifndef MBUF_H
#define MBUF_H
struct m_hdr {
    struct m_hdr *mh_next;
    int mh_len;
    int mh_flags;
};
struct mbuf {
    int m_type;
    struct m_hdr m_hdr;
    char m_data[32];
};
#define m_len m_hdr.mh_len
#define m_flags m_hdr.mh_flags

#ifdef KLAS_ORACLE
#define ORACLE(counter) __atomic_add_fetch(&(counter), 1, __ATOMIC_RELAXED)
#else
#define ORACLE(counter) ((void)0)
#endif

long lib_touch(struct mbuf *m, int n);
#endif
