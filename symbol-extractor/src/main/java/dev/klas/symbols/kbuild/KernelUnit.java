package dev.klas.symbols.kbuild;

import dev.klas.symbols.config.CompileCommand;

/**
 * One C translation unit of a kernel build, as Kbuild compiles it.
 *
 * @param source  the C file, relative to the tree
 * @param object  the object Kbuild writes, relative to the tree
 * @param target  {@code vmlinux}, or the module the object goes into, by its name ({@code virtio_net.ko})
 * @param command the compiler's flags; directory and file absolute (directory = the tree)
 * @param arguments the compiler's command line as Kbuild runs it in the tree (what a compile_commands.json entry's
 *                  {@code arguments} holds)
 */
public record KernelUnit(String source, String object, String target, CompileCommand command,
                         java.util.List<String> arguments) {
    public KernelUnit {
        arguments = java.util.List.copyOf(arguments);
    }

    public static final String VMLINUX = "vmlinux";

    public boolean inModule() {
        return !target.equals(VMLINUX);
    }
}
