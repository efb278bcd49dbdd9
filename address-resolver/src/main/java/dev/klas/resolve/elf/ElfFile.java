package dev.klas.resolve.elf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A memory-mapped ELF64 little-endian x86-64 file (ELF gABI; System V AMD64 psABI). The file is mapped, never read
 * into the heap; only decompressed or relocated sections are copied. Anything not ELF64 LE x86-64 is refused with
 * {@link UnsupportedElfException}; malformed headers raise {@link ElfFormatException}.
 */
public final class ElfFile {
    public static final int ET_REL = 1;
    public static final int ET_EXEC = 2;
    public static final int ET_DYN = 3;
    public static final int ET_CORE = 4;
    public static final int EM_X86_64 = 62;
    static final String HEADER = "ELF header";
    private static final int PHDR_SIZE = 56;

    private final Path path;
    private final ByteBuffer map;
    private final int type;
    private final long entry;
    private final List<Section> sections;
    private final List<Segment> segments;
    private final Map<Integer, ByteBuffer> contents = new ConcurrentHashMap<>();
    /** {@code .symtab} and {@code .dynsym}, read once: a kernel's has 150,000 names, and every planner asks. */
    private final Map<Integer, List<ElfSymbol>> symbolTables = new ConcurrentHashMap<>();

    private ElfFile(Path path, ByteBuffer map) {
        this.path = path;
        this.map = map;
        Cursor c = Cursor.elf(map, HEADER);
        checkIdent(c);
        this.type = c.seek(16).u16();
        int machine = c.u16();
        if (machine != EM_X86_64) {
            throw new UnsupportedElfException(HEADER, 18, "machine " + machine + " (only x86-64, 62, is read)");
        }
        c.u32();
        this.entry = c.u64();
        long phoff = c.u64();
        long shoff = c.u64();
        c.seek(54);
        int phentsize = c.u16();
        int phnum = c.u16();
        int shentsize = c.u16();
        int shnum = c.u16();
        int shstrndx = c.u16();
        c.check();
        this.segments = readSegments(phoff, phentsize, phnum);
        this.sections = new SectionTable(map, shoff, shentsize, shnum, shstrndx).read();
    }

