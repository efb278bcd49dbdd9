package dev.klas.resolve.elf;

import java.nio.ByteBuffer;
import java.util.Optional;

/** Facts from the {@code .dynamic} section (ELF gABI, "Dynamic Section"). */
public final class DynamicTags {
    static final long DT_NULL = 0;
    static final long DT_SONAME = 14;
    static final long DT_TEXTREL = 22;
    static final long DT_FLAGS = 30;
    static final long DF_TEXTREL = 0x4;

    private DynamicTags() {
    }

    /** True when the dynamic section asks for relocations in read-only (text) segments. */
    public static boolean hasTextRelocations(ElfFile elf) {
        Optional<Section> dynamic = elf.section(".dynamic");
        if (dynamic.isEmpty() || dynamic.get().type() == Section.SHT_NOBITS) {
            return false;
        }
        ByteBuffer b = elf.contents(dynamic.get());
        for (int at = b.position(); at + 16 <= b.limit(); at += 16) {
            long tag = b.getLong(at);
            long value = b.getLong(at + 8);
            if (tag == DT_NULL) {
                break;
            }
            if (tag == DT_TEXTREL || (tag == DT_FLAGS && (value & DF_TEXTREL) != 0)) {
                return true;
            }
        }
        return false;
    }
}
