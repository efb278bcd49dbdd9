package dev.klas.resolve.x86;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Totals of one {@link Differential} run, and the first mismatches with address and bytes. */
final class DifferentialReport {
    private static final int MAX_REPORTED = 200;

    long compared;
    long objdumpBad;
    long objdumpPrefixOnly;
    long objdumpFwaitMerged;
    long prefixBeforeVex;
    long withMemory;
    long withTarget;
    long withSize;
    long withAccess;
    long evex;
    long vex;
    final List<String> mismatches = new ArrayList<>();
    long mismatchCount;

    /** Adds {@code other}'s counts and reported mismatches to this report. */
    void add(DifferentialReport other) {
        compared += other.compared;
        objdumpBad += other.objdumpBad;
        objdumpPrefixOnly += other.objdumpPrefixOnly;
        objdumpFwaitMerged += other.objdumpFwaitMerged;
        prefixBeforeVex += other.prefixBeforeVex;
        withMemory += other.withMemory;
        withTarget += other.withTarget;
        withSize += other.withSize;
        withAccess += other.withAccess;
        evex += other.evex;
        vex += other.vex;
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

    String summary(Path file) {
        return String.format("%s: %d instructions compared (%d with memory operand, %d of them with a size objdump shows, %d with read/write checked,"
                        + " %d with branch/RIP target,"
                        + " %d VEX, %d EVEX), %d mismatches; objdump (bad) or .byte: %d, objdump lone prefix: %d, objdump FWAIT merged: %d,"
                        + " 66/F0/F2/F3/REX before VEX/EVEX (#UD, refused): %d",
                file, compared, withMemory, withSize, withAccess, withTarget, vex, evex, mismatchCount, objdumpBad, objdumpPrefixOnly,
                objdumpFwaitMerged, prefixBeforeVex);
    }
}
