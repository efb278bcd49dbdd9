package dev.klas.resolve;

/**
 * An address as a function symbol plus offset, the form kprobes and {@code objdump -d} use
 * ({@code tcp_sendmsg+0x3c}); gcc clones keep their full symbol name ({@code foo.constprop.0+0x4}).
 */
public record FunctionOffset(String symbol, long symbolAddress, long offset) {
    @Override
    public String toString() {
        return offset == 0 ? symbol : symbol + "+0x" + Long.toHexString(offset);
    }
}
