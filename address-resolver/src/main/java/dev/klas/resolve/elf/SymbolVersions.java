package dev.klas.resolve.elf;

import java.util.ArrayList;
import java.util.List;

/**
 * GNU symbol versioning (LSB "Symbol Versioning"): the versions an object needs from each library
 * ({@code SHT_GNU_verneed}, {@code .gnu.version_r}) and those it defines ({@code SHT_GNU_verdef},
 * {@code .gnu.version_d}; the first, flagged BASE, is the object's own name).
 */
public record SymbolVersions(List<Need> needed, List<String> defined) {
    static final int SHT_GNU_VERDEF = 0x6ffffffd;
    static final int SHT_GNU_VERNEED = 0x6ffffffe;

    /** The versions needed from one file, in table order. */
    public record Need(String file, List<String> versions) {
    }

    /** Reads both tables; each is empty when its section is absent. */
    public static SymbolVersions of(ElfFile elf) {
        List<Need> needed = new ArrayList<>();
        List<String> defined = new ArrayList<>();
        for (Section s : elf.sections()) {
            if (s.type() == SHT_GNU_VERNEED) {
                needs(elf, s, needed);
            } else if (s.type() == SHT_GNU_VERDEF) {
                definitions(elf, s, defined);
            }
        }
        return new SymbolVersions(List.copyOf(needed), List.copyOf(defined));
    }

    private static void needs(ElfFile elf, Section s, List<Need> out) {
        Cursor c = Cursor.elf(elf.rawData(s), s.label());
        Cursor names = strings(elf, s);
        long at = 0;
        for (int i = 0; i < s.info() && !c.failed(); i++) {
            c.seek(at);
            c.u16();
            int count = c.u16();
            String file = string(names, c.u32());
            long aux = at + c.u32();
            long next = c.u32();
            List<String> versions = new ArrayList<>();
            for (int j = 0; j < count && !c.failed(); j++) {
                c.seek(aux + 8);
                versions.add(string(names, c.u32()));
                aux += c.u32();
            }
            out.add(new Need(file, List.copyOf(versions)));
            if (next == 0) {
                break;
            }
            at += next;
        }
        c.check();
        names.check();
    }

    private static void definitions(ElfFile elf, Section s, List<String> out) {
        Cursor c = Cursor.elf(elf.rawData(s), s.label());
        Cursor names = strings(elf, s);
        long at = 0;
        for (int i = 0; i < s.info() && !c.failed(); i++) {
            c.seek(at + 16);
            long next = c.u32();
            c.seek(at + 12);
            c.seek(at + c.u32());
            out.add(string(names, c.u32()));
            if (next == 0) {
                break;
            }
            at += next;
        }
        c.check();
        names.check();
    }

    private static Cursor strings(ElfFile elf, Section s) {
        if (s.link() <= 0 || s.link() >= elf.sections().size()) {
            throw new ElfFormatException(s.label(), 0, "sh_link " + s.link() + " names no string table");
        }
        Section strtab = elf.sections().get(s.link());
        return Cursor.elf(elf.rawData(strtab), strtab.label());
    }

    private static String string(Cursor names, long offset) {
        names.seek(offset);
        return names.cstring();
    }
}
