package dev.klas.advice.vars;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The include that makes a struct's definition visible, from its DW_AT_decl_file (docs/KERNEL.md, klas_target). */
class KernelTypesTest {
    @Test
    void kernelHeadersByTheirIncludePath(@TempDir Path dir) throws Exception {
        assertEquals(Optional.of("<linux/skbuff.h>"), KernelTypes.include("./include/linux/skbuff.h"));
        assertEquals(Optional.of("<linux/skbuff.h>"), KernelTypes.include("/build/linux-6.1/include/linux/skbuff.h"));
        assertEquals(Optional.of("<linux/ip.h>"), KernelTypes.include("include/uapi/linux/ip.h"));
        assertEquals(Optional.of("<asm/ptrace.h>"), KernelTypes.include("arch/x86/include/asm/ptrace.h"));
        assertEquals(Optional.of("<asm/unistd_64.h>"),
                KernelTypes.include("./arch/x86/include/generated/uapi/asm/unistd_64.h"));
        Path own = Files.writeString(dir.resolve("mbuf.h"), "struct mbuf { int m_len; };\n");
        assertEquals(Optional.of("\"" + own + "\""), KernelTypes.include(own.toString()));
        assertEquals(Optional.empty(), KernelTypes.include("net/core/skbuff.c"), "a .c file");
        assertEquals(Optional.empty(), KernelTypes.include("drivers/net/foo/foo.h"), "no include dir, not on disk");
        assertEquals(Optional.empty(), KernelTypes.include(dir.resolve("gone.h").toString()), "not on disk");
    }

    /** A struct defined in a .c file stays untyped: no include path, and no include by path even when it exists. */
    @Test
    void cFilesAreNeverIncluded(@TempDir Path dir) throws Exception {
        assertEquals(Optional.empty(), KernelTypes.include("net/ipv4/icmp.c"));
        assertEquals(Optional.empty(), KernelTypes.include("/build/linux-6.1/net/ipv4/icmp.c"));
        assertEquals(Optional.empty(), KernelTypes.include("./include/linux/in_include_dir.c"), "under include/");
        Path c = Files.writeString(dir.resolve("icmp.c"), "struct icmp_bxm { int data_len; };\n");
        assertEquals(Optional.empty(), KernelTypes.include(c.toString()), "an absolute .c path on disk");
    }
}
