package dev.klas.advice.vars;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The oracle for instruction bytes in these tests: GNU as assembles one AT&T line, objcopy takes out .text. */
final class GnuAs {
    private GnuAs() {
    }

    /** The bytes GNU as gives {@code att}, assembled in {@code tmp}. */
    static byte[] assemble(Path tmp, String att) throws IOException, InterruptedException {
        Path src = tmp.resolve("i.s");
        Files.writeString(src, "\t.text\n\t" + att + "\n");
        run(List.of("as", "-o", tmp.resolve("i.o").toString(), src.toString()));
        run(List.of("objcopy", "-O", "binary", "-j", ".text", tmp.resolve("i.o").toString(),
                tmp.resolve("i.bin").toString()));
        return Files.readAllBytes(tmp.resolve("i.bin"));
    }

    private static void run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), cmd + ": " + out);
    }
}
