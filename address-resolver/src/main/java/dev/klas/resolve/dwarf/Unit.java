package dev.klas.resolve.dwarf;

import dev.klas.resolve.elf.Cursor;
import java.lang.ref.SoftReference;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.IntPredicate;
import java.util.function.ObjIntConsumer;

/**
 * One unit of {@code .debug_info} (DWARF5 7.5.1): a compile, partial or type unit. Its DIE tree is read on first
 * use of {@link #dies()}; the root DIE alone is read by {@link #root()}.
 */
public final class Unit {
    public static final int DW_UT_COMPILE = 1;
    public static final int DW_UT_TYPE = 2;
    public static final int DW_UT_PARTIAL = 3;
    public static final int DW_UT_SKELETON = 4;
    public static final int DW_UT_SPLIT_COMPILE = 5;
    public static final int DW_UT_SPLIT_TYPE = 6;

    private final DwarfInfo dwarf;
    private final long offset;
    private final long end;
    private final int version;
    private final int unitType;
    private final int addressSize;
    private final int offsetSize;
    private final long abbrevOffset;
    private final long dieStart;
    private Map<Long, Abbrev> abbrevs;
    private int[] fixedSizes;
    private Die root;
    private SoftReference<Tree> tree = new SoftReference<>(null);
    private SoftReference<Map<Long, Die>> subtrees = new SoftReference<>(null);
    private Optional<LineTable> lineTable;

    private Unit(DwarfInfo dwarf, long offset, long end, int version, int unitType, int addressSize, int offsetSize,
                 long abbrevOffset, long dieStart) {
        this.dwarf = dwarf;
        this.offset = offset;
        this.end = end;
        this.version = version;
        this.unitType = unitType;
        this.addressSize = addressSize;
        this.offsetSize = offsetSize;
        this.abbrevOffset = abbrevOffset;
        this.dieStart = dieStart;
    }

    /** Reads the unit header at {@code offset} of {@code .debug_info}. */
    static Unit read(DwarfInfo dwarf, Cursor c, long offset) {
        c.seek(offset);
        UnitLength len = UnitLength.read(c);
        long end = c.position() + len.length();
        int version = c.u16();
        if (!c.failed() && (version < 2 || version > 5)) {
            c.fail("unit version " + version + " not supported (2-5)");
        }
        int type = DW_UT_COMPILE;
        int addressSize;
        long abbrev;
        if (version >= 5) {
            type = c.u8();
            addressSize = c.u8();
            abbrev = c.unsigned(len.offsetSize());
            if (type == DW_UT_SKELETON || type == DW_UT_SPLIT_COMPILE) {
                c.u64();
            } else if (type == DW_UT_TYPE || type == DW_UT_SPLIT_TYPE) {
                c.u64();
                c.unsigned(len.offsetSize());
            }
        } else {
            abbrev = c.unsigned(len.offsetSize());
            addressSize = c.u8();
        }
        if (!c.failed() && addressSize != 8 && addressSize != 4) {
            c.fail("address size " + addressSize + " not supported");
        }
        if (!c.failed() && c.position() > end) {
            c.fail("unit header longer than the unit");
        }
        c.check();
        return new Unit(dwarf, offset, end, version, type, addressSize, len.offsetSize(), abbrev, c.position());
    }

    public DwarfInfo dwarf() {
        return dwarf;
    }

    /** The offset of the unit header in {@code .debug_info}. */
    public long offset() {
        return offset;
    }

    /** The offset just past the unit. */
    public long end() {
        return end;
    }

    public int version() {
        return version;
    }

    /** {@link #DW_UT_COMPILE} and friends; {@code DW_UT_compile} for DWARF 2-4 compile units. */
    public int unitType() {
        return unitType;
    }

    public int addressSize() {
        return addressSize;
    }

    /** 4 in the 32-bit DWARF format, 8 in the 64-bit one. */
    public int offsetSize() {
        return offsetSize;
    }

    long dieStart() {
        return dieStart;
    }

    synchronized Map<Long, Abbrev> abbrevs() {
        if (abbrevs == null) {
            abbrevs = dwarf.abbrevTable(abbrevOffset);
        }
        return abbrevs;
    }

    /**
     * By abbreviation code (codes up to 4,095): the bytes the attributes of a DIE with it take in this unit when
     * every form has a fixed size ({@link Forms#fixedSize}), else -1; what a scan skips at once.
     */
    synchronized int[] fixedSizes() {
        if (fixedSizes == null) {
            int[] sizes = new int[(int) Math.min(4096, abbrevs().keySet().stream().mapToLong(Long::longValue).max()
                    .orElse(0) + 1)];
            java.util.Arrays.fill(sizes, -1);
            for (Abbrev a : abbrevs().values()) {
                if (a.code() < 0 || a.code() >= sizes.length) {
                    continue;
                }
                int total = 0;
                for (int form : a.forms()) {
                    int n = Forms.fixedSize(form, offsetSize, addressSize, version);
                    if (n < 0) {
                        total = -1;
                        break;
                    }
                    total += n;
                }
                sizes[(int) a.code()] = total;
            }
            fixedSizes = sizes;
        }
        return fixedSizes;
    }

