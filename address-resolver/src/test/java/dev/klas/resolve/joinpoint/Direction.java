package dev.klas.resolve.joinpoint;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What an instruction does to its memory operand, judged from objdump's mnemonic and the operand's position alone
 * (AT&amp;T: the destination is the last operand), after the Intel SDM's instruction pages; independent of klas's
 * decoder and its access table. Only the mnemonics written here are known: anything else is left unclassified, so
 * that a test meeting it fails instead of guessing.
 */
enum Direction {
    READ, WRITE, READ_WRITE, NONE;

    /** dest := src: a store when memory is the destination, a load when it is the source. */
    private static final Pattern MOVE = Pattern.compile(
            "mov[bwlq]?|movabs[bwlq]?|movz[bw][wlq]|movs[bw][wlq]|movslq|v?mov(ss|sd|aps|ups|apd|upd|dqa|dqu|d|q)"
                    + "|cmov[a-z]+");
    /** dest := dest OP src: read-modify-write when memory is the destination. */
    private static final Pattern ALU = Pattern.compile(
            "(add|sub|and|or|xor|adc|sbb|shl|shr|sal|sar|rol|ror|rcl|rcr|bts|btr|btc)[bwlq]?");
    /** Single operand, read and written. */
    private static final Pattern UNARY = Pattern.compile("(inc|dec|neg|not)[bwlq]?");
    /** Both operands read and written. */
    private static final Pattern EXCHANGE = Pattern.compile("(xchg|xadd|cmpxchg)[bwlq]?");
    /** Memory only read, whatever its position. */
    private static final Pattern READS = Pattern.compile(
            "(cmp|test|bt|push|imul|mul|idiv|div)[bwlq]?|call[q]?|jmp[q]?"
                    + "|(add|sub|mul|div|min|max|ucomi|comi|sqrt)(ss|sd|ps|pd)|cvt[a-z0-9]+");
    /** Memory operand not accessed: address arithmetic and hints. */
    private static final Pattern NO_ACCESS = Pattern.compile("lea[wlq]?|nop[wlq]?|prefetch[a-z0-9]*");
    private static final Set<String> STORES = Set.of("pop", "popq", "popw");

    /** The direction, given whether memory is the instruction's last operand; empty for an unknown mnemonic. */
    static Optional<Direction> of(String mnemonic, boolean memoryIsLast) {
        if (NO_ACCESS.matcher(mnemonic).matches()) {
            return Optional.of(NONE);
        }
        if (MOVE.matcher(mnemonic).matches() || mnemonic.startsWith("set")) {
            return Optional.of(memoryIsLast ? WRITE : READ);
        }
        if (ALU.matcher(mnemonic).matches()) {
            return Optional.of(memoryIsLast ? READ_WRITE : READ);
        }
        if (UNARY.matcher(mnemonic).matches() || EXCHANGE.matcher(mnemonic).matches()) {
            return Optional.of(READ_WRITE);
        }
        if (READS.matcher(mnemonic).matches()) {
            return Optional.of(READ);
        }
        if (STORES.contains(mnemonic)) {
            return Optional.of(WRITE);
        }
        return Optional.empty();
    }

    boolean reads() {
        return this == READ || this == READ_WRITE;
    }

    boolean writes() {
        return this == WRITE || this == READ_WRITE;
    }
}
