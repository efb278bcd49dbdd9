package dev.klas.advice.vars;

import java.util.List;

/** How to read one variable at one hook: its parts in C, or why it cannot be read there. */
public sealed interface Read {
    /** The bytes of the variable, part by part (one part covering it all, size -1, in the common case). */
    record Parts(List<Part> parts) implements Read {
        public Parts {
            parts = List.copyOf(parts);
        }
    }

    record Unavailable(String reason) implements Read {
    }

    /**
     * {@code size} bytes at {@code offset} of the variable: a value (the low bytes of a {@code uint64_t} C
     * expression), memory at a C address expression, or literal bytes (hex, comma-separated).
     */
    record Part(long offset, long size, Kind kind, String expression) {
        public enum Kind { VALUE, MEMORY, BYTES }

        public boolean whole() {
            return offset == 0 && size < 0;
        }
    }
}
