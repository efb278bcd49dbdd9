package dev.klas.resolve;

import dev.klas.resolve.elf.Section;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Random;

/** Seeded mutations of an ELF image for the fuzz test. */
final class Mutations {
    /** The tables of symbols, strings, dynamic entries, notes and relocations, each fuzzed on its own. */
    static final List<String> TABLES = List.of(".symtab", ".strtab", ".dynsym", ".dynstr", ".dynamic", ".note",
            ".rela.");

    /**
     * One mutation.
     *
     * @param how     what was done, for the failure message
     * @param length  the length of the mutant (shorter than the file when truncated)
     * @param section the section whose bytes were flipped, empty for truncations and header flips
     */
    record Mutation(String how, int length, String section) {
    }

    private Mutations() {
    }

    static Mutation mutate(byte[] b, List<Section> sections, Random rnd) {
        int kind = rnd.nextInt(8);
        switch (kind) {
            case 0: {
                int len = rnd.nextInt(b.length);
                return new Mutation("truncate " + len, len, "");
            }
            case 1:
                return new Mutation(flip(b, 0, 64, rnd, "ELF header"), b.length, "");
            case 2: {
                long shoff = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getLong(40);
                return new Mutation(flip(b, (int) shoff, Math.min(b.length, (int) shoff + sections.size() * 64), rnd,
                        "section headers"), b.length, "");
            }
            case 6, 7: {
                List<Section> tables = present(sections).stream().filter(s -> table(s.name()).isPresent()).toList();
                return section(b, tables.get(rnd.nextInt(tables.size())), kind == 6 ? 64 : Integer.MAX_VALUE, rnd);
            }
            default: {
                List<Section> debug = present(sections).stream().filter(s -> s.name().startsWith(".debug_")).toList();
                Section s = debug.get(rnd.nextInt(debug.size()));
                return section(b, s, kind == 3 ? s.compressed() ? 24 : 64 : Integer.MAX_VALUE, rnd);
            }
        }
    }

    /** The entry of {@link #TABLES} a section name falls under. */
    static java.util.Optional<String> table(String name) {
        return TABLES.stream().filter(t -> t.endsWith(".") || t.equals(".note") ? name.startsWith(t)
                : name.equals(t)).findFirst();
    }

    /** Sections with bytes in the file. */
    static List<Section> present(List<Section> sections) {
        return sections.stream().filter(s -> s.type() != Section.SHT_NOBITS && s.type() != Section.SHT_NULL
                && s.size() > 0).toList();
    }

    /** Flips bytes among the first {@code head} bytes of a section. */
    private static Mutation section(byte[] b, Section s, int head, Random rnd) {
        int start = (int) s.offset();
        int end = (int) Math.min(s.offset() + s.size(), (long) start + head);
        return new Mutation(flip(b, start, end, rnd, s.name()), b.length, s.name());
    }

    private static String flip(byte[] b, int from, int to, Random rnd, String where) {
        StringBuilder d = new StringBuilder("flip in " + where + ":");
        int n = 1 + rnd.nextInt(4);
        for (int i = 0; i < n && to > from; i++) {
            int at = from + rnd.nextInt(to - from);
            byte v = rnd.nextInt(3) == 0 ? (byte) 0xff : (byte) rnd.nextInt(256);
            b[at] = v;
            d.append(" 0x").append(Integer.toHexString(at)).append("=").append(v & 0xff);
        }
        return d.toString();
    }
}
