package dev.klas.cli;

import dev.klas.resolve.joinpoint.Binary;
import dev.klas.resolve.joinpoint.SourceLine;
import dev.klas.resolve.joinpoint.SourceLines;
import dev.klas.weaver.Binaries;
import dev.klas.weaver.WeaveException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code klas lines}: the lines that can take a hook, with their addresses, like {@code perf probe -L}. */
@Command(name = "lines", mixinStandardHelpOptions = true,
        description = "List the source lines of a function or file range that can take a hook, with addresses.")
final class LinesCommand implements Callable<Integer> {
    private static final Pattern FILE_RANGE = Pattern.compile("(.+?\\.[A-Za-z]+)(?::(\\d+)(?:-(\\d+))?)?");

    @Option(names = "--binary", paramLabel = "ELF", required = true, description = "The binary, with debug info.")
    Path binary;

    @Option(names = "--source-root", paramLabel = "DIR", description = "Where the sources are, to show their text.")
    Path sourceRoot;

    @Parameters(paramLabel = "FILE[:FROM[-TO]]|FUNCTION", description = "A source file range, or a function name.")
    String what;

    enum Format { text, json }

    @Option(names = "--format", paramLabel = "FORMAT", description = "text or json (lines with their addresses).")
    Format format = Format.text;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Binary b;
        try {
            b = Binaries.open(binary);
        } catch (WeaveException e) {
            throw Failures.of(e);
        }
        PrintWriter out = spec.commandLine().getOut();
        Matcher m = FILE_RANGE.matcher(what);
        if (m.matches()) {
            int from = m.group(2) == null ? 1 : Integer.parseInt(m.group(2));
            List<String> source = source(m.group(1));
            int to = m.group(3) != null ? Integer.parseInt(m.group(3))
                    : m.group(2) != null ? from : Math.max(from, source.size());
            if (to < from) {
                throw new KlasException(ExitCode.USAGE, what + ": the range ends before it starts");
            }
            List<SourceLine> lines = SourceLines.ofFile(b, m.group(1), from, to);
            if (lines.stream().allMatch(l -> l.addresses().isEmpty())) {
                throw new KlasException(ExitCode.INVALID_INPUT, what + ": no code for these lines in " + binary);
            }
            if (format == Format.json) {
                out.println(Json.write(Json.object("file", lines.get(0).file(), "from", from, "to", to,
                        "lines", json(lines))));
                return ExitCode.OK;
            }
            out.println("<" + lines.get(0).file() + ":" + from + (to != from ? "-" + to : "") + ">");
            print(out, lines, source(lines.get(0).file()));
            return ExitCode.OK;
        }
        Optional<SourceLines.FunctionLines> f = SourceLines.ofFunction(b, what);
        if (f.isEmpty()) {
            throw new KlasException(ExitCode.INVALID_INPUT, what + ": no function of that name with line info in "
                    + binary);
        }
        if (format == Format.json) {
            out.println(Json.write(Json.object("function", f.get().function(), "file", f.get().file(), "address",
                    "0x" + Long.toHexString(f.get().address()), "lines", json(f.get().lines()))));
            return ExitCode.OK;
        }
        out.printf("<%s@%s:%d> 0x%x%n", f.get().function(), f.get().file(), f.get().lines().get(0).line(),
                f.get().address());
        print(out, f.get().lines(), source(f.get().file()));
        return ExitCode.OK;
    }

    private static List<java.util.Map<String, Object>> json(List<SourceLine> lines) {
        return lines.stream().filter(l -> !l.addresses().isEmpty()).map(l -> Json.object("line", l.line(),
                "addresses", l.addresses().stream().map(a -> "0x" + Long.toHexString(a)).toList())).toList();
    }

    private static void print(PrintWriter out, List<SourceLine> lines, List<String> text) {
        for (SourceLine l : lines) {
            String src = l.line() - 1 < text.size() ? text.get(l.line() - 1) : "";
            String at = l.addresses().stream().map(a -> "0x" + Long.toHexString(a)).collect(Collectors.joining(","));
            if (l.addresses().isEmpty()) {
                out.printf("%7s  %-18s  %s%n", "", "", src);
            } else {
                out.printf("%7d  %-18s  %s%n", l.line(), at, src);
            }
        }
    }

    /** The source file's lines: the path as recorded, or its tail under --source-root. */
    private List<String> source(String recorded) {
        Path p = Path.of(recorded);
        if (sourceRoot != null) {
            for (int i = 0; i < p.getNameCount(); i++) {
                Path candidate = sourceRoot.resolve(p.subpath(i, p.getNameCount()).toString());
                if (Files.isRegularFile(candidate)) {
                    return read(candidate);
                }
            }
        }
        return Files.isRegularFile(p) ? read(p) : List.of();
    }

    private static List<String> read(Path p) {
        try {
            return Files.readAllLines(p, java.nio.charset.StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return List.of();
        }
    }
}
