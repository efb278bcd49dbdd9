package dev.klas.advice;

import java.util.Objects;

/**
 * Where a hook goes: function symbol plus offset (the form kprobes and objdump use; gcc clones such as
 * {@code foo.constprop.0} keep their full name) and the address in the analysed binary (link-time for vmlinux and
 * programs; for a relocatable kernel module an address in the placed image, see {@link PlacedObject}).
 * {@code anchor + anchorOffset} names the same address by a symbol no other function shares (the symbol itself when
 * its name is unique; gcc's copies of a static function in two files share a name), which is what a kprobe is
 * registered by, so the kernel cannot pick another copy.
 */
public record CodeLocation(String symbol, long offset, long address, String anchor, long anchorOffset) {
    /** A location whose symbol names it unambiguously. */
    public CodeLocation(String symbol, long offset, long address) {
        this(symbol, offset, address, symbol, offset);
    }

    public CodeLocation {
        Objects.requireNonNull(anchor, "anchor");
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
