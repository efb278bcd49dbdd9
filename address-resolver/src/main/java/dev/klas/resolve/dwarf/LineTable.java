package dev.klas.resolve.dwarf;

import dev.klas.resolve.elf.Cursor;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One line-number program of {@code .debug_line} (DWARF5 6.2; versions 2 to 5): its header, its directory and file
 * tables, and its rows, which are decoded on each call of {@link #forEachRow}.
 */
public final class LineTable {
    private final long offset;
    private final int version;
    private final int addressSize;
    private final int minInstructionLength;
    private final int maxOpsPerInstruction;
    private final boolean defaultIsStmt;
    private final int lineBase;
    private final int lineRange;
    private final int opcodeBase;
    private final int[] standardOpcodeLengths;
    private final List<String> directories;
    private final List<LineFile> files;
    private final ByteBuffer section;
    private final int programStart;
    private final int programEnd;

    LineTable(LineHeader h, ByteBuffer section) {
        this.offset = h.offset;
        this.version = h.version;
        this.addressSize = h.addressSize;
        this.minInstructionLength = h.minInstructionLength;
        this.maxOpsPerInstruction = h.maxOpsPerInstruction;
        this.defaultIsStmt = h.defaultIsStmt;
        this.lineBase = h.lineBase;
        this.lineRange = h.lineRange;
        this.opcodeBase = h.opcodeBase;
        this.standardOpcodeLengths = h.standardOpcodeLengths;
        this.directories = List.copyOf(h.directories);
        this.files = List.copyOf(h.files);
        this.section = section;
        this.programStart = h.programStart;
        this.programEnd = h.unitEnd;
    }

    /** The offset of this program's header in {@code .debug_line}. */
    public long offset() {
        return offset;
    }

    /** The offset just past this program in {@code .debug_line}. */
    public long end() {
        return programEnd;
    }

    public int version() {
        return version;
    }

    /** The directory table as stored; in DWARF 2-4, index 0 (the compilation directory) is the CU's comp_dir. */
    public List<String> directories() {
        return directories;
    }

    /** The file table; entry {@code i} has file number {@code i + fileIndexBase()}. */
    public List<LineFile> files() {
        return files;
    }

    /** The number of the first file: 0 in DWARF 5, 1 in DWARF 2-4 (DWARF5 6.2.4 item 20). */
    public int fileIndexBase() {
        return version >= 5 ? 0 : 1;
    }

    /** The file with number {@code number} (the file register of a row), if it exists. */
    public Optional<LineFile> file(int number) {
        int i = number - fileIndexBase();
        return i >= 0 && i < files.size() ? Optional.of(files.get(i)) : Optional.empty();
    }

    /**
     * Runs the line-number program (DWARF5 6.2.5) and hands each row to {@code sink} in program order.
     *
     * @throws DwarfFormatException at the offending opcode; rows before it have been delivered
     */
    public void forEachRow(Consumer<LineRow> sink) {
        run((a, op, file, line, col, flags, isa, disc) -> sink.accept(new LineRow(a, op, file, line, col,
                (flags & LineProgram.STMT) != 0, (flags & LineProgram.BASIC_BLOCK) != 0,
                (flags & LineProgram.END_SEQUENCE) != 0, (flags & LineProgram.PROLOGUE_END) != 0,
                (flags & LineProgram.EPILOGUE_BEGIN) != 0, isa, disc)));
    }

    /**
     * Runs the program handing each row's registers to {@code sink} without allocating a row: the fast path for
     * indexing. {@code flags} has bit 0 set for is_stmt and bit 1 for end_sequence.
     */
    public void forEachRow(RowVisitor sink) {
        run((a, op, file, line, col, flags, isa, disc) -> sink.row(a, file, line, col, flags));
    }

    /** The fast-path row visitor of {@link #forEachRow(RowVisitor)}. */
    @FunctionalInterface
    public interface RowVisitor {
        /** Bit 0 of {@code flags}: is_stmt. */
        int STMT = LineProgram.STMT;
        /** Bit 1 of {@code flags}: end_sequence. */
        int END_SEQUENCE = LineProgram.END_SEQUENCE;

        void row(long address, int file, int line, int column, int flags);
    }

    private void run(LineProgram.RowSink sink) {
        Cursor c = DwarfFormatException.cursor(section, DwarfSections.LINE);
        c.seek(programStart);
        c.limitTo(programEnd);
        new LineProgram(this, c, sink).run();
        c.check();
    }

    /** All rows in program order (convenient for small programs; large ones should use {@link #forEachRow}). */
    public List<LineRow> rows() {
        List<LineRow> out = new ArrayList<>();
        forEachRow(out::add);
        return out;
    }

    int addressSize() {
        return addressSize;
    }

    int minInstructionLength() {
        return minInstructionLength;
    }

    int maxOpsPerInstruction() {
        return maxOpsPerInstruction;
    }

    boolean defaultIsStmt() {
        return defaultIsStmt;
    }

    int lineBase() {
        return lineBase;
    }

    int lineRange() {
        return lineRange;
    }

    int opcodeBase() {
        return opcodeBase;
    }

    int standardOpcodeLength(int opcode) {
        return standardOpcodeLengths[opcode - 1];
    }
}
