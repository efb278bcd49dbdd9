package dev.klas.resolve.x86;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Test-only ELF64 section-header reader (System V gABI, "Sections"): enough to hand the decoder the bytes and
 * address of each section objdump disassembles. Kept separate from the production ELF reader on purpose, so the
 * decoder's tests do not depend on it. The file is memory-mapped, never read into the heap.
 */
final class ElfSections {
    record Section(String name, long address, ByteBuffer bytes) {
    }

    private final Map<String, Section> sections = new LinkedHashMap<>();

    ElfSections(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            MappedByteBuffer map = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size());
            map.order(ByteOrder.LITTLE_ENDIAN);
            if (map.getInt(0) != 0x464C457F || map.get(4) != 2 || map.get(5) != 1) {
                throw new IOException(file + ": not a little-endian ELF64 file");
            }
            long shoff = map.getLong(0x28);
            int shentsize = Short.toUnsignedInt(map.getShort(0x3A));
            int shnum = Short.toUnsignedInt(map.getShort(0x3C));
            int shstrndx = Short.toUnsignedInt(map.getShort(0x3E));
            long strOffset = map.getLong((int) (shoff + (long) shstrndx * shentsize + 0x18));
            for (int i = 0; i < shnum; i++) {
                int header = (int) (shoff + (long) i * shentsize);
                int type = map.getInt(header + 4);
                long flags = map.getLong(header + 8);
                final long shfExecInstr = 4;
                if (type == 8 || (flags & shfExecInstr) == 0) {
                    continue;
                }
                String name = cString(map, (int) (strOffset + Integer.toUnsignedLong(map.getInt(header))));
                long address = map.getLong(header + 0x10);
                int offset = (int) map.getLong(header + 0x18);
                int size = (int) map.getLong(header + 0x20);
                ByteBuffer bytes = map.slice(offset, size).order(ByteOrder.LITTLE_ENDIAN);
                sections.put(name, new Section(name, address, bytes));
            }
        }
    }

    Optional<Section> executable(String name) {
        return Optional.ofNullable(sections.get(name));
    }

    Map<String, Section> executables() {
        return sections;
    }

    private static String cString(ByteBuffer map, int at) {
        int end = at;
        while (map.get(end) != 0) {
            end++;
        }
        byte[] raw = new byte[end - at];
        map.get(at, raw);
        return new String(raw, StandardCharsets.US_ASCII);
    }
}
