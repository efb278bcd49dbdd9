package dev.klas.resolve.dwarf;

/**
 * One row of a line-number matrix (DWARF5 6.2.2, Table 6.3).
 *
 * @param address       the program-counter value
 * @param opIndex       the VLIW operation index (0 on x86-64)
 * @param file          the file register, an index into {@link LineTable#files()} with the table's base
 *                      ({@link LineTable#fileIndexBase()}: 0 in DWARF 5, 1 before)
 * @param line          1-based source line, 0 when the instruction has no line
 * @param column        1-based column, 0 for "unknown"
 * @param isStmt        a recommended breakpoint location
 * @param basicBlock    start of a basic block
 * @param endSequence   the first byte after a sequence; the row's other registers are meaningless
 * @param prologueEnd   where the function's prologue ends
 * @param epilogueBegin where the function's epilogue begins
 * @param isa           the instruction set
 * @param discriminator the block the instruction belongs to, among blocks of the same line
 */
public record LineRow(long address, int opIndex, int file, int line, int column, boolean isStmt,
                      boolean basicBlock, boolean endSequence, boolean prologueEnd, boolean epilogueBegin, int isa,
                      int discriminator) {
}
