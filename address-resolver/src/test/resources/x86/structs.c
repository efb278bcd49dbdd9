/*
 * Decoder fixture: ordinary C that makes gcc emit a broad mix of instructions (struct member loads/stores,
 * RIP-relative globals, TLS through %fs, jump tables, indirect calls, x87 long double, SSE/AVX/AVX-512
 * vector loops, atomics with LOCK, string operations, bit fields, varargs).
 * The test compiles it with each "build:" line ({out} is the output file) and compares every instruction of
 * the result with objdump -d; "expect:" names encodings that must appear in that build.
 *
 * build: gcc -O0 -fPIC -shared -o {out} {src}
 * build: gcc -O2 -fPIC -shared -o {out} {src}
 * build: gcc -O2 -fno-pic -no-pie -DWITH_MAIN -o {out} {src}
 * build: gcc -O2 -fpie -pie -DWITH_MAIN -o {out} {src}
 * build: gcc -O3 -march=x86-64-v3 -fPIC -shared -o {out} {src} | expect: vex
 * build: gcc -O3 -march=x86-64-v4 -mprefer-vector-width=512 -fPIC -shared -o {out} {src} | expect: vex evex
 * build: gcc -Os -mavx512f -mavx512bw -mavx512vl -fPIC -shared -o {out} {src} | expect: evex
 * build: clang-14 -O2 -fPIC -shared -o {out} {src}
 * build: clang-14 -O3 -march=x86-64-v3 -fPIC -shared -o {out} {src} | expect: vex
 * build: clang-14 -O3 -march=x86-64-v4 -mprefer-vector-width=512 -fPIC -shared -o {out} {src} | expect: evex
 */
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct mbuf_hdr {
    struct mbuf *mh_next;
    int mh_len;
    unsigned short mh_flags;
    unsigned char mh_type;
};

struct mbuf {
    struct mbuf_hdr m_hdr;
    unsigned int m_bits : 5, m_more : 11;
    long long m_stamp;
    double m_weight;
    long double m_precise;
    char m_data[64];
    int (*m_free)(struct mbuf *);
};

#define m_len m_hdr.mh_len

struct mbuf pool[128];
static __thread int tls_counter;
_Atomic long refs;
float vec_a[1024], vec_b[1024], vec_c[1024];
double dvec[1024];
int ivec[1024];

int reset_len(struct mbuf *m, int n)
{
    m->m_len = n;              /* expect: set mbuf.m_len */
    m->m_bits = n & 31;
    m->m_hdr.mh_flags |= 4;
    return m->m_hdr.mh_type;
}

long long walk(struct mbuf *m)
{
    long long sum = 0;
    for (; m; m = m->m_hdr.mh_next) {
        sum += m->m_len + m->m_stamp;
        if (m->m_free && m->m_free(m))
            break;
    }
    return sum;
}

long double precise(struct mbuf *m, int i)
{
    return pool[i & 127].m_precise * m->m_precise + (long double) m->m_weight;
}

int classify(int k, struct mbuf *m)
{
    switch (k) {
    case 0: return m->m_len;
    case 1: return m->m_hdr.mh_flags;
    case 2: return m->m_hdr.mh_type * 3;
    case 3: return m->m_more;
    case 4: return tls_counter++;
    case 5: return (int) m->m_weight;
    case 6: return m->m_data[k];
    case 7: return (int) atomic_fetch_add(&refs, 1);
    default: return -1;
    }
}

void saxpy(float a, int n)
{
    for (int i = 0; i < n; i++)
        vec_c[i] = a * vec_a[i] + vec_b[i];
}

double dot(int n)
{
    double s = 0;
    for (int i = 0; i < n; i++)
        s += dvec[i] * vec_a[i];
    return s;
}

void gather(const int *idx, int n)
{
    for (int i = 0; i < n; i++)
        vec_c[i] = vec_a[idx[i] & 1023] + (float) ivec[i];
}

int count_bytes(const unsigned char *p, int n, unsigned char c)
{
    int k = 0;
    for (int i = 0; i < n; i++)
        k += p[i] == c;
    return k;
}

unsigned long long mix(unsigned long long x, unsigned y)
{
    return __builtin_popcountll(x) + __builtin_ctzll(x | 1) + (x >> (y & 63)) + __builtin_bswap64(x);
}

void copy_out(struct mbuf *m, char *dst, size_t len)
{
    memcpy(dst, m->m_data, len < sizeof m->m_data ? len : sizeof m->m_data);
    memset(m->m_data, 0, sizeof m->m_data);
}

int logf_mbuf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = vprintf(fmt, ap);
    va_end(ap);
    return r;
}

struct mbuf *find(int len)
{
    for (int i = 0; i < 128; i++)
        if (pool[i].m_len == len)
            return &pool[i];
    return NULL;
}

#ifdef WITH_MAIN
int main(int argc, char **argv)
{
    struct mbuf *m = find(argc);
    if (!m)
        m = &pool[0];
    reset_len(m, argc);
    saxpy(2.0f, argc * 16);
    logf_mbuf("%lld %d %f\n", walk(m), classify(argc, m), dot(argc));
    return (int) mix((unsigned long long) argv, argc) & 1;
}
#endif
