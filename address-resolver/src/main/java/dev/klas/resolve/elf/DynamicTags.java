package dev.klas.resolve.elf;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Facts from the {@code .dynamic} section (ELF gABI, "Dynamic Section"). */
public final class DynamicTags {
    public static final long DT_NULL = 0;
    public static final long DT_NEEDED = 1;
    public static final long DT_PLTRELSZ = 2;
    public static final long DT_HASH = 4;
    public static final long DT_SONAME = 14;
    public static final long DT_RPATH = 15;
    public static final long DT_TEXTREL = 22;
    public static final long DT_RUNPATH = 29;
    public static final long DT_BIND_NOW = 24;
    public static final long DT_JMPREL = 23;
    public static final long DT_FLAGS = 30;
    public static final long DT_GNU_HASH = 0x6ffffef5L;
    public static final long DT_VERSYM = 0x6ffffff0L;
    public static final long DT_FLAGS_1 = 0x6ffffffbL;
    public static final long DT_VERDEF = 0x6ffffffcL;
    public static final long DT_VERNEED = 0x6ffffffeL;
    public static final long DF_BIND_NOW = 0x8;
    public static final long DF_1_NOW = 0x1;
    public static final long DF_1_NODEFLIB = 0x800;
    static final long DF_TEXTREL = 0x4;

    /** One entry: its tag and its value (d_val or d_ptr). */
    public record Entry(long tag, long value) {
    }

    private DynamicTags() {
    }

    /** The entries up to DT_NULL; none when the file has no (or an empty NOBITS) dynamic section. */
    public static List<Entry> entries(ElfFile elf) {
        Optional<Section> dynamic = elf.section(".dynamic");
        List<Entry> entries = new ArrayList<>();
        if (dynamic.isEmpty() || dynamic.get().type() == Section.SHT_NOBITS) {
            return entries;
        }
        ByteBuffer b = elf.contents(dynamic.get());
        for (int at = b.position(); at + 16 <= b.limit(); at += 16) {
            long tag = b.getLong(at);
            if (tag == DT_NULL) {
                break;
            }
            entries.add(new Entry(tag, b.getLong(at + 8)));
        }
        return entries;
    }

    /** The string an entry's value points at in {@code .dynstr} (DT_NEEDED, DT_SONAME, DT_RUNPATH...). */
    public static String string(ElfFile elf, long offset) {
        ByteBuffer strtab = elf.contents(".dynstr")
                .orElseThrow(() -> new ElfFormatException(".dynamic", 0, "an entry names a string but there is no .dynstr"));
        if (offset < 0 || offset >= strtab.remaining()) {
            throw new ElfFormatException(".dynstr", strtab.remaining(), "string offset 0x" + Long.toHexString(offset)
                    + " past the end of the section");
        }
        int start = strtab.position() + (int) offset;
        int end = start;
        while (end < strtab.limit() && strtab.get(end) != 0) {
            end++;
        }
        byte[] bytes = new byte[end - start];
        strtab.get(start, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** The values of every entry with {@code tag}, in order. */
    public static List<Long> values(List<Entry> entries, long tag) {
        return entries.stream().filter(e -> e.tag() == tag).map(Entry::value).toList();
    }

    /** The strings of every entry with {@code tag} (DT_NEEDED, DT_RPATH...), in order. */
    public static List<String> strings(ElfFile elf, long tag) {
        return values(entries(elf), tag).stream().map(v -> string(elf, v)).toList();
    }

    /** True when the dynamic section asks for relocations in read-only (text) segments. */
    public static boolean hasTextRelocations(ElfFile elf) {
        return entries(elf).stream().anyMatch(e -> e.tag() == DT_TEXTREL
                || (e.tag() == DT_FLAGS && (e.value() & DF_TEXTREL) != 0));
    }
}
