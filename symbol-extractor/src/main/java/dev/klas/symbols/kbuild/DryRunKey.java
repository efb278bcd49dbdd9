package dev.klas.symbols.kbuild;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything that can change what Kbuild's dry run answers, as one digest: the tree's path, the make command line,
 * the environment variables Kbuild reads (ARCH, CROSS_COMPILE, CC, LLVM, KBUILD_*, PATH ...), the compiler and make
 * it finds (their real paths, modification times and sizes: Kbuild asks the compiler which options it takes), the
 * contents of {@code .config} and {@code include/config/auto.conf}, and the path, modification time and size of
 * every Makefile and Kbuild file of the tree ({@code Makefile*}, {@code Kbuild*}, {@code *.include}, {@code *.mk}),
 * as make itself judges them. Listing them walks the tree (about 80,000 files, a few hundred milliseconds).
 */
final class DryRunKey {
    private static final List<String> ENV = List.of("ARCH", "SUBARCH", "SRCARCH", "CROSS_COMPILE", "CC", "HOSTCC",
            "LD", "AR", "NM", "OBJCOPY", "LLVM", "LLVM_IAS", "KCFLAGS", "KCPPFLAGS", "KAFLAGS", "KCONFIG_CONFIG",
            "LOCALVERSION", "O", "M", "W", "C", "V", "PATH");
    private static final List<String> CONFIG = List.of(".config", "include/config/auto.conf");

    private DryRunKey() {
    }

    static String of(Path tree, List<String> command) throws IOException {
        MessageDigest d = sha256();
        add(d, "tree", tree.toString());
        add(d, "command", String.join("\0", command));
        Map<String, String> env = new TreeMap<>();
        System.getenv().forEach((k, v) -> {
            if (ENV.contains(k) || k.startsWith("KBUILD_")) {
                env.put(k, v);
            }
        });
        env.forEach((k, v) -> add(d, "env " + k, v));
        String cross = System.getenv().getOrDefault("CROSS_COMPILE", "");
        for (String tool : List.of(cross + "gcc", "make")) {
            add(d, "tool " + tool, stamp(onPath(tool)));
        }
        for (String f : CONFIG) {
            Path p = tree.resolve(f);
            add(d, "config " + f, Files.isRegularFile(p) ? HexFormat.of().formatHex(sha256().digest(
                    Files.readAllBytes(p))) : "absent");
        }
        for (Map.Entry<String, String> m : makefiles(tree).entrySet()) {
            add(d, "make " + m.getKey(), m.getValue());
        }
        return HexFormat.of().formatHex(d.digest());
    }

    static boolean isMakefile(String name) {
        return name.startsWith("Makefile") || name.startsWith("Kbuild") || name.endsWith(".include")
                || name.endsWith(".mk");
    }

    private static Map<String, String> makefiles(Path tree) throws IOException {
        Map<String, String> out = new TreeMap<>();
        Files.walkFileTree(tree, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                return dir.getFileName() != null && dir.getFileName().toString().equals(".git")
                        ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (!attrs.isDirectory() && isMakefile(file.getFileName().toString())) {
                    BasicFileAttributes a = attrs;
                    if (attrs.isSymbolicLink()) {
                        try {
                            a = Files.readAttributes(file, BasicFileAttributes.class);
                        } catch (IOException e) {
                            out.put(tree.relativize(file).toString(), "dangling");
                            return FileVisitResult.CONTINUE;
                        }
                    }
                    out.put(tree.relativize(file).toString(), a.lastModifiedTime().toInstant() + " " + a.size());
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                out.put(tree.relativize(file).toString(), "unreadable");
                return FileVisitResult.CONTINUE;
            }
        });
        return out;
    }

    private static Path onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, tool);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return Path.of(tool);
    }

    private static String stamp(Path p) {
        try {
            Path real = p.toRealPath();
            BasicFileAttributes a = Files.readAttributes(real, BasicFileAttributes.class);
            return real + " " + a.lastModifiedTime().toInstant() + " " + a.size();
        } catch (IOException e) {
            return p + " absent";
        }
    }

    private static void add(MessageDigest d, String name, String value) {
        List<byte[]> parts = new ArrayList<>(List.of(name.getBytes(StandardCharsets.UTF_8),
                value.getBytes(StandardCharsets.UTF_8)));
        for (byte[] b : parts) {
            d.update(b);
            d.update((byte) 0);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
