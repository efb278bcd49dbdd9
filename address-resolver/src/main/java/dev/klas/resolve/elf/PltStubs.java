package dev.klas.resolve.elf;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The PLT stubs of an executable or shared object and the function each one calls: a stub jumps through a GOT slot
 * ({@code jmp *slot(%rip)}, after an {@code endbr64} and a {@code bnd} prefix in .plt.sec), and the dynamic
 * relocation of that slot ({@code R_X86_64_JUMP_SLOT} in .rela.plt, {@code R_X86_64_GLOB_DAT} in .rela.dyn for
 * .plt.got) names the function (x86-64 psABI, "Procedure Linkage Table").
 */
public final class PltStubs {
    static final int R_X86_64_GLOB_DAT = 6;
    static final int R_X86_64_JUMP_SLOT = 7;
    private static final List<String> SECTIONS = List.of(".plt", ".plt.sec", ".plt.got");
    /** Where {@code ff 25} may start in a stub: plain, after bnd, after endbr64, after endbr64 and bnd. */
    private static final int[] JUMP_AT = {0, 1, 4, 5};

    private PltStubs() {
    }

    /** Stub address to the name of the function it calls; empty without PLT sections or dynamic symbols. */
    public static Map<Long, String> of(ElfFile elf) {
        Map<Long, String> slots = slots(elf);
        Map<Long, String> out = new TreeMap<>();
        for (String name : SECTIONS) {
            elf.section(name).filter(s -> s.type() == Section.SHT_PROGBITS).ifPresent(s -> stubs(elf, s, slots, out));
        }
        return out;
    }

    private static void stubs(ElfFile elf, Section plt, Map<Long, String> slots, Map<Long, String> out) {
        ByteBuffer b = elf.contents(plt);
        int size = plt.entrySize() >= 8 && plt.entrySize() <= 32 ? (int) plt.entrySize() : 16;
        for (int entry = 0; entry + size <= b.remaining(); entry += size) {
            for (int at : JUMP_AT) {
                int i = b.position() + entry + at;
                if (at + 6 <= size && (b.get(i) & 0xff) == 0xff && b.get(i + 1) == 0x25) {
                    long slot = plt.address() + entry + at + 6 + b.getInt(i + 2);
                    String name = slots.get(slot);
                    if (name != null) {
                        out.put(plt.address() + entry, name);
                    }
                    break;
                }
            }
        }
    }

    /** GOT slot address to function name, from the RELA sections that refer to .dynsym. */
    private static Map<Long, String> slots(ElfFile elf) {
        Map<Long, String> out = new HashMap<>();
        List<ElfSymbol> dynsym = elf.dynamicSymbols();
        for (Section s : elf.sections()) {
            if (s.type() != Section.SHT_RELA || s.link() <= 0 || s.link() >= elf.sections().size()
                    || elf.sections().get(s.link()).type() != Section.SHT_DYNSYM) {
                continue;
            }
            ByteBuffer b = elf.contents(s);
            for (int at = b.position(); at + 24 <= b.limit(); at += 24) {
                long info = b.getLong(at + 8);
                int type = (int) info;
                long symbol = info >>> 32;
                if ((type == R_X86_64_JUMP_SLOT || type == R_X86_64_GLOB_DAT) && symbol > 0
                        && symbol < dynsym.size()) {
                    out.put(b.getLong(at), dynsym.get((int) symbol).name());
                }
            }
        }
        return out;
    }
}
