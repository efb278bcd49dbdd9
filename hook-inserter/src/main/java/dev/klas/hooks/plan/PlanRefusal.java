package dev.klas.hooks.plan;

/** A join point that gets no hook, and why; printed as {@code SYMBOL+0xOFF (file:line): reason}. */
public record PlanRefusal(long vaddr, String symbol, long offset, String file, int line, String reason) {
    @Override
    public String toString() {
        return symbol + (offset == 0 ? "" : "+0x" + Long.toHexString(offset)) + " (" + file + ":" + line + "): "
                + reason;
    }
}
