package dev.klas.cli;

import dev.klas.resolve.joinpoint.JoinPoint;
import dev.klas.resolve.joinpoint.Precision;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Probe definitions for the tools people already run, one per join point, written by {@code klas export}.
 * Where the join point is in the kernel: the debug vmlinux ({@code vmlinux*}) or a module ({@code NAME.ko});
 * anything else is a user-space program or library.
 */
final class Probes {
    private Probes() {
    }

    /** What the binary is to the probe tools. */
    record Space(Optional<String> module, boolean kernel) {
        static Space of(Path binary) {
            String name = String.valueOf(binary.getFileName());
            if (name.endsWith(".ko")) {
                return new Space(Optional.of(name.substring(0, name.length() - 3).replace('-', '_')), true);
            }
            return new Space(Optional.empty(), name.startsWith("vmlinux"));
        }
    }

    /**
     * bpftrace: {@code uprobe:BIN:0xVADDR} in user space (bpftrace finds the symbol covering the address itself, so
     * the probe is at exactly one address, whatever the symbol names), {@code kprobe:SYM+0xOFF} in the kernel
     * (bpftrace 0.17 has no raw-address kprobes; a name that occurs more than once is flagged). A bpftrace built
     * without instruction-boundary checks ({@code bpftrace --info}: {@code bfd: no}, as Debian 12's 0.17) refuses every
     * probe that is not at a function's first instruction; the script's header counts them.
     */
    static String bpftrace(List<JoinPoint> jps, Path binary, Map<String, Integer> symbolCounts) {
        Space space = Space.of(binary);
        long inside = jps.stream().filter(j -> j.function().offset() != 0).count();
        StringBuilder out = new StringBuilder("#!/usr/bin/env bpftrace\n// klas export: " + jps.size()
                + " join points in " + binary + "\n");
        if (inside > 0) {
            out.append("// ").append(inside).append(" of them lie inside a function: a bpftrace built without")
                    .append(" instruction-boundary checks\n// (bpftrace --info says 'bfd: no', e.g. Debian 12's")
                    .append(" 0.17) attaches only at function entries;\n// use klas export --format perf-probe")
                    .append(" there, or a bpftrace built with bfd.\n");
        }
        for (JoinPoint j : jps) {
            String at = space.kernel() ? "kprobe:" + j.function().symbol() + offset(j)
                    : "uprobe:" + binary.toAbsolutePath() + ":0x" + Long.toHexString(j.address());
            out.append("\n// ").append(describe(j)).append('\n');
            if (space.kernel() && symbolCounts.getOrDefault(j.function().symbol(), 1) > 1) {
                out.append("// ").append(j.function().symbol()).append(" names ")
                        .append(symbolCounts.get(j.function().symbol()))
                        .append(" functions in this binary: the kernel may pick another copy\n");
            }
            out.append(at).append("\n{\n    printf(\"klas ").append(label(j)).append("\\n\");\n}\n");
        }
        return out.toString();
    }

    /**
     * perf probe: the raw address, {@code perf probe [-x BIN] -a 'klas:EVENT=0xADDR'} for a program, a library or
     * vmlinux (perf turns a user-space address into the file offset and relocates a kernel one), so the probe is
     * at exactly one address (a {@code SYM+OFF} form is looked up through DWARF and lands on every copy of a name).
     * For a module, {@code -m MODULE -a 'klas:EVENT=SYM+OFF'} (perf(1) probe syntax {@code [EVENT=]FUNC[+OFFS]}).
     */
    static String perfProbe(List<JoinPoint> jps, Path binary) {
        Space space = Space.of(binary);
        String target = space.module().map(m -> " -m " + binary.toAbsolutePath())
                .orElse(space.kernel() ? "" : " -x " + binary.toAbsolutePath());
        StringBuilder out = new StringBuilder("#!/bin/sh\n# klas export: " + jps.size() + " join points in "
                + binary + "\n# remove them with: perf probe -d '" + GROUP + ":*'\nset -e\n");
        int n = 0;
        for (JoinPoint j : jps) {
            String at = space.module().isPresent() ? j.function().symbol()
                    + (j.function().offset() == 0 ? "" : "+" + j.function().offset()) : "0x" + Long.toHexString(j.address());
            out.append("# ").append(describe(j)).append('\n').append("perf probe").append(target).append(" -a '")
                    .append(GROUP).append(':').append(event(++n)).append('=').append(at).append("'\n");
        }
        return out.toString();
    }

    /**
     * SystemTap: {@code kernel.statement(0xADDR).absolute} for vmlinux (needs {@code stap -g}); for modules and user
     * space SystemTap takes only statement starts, so the probe is the line ({@code module("M")} or
     * {@code process("BIN")}{@code .statement("FUNC@FILE:LINE")}) and the comment keeps the exact address.
     */
    static String systemtap(List<JoinPoint> jps, Path binary) {
        Space space = Space.of(binary);
        StringBuilder out = new StringBuilder("# klas export: " + jps.size() + " join points in " + binary + "\n");
        Set<String> seen = new LinkedHashSet<>();
        for (JoinPoint j : jps) {
            String at;
            if (space.kernel() && space.module().isEmpty()) {
                at = "kernel.statement(0x" + Long.toHexString(j.address()) + ").absolute";
            } else {
                String where = "\"" + function(j) + "@" + j.place().file() + ":" + j.place().line() + "\"";
                at = space.module().map(m -> "module(\"" + m + "\")")
                        .orElse("process(\"" + binary.toAbsolutePath() + "\")") + ".statement(" + where + ")";
            }
            out.append("\n// ").append(describe(j)).append('\n');
            if (seen.add(at)) {
                out.append("probe ").append(at).append("\n{\n    printf(\"klas ").append(label(j))
                        .append("\\n\")\n}\n");
            } else {
                out.append("// (same probe point as above)\n");
            }
        }
        return out.toString();
    }

    /** The perf probe event group of the exported probes. */
    static final String GROUP = "klas";

    static String event(int n) {
        return "klas_" + n;
    }

    private static String function(JoinPoint j) {
        String f = j.place().function();
        if (!f.isEmpty()) {
            return f;
        }
        String sym = j.function().symbol();
        int dot = sym.indexOf('.');
        return dot < 0 ? sym : sym.substring(0, dot);
    }

    private static String offset(JoinPoint j) {
        return j.function().offset() == 0 ? "" : "+0x" + Long.toHexString(j.function().offset());
    }

    private static String label(JoinPoint j) {
        return (j.place().file() + ":" + j.place().line() + " " + j.function()).replace("\\", "\\\\")
                .replace("\"", "\\\"").replace("%", "%%");
    }

    private static String describe(JoinPoint j) {
        String precision = j.precision() instanceof Precision.Access ? "access" : "line";
        return j.place() + " at 0x" + Long.toHexString(j.address()) + " " + j.function() + " ("
                + precision.toLowerCase(Locale.ROOT) + "-precise)";
    }
}
