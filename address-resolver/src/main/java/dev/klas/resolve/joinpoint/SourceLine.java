package dev.klas.resolve.joinpoint;

import java.util.List;

/**
 * A source line and where its code starts: the first address of every run of its rows (one per copy of the code),
 * is_stmt rows first. Empty addresses: the line has no code a hook could go on.
 */
public record SourceLine(String file, int line, List<Long> addresses) {
    public SourceLine {
        addresses = List.copyOf(addresses);
    }
}
