package dev.klas.weaver;

import dev.klas.resolve.FormatException;
import dev.klas.resolve.elf.DebugFileLocator;
import dev.klas.resolve.elf.ElfFile;
import dev.klas.resolve.elf.Section;
import dev.klas.resolve.joinpoint.Binary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Opens a target binary with its debug info: in the file itself, or in a separate debug file the system has. */
public final class Binaries {
    private Binaries() {
    }

    public static Binary open(Path file) throws WeaveException {
        ElfFile elf = elf(file);
        if (debugOnly(elf)) {
            throw new WeaveException(WeaveException.Kind.INVALID_INPUT, file + ": holds debug info only (its code"
                    + " sections have no bytes, as objcopy --only-keep-debug and -dbgsym packages leave them); pass the"
                    + " program or library itself: klas finds this file by its build-id or .gnu_debuglink");
        }
        if (elf.hasDebugInfo()) {
            return new Binary(elf);
        }
        try {
            Optional<ElfFile> debug = DebugFileLocator.system().locate(elf);
            if (debug.isPresent() && debug.get().hasDebugInfo()) {
                return new Binary(elf, debug.get());
            }
        } catch (IOException | FormatException e) {
            throw new WeaveException(WeaveException.Kind.INVALID_INPUT, file + ": its debug file cannot be read: "
                    + e.getMessage(), e);
        }
        throw new WeaveException(WeaveException.Kind.MISSING_ENVIRONMENT, file + ": no debug info"
                + hint(file));
    }

    public static ElfFile elf(Path file) throws WeaveException {
        if (Files.isDirectory(file)) {
            throw new WeaveException(WeaveException.Kind.INVALID_INPUT, file + ": is a directory, not an ELF file");
        }
        try {
            return ElfFile.open(file);
        } catch (NoSuchFileException e) {
            throw new WeaveException(WeaveException.Kind.INVALID_INPUT, file + ": no such file");
        } catch (IOException e) {
            throw new WeaveException(WeaveException.Kind.INVALID_INPUT, file + ": cannot read: " + e.getMessage(), e);
        } catch (FormatException e) {
            throw new WeaveException(WeaveException.Kind.INVALID_INPUT, file + ": " + e.getMessage(), e);
        }
    }

    /** Whether the file is a separate debug file: it has code sections, all without bytes in the file. */
    public static boolean debugOnly(ElfFile elf) {
        List<Section> code = elf.sections().stream().filter(Section::executable).toList();
        return !code.isEmpty() && code.stream().allMatch(s -> s.type() == Section.SHT_NOBITS);
    }

    /** Which flag or package gives debug info. */
    public static String hint(Path file) {
        String name = String.valueOf(file.getFileName());
        if (name.startsWith("vmlinu")) {
            return " (install the kernel's debug package, e.g. linux-image-$(uname -r)-dbg, and pass"
                    + " /usr/lib/debug/boot/vmlinux-RELEASE)";
        }
        return " (compile with -g, or install the package's -dbgsym/-dbg debug files)";
    }
}
