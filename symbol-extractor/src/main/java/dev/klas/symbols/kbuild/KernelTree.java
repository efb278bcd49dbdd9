package dev.klas.symbols.kbuild;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A configured and prepared Linux source tree ({@code make olddefconfig prepare modules_prepare}), asked through
 * Kbuild for the units it compiles.
 *
 * <p>The dry run is {@code make -n -k -o prepare if-changed-cond=1 .}: {@code .} is the descent that compiles every
 * built-in object ({@code KBUILD_MODULES=1} adds the modules' objects); {@code -o prepare} leaves out the prepare
 * steps, which the tree has already done and whose tools (objtool, resolve_btfids) are built by sub-makes that
 * {@code -n} would run; {@code if-changed-cond=1} makes every Kbuild recipe print, also for objects that are
 * already built (a plain {@code -n} prints only what is out of date). {@code make -B} cannot do this: it remakes
 * {@code .config} and the tools. The dry run writes nothing in the tree.
 */
public final class KernelTree {
    private static final long DRY_RUN_MINUTES = 20;

    private final Path dir;

    private KernelTree(Path dir) {
        this.dir = dir;
    }

    public static KernelTree open(Path dir) throws KernelTreeException {
        Path d = dir.toAbsolutePath().normalize();
        if (!Files.isDirectory(d)) {
            throw new KernelTreeException(d + ": not a directory");
        }
        if (!Files.isRegularFile(d.resolve("Makefile")) || !Files.isRegularFile(d.resolve("Kconfig"))) {
            throw new KernelTreeException(d + ": not a Linux source tree (no Makefile and Kconfig at its top)");
        }
        if (!Files.isRegularFile(d.resolve(".config"))) {
            throw new KernelTreeException(d + ": not configured (no .config): copy a configuration to .config"
                    + " (e.g. /boot/config-$(uname -r)), then run `make olddefconfig prepare modules_prepare` in it");
        }
        Path autoconf = d.resolve("include/generated/autoconf.h");
        Path autoConf = d.resolve("include/config/auto.conf");
        if (!Files.isRegularFile(autoconf) || !Files.isRegularFile(autoConf)) {
            throw new KernelTreeException(d + ": not prepared (no " + d.relativize(Files.isRegularFile(autoconf)
                    ? autoConf : autoconf) + "): run `make olddefconfig prepare modules_prepare` in it");
        }
        try {
            if (Files.getLastModifiedTime(d.resolve(".config")).compareTo(Files.getLastModifiedTime(autoConf)) > 0) {
                throw new KernelTreeException(d + ": .config is newer than include/config/auto.conf: run"
                        + " `make olddefconfig prepare modules_prepare` in it again");
            }
        } catch (IOException e) {
            throw new KernelTreeException(d + ": " + e.getMessage(), e);
        }
        return new KernelTree(d);
    }

    public Path dir() {
        return dir;
    }

    /** The units Kbuild compiles for vmlinux, and with {@code modules} also those of every module the configuration builds. */
    public DryRun units(boolean modules) throws KernelTreeException {
        List<String> cmd = dryRunCommand(modules);
        Path err = null;
        try {
            err = Files.createTempFile("klas-kbuild", ".err");
            Process p = start(cmd, err);
            DryRun run;
            try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                run = DryRunParser.parse(out, dir);
            }
            if (!p.waitFor(DRY_RUN_MINUTES, TimeUnit.MINUTES)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new KernelTreeException(dir + ": `" + String.join(" ", cmd) + "` did not finish in "
                        + DRY_RUN_MINUTES + " minutes");
            }
            if (p.exitValue() != 0) {
                throw new KernelTreeException(dir + ": `" + String.join(" ", cmd) + "` failed (exit " + p.exitValue()
                        + "):\n" + tail(err));
            }
            return run;
        } catch (IOException e) {
            throw new KernelTreeException(dir + ": cannot run make: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KernelTreeException(dir + ": interrupted while running make", e);
        } finally {
            deleteQuietly(err);
        }
    }

    /** The make command line of {@link #units}. */
    public List<String> dryRunCommand(boolean modules) {
        List<String> cmd = new ArrayList<>(List.of("make", "-n", "-k", "-o", "prepare", "if-changed-cond=1"));
        if (modules) {
            cmd.add("KBUILD_MODULES=1");
        }
        cmd.add(".");
        return cmd;
    }

    /**
     * Has Kbuild make these files (relative to the tree; generated headers and sources that it would otherwise
     * make only while building) and nothing else but what they are made from. Returns the ones still missing.
     */
    public List<String> make(Collection<String> files) throws KernelTreeException {
        if (files.isEmpty()) {
            return List.of();
        }
        List<String> cmd = List.of("make", "-k", "-o", "prepare", "single-goals=" + String.join(" ", files), ".");
        Path err = null;
        try {
            err = Files.createTempFile("klas-kbuild", ".err");
            Process p = start(cmd, err);
            p.getInputStream().transferTo(OutputStream.nullOutputStream());
            if (!p.waitFor(DRY_RUN_MINUTES, TimeUnit.MINUTES)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new KernelTreeException(dir + ": making generated files did not finish in " + DRY_RUN_MINUTES
                        + " minutes");
            }
        } catch (IOException e) {
            throw new KernelTreeException(dir + ": cannot run make: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KernelTreeException(dir + ": interrupted while running make", e);
        } finally {
            deleteQuietly(err);
        }
        return files.stream().filter(f -> !Files.exists(dir.resolve(f))).toList();
    }

    private Process start(List<String> cmd, Path err) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().keySet().removeAll(List.of("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES"));
        pb.environment().put("LC_ALL", "C");
        return pb.start();
    }

    private static String tail(Path err) throws IOException {
        List<String> lines = Files.readAllLines(err, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 8), lines.size()));
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                // a temporary file; nothing depends on it
            }
        }
    }
}
