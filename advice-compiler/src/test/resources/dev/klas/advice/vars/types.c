/* Types whose DWARF klas spells back into C (CTypesTest): each g_* global's size and member offsets, as gcc lays out
 * this source, must equal those of the declaration klas writes from DWARF. Built: gcc -g -O0 -c types.c */
#include <stdint.h>

typedef struct { int a; char b; } anon_t;
struct inner { char c; double d; };
union u { int i; char bytes[7]; long l; };
enum color { RED, GREEN = 5 };
enum big { HUGE = 0x100000000L };
typedef int (*handler_t)(int, const char *, ...);

struct outer {
    char tag;
    struct inner in;
    union u un;
    anon_t an;
    struct outer *self;
    int (*fn)(int, const char *);
    handler_t h;
    unsigned flags : 3;
    unsigned more : 5;
    int arr[3][2];
    enum color col;
    struct { short x, y; } pt;
    long double ld;
    _Bool ok;
    uint64_t wide;
    const char *const *names;
    volatile struct inner *vin;
    enum big b;
    char tail[0];
};

struct __attribute__((packed)) tight { char c; int i; short s; };
struct __attribute__((aligned(32))) roomy { char c; };
struct list { struct list *next; struct holder *owner; };
struct holder { struct list head; int n; };

struct outer g_outer;
anon_t g_anon;
union u g_u;
int *g_ptrs[4];
const volatile int g_cv;
struct tight g_tight[2];
struct roomy g_roomy;
struct holder g_holder;
double _Complex g_z;
void (*g_cb)(void);

/* Anonymous members are spelled inline: C merges their members' names into the enclosing struct, so the padding
 * of two such bodies must not share names (struct kiocb of Linux 6.1 has two anonymous unions). */
struct anon_two {
	char a;
	union { int u1; char u2; };
	long b;
	union { short v1; char v2[3]; };
	struct { char c; long d; };
	char e;
	struct { char f; int g; };
};
struct anon_two g_anon_two;

/* Bit-fields, declared back at their DWARF bit offsets: signed and unsigned, one that straddles bytes, one wider
 * than 32 bits, a typedef'd and an enum-typed one, _Bool, an unnamed one (padding), and one in a union. */
typedef unsigned char u8_t;
struct bits {
	char c;
	int s3 : 3;
	unsigned u12 : 12;
	signed char sc : 5;
	u8_t t2 : 2;
	enum color col : 4;
	_Bool flag : 1;
	int : 6;
	long long wide : 40;
	short after;
	unsigned last : 1;
};
union bunion { unsigned low : 5; int whole; };
struct bits g_bits;
union bunion g_bunion;
