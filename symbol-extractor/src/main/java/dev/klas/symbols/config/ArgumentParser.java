package dev.klas.symbols.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a gcc/clang argument vector: keeps {@code -I -iquote -isystem -idirafter -D -U -include} and the flags that
 * change predefined macros; ignores the rest (warnings, outputs, dependency files, the sources themselves).
 */
public final class ArgumentParser {
    private ArgumentParser() {
    }

    /** @param args full argument vector, {@code args.get(0)} being the compiler */
    public static CompileFlags parse(List<String> args, Path directory) {
        List<Path> quote = new ArrayList<>();
        List<Path> inc = new ArrayList<>();
        List<Path> sys = new ArrayList<>();
        List<Path> after = new ArrayList<>();
        List<CompileFlags.MacroOption> macros = new ArrayList<>();
        List<Path> forced = new ArrayList<>();
        List<String> probe = new ArrayList<>();
        String compiler = args.isEmpty() ? "gcc" : args.get(0);
        for (int i = 1; i < args.size(); i++) {
            String a = args.get(i);
            String next = i + 1 < args.size() ? args.get(i + 1) : "";
            if (a.startsWith("-I")) {
                i += take(a, "-I", next, v -> inc.add(directory.resolve(v).normalize()));
            } else if (a.startsWith("-iquote")) {
                i += take(a, "-iquote", next, v -> quote.add(directory.resolve(v).normalize()));
            } else if (a.startsWith("-isystem")) {
                i += take(a, "-isystem", next, v -> sys.add(directory.resolve(v).normalize()));
            } else if (a.startsWith("-idirafter")) {
                i += take(a, "-idirafter", next, v -> after.add(directory.resolve(v).normalize()));
            } else if (a.startsWith("-D")) {
                i += take(a, "-D", next, v -> macros.add(CompileFlags.MacroOption.define(v)));
            } else if (a.startsWith("-U")) {
                i += take(a, "-U", next, v -> macros.add(CompileFlags.MacroOption.undefine(v)));
            } else if (a.equals("-include")) {
                forced.add(directory.resolve(next).normalize());
                i++;
            } else if (a.equals("-o") || a.equals("-MF") || a.equals("-MT") || a.equals("-MQ") || a.equals("-x")) {
                i++;
            } else if (isProbeFlag(a)) {
                probe.add(a);
            }
        }
        sys.addAll(after);
        return new CompileFlags(compiler, quote, inc, sys, macros, forced, probe);
    }

    private static boolean isProbeFlag(String a) {
        if (a.startsWith("-std=") || a.equals("-ansi") || a.equals("-nostdinc") || a.equals("-pthread")
                || a.startsWith("-O") || a.startsWith("--target") || a.startsWith("-target")) {
            return true;
        }
        if (a.startsWith("-m")) {
            return !a.startsWith("-mrecord") && !a.equals("-mfentry");
        }
        return a.startsWith("-f") && !a.startsWith("-fmacro-prefix-map") && !a.startsWith("-fdiagnostics")
                && !a.startsWith("-ffile-prefix-map") && !a.startsWith("-fdebug-prefix-map");
    }

    private static int take(String a, String option, String next, java.util.function.Consumer<String> sink) {
        if (a.length() > option.length()) {
            sink.accept(a.substring(option.length()));
            return 0;
        }
        sink.accept(next);
        return 1;
    }
}
