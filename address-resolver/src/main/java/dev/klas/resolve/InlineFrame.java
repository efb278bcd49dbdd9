package dev.klas.resolve;

import java.util.Optional;

/**
 * One frame of the inline chain at an address (DWARF5 3.3.8): a function, and, for an inlined copy, where it was
 * called from in the next outer frame.
 *
 * @param function   the function's name (through {@code DW_AT_abstract_origin})
 * @param inlined    whether this frame is an inlined copy ({@code DW_TAG_inlined_subroutine})
 * @param callFile   the caller's file ({@code DW_AT_call_file}), for inlined frames
 * @param callLine   {@code DW_AT_call_line}, 0 when absent
 * @param callColumn {@code DW_AT_call_column}, 0 when absent
 */
public record InlineFrame(String function, boolean inlined, Optional<String> callFile, int callLine,
                          int callColumn) {
}
