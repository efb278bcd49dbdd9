package dev.klas.advice;

import java.util.Objects;

/**
 * Where a hook goes: function symbol plus offset (the form kprobes and objdump use; gcc clones such as
 * {@code foo.constprop.0} keep their full name) and the address in the analysed binary (link-time for vmlinux and
 * programs; for a relocatable kernel module an address in the placed image, see {@link PlacedObject}).
 */
public record CodeLocation(String symbol, long offset, long address) {
    public CodeLocation {
        Objects.requireNonNull(symbol, "symbol");
        if (symbol.isEmpty() || offset < 0) {
            throw new IllegalArgumentException("bad code location " + symbol + "+" + offset);
        }
    }

    @Override
    public String toString() {
        return offset == 0 ? symbol : symbol + "+0x" + Long.toHexString(offset);
    }
}
