package dev.klas.resolve.x86;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Totals of one {@link Differential} run, and the first mismatches with address and bytes. */
final class DifferentialReport {
    private static final int MAX_REPORTED = 200;

    long compared;
    long objdumpBad;
    long objdumpByte;
    long objdumpPrefixOnly;
    long objdumpFwaitMerged;
    long prefixBeforeVex;
    long withMemory;
    long withTarget;
    long withSize;
    long withAccess;
    long evex;
    long vex;
    long accessOperands;
    long accessCompared;
    final Map<String, Long> unclassified = new TreeMap<>();
    final Map<String, Long> errata = new TreeMap<>();
    final Map<String, Long> badAccepted = new TreeMap<>();
    final List<String> mismatches = new ArrayList<>();
    long mismatchCount;

    /** Adds {@code other}'s counts and reported mismatches to this report. */
    void add(DifferentialReport other) {
        compared += other.compared;
        objdumpBad += other.objdumpBad;
        objdumpByte += other.objdumpByte;
        objdumpPrefixOnly += other.objdumpPrefixOnly;
        objdumpFwaitMerged += other.objdumpFwaitMerged;
        prefixBeforeVex += other.prefixBeforeVex;
        withMemory += other.withMemory;
        withTarget += other.withTarget;
        withSize += other.withSize;
        withAccess += other.withAccess;
        evex += other.evex;
        vex += other.vex;
        accessOperands += other.accessOperands;
        accessCompared += other.accessCompared;
        other.unclassified.forEach((k, v) -> unclassified.merge(k, v, Long::sum));
        other.errata.forEach((k, v) -> errata.merge(k, v, Long::sum));
        other.badAccepted.forEach((k, v) -> badAccepted.merge(k, v, Long::sum));
        mismatchCount += other.mismatchCount;
        for (String m : other.mismatches) {
            if (mismatches.size() < MAX_REPORTED) {
                mismatches.add(m);
            }
        }
    }

    void mismatch(String message) {
        mismatchCount++;
        if (mismatches.size() < MAX_REPORTED) {
            mismatches.add(message);
        }
    }

    void unclassified(String why) {
        unclassified.merge(why, 1L, Long::sum);
    }

    void objdumpBadAccepted(String name) {
        badAccepted.merge(name, 1L, Long::sum);
    }

    void erratum(String name) {
        errata.merge(name, 1L, Long::sum);
    }

    /** Share of the decoder's memory operands whose access was compared with Capstone's (1 when there are none). */
    double classifiedShare() {
        return accessOperands == 0 ? 1 : (double) accessCompared / accessOperands;
    }

    String summary(Path file) {
        String head = String.format("%s: %d instructions compared (%d with memory operand, %d of them with a size objdump"
                        + " shows, %d with objdump's store/no-store checked, %d with branch/RIP target, %d VEX, %d EVEX),"
                        + " %d mismatches; objdump (bad): %d (accepted by name: %s), objdump .byte: %d, objdump lone prefix: %d,"
                        + " objdump FWAIT merged: %d, 66/F0/F2/F3/REX before VEX/EVEX (#UD, refused): %d",
                file, compared, withMemory, withSize, withAccess, withTarget, vex, evex, mismatchCount, objdumpBad, badAccepted,
                objdumpByte, objdumpPrefixOnly, objdumpFwaitMerged, prefixBeforeVex);
        String access = String.format("%n  access vs capstone: %d of %d memory operands compared (%.3f%%), Capstone errata"
                        + " applied %s; not classified (top 10 of %d kinds): %s", accessCompared, accessOperands,
                100 * classifiedShare(), errata, unclassified.size(), top(unclassified, 10));
        return head + access;
    }

    private static String top(Map<String, Long> counts, int n) {
        return counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(n)
                .map(e -> e.getKey() + " " + e.getValue()).toList().toString();
    }
}
