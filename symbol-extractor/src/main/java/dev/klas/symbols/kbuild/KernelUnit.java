package dev.klas.symbols.kbuild;

import dev.klas.symbols.config.CompileCommand;

/**
 * One C translation unit of a kernel build, as Kbuild compiles it.
 *
 * @param source  the C file, relative to the tree
 * @param object  the object Kbuild writes, relative to the tree
 * @param target  {@code vmlinux}, or the module the object goes into, by its name ({@code virtio_net.ko})
 * @param command the compiler's flags; directory and file absolute (directory = the tree)
 */
public record KernelUnit(String source, String object, String target, CompileCommand command) {
    public static final String VMLINUX = "vmlinux";

    public boolean inModule() {
        return !target.equals(VMLINUX);
    }
}
