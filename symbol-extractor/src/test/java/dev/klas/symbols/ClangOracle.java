package dev.klas.symbols;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * Runs scripts/clang-member-oracle (libclang MemberExpr, see its --help) and compares its accesses with ours as
 * sets of (line, struct, member) per file, or (line, column, struct, member, macro) when asked. With
 * {@code headers} the oracle also prints the accesses in the function definitions of headers: every access any
 * unit's expansion of a header has, once, as klas records each variant of a header's bodies once.
 */
final class ClangOracle {
    private ClangOracle() {
    }

    static Path repo() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isRegularFile(p.resolve("scripts/clang-member-oracle"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("scripts/clang-member-oracle not found above " + Path.of("").toAbsolutePath());
        }
        return p;
    }

    /** file (a source or, with {@code headers}, a header) to its accesses, in the form of {@link #oursByFile}. */
    static Map<String, Set<String>> run(Path compileCommands, Path root, List<String> sources, boolean full,
                                        boolean headers, Path log, Duration limit)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(repo().resolve("scripts/clang-member-oracle").toString(),
                "--compile-commands", compileCommands.toString(), "--root", root.toString()));
        if (headers) {
            cmd.add("--headers");
        }
        cmd.addAll(sources);
        Path out = Files.createTempFile("oracle", ".tsv");
        try {
            Process p = new ProcessBuilder(cmd).directory(root.toFile()).redirectOutput(out.toFile())
                    .redirectError(log.toFile()).start();
            if (!p.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", cmd) + " did not finish within " + limit);
            }
            int rc = p.exitValue();
            if (rc != 0 && rc != 3) {
                throw new IOException(String.join(" ", cmd) + " exited " + rc + ": " + Files.readString(log));
            }
            Map<String, Set<String>> byFile = new TreeMap<>();
            for (String line : Files.readAllLines(out)) {
                String[] f = line.split("\t", -1);
                String macro = f[5].equals("-") ? "" : f[5];
                byFile.computeIfAbsent(f[0], k -> new TreeSet<>()).add(full
                        ? f[1] + ":" + f[2] + " " + f[3] + "." + f[4] + " " + macro
                        : f[1] + " " + f[3] + "." + f[4]);
            }
            return byFile;
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /**
     * Our member accesses in the same form, per file. The extra row that names a member by its object-like macro
     * ({@code m_len} for {@code m_hdr.mh_len}) is not clang's: it is the row whose member is its macro's name beside
     * a row of the same struct at the same place naming another member. A member that merely shares its macro's
     * name ({@code xa_lock(xa)} for {@code spin_lock(&(xa)->xa_lock)}) is kept.
     */
    static Map<String, Set<String>> oursByFile(List<Shadow> shadows, boolean full) {
        Set<String> expanded = new java.util.HashSet<>();
        for (Shadow s : shadows) {
            if (s.kind().isFieldAccess() && !s.macro().equals(s.member())) {
                expanded.add(s.file() + ":" + s.line() + ":" + s.column() + " " + s.struct() + " " + s.macro());
            }
        }
        Map<String, Set<String>> out = new TreeMap<>();
        for (Shadow s : shadows) {
            boolean extra = s.macro().equals(s.member())
                    && expanded.contains(s.file() + ":" + s.line() + ":" + s.column() + " " + s.struct() + " " + s.macro());
            if (s.kind().isFieldAccess() && !extra) {
                out.computeIfAbsent(s.file(), f -> new TreeSet<>()).add(full
                        ? s.line() + ":" + s.column() + " " + s.struct() + "." + s.member() + " " + s.macro()
                        : s.line() + " " + s.struct() + "." + s.member());
            }
        }
        return out;
    }
}