    /** Maps and parses {@code path}. I/O failures are thrown as they come; format problems as typed exceptions. */
    public static ElfFile open(Path path) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size > Integer.MAX_VALUE) {
                throw new UnsupportedElfException(HEADER, 0, "file of " + size + " bytes is larger than 2 GiB");
            }
            ByteBuffer map = ch.map(FileChannel.MapMode.READ_ONLY, 0, size).order(ByteOrder.LITTLE_ENDIAN);
            return new ElfFile(path, map);
        }
    }

    /**
     * Parses an ELF image already in memory (for tests and tools that produce images); {@code path} only names it.
     */
    public static ElfFile of(Path path, ByteBuffer image) {
        return new ElfFile(path, image.slice().order(ByteOrder.LITTLE_ENDIAN));
    }

    private static void checkIdent(Cursor c) {
        if (c.limit() < 64) {
            if (c.limit() >= 4 && c.u32() == 0x464c457fL) {
                throw new ElfFormatException(HEADER, c.limit(), "file too short for an ELF64 header");
            }
            throw new UnsupportedElfException(HEADER, 0, "not an ELF file");
        }
        if (c.u32() != 0x464c457fL) {
            throw new UnsupportedElfException(HEADER, 0, "not an ELF file (bad magic)");
        }
        int cls = c.u8();
        int data = c.u8();
        if (cls != 2) {
            throw new UnsupportedElfException(HEADER, 4, "ELF class " + cls + " (only ELF64 is read)");
        }
        if (data != 1) {
            throw new UnsupportedElfException(HEADER, 5, "data encoding " + data + " (only little-endian is read)");
        }
    }

    private List<Segment> readSegments(long phoff, int phentsize, int phnum) {
        if (phnum == 0) {
            return List.of();
        }
        if (phentsize < PHDR_SIZE) {
            throw new ElfFormatException(HEADER, 54, "program header size " + phentsize + " < " + PHDR_SIZE);
        }
        if (phoff < 0 || phoff + (long) phnum * phentsize > map.limit()) {
            throw new ElfFormatException(HEADER, 32, "program headers run past the end of the file");
        }
        Cursor c = Cursor.elf(map, "program headers");
        List<Segment> out = new ArrayList<>(phnum);
        for (int i = 0; i < phnum; i++) {
            c.seek(phoff + (long) i * phentsize);
            out.add(new Segment((int) c.u32(), (int) c.u32(), c.u64(), c.u64(), c.u64(), c.u64(), c.u64(), c.u64()));
        }
        c.check();
        return List.copyOf(out);
    }

    public Path path() {
        return path;
    }

    /** {@code e_type}: {@link #ET_REL}, {@link #ET_EXEC}, {@link #ET_DYN} or {@link #ET_CORE}. */
    public int type() {
        return type;
    }

    /** Whether this is a relocatable object ({@code .o}, {@code .ko}), whose debug sections need relocating. */
    public boolean isRelocatable() {
        return type == ET_REL;
    }

    public long entry() {
        return entry;
    }

    /** The size of the mapped file in bytes. */
    public long fileSize() {
        return map.limit();
    }

    public List<Section> sections() {
        return sections;
    }

    public List<Segment> segments() {
        return segments;
    }

    /** The first section called {@code name}. */
    public Optional<Section> section(String name) {
        for (Section s : sections) {
            if (s.name().equals(name)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /**
     * The bytes of a section as stored in the file (a view of the mapping); empty for {@code SHT_NOBITS}.
     *
     * @throws ElfFormatException if the section lies outside the file
     */
    public ByteBuffer rawData(Section s) {
        if (s.type() == Section.SHT_NOBITS || s.type() == Section.SHT_NULL) {
            return ByteBuffer.allocate(0).order(ByteOrder.LITTLE_ENDIAN);
        }
        if (s.offset() < 0 || s.size() < 0 || s.offset() > map.limit() || s.size() > map.limit() - s.offset()) {
            throw new ElfFormatException(s.label(), 0, "section data (offset 0x" + Long.toHexString(s.offset())
                    + ", size 0x" + Long.toHexString(s.size()) + ") lies outside the file of size 0x"
                    + Integer.toHexString(map.limit()));
        }
        return map.slice((int) s.offset(), (int) s.size()).order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * The section's contents ready to read: decompressed if compressed (zlib or zstd, ELF gABI "Section
     * Compression"), and, in a relocatable file, with the {@code SHT_RELA} relocations that target a
     * {@code .debug_*} section applied. Results are cached; the buffer is read-only in spirit and shared.
     */
    public ByteBuffer contents(Section s) {
        ByteBuffer b = contents.get(s.index());
        if (b == null) {
            b = SectionDecompressor.contents(this, s);
            if (isRelocatable() && isDebugSection(s)) {
                b = Relocator.apply(this, s, b);
            }
            contents.put(s.index(), b);
        }
        return b.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    }

    private static boolean isDebugSection(Section s) {
        return s.name().startsWith(".debug_") || s.name().startsWith(".zdebug_");
    }

    /** The contents of the section called {@code name} (see {@link #contents(Section)}), if present. */
    public Optional<ByteBuffer> contents(String name) {
        Optional<Section> s = section(name);
        if (s.isEmpty() && name.startsWith(".debug_")) {
            s = section(".zdebug_" + name.substring(".debug_".length()));
        }
        return s.map(this::contents);
    }

    /** Symbols of {@code .symtab} (empty when stripped). */
    public List<ElfSymbol> symbols() {
        return symbolTable(Section.SHT_SYMTAB);
    }

    /** Symbols of {@code .dynsym}. */
    public List<ElfSymbol> dynamicSymbols() {
        return symbolTable(Section.SHT_DYNSYM);
    }

    /** The symbols of the first section of {@code type}, read on first use; the list cannot be changed. */
    private List<ElfSymbol> symbolTable(int type) {
        return symbolTables.computeIfAbsent(type, t -> List.copyOf(SymbolTables.read(this, t)));
    }

    /** The GNU build-id from the first {@code NT_GNU_BUILD_ID} note, if any. */
    public Optional<BuildId> buildId() {
        return Notes.buildId(this);
    }

    /** The {@code .gnu_debuglink} section, if any. */
    public Optional<DebugLink> debugLink() {
        return Notes.debugLink(this);
    }

    /** Whether any {@code .debug_info} or {@code .debug_line} section is present (compressed or not). */
    public boolean hasDebugInfo() {
        return contentsPresent(".debug_info") || contentsPresent(".debug_line");
    }

    private boolean contentsPresent(String name) {
        return section(name).or(() -> section(".zdebug_" + name.substring(7)))
                .filter(s -> s.type() != Section.SHT_NOBITS).isPresent();
    }

    /** The program interpreter PT_INTERP names ({@code /lib64/ld-linux-x86-64.so.2}), if any. */
    public Optional<String> interpreter() {
        for (Segment s : segments) {
            if (s.type() == Segment.PT_INTERP) {
                if (s.offset() < 0 || s.fileSize() < 1 || s.fileSize() > map.limit() - s.offset()) {
                    throw new ElfFormatException("program headers", 0, "PT_INTERP lies outside the file");
                }
                Cursor c = Cursor.elf(map.slice((int) s.offset(), (int) s.fileSize()), "PT_INTERP");
                String name = c.cstring();
                c.check();
                return Optional.of(name);
            }
        }
        return Optional.empty();
    }

    /** The section whose loaded address range contains {@code address}. */
    public Optional<Section> sectionAt(long address) {
        for (Section s : sections) {
            if (s.containsAddress(address) && s.size() > 0) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
