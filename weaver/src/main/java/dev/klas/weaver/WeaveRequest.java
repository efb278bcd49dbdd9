package dev.klas.weaver;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What {@code klas weave} and the Maven plugin's weave goal ask for.
 *
 * @param db              a symbol table; when empty, {@code compileCommands} is extracted first; neither is needed
 *                        when every aspect has a segment-call pointcut (matched at run time)
 * @param sourceRoot      paths in an extracted table are relative to it (default: the working directory)
 * @param kdir            kernel build directory for the linux-kprobes target (default /lib/modules/RELEASE/build)
 * @param moduleName      name of the generated module/library (default: from the output folder)
 * @param includeDirs     where the advice's {@code <include>}s are looked for, before the aspect files' folders, the
 *                        symbol table's source root and the {@code -I} folders of the compile commands
 */
public record WeaveRequest(List<Path> aspects, Path binary, Optional<Path> db, Optional<Path> compileCommands,
                           Optional<Path> sourceRoot, WeaveTarget target, Path out, boolean build,
                           Optional<Path> kdir, HookMode hookMode, Optional<String> moduleName,
                           List<Path> includeDirs) {
    public WeaveRequest {
        aspects = List.copyOf(aspects);
        includeDirs = List.copyOf(includeDirs);
        if (aspects.isEmpty()) {
            throw new IllegalArgumentException("no aspects");
        }
    }

    /** A request without extra include folders. */
    public WeaveRequest(List<Path> aspects, Path binary, Optional<Path> db, Optional<Path> compileCommands,
                        Optional<Path> sourceRoot, WeaveTarget target, Path out, boolean build,
                        Optional<Path> kdir, HookMode hookMode, Optional<String> moduleName) {
        this(aspects, binary, db, compileCommands, sourceRoot, target, out, build, kdir, hookMode, moduleName, List.of());
    }

    /** The module or library name: the given one, else the output folder's name made a C identifier. */
    public String name() {
        return moduleName.orElseGet(() -> {
            String base = String.valueOf(out.toAbsolutePath().normalize().getFileName()).toLowerCase(java.util.Locale.ROOT)
                    .replaceAll("[^a-z0-9_]", "_");
            String n = base.matches("[a-z].*") ? base : "klas_" + base;
            return n.length() > 55 ? n.substring(0, 55) : n;
        });
    }
}
