package dev.klas.resolve.dwarf;

import dev.klas.resolve.elf.Cursor;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/** Parses a line-number program header (DWARF5 6.2.4; DWARF4 6.2.4; DWARF2 6.2.4). */
final class LineHeader {
    static final int DW_LNCT_PATH = 1;
    static final int DW_LNCT_DIRECTORY_INDEX = 2;
    static final int DW_LNCT_TIMESTAMP = 3;
    static final int DW_LNCT_SIZE = 4;
    static final int DW_LNCT_MD5 = 5;

    long offset;
    int version;
    int addressSize = 8;
    int offsetSize = 4;
    int minInstructionLength;
    int maxOpsPerInstruction = 1;
    boolean defaultIsStmt;
    int lineBase;
    int lineRange;
    int opcodeBase;
    int[] standardOpcodeLengths;
    final List<String> directories = new ArrayList<>();
    final List<LineFile> files = new ArrayList<>();
    int programStart;
    int unitEnd;

    private final DwarfSections sections;
    private final java.util.function.LongFunction<String> compDir;

    private LineHeader(DwarfSections sections, java.util.function.LongFunction<String> compDir) {
        this.sections = sections;
        this.compDir = compDir;
    }

    /**
     * Reads the header at {@code offset}; {@code compDir} gives directory 0 before DWARF 5 ("" if unknown) and is
     * called only for such tables.
     */
    static LineTable read(DwarfSections sections, long offset, java.util.function.LongFunction<String> compDir) {
        ByteBuffer data = sections.get(DwarfSections.LINE);
        LineHeader h = new LineHeader(sections, compDir);
        Cursor c = DwarfFormatException.cursor(data, DwarfSections.LINE);
        h.parse(c.seek(offset));
        c.check();
        return new LineTable(h, data);
    }

    private void parse(Cursor c) {
        offset = c.position();
        UnitLength len = UnitLength.read(c);
        c.limitTo(c.position() + len.length());
        unitEnd = c.limit();
        offsetSize = len.offsetSize();
        version = c.u16();
        if (c.failed()) {
            return;
        }
        if (version < 2 || version > 5) {
            c.fail("line table version " + version + " not supported (2-5)");
            return;
        }
        if (version >= 5) {
            addressSize = c.u8();
            c.u8();
        }
        long headerLength = len.offsetSize() == 8 ? c.u64() : c.u32();
        if (headerLength > c.remaining()) {
            c.fail("header_length 0x" + Long.toHexString(headerLength) + " runs past the unit");
            return;
        }
        programStart = (int) (c.position() + headerLength);
        minInstructionLength = c.u8();
        if (version >= 4) {
            maxOpsPerInstruction = c.u8();
        }
        defaultIsStmt = c.u8() != 0;
        lineBase = c.s8();
        lineRange = c.u8();
        opcodeBase = c.u8();
        if (lineRange == 0 && !c.failed()) {
            c.fail("line_range is 0");
            return;
        }
        if (opcodeBase == 0 && !c.failed()) {
            c.fail("opcode_base is 0");
            return;
        }
        standardOpcodeLengths = new int[Math.max(0, opcodeBase - 1)];
        for (int i = 0; i < standardOpcodeLengths.length; i++) {
            standardOpcodeLengths[i] = c.u8();
        }
        if (version >= 5) {
            readEntries5(c, true);
            readEntries5(c, false);
        } else {
            readTables4(c);
        }
        if (c.position() > programStart) {
            c.fail("header entries run past header_length");
        }
    }

    private void readTables4(Cursor c) {
        directories.add(compDir.apply(offset));
        while (c.hasRemaining()) {
            String dir = c.cstring();
            if (dir.isEmpty()) {
                break;
            }
            directories.add(dir);
        }
        while (c.hasRemaining()) {
            String name = c.cstring();
            if (name.isEmpty()) {
                break;
            }
            long dir = c.uleb();
            long mtime = c.uleb();
            long size = c.uleb();
            files.add(new LineFile(name, dir, directory(dir), mtime, size, Optional.empty()));
        }
    }

    private String directory(long index) {
        return index >= 0 && index < directories.size() ? directories.get((int) index) : "";
    }

    /** DWARF5 6.2.4 items 14-22: an entry format, a count, then entries described by the format. */
    private void readEntries5(Cursor c, boolean dirs) {
        int formatCount = c.u8();
        long[] types = new long[formatCount];
        int[] forms = new int[formatCount];
        for (int i = 0; i < formatCount; i++) {
            types[i] = c.uleb();
            forms[i] = c.ulebInt();
        }
        long count = c.uleb();
        if (count > c.remaining()) {
            c.fail((dirs ? "directory" : "file") + " count " + count + " exceeds the header");
            return;
        }
        for (long n = 0; n < count && !c.failed(); n++) {
            String path = "";
            long dir = 0;
            long mtime = 0;
            long size = 0;
            Optional<String> md5 = Optional.empty();
            for (int i = 0; i < formatCount; i++) {
                int form = forms[i];
                if (types[i] == DW_LNCT_PATH) {
                    path = string(c, form);
                } else if (types[i] == DW_LNCT_MD5 && form == Forms.DW_FORM_DATA16) {
                    md5 = Optional.of(HexFormat.of().formatHex(c.bytes(16)));
                } else if (types[i] == DW_LNCT_DIRECTORY_INDEX) {
                    dir = number(c, form);
                } else if (types[i] == DW_LNCT_TIMESTAMP) {
                    mtime = number(c, form);
                } else if (types[i] == DW_LNCT_SIZE) {
                    size = number(c, form);
                } else {
                    Forms.skip(c, form, offsetSize, addressSize, version);
                }
            }
            if (dirs) {
                directories.add(path);
            } else {
                files.add(new LineFile(path, dir, directory(dir), mtime, size, md5));
            }
        }
    }

    private String string(Cursor c, int form) {
        int at = c.position();
        Forms.Value v = Forms.read(c, form, offsetSize, addressSize, version);
        return switch (form) {
            case Forms.DW_FORM_STRING -> v.string();
            case Forms.DW_FORM_LINE_STRP -> sections.string(DwarfSections.LINE_STR, v.number());
            case Forms.DW_FORM_STRP -> sections.string(DwarfSections.STR, v.number());
            default -> {
                c.fail("form 0x" + Integer.toHexString(form) + " at 0x" + Integer.toHexString(at)
                        + " cannot hold a path");
                yield "";
            }
        };
    }

    private long number(Cursor c, int form) {
        Forms.Value v = Forms.read(c, form, offsetSize, addressSize, version);
        return v.number();
    }
}
