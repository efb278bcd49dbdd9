package dev.klas.resolve;

import dev.klas.resolve.elf.Section;
import java.util.List;
import java.util.Random;

/** Seeded mutations of an ELF image for the fuzz test; each returns a description for the failure message. */
final class Mutations {
    private Mutations() {
    }

    static String mutate(byte[] b, List<Section> sections, Random rnd) {
        int kind = rnd.nextInt(6);
        switch (kind) {
            case 0: {
                int len = rnd.nextInt(b.length);
                return "truncate " + len;
            }
            case 1:
                return flip(b, 0, 64, rnd, "ELF header");
            case 2: {
                long shoff = java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong(40);
                return flip(b, (int) shoff, Math.min(b.length, (int) shoff + sections.size() * 64), rnd,
                        "section headers");
            }
            default: {
                List<Section> debug = sections.stream().filter(s -> s.name().startsWith(".debug_")
                        && s.type() != Section.SHT_NOBITS && s.size() > 0).toList();
                Section s = debug.get(rnd.nextInt(debug.size()));
                int start = (int) s.offset();
                int end = (int) (s.offset() + s.size());
                if (kind == 3 && s.compressed()) {
                    end = Math.min(end, start + 24);
                } else if (kind == 3) {
                    end = Math.min(end, start + 64);
                }
                return flip(b, start, end, rnd, s.name());
            }
        }
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
