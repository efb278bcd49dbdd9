/* audit.c - an LD_AUDIT library (rtld-audit(7)) counting the PLT calls bound through it into objects
 * whose name contains AUDIT_MATCH (default "libgreet"), for comparison with klas interposition.
 * At exit it prints "audit: SYMBOL=COUNT ..." to stderr, or to the file named by AUDIT_OUT. */
#define _GNU_SOURCE
#include <link.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_SYMS (1 << 17)

/* Indexed by the symbol's index in the defining object's symbol table (one audited object). */
static const char *names[MAX_SYMS];
static unsigned long counts[MAX_SYMS];

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
    (void)refcook, (void)defcook, (void)flags;
    if (ndx < MAX_SYMS)
        names[ndx] = symname;
    return sym->st_value;
}

Elf64_Addr la_x86_64_gnu_pltenter(Elf64_Sym *sym, unsigned int ndx, uintptr_t *refcook, uintptr_t *defcook,
                                  La_x86_64_regs *regs, unsigned int *flags, const char *symname,
                                  long *framesizep)
{
    (void)refcook, (void)defcook, (void)regs, (void)flags, (void)symname;
    *framesizep = 0; /* ask for la_pltexit as well */
    if (ndx < MAX_SYMS)
        __atomic_add_fetch(&counts[ndx], 1, __ATOMIC_RELAXED);
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
    for (unsigned i = 0; i < MAX_SYMS; i++)
        if (names[i])
            fprintf(f, " %s=%lu", names[i], counts[i]);
    fprintf(f, "\n");
    if (f != stderr)
        fclose(f);
}
