package dev.klas.resolve.elf;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * Finds the separate debug file of a stripped binary the way gdb does ("Debugging Information in Separate Files"):
 * by build-id under {@code DEBUG_ROOT/.build-id/xx/rest.debug}, by {@code .gnu_debuglink} next to the binary, in its
 * {@code .debug/} folder and under {@code DEBUG_ROOT/DIR/}, and, for a kernel image {@code vmlinuz-RELEASE} or
 * {@code vmlinux-RELEASE}, at {@code DEBUG_ROOT/boot/vmlinux-RELEASE}. A candidate must carry the same build-id (when
 * both have one) or match the debuglink CRC.
 */
public final class DebugFileLocator {
    private final Path debugRoot;

    /** A locator searching under {@code debugRoot} (normally {@code /usr/lib/debug}). */
    public DebugFileLocator(Path debugRoot) {
        this.debugRoot = debugRoot;
    }

    /** A locator searching under {@code /usr/lib/debug}. */
    public static DebugFileLocator system() {
        return new DebugFileLocator(Path.of("/usr/lib/debug"));
    }

    /** The candidate paths tried for {@code elf}, in order. */
    public List<Path> candidates(ElfFile elf) {
        List<Path> out = new ArrayList<>();
        Optional<BuildId> id = elf.buildId();
        id.filter(b -> b.hex().length() > 2).ifPresent(b -> out.add(debugRoot.resolve(".build-id")
                .resolve(b.hex().substring(0, 2)).resolve(b.hex().substring(2) + ".debug")));
        Path abs = elf.path().toAbsolutePath();
        Path dir = abs.getParent();
        elf.debugLink().ifPresent(link -> {
            out.add(dir.resolve(link.fileName()));
            out.add(dir.resolve(".debug").resolve(link.fileName()));
            out.add(debugRoot.resolve(dir.getRoot().relativize(dir)).resolve(link.fileName()));
        });
        String name = abs.getFileName().toString();
        if (name.startsWith("vmlinuz-") || name.startsWith("vmlinux-")) {
            out.add(debugRoot.resolve("boot").resolve("vmlinux-" + name.substring(8)));
        }
        return out;
    }

    /**
     * The separate debug file of {@code elf}, if one exists and belongs to it. A candidate that cannot be read as
     * ELF is skipped.
     */
    public Optional<ElfFile> locate(ElfFile elf) throws IOException {
        for (Path p : candidates(elf)) {
            if (!Files.isRegularFile(p) || Files.isSameFile(p, elf.path())) {
                continue;
            }
            ElfFile candidate;
            try {
                candidate = ElfFile.open(p);
            } catch (ElfFormatException e) {
                continue;
            }
            if (belongs(elf, candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static boolean belongs(ElfFile elf, ElfFile candidate) throws IOException {
        Optional<BuildId> a = elf.buildId();
        Optional<BuildId> b = candidate.buildId();
        if (a.isPresent() && b.isPresent()) {
            return a.equals(b);
        }
        Optional<DebugLink> link = elf.debugLink();
        return link.isPresent() && crc(candidate.path()) == link.get().crc();
    }

    private static int crc(Path p) throws IOException {
        CRC32 crc = new CRC32();
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(p)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                crc.update(buf, 0, n);
            }
        }
        return (int) crc.getValue();
    }
}
