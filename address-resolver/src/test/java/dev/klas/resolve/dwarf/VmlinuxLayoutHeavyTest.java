package dev.klas.resolve.dwarf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.klas.resolve.Heavy;
import dev.klas.resolve.Tools;
import dev.klas.resolve.elf.ElfFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Layouts of real kernel structs in the Debian debug vmlinux against {@code pahole -C NAME}, and the time of one
 * pass over every unit's DIEs (printed, not asserted). Heavy: {@code -Dklas.heavy=true}.
 */
class VmlinuxLayoutHeavyTest {
    private static final List<String> STRUCTS = List.of("sk_buff", "sock_common", "msghdr", "iov_iter");

    @Test
    void kernelStructLayoutsEqualPahole() throws Exception {
        Heavy.require();
        Path vmlinux = Heavy.debugVmlinux();
        DwarfInfo dwarf = DwarfInfo.of(ElfFile.open(vmlinux));
        long t0 = System.nanoTime();
        Map<String, List<StructLayout>> layouts = dwarf.structLayouts(STRUCTS);
        long t1 = System.nanoTime();
        System.out.printf("vmlinux: %d units scanned for %d struct names in %.1f s%n", dwarf.units().size(),
                STRUCTS.size(), (t1 - t0) / 1e9);
        for (String s : STRUCTS) {
            List<String> expected = StructLayoutTest.pahole(Tools.run(Path.of("."), "pahole", "-C", s,
                    vmlinux.toString()));
            assertEquals(1, layouts.get(s).size(), s + " has one layout");
            List<String> actual = new ArrayList<>();
            StructLayoutTest.flatten(layouts.get(s).get(0), "", 0, actual);
            assertTrue(expected.size() > 3, s);
            assertEquals(expected, actual, s);
        }
    }
}
