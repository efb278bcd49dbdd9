/* greet.c - libgreet.so: one source, two versions (-DGREET_VERSION=1 or 2) with the same symbols and
 * different answers. Every answer carries the version in its high digits, so the caller can tell
 * which version answered each call. */
#ifndef GREET_VERSION
#error "build with -DGREET_VERSION=1 or 2"
#endif

/* Defined by the service (exported with -rdynamic): a call back from the library into the program. */
extern void service_note(int version);

int greet(int x)
{
    return GREET_VERSION * 1000000 + x;
}

int greet_version(void)
{
    return GREET_VERSION;
}

/* Two answers from one call: the service checks that both came from the same version (a call is never
 * answered half by v1 and half by v2). */
long greet_pair(int x)
{
    long first = greet_version();
    service_note(GREET_VERSION);
    return first * 1000 + GREET_VERSION * 100 + x % 100;
}
