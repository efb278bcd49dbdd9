package dev.klas.resolve.dwarf;

import dev.klas.resolve.elf.Cursor;

/** The line-number state machine (DWARF5 6.2.2 and 6.2.5) over one program's opcodes. */
final class LineProgram {
    static final int DW_LNS_COPY = 1;
    static final int DW_LNS_ADVANCE_PC = 2;
    static final int DW_LNS_ADVANCE_LINE = 3;
    static final int DW_LNS_SET_FILE = 4;
    static final int DW_LNS_SET_COLUMN = 5;
    static final int DW_LNS_NEGATE_STMT = 6;
    static final int DW_LNS_SET_BASIC_BLOCK = 7;
    static final int DW_LNS_CONST_ADD_PC = 8;
    static final int DW_LNS_FIXED_ADVANCE_PC = 9;
    static final int DW_LNS_SET_PROLOGUE_END = 10;
    static final int DW_LNS_SET_EPILOGUE_BEGIN = 11;
    static final int DW_LNS_SET_ISA = 12;
    static final int DW_LNE_END_SEQUENCE = 1;
    static final int DW_LNE_SET_ADDRESS = 2;
    static final int DW_LNE_DEFINE_FILE = 3;
    static final int DW_LNE_SET_DISCRIMINATOR = 4;

    private final LineTable t;
    private final Cursor c;
    private final RowSink sink;
    private final int maxOps;
    private long address;
    private int opIndex;
    private int file;
    private int line;
    private int column;
    private boolean isStmt;
    private boolean basicBlock;
    private boolean prologueEnd;
    private boolean epilogueBegin;
    private int isa;
    private int discriminator;

    /** Receives rows without allocating: flags are {@link #STMT}, {@link #END_SEQUENCE} and friends. */
    interface RowSink {
        void row(long address, int opIndex, int file, int line, int column, int flags, int isa, int discriminator);
    }

    static final int STMT = 1;
    static final int END_SEQUENCE = 2;
    static final int BASIC_BLOCK = 4;
    static final int PROLOGUE_END = 8;
    static final int EPILOGUE_BEGIN = 16;

    LineProgram(LineTable t, Cursor c, RowSink sink) {
        this.t = t;
        this.c = c;
        this.sink = sink;
        this.maxOps = Math.max(1, t.maxOpsPerInstruction());
        reset();
    }

    private void reset() {
        address = 0;
        opIndex = 0;
        file = 1;
        line = 1;
        column = 0;
        isStmt = t.defaultIsStmt();
        basicBlock = false;
        prologueEnd = false;
        epilogueBegin = false;
        isa = 0;
        discriminator = 0;
    }

    void run() {
        int opcodeBase = t.opcodeBase();
        while (c.hasRemaining()) {
            int op = c.u8();
            if (op >= opcodeBase) {
                int adjusted = op - opcodeBase;
                advance(adjusted / t.lineRange());
                line += t.lineBase() + adjusted % t.lineRange();
                emit(false);
            } else if (op == 0) {
                extended();
            } else {
                standard(op);
            }
        }
    }

    private void standard(int op) {
        switch (op) {
            case DW_LNS_COPY -> emit(false);
            case DW_LNS_ADVANCE_PC -> advance(c.uleb());
            case DW_LNS_ADVANCE_LINE -> line += (int) c.sleb();
            case DW_LNS_SET_FILE -> file = (int) c.uleb();
            case DW_LNS_SET_COLUMN -> column = (int) c.uleb();
            case DW_LNS_NEGATE_STMT -> isStmt = !isStmt;
            case DW_LNS_SET_BASIC_BLOCK -> basicBlock = true;
            case DW_LNS_CONST_ADD_PC -> advance((255 - t.opcodeBase()) / t.lineRange());
            case DW_LNS_FIXED_ADVANCE_PC -> {
                address += c.u16();
                opIndex = 0;
            }
            case DW_LNS_SET_PROLOGUE_END -> prologueEnd = true;
            case DW_LNS_SET_EPILOGUE_BEGIN -> epilogueBegin = true;
            case DW_LNS_SET_ISA -> isa = (int) c.uleb();
            default -> {
                for (int i = t.standardOpcodeLength(op); i > 0; i--) {
                    c.uleb();
                }
            }
        }
    }

    private void extended() {
        long len = c.uleb();
        int start = c.position();
        if (len == 0 || len > c.remaining()) {
            c.fail("extended opcode length " + len + " invalid");
            return;
        }
        int sub = c.u8();
        switch (sub) {
            case DW_LNE_END_SEQUENCE -> {
                emit(true);
                reset();
            }
            case DW_LNE_SET_ADDRESS -> {
                int size = (int) len - 1;
                address = size == 8 || size == 4 || size == 2 || size == 1 ? c.unsigned(size) : bad(size);
                opIndex = 0;
            }
            case DW_LNE_SET_DISCRIMINATOR -> discriminator = (int) c.uleb();
            default -> {
            }
        }
        c.seek(start + len);
    }

    private long bad(int size) {
        c.fail("DW_LNE_set_address with operand size " + size);
        return 0;
    }

    private void advance(long operationAdvance) {
        if (maxOps == 1) {
            address += t.minInstructionLength() * operationAdvance;
        } else {
            long ops = opIndex + operationAdvance;
            address += t.minInstructionLength() * (ops / maxOps);
            opIndex = (int) (ops % maxOps);
        }
    }

    private void emit(boolean endSequence) {
        int flags = (isStmt ? STMT : 0) | (endSequence ? END_SEQUENCE : 0) | (basicBlock ? BASIC_BLOCK : 0)
                | (prologueEnd ? PROLOGUE_END : 0) | (epilogueBegin ? EPILOGUE_BEGIN : 0);
        sink.row(address, opIndex, file, line, column, flags, isa, discriminator);
        basicBlock = false;
        prologueEnd = false;
        epilogueBegin = false;
        discriminator = 0;
    }
}
