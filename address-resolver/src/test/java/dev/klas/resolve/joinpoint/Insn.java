package dev.klas.resolve.joinpoint;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One instruction of {@code objdump -d --no-show-raw-insn}, with the symbol objdump printed above it.
 *
 * @param function the enclosing symbol's name, exactly as in objdump's {@code <name>:} header
 * @param offset   address minus the symbol's address
 * @param mnemonic the mnemonic, prefix words removed
 * @param operands the operands in AT&amp;T order (destination last), {@code # ...} comments removed
 */
record Insn(long address, String function, long offset, String mnemonic, List<String> operands, String text) {
    private static final String THUNK = "__x86_indirect_thunk_";
    private static final Pattern PREFIX = Pattern.compile("lock|rep[a-z]*|bnd|notrack|data16|[c-gs]s");
    private static final Pattern BRANCH = Pattern.compile("j[a-z]+|call[q]?|loop[a-z]*");
    private static final Pattern TARGET = Pattern.compile("[0-9a-f]+ <([^>]+)>");

    static Insn parse(long address, String function, long offset, String text) {
        String body = text.replaceAll("\\s*#.*$", "").trim();
        String[] words = body.split("\\s+", 2);
        while (words.length == 2 && PREFIX.matcher(words[0]).matches()) {
            words = words[1].split("\\s+", 2);
        }
        List<String> operands = words.length == 2 ? AttOperand.split(words[1]) : List.of();
        return new Insn(address, function, offset, words[0], operands, text);
    }

    /** The direct branch target as objdump names it ({@code m_free}, {@code m_freem+0x10}). */
    Optional<String> target() {
        if (!BRANCH.matcher(mnemonic).matches() || operands.size() != 1) {
            return Optional.empty();
        }
        Matcher m = TARGET.matcher(operands.get(0));
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** An indirect call: {@code call *...}, or a call of a retpoline thunk (gcc -mindirect-branch=thunk). */
    boolean indirectCall() {
        return BRANCH.matcher(mnemonic).matches() && mnemonic.startsWith("call") && operands.size() == 1
                && (operands.get(0).startsWith("*") || thunkRegister().isPresent());
    }

    /** The register a call of {@code __x86_indirect_thunk_REG} jumps through: {@code %REG}. */
    Optional<String> thunkRegister() {
        return target().filter(t -> t.startsWith(THUNK)).map(t -> "%" + t.substring(THUNK.length()));
    }

    /** The explicit memory operands (two only for string instructions such as movs). */
    List<AttOperand> memories() {
        if (target().isPresent()) {
            return List.of();
        }
        return operands.stream().map(AttOperand::parse).flatMap(Optional::stream).toList();
    }

    /** The one explicit memory operand; empty when there is none, fails on two. */
    Optional<AttOperand> memory() {
        List<AttOperand> all = memories();
        if (all.size() > 1) {
            throw new AssertionError("two memory operands: " + this);
        }
        return all.stream().findFirst();
    }

    /** What the instruction does to its memory operand; fails for a mnemonic {@link Direction} does not know. */
    Direction direction() {
        memory().orElseThrow(() -> new AssertionError("no memory operand: " + this));
        boolean last = AttOperand.parse(operands.get(operands.size() - 1)).isPresent();
        return Direction.of(mnemonic, last)
                .orElseThrow(() -> new AssertionError("Direction does not classify " + mnemonic + ": " + this));
    }

    /** The register written when it is the last operand (a register destination). */
    Optional<String> destinationRegister() {
        if (operands.isEmpty() || !operands.get(operands.size() - 1).matches("%[a-z0-9]+")) {
            return Optional.empty();
        }
        return Optional.of(operands.get(operands.size() - 1));
    }

    @Override
    public String toString() {
        return function + "+0x" + Long.toHexString(offset) + " " + text;
    }
}
