package dev.klas.resolve.elf;

import java.util.Optional;

/** Reads ELF notes (gABI "Note Section") for the GNU build-id and the {@code .gnu_debuglink} section. */
final class Notes {
    static final int NT_GNU_BUILD_ID = 3;

    private Notes() {
    }

    static Optional<BuildId> buildId(ElfFile elf) {
        for (Section s : elf.sections()) {
            if (s.type() != Section.SHT_NOTE) {
                continue;
            }
            Cursor c = Cursor.elf(elf.rawData(s), s.label());
            while (c.remaining() >= 12) {
                long namesz = c.u32();
                long descsz = c.u32();
                long type = c.u32();
                int nameStart = c.position();
                c.skip(align4(namesz));
                int descStart = c.position();
                c.skip(align4(descsz));
                c.check();
                if (type == NT_GNU_BUILD_ID && namesz == 4) {
                    Cursor name = Cursor.elf(elf.rawData(s), s.label()).seek(nameStart);
                    if (name.cstring().equals("GNU")) {
                        return Optional.of(BuildId.of(name.seek(descStart).bytes(descsz)));
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static long align4(long n) {
        return (n + 3) & ~3L;
    }

    static Optional<DebugLink> debugLink(ElfFile elf) {
        return elf.section(".gnu_debuglink").map(s -> {
            Cursor c = Cursor.elf(elf.rawData(s), s.label());
            String file = c.cstring();
            c.seek(align4(c.position()));
            int crc = (int) c.u32();
            c.check();
            return new DebugLink(file, crc);
        });
    }
}
