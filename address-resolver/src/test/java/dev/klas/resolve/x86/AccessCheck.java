package dev.klas.resolve.x86;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Compares the decoder's {@link Access} of every memory operand with Capstone's ({@link CapstoneOracle}), where
 * Capstone is known to be wrong with the SDM's answer instead ({@link CapstoneErrata}). Operands either side
 * cannot classify are counted by reason; {@link DifferentialReport#classifiedShare()} is what the floor is on.
 */
final class AccessCheck {
    private static final int BATCH = 20_000;

    private record Pending(String section, ObjdumpInstruction shown, Access ours) {
    }

    private final DifferentialReport report;
    private final List<Pending> pending = new ArrayList<>();

    AccessCheck(DifferentialReport report) {
        this.report = report;
    }

    void add(String section, ObjdumpInstruction shown, Access ours) throws IOException {
        pending.add(new Pending(section, shown, ours));
        if (pending.size() >= BATCH) {
            flush();
        }
    }

    void flush() throws IOException {
        if (pending.isEmpty()) {
            return;
        }
        List<CapstoneOracle.Query> queries = pending.stream()
                .map(p -> new CapstoneOracle.Query(p.shown().address(), p.shown().bytes())).toList();
        List<CapstoneOracle.Answer> answers = CapstoneOracle.shared().ask(queries);
        for (int i = 0; i < answers.size(); i++) {
            judge(pending.get(i), answers.get(i));
        }
        pending.clear();
    }

    private void judge(Pending p, CapstoneOracle.Answer answer) {
        report.accessOperands++;
        if (p.ours() == Access.UNKNOWN) {
            report.unclassified("decoder UNKNOWN: " + p.shown().mnemonic());
            return;
        }
        Optional<Access> theirs = parse(answer.access());
        if (theirs.isEmpty()) {
            report.unclassified("capstone " + answer.access() + ": " + p.shown().mnemonic());
            return;
        }
        Optional<CapstoneErrata.Erratum> erratum = CapstoneErrata.find(answer.mnemonic(), theirs.get(),
                answer.position().equals("0"));
        Access expected = erratum.map(CapstoneErrata.Erratum::sdm).orElse(theirs.get());
        erratum.ifPresent(e -> report.erratum(e.name()));
        report.accessCompared++;
        if (expected != p.ours()) {
            report.mismatch(String.format("%s 0x%x [%s] '%s': access %s vs capstone %s (%s)%s", p.section(),
                    p.shown().address(), HexFormat.ofDelimiter(" ").formatHex(p.shown().bytes()), p.shown().text(),
                    p.ours(), theirs.get(), answer.mnemonic(),
                    erratum.map(e -> ", SDM " + e.sdm() + " by erratum " + e.name()).orElse("")));
        }
    }

    private static Optional<Access> parse(String access) {
        return switch (access) {
            case "r" -> Optional.of(Access.READ);
            case "w" -> Optional.of(Access.WRITE);
            case "rw" -> Optional.of(Access.READ_WRITE);
            default -> Optional.empty();
        };
    }
}
