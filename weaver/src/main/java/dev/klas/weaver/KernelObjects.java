package dev.klas.weaver;

import dev.klas.resolve.elf.ElfFile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** What a kernel binary says about itself: its release, and for a module its name. */
final class KernelObjects {
    private static final byte[] BANNER = "Linux version ".getBytes(StandardCharsets.US_ASCII);

    private KernelObjects() {
    }

    /** The {@code vermagic=} release of a module, or the release in vmlinux's {@code linux_banner}. */
    static Optional<String> release(ElfFile elf) {
        if (elf.isRelocatable()) {
            return modinfo(elf, "vermagic").map(v -> v.split(" ")[0]);
        }
        return elf.contents(".rodata").flatMap(KernelObjects::banner);
    }

    /** The module's {@code name=} from {@code .modinfo}. */
    static Optional<String> moduleName(ElfFile elf) {
        return modinfo(elf, "name");
    }

    private static Optional<String> modinfo(ElfFile elf, String key) {
        Optional<ByteBuffer> info = elf.contents(".modinfo");
        if (info.isEmpty()) {
            return Optional.empty();
        }
        ByteBuffer b = info.get();
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        for (String entry : new String(bytes, StandardCharsets.UTF_8).split("\0")) {
            if (entry.startsWith(key + "=")) {
                return Optional.of(entry.substring(key.length() + 1));
            }
        }
        return Optional.empty();
    }

    private static Optional<String> banner(ByteBuffer rodata) {
        int limit = rodata.limit();
        outer:
        for (int i = rodata.position(); i + BANNER.length < limit; i++) {
            for (int k = 0; k < BANNER.length; k++) {
                if (rodata.get(i + k) != BANNER[k]) {
                    continue outer;
                }
            }
            StringBuilder release = new StringBuilder();
            for (int j = i + BANNER.length; j < limit && rodata.get(j) > ' '; j++) {
                release.append((char) rodata.get(j));
            }
            if (release.length() > 0 && Character.isDigit(release.charAt(0))) {
                return Optional.of(release.toString());
            }
        }
        return Optional.empty();
    }
}
