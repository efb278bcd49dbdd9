package dev.klas.maven;

import dev.klas.schema.Aspect;
import dev.klas.schema.AspectLoader;
import dev.klas.schema.InvalidAspectException;
import dev.klas.weaver.HookMode;
import dev.klas.weaver.WeaveException;
import dev.klas.weaver.WeaveReport;
import dev.klas.weaver.WeaveRequest;
import dev.klas.weaver.WeaveTarget;
import dev.klas.weaver.Weaver;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * {@code klas:weave}, the goal form of {@code klas weave}: aspects matched against a symbol table, resolved in the
 * binary, planned into hooks and generated (and with {@code build}, compiled) into an advice module for the target.
 * The output folder is replaced atomically. Hooks that were refused or shadows that found no code are warnings.
 */
@Mojo(name = "weave", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true)
public final class WeaveMojo extends KlasMojo {

    /** Aspect XML files, or folders whose {@code *.xml} files are all aspects. */
    @Parameter(property = "klas.aspects", required = true)
    List<File> aspects;

    /** The symbol table from klas:extract. Without one, compileCommands is extracted first. */
    @Parameter(property = "klas.db")
    File db;

    /** Folders the advice's &lt;include&gt;s are looked for in, before the aspects' folders and the source root. */
    @Parameter
    List<File> includeDirs = new java.util.ArrayList<>();

    /** A compilation database to extract from when no db is given. */
    @Parameter(property = "klas.compileCommands")
    File compileCommands;

    /** Source root of an extraction done by this goal (default: the project folder). */
    @Parameter(property = "klas.root", defaultValue = "${project.basedir}")
    File root;

    /** The program, shared object, debug vmlinux or .ko to weave into. */
    @Parameter(property = "klas.binary", required = true)
    File binary;

    /** {@code userspace} (a preload library; run it with klas run), {@code linux-kprobes} (a kernel module) or {@code linux-bpf} (BPF programs and their loader). */
    @Parameter(property = "klas.target", defaultValue = "userspace")
    String target;

    /** The output folder, replaced atomically. */
    @Parameter(property = "klas.out", defaultValue = "${project.build.directory}/klas/woven")
    File out;

    /** Also compile the advice module (gcc, or Kbuild for linux-kprobes). */
    @Parameter(property = "klas.build", defaultValue = "false")
    boolean build;

    /** Kernel build folder for linux-kprobes (default /lib/modules/RELEASE/build). */
    @Parameter(property = "klas.kdir")
    File kdir;

    /** User-space hook mechanism: {@code int3}, {@code jump} or {@code auto} (per hook the best that is safe). */
    @Parameter(property = "klas.hookMode", defaultValue = "auto")
    String hookMode;

    /** Name of the generated module or library (default: from the output folder). */
    @Parameter(property = "klas.name")
    String name;

    /**
     * Fail the build when no pointcut matches anything. When false and a {@code db} is given, nothing is woven and a
     * warning is logged; with only {@code compileCommands} the check happens inside the weave, which then fails.
     */
    @Parameter(property = "klas.failOnNoMatch", defaultValue = "true")
    boolean failOnNoMatch;

    @Override
    void run() throws WeaveException, InvalidAspectException, MojoFailureException {
        if (db == null && compileCommands == null) {
            throw new MojoFailureException("klas:weave needs <db> (from klas:extract) or <compileCommands>");
        }
        List<Path> files = AspectFiles.expand(aspects);
        if (!failOnNoMatch && db != null && nothingMatches(files)) {
            getLog().warn("klas: no pointcut matches anything in " + db + "; nothing woven (failOnNoMatch=false)");
            Weaver.whyNoMatch(db.toPath(), load(files)).forEach(getLog()::warn);
            return;
        }
        WeaveRequest request = new WeaveRequest(files, binary.toPath(), Optional.ofNullable(db).map(File::toPath),
                Optional.ofNullable(compileCommands).map(File::toPath), Optional.of(root.toPath()), target(),
                out.toPath(), build, Optional.ofNullable(kdir).map(File::toPath), mode(),
                Optional.ofNullable(name), includeDirs.stream().map(File::toPath).toList());
        WeaveReport report = Weaver.weave(request);
        report.hooks().forEach(h -> getLog().info("hook " + h));
        report.refused().forEach(r -> getLog().warn("refused: " + r));
        report.unresolved().forEach(u -> getLog().warn("unresolved: " + u));
        report.outside().forEach(line -> getLog().info("klas: " + line));
        report.diagnostics().forEach(d -> getLog().warn(d));
        getLog().info(String.format("klas: %d shadows matched; %d hooks (%d exact, %d at a line); %d refused;"
                        + " %d unresolved; written to %s%s", report.shadows(), report.hooks().size(),
                report.accessPrecise(), report.linePrecise(), report.refused().size(), report.unresolved().size(),
                report.out(), report.artifact().map(a -> "; built " + a).orElse("")));
    }

    private boolean nothingMatches(List<Path> files) throws WeaveException, InvalidAspectException {
        for (Aspect a : load(files)) {
            if (!Weaver.match(db.toPath(), a.pointcut()).isEmpty()) {
                return false;
            }
        }
        return true;
    }

    private static List<Aspect> load(List<Path> files) throws WeaveException, InvalidAspectException {
        try {
            return AspectLoader.loadAll(files);
        } catch (IOException e) {
            throw new WeaveException(WeaveException.Kind.INVALID_INPUT, "cannot read an aspect: " + e.getMessage(), e);
        }
    }

    private WeaveTarget target() throws MojoFailureException {
        try {
            return WeaveTarget.of(target);
        } catch (IllegalArgumentException e) {
            throw new MojoFailureException("<target>: " + e.getMessage());
        }
    }

    private HookMode mode() throws MojoFailureException {
        try {
            return HookMode.valueOf(hookMode.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new MojoFailureException("<hookMode> takes int3, jump or auto, not '" + hookMode + "'");
        }
    }
}
