package dev.klas.symbols.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Both entry forms of a compilation database, with the kernel's quoting. */
class CompileCommandsTest {
    @TempDir
    Path tmp;

    @Test
    void commandFormWithShellQuotingAsTheKernelWritesIt() throws IOException {
        Path json = tmp.resolve("compile_commands.json");
        Files.writeString(json, """
                [{"command": "gcc -Wp,-MMD,net/.x.o.d -nostdinc -I./include -I ./arch/include -iquote q \
                -isystem /usr/lib/gcc/x86_64-linux-gnu/12/include -include ./include/linux/kconfig.h \
                -D__KERNEL__ -DKBUILD_BASENAME='\\"tcp_output\\"' -DX=\\"a b\\" -U FOO -std=gnu11 -mno-sse \
                -fno-PIE -O2 -Wall -c -o net/x.o net/x.c",
                  "directory": "%s", "file": "net/x.c"}]
                """.formatted(tmp));
        CompileCommand c = CompileCommands.read(json).get(0);
        assertEquals(tmp.resolve("net/x.c"), c.file());
        CompileFlags f = c.flags();
        assertEquals("gcc", f.compiler());
        assertEquals(List.of(tmp.resolve("include"), tmp.resolve("arch/include")), f.includes());
        assertEquals(List.of(tmp.resolve("q")), f.quoteIncludes());
        assertEquals(List.of(Path.of("/usr/lib/gcc/x86_64-linux-gnu/12/include")), f.systemIncludes());
        assertEquals(List.of(tmp.resolve("include/linux/kconfig.h")), f.forcedIncludes());
        assertEquals(List.of(
                CompileFlags.MacroOption.define("__KERNEL__"),
                CompileFlags.MacroOption.define("KBUILD_BASENAME=\"tcp_output\""),
                CompileFlags.MacroOption.define("X=a b"),
                CompileFlags.MacroOption.undefine("FOO")), f.macros());
        assertEquals(List.of("-nostdinc", "-std=gnu11", "-mno-sse", "-fno-PIE", "-O2"), f.probeFlags());
        assertTrue(f.noStdInc());
    }

    @Test
    void argumentsForm() throws IOException {
        Path json = tmp.resolve("compile_commands.json");
        Files.writeString(json, """
                [{"arguments": ["cc", "-Iinc", "-DN=1", "-include", "pre.h", "-c", "a.c"],
                  "directory": "%s", "file": "%s/a.c"}]
                """.formatted(tmp, tmp));
        CompileFlags f = CompileCommands.read(json).get(0).flags();
        assertEquals("cc", f.compiler());
        assertEquals(List.of(tmp.resolve("inc")), f.includes());
        assertEquals(List.of(tmp.resolve("pre.h")), f.forcedIncludes());
        assertEquals("1", f.macros().get(0).value());
    }

    @Test
    void malformedDatabaseNamesTheFile() throws IOException {
        Path json = tmp.resolve("compile_commands.json");
        Files.writeString(json, "[{\"file\": \"a.c\"}]");
        IOException e = assertThrows(IOException.class, () -> CompileCommands.read(json));
        assertTrue(e.getMessage().contains(json.toString()) && e.getMessage().contains("entry 0"), e.getMessage());
    }
}
