/* audit.c - an LD_AUDIT library (rtld-audit(7)) counting the PLT calls bound through it into objects
 * whose name contains AUDIT_MATCH (default "libgreet"), for comparison with klas interposition.
 * At exit it prints "audit: SYMBOL=COUNT ..." to stderr, or to the file named by AUDIT_OUT. */
#define _GNU_SOURCE
#include <link.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_SYMS 16384

static const char *names[MAX_SYMS];
static unsigned long counts[MAX_SYMS];
static unsigned n;

unsigned int la_version(unsigned int version)
{
    (void)version;
    return LAV_CURRENT;
}

unsigned int la_objopen(struct link_map *map, Lmid_t lmid, uintptr_t *cookie)
{
    (void)lmid;
    const char *m = getenv("AUDIT_MATCH");
    *cookie = (uintptr_t)map;
    if (!*map->l_name) /* the main program calls */
        return LA_FLG_BINDFROM;
    return strstr(map->l_name, m && *m ? m : "libgreet") ? LA_FLG_BINDTO | LA_FLG_BINDFROM : LA_FLG_BINDFROM;
}

uintptr_t la_symbind64(Elf64_Sym *sym, unsigned int ndx, uintptr_t *refcook, uintptr_t *defcook,
                       unsigned int *flags, const char *symname)
{
    (void)ndx, (void)refcook, (void)defcook, (void)flags;
    unsigned i = 0;
    while (i < n && strcmp(names[i], symname))
        i++;
    if (i == n && n < MAX_SYMS)
        names[n++] = symname;
    return sym->st_value;
}

Elf64_Addr la_x86_64_gnu_pltenter(Elf64_Sym *sym, unsigned int ndx, uintptr_t *refcook, uintptr_t *defcook,
                                  La_x86_64_regs *regs, unsigned int *flags, const char *symname,
                                  long *framesizep)
{
    (void)ndx, (void)refcook, (void)defcook, (void)regs, (void)flags;
    *framesizep = 0; /* ask for la_pltexit as well */
    for (unsigned i = 0; i < n; i++)
        if (names[i] == symname || !strcmp(names[i], symname)) {
            __atomic_add_fetch(&counts[i], 1, __ATOMIC_RELAXED);
            break;
        }
    return sym->st_value;
}

unsigned int la_x86_64_gnu_pltexit(Elf64_Sym *sym, unsigned int ndx, uintptr_t *refcook, uintptr_t *defcook,
                                   const La_x86_64_regs *inregs, La_x86_64_retval *outregs, const char *symname)
{
    (void)sym, (void)ndx, (void)refcook, (void)defcook, (void)inregs, (void)outregs, (void)symname;
    return 0;
}

__attribute__((destructor)) static void report(void)
{
    const char *path = getenv("AUDIT_OUT");
    FILE *f = path && *path ? fopen(path, "w") : stderr;
    if (!f)
        return;
    fprintf(f, "audit:");
    for (unsigned i = 0; i < n; i++)
        fprintf(f, " %s=%lu", names[i], counts[i]);
    fprintf(f, "\n");
    if (f != stderr)
        fclose(f);
}
