package dev.klas.advice;

import dev.klas.resolve.elf.ElfFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** The kernel release a module was built for: the first word of {@code vermagic=} in its {@code .modinfo}. */
public final class Modinfo {
    private Modinfo() {
    }

    public static String release(Path ko) throws IOException {
        ByteBuffer b = ElfFile.open(ko).contents(".modinfo").orElseThrow(() -> new AssertionError("no .modinfo in " + ko));
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        for (String entry : new String(bytes, StandardCharsets.UTF_8).split("\0")) {
            if (entry.startsWith("vermagic=")) {
                return entry.substring("vermagic=".length()).split(" ")[0];
            }
        }
        throw new AssertionError("no vermagic in " + ko);
    }
}