    /** The DIE tree of a unit, held softly so that scanning a large program does not keep every unit in memory. */
    private record Tree(List<Die> dies, Map<Long, Die> byOffset) {
    }

    /** The unit's root DIE (compile unit, partial unit or type unit), read alone (without children). */
    public synchronized Die root() {
        if (root == null) {
            root = DieReader.readRoot(this);
        }
        return root;
    }

    /**
     * Every DIE of the unit in section order, children linked; the tree is read on demand and may be dropped and
     * read again under memory pressure, so DIEs are compared by {@link Die#offset()}, not identity.
     */
    public List<Die> dies() {
        return tree().dies();
    }

    private synchronized Tree tree() {
        Tree t = tree.get();
        if (t == null) {
            List<Die> dies = DieReader.readTree(this);
            Map<Long, Die> byOffset = new HashMap<>(dies.size() * 2);
            for (Die d : dies) {
                byOffset.put(d.offset(), d);
            }
            t = new Tree(dies, byOffset);
            tree = new SoftReference<>(t);
        }
        return t;
    }

    /**
     * Each DIE of the unit whose tag passes {@code tags}, in section order, with its depth (the root's is 0): built
     * alone (attributes only: no children, no parent) by a scan that neither reads nor keeps the unit's tree.
     */
    public void forEachDie(IntPredicate tags, ObjIntConsumer<Die> sink) {
        DieReader.scan(this, tags, sink);
    }

    /**
     * The DIE at {@code offset} of {@code .debug_info} (a DIE's start, as references give). When the unit's tree is
     * not in memory only that DIE's subtree is read, so following references from a few DIEs stays cheap in a large
     * program; such DIEs have children but no parent.
     */
    public Optional<Die> dieAt(long offset) {
        Tree t = tree.get();
        if (t != null) {
            return Optional.ofNullable(t.byOffset().get(offset));
        }
        if (offset < dieStart || offset >= end) {
            return Optional.empty();
        }
        synchronized (this) {
            Map<Long, Die> m = subtrees.get();
            if (m == null) {
                m = new HashMap<>();
                subtrees = new SoftReference<>(m);
            }
            Die d = m.get(offset);
            if (d == null) {
                for (Die x : DieReader.readFrom(this, offset)) {
                    m.putIfAbsent(x.offset(), x);
                }
                d = m.get(offset);
            }
            return Optional.of(d);
        }
    }

    /** {@code DW_AT_name} of the root DIE. */
    public Optional<String> name() {
        return root().string(DwAt.NAME);
    }

    /** {@code DW_AT_comp_dir} of the root DIE. */
    public Optional<String> compDir() {
        return root().string(DwAt.COMP_DIR);
    }

    /** {@code DW_AT_stmt_list}: the offset of the unit's line program in {@code .debug_line}. */
    public OptionalLong stmtList() {
        return root().number(DwAt.STMT_LIST);
    }

    /** The unit's line-number program, if it has one. */
    public synchronized Optional<LineTable> lineTable() {
        if (lineTable == null) {
            OptionalLong off = stmtList();
            lineTable = off.isPresent() ? Optional.of(dwarf.lineTable(off.getAsLong())) : Optional.empty();
        }
        return lineTable;
    }

    /** The path of file number {@code number} of the unit's line table (for decl_file and call_file). */
    public Optional<String> filePath(long number) {
        if (number < 0 || number > Integer.MAX_VALUE) {
            return Optional.empty();
        }
        return lineTable().flatMap(t -> t.file((int) number)).map(LineFile::path);
    }

    /** The base address for range and location lists: the root's {@code DW_AT_low_pc}, else 0. */
    public long baseAddress() {
        return root().address(DwAt.LOW_PC).orElse(0);
    }

    long strOffsetsBase() {
        return root().number(DwAt.STR_OFFSETS_BASE).orElse(version >= 5 ? 8 : 0);
    }

    long addrBase() {
        OptionalLong b = root().number(DwAt.ADDR_BASE);
        return b.isPresent() ? b.getAsLong() : root().number(DwAt.GNU_ADDR_BASE).orElse(version >= 5 ? 8 : 0);
    }

    long loclistsBase() {
        return root().number(DwAt.LOCLISTS_BASE).orElse(version >= 5 ? 12 : 0);
    }

    long rnglistsBase() {
        return root().number(DwAt.RNGLISTS_BASE).orElse(version >= 5 ? 12 : 0);
    }

    @Override
    public String toString() {
        return "unit@0x" + Long.toHexString(offset);
    }
}
