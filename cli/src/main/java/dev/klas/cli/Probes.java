package dev.klas.cli;

import dev.klas.resolve.joinpoint.JoinPoint;
import dev.klas.resolve.joinpoint.Precision;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
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
     * bpftrace: {@code kprobe:SYM+0xOFF} in the kernel (module symbols are found by name as well),
     * {@code uprobe:BIN:SYM+0xOFF} in user space; bpftrace turns symbol+offset into the file offset itself, so
     * neither its vaddr nor its file-offset rule for raw addresses matters. bpftrace 0.17 parses gcc clone names
     * ({@code f.constprop.0}, {@code f.cold}) in both probe types unquoted.
     */
    static String bpftrace(List<JoinPoint> jps, Path binary) {
        Space space = Space.of(binary);
        StringBuilder out = new StringBuilder("#!/usr/bin/env bpftrace\n// klas export: " + jps.size()
                + " join points in " + binary + "\n");
        for (JoinPoint j : jps) {
            String sym = j.function().symbol();
            String at = (space.kernel() ? "kprobe:" : "uprobe:" + binary.toAbsolutePath() + ":") + sym + offset(j);
            out.append("\n// ").append(describe(j)).append('\n').append(at).append("\n{\n    printf(\"klas ")
                    .append(label(j)).append("\\n\");\n}\n");
        }
        return out.toString();
    }

    /**
     * perf probe: {@code perf probe -a 'EVENT=SYM+OFF'} for vmlinux, with {@code -m MODULE} for a module and
     * {@code -x BIN} for a program or library (perf(1) probe syntax {@code [EVENT=]FUNC[+OFFS]}).
     */
    static String perfProbe(List<JoinPoint> jps, Path binary) {
        Space space = Space.of(binary);
        String target = space.module().map(m -> " -m " + binary.toAbsolutePath())
                .orElse(space.kernel() ? "" : " -x " + binary.toAbsolutePath());
        StringBuilder out = new StringBuilder("#!/bin/sh\n# klas export: " + jps.size() + " join points in "
                + binary + "\nset -e\n");
        int n = 0;
        for (JoinPoint j : jps) {
            out.append("# ").append(describe(j)).append('\n').append("perf probe").append(target).append(" -a '")
                    .append(event(++n)).append('=').append(j.function().symbol())
                    .append(j.function().offset() == 0 ? "" : "+" + j.function().offset()).append("'\n");
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
