package dev.klas.resolve;

import dev.klas.resolve.elf.DebugFileLocator;
import dev.klas.resolve.elf.ElfFile;
import java.util.List;
import java.util.Optional;

/**
 * What to tell a user whose binary has no DWARF: which compiler flag or Debian package provides it and where a
 * separate debug file was looked for.
 */
public final class DebugInfoAdvice {
    private DebugInfoAdvice() {
    }

    /** Empty when {@code elf} has debug information, else a one-paragraph explanation. */
    public static Optional<String> forFile(ElfFile elf, DebugFileLocator locator) {
        if (elf.hasDebugInfo()) {
            return Optional.empty();
        }
        List<String> tried = locator.candidates(elf).stream().map(Object::toString).toList();
        String name = elf.path().getFileName().toString();
        boolean kernel = name.startsWith("vmlinu") || name.endsWith(".ko");
        StringBuilder b = new StringBuilder(elf.path() + " has no DWARF debug information (.debug_info, "
                + ".debug_line). ");
        b.append(kernel ? "Install the kernel's debug package (Debian: linux-image-RELEASE-dbg) or build with "
                + "CONFIG_DEBUG_INFO=y." : "Rebuild with -g, or install its separate debug file (Debian: the "
                + "-dbgsym or -dbg package).");
        if (!tried.isEmpty()) {
            b.append(" Looked for a separate debug file at: ").append(String.join(", ", tried)).append('.');
        } else {
            b.append(" The file has no build-id and no .gnu_debuglink, so no separate debug file can be matched.");
        }
        return Optional.of(b.toString().trim());
    }
}
