package dev.klas.advice;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** C literals checked by gcc itself: a program prints each literal and must print the original bytes. */
class CNamesTest {
    private static final List<String> NAMES = List.of("x\"; system(\"rm -rf /", "a??/b??=c", "tab\there\nnew",
            "back\\slash */ /* $(shell id)", "é ü 日本", "");

    @TempDir
    Path dir;

    @Test
    void literalsPrintTheirStringWhenCompiledByGcc() throws Exception {
        StringBuilder c = new StringBuilder("#include <stdio.h>\nint main(void)\n{\n");
        for (String n : NAMES) {
            c.append("\tfputs(").append(CNames.literal(n)).append(", stdout);\n\tputchar(0);\n");
        }
        c.append("\treturn 0;\n}\n");
        Path src = dir.resolve("lit.c");
        Files.writeString(src, c);
        Path exe = dir.resolve("lit");
        run(List.of("gcc", "-std=c99", "-Wall", "-Werror", "-Wtrigraphs", "-o", exe.toString(), src.toString()));
        byte[] out = run(List.of(exe.toString()));
        StringBuilder expect = new StringBuilder();
        NAMES.forEach(n -> expect.append(n).append('\0'));
        assertArrayEquals(expect.toString().getBytes(StandardCharsets.UTF_8), out);
    }

    @Test
    void identifiersAreCIdentifiersAndDistinct() {
        List<String> ids = CNames.identifiers(List.of("x\"; system(\"rm -rf /", "x__ system__rm__rf__", "9lives",
                "", "ok_name"));
        for (String id : ids) {
            assertTrue(id.matches("[A-Za-z_][A-Za-z0-9_]*"), id);
        }
        assertEquals(ids.size(), ids.stream().distinct().count(), ids.toString());
        assertEquals("ok_name", ids.get(4));
    }

    private static byte[] run(List<String> cmd) throws Exception {
        Path out = Files.createTempFile("cnames", ".out");
        try {
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            assertEquals(0, Exec.await(p, cmd, Oracles.LIMIT), String.join(" ", cmd));
            return Files.readAllBytes(out);
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
