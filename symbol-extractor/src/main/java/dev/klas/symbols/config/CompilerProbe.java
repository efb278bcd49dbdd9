package dev.klas.symbols.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Asks the compiler once per (compiler, flags that matter) for its predefined macros ({@code -dM -E}) and its
 * system include directories ({@code -E -v}), and which attributes/builtins it has; caches the answer in memory
 * and in {@code cacheDir}.
 *
 * <p>{@code __has_attribute(x)} and {@code __has_builtin(x)} are emulated with token pasting: they expand to
 * {@code __klas_has_attribute_ ## x}, which is defined to 1 exactly for the names the compiler answered yes to
 * and is otherwise an undefined identifier, i.e. 0 in {@code #if} (C11 6.10.1p4).
 */
public final class CompilerProbe {
    public static final String ATTRIBUTE_PREFIX = "__klas_has_attribute_";
    static final String BUILTIN_PREFIX = "__klas_has_builtin_";
    private static final String FORMAT = "klas-compiler-probe 1";

    private final Path cacheDir;
    private final Map<String, CompilerFacts> memory = new ConcurrentHashMap<>();

    public CompilerProbe(Path cacheDir) {
        this.cacheDir = cacheDir;
    }

    public static Path defaultCacheDir() {
        String env = System.getenv("KLAS_CACHE");
        Path base = env != null && !env.isEmpty() ? Path.of(env) : Path.of(System.getProperty("user.home"), ".cache", "klas");
        return base.resolve("compiler-probe");
    }

    public CompilerFacts facts(CompileFlags flags) throws IOException {
        List<String> key = new ArrayList<>();
        key.add(flags.compiler());
        key.addAll(flags.probeFlags());
        CompilerFacts cached = memory.get(key.toString());
        if (cached != null) {
            return cached;
        }
        synchronized (this) {
            cached = memory.get(key.toString());
            if (cached == null) {
                cached = loadOrProbe(flags);
                memory.put(key.toString(), cached);
            }
            return cached;
        }
    }

    private CompilerFacts loadOrProbe(CompileFlags flags) throws IOException {
        Path file = cacheDir.resolve(diskKey(flags) + ".txt");
        if (Files.isRegularFile(file)) {
            try {
                return ProbeFile.read(file, FORMAT);
            } catch (IOException e) {
                Files.deleteIfExists(file);
            }
        }
        CompilerFacts facts = probe(flags);
        Files.createDirectories(cacheDir);
        Path tmp = Files.createTempFile(cacheDir, "probe", ".tmp");
        ProbeFile.write(tmp, FORMAT, facts);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return facts;
    }

    private CompilerFacts probe(CompileFlags flags) throws IOException {
        Path dir = Files.createTempDirectory("klas-probe");
        try {
            Path source = dir.resolve("probe.c");
            Files.writeString(source, probeSource());
            List<String> cmd = new ArrayList<>();
            cmd.add(flags.compiler());
            cmd.addAll(flags.probeFlags());
            cmd.addAll(List.of("-E", "-dM", "-v", "-x", "c", source.toString()));
            Process p = new ProcessBuilder(cmd).redirectOutput(dir.resolve("out").toFile())
                    .redirectError(dir.resolve("err").toFile()).start();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException("compiler probe failed: " + String.join(" ", cmd) + ": "
                        + Files.readString(dir.resolve("err")).strip());
            }
            Map<String, String> macros = macros(Files.readAllLines(dir.resolve("out")));
            macros.put("__has_attribute(x)", ATTRIBUTE_PREFIX + "##x");
            macros.put("__has_builtin(x)", BUILTIN_PREFIX + "##x");
            return new CompilerFacts(macros, searchList(Files.readAllLines(dir.resolve("err"))));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while probing " + flags.compiler(), e);
        } finally {
            for (String f : new String[] {"probe.c", "out", "err"}) {
                Files.deleteIfExists(dir.resolve(f));
            }
            Files.deleteIfExists(dir);
        }
    }

    private static String probeSource() throws IOException {
        StringBuilder b = new StringBuilder();
        for (String name : resourceLines("attributes.txt")) {
            for (String form : new String[] {name, "__" + name + "__"}) {
                b.append("#if __has_attribute(").append(form).append(")\n#define ").append(ATTRIBUTE_PREFIX)
                        .append(form).append(" 1\n#endif\n");
            }
        }
        for (String name : resourceLines("builtins.txt")) {
            b.append("#if __has_builtin(").append(name).append(")\n#define ").append(BUILTIN_PREFIX)
                    .append(name).append(" 1\n#endif\n");
        }
        return b.toString();
    }

    private static List<String> resourceLines(String name) throws IOException {
        try (InputStream in = CompilerProbe.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        }
    }

    static Map<String, String> macros(List<String> lines) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : lines) {
            if (!line.startsWith("#define ")) {
                continue;
            }
            String rest = line.substring(8);
            int end = 0;
            while (end < rest.length() && rest.charAt(end) != ' ') {
                if (rest.charAt(end) == '(') {
                    end = rest.indexOf(')', end);
                }
                end++;
            }
            out.put(rest.substring(0, end), end < rest.length() ? rest.substring(end + 1) : "");
        }
        return out;
    }

    static List<Path> searchList(List<String> stderr) {
        List<Path> dirs = new ArrayList<>();
        boolean in = false;
        for (String line : stderr) {
            if (line.startsWith("#include <...> search starts here:")) {
                in = true;
            } else if (line.startsWith("End of search list.")) {
                in = false;
            } else if (in && line.startsWith(" ")) {
                dirs.add(Path.of(line.strip()).normalize());
            }
        }
        return dirs;
    }

    private static String diskKey(CompileFlags flags) throws IOException {
        StringBuilder k = new StringBuilder(FORMAT).append('\n').append(flags.compiler()).append('\n');
        Path exe = resolveExecutable(flags.compiler());
        if (exe != null) {
            k.append(exe.toRealPath()).append(' ').append(Files.size(exe)).append(' ')
                    .append(Files.getLastModifiedTime(exe).toMillis()).append('\n');
        }
        flags.probeFlags().forEach(f -> k.append(f).append('\n'));
        k.append(probeSource());
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(k.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path resolveExecutable(String compiler) {
        if (compiler.contains("/")) {
            Path p = Path.of(compiler);
            return Files.isRegularFile(p) ? p : null;
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, compiler);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }
}
