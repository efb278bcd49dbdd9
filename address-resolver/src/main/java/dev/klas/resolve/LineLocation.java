package dev.klas.resolve;

/**
 * One contiguous run of line-table rows for a source line: the run's first address and the address where the
 * next line's code starts.
 *
 * @param file       the normalized path of the source file (compilation directory prepended to relative paths)
 * @param line       the source line
 * @param column     the column of the run's first row, 0 when unknown
 * @param address    the first address of the run
 * @param endAddress the address of the first row after the run (another line, or the end of the sequence)
 * @param isStmt     whether the run's first row is a recommended breakpoint location ({@code is_stmt})
 */
public record LineLocation(String file, int line, int column, long address, long endAddress, boolean isStmt) {
    @Override
    public String toString() {
        return file + ":" + line + (column > 0 ? ":" + column : "") + " @0x" + Long.toHexString(address);
    }
}
