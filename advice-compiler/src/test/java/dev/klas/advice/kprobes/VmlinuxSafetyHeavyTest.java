package dev.klas.advice.kprobes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.klas.advice.CodeLocation;
import dev.klas.advice.Hook;
import dev.klas.advice.HookPlace;
import dev.klas.advice.OriginalBytes;
import dev.klas.advice.Oracles;
import dev.klas.advice.Repo;
import dev.klas.resolve.elf.ElfFile;
import dev.klas.resolve.joinpoint.Binary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Refusals against Debian's debug vmlinux, with nm and objdump -s as oracles: every function of the
 * _kprobe_blacklist table (read by objdump between __start/__stop_kprobe_blacklist), a noinstr function, an entry
 * function and an __init function are refused; icmp_rcv (the test bed's kprobe self-test target) is not.
 */
class VmlinuxSafetyHeavyTest {
    @Test
    void blacklistAndForbiddenAreasOfTheRealKernelAreRefused() throws Exception {
        Assumptions.assumeTrue(Repo.heavy(), "heavy: reads the 590 MB debug vmlinux (-Dklas.heavy=true)");
        String release = Oracles.run("sh", "-c", "ls /usr/lib/debug/boot | sed -n 's/^vmlinux-//p' | head -1").trim();
        Path vmlinux = Path.of("/usr/lib/debug/boot/vmlinux-" + release);
        assertTrue(!release.isEmpty() && Files.isRegularFile(vmlinux), "no debug vmlinux under /usr/lib/debug/boot"
                + " (scripts/install-packages: linux-image-RELEASE-dbg)");
        Map<String, Long> byName = new HashMap<>();
        Map<Long, String> functions = new HashMap<>();
        for (String line : Oracles.run("nm", vmlinux.toString()).split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 3) {
                long a = Long.parseUnsignedLong(f[0], 16);
                byName.putIfAbsent(f[2], a);
                if (f[1].equalsIgnoreCase("t") && !f[2].startsWith("__")) {
                    functions.putIfAbsent(a, f[2]);
                }
            }
        }
        Set<Long> blacklist = table(vmlinux, byName.get("__start_kprobe_blacklist"), byName.get("__stop_kprobe_blacklist"));
        assertTrue(blacklist.size() > 10, "objdump read the blacklist table: " + blacklist.size());
        Safety safety = new Safety(new Binary(ElfFile.open(vmlinux)));
        int checked = 0;
        for (long a : blacklist) {
            String name = functions.get(a);
            if (name != null && checked < 25) {
                assertTrue(reason(safety, name, a).orElse("").contains("NOKPROBE_SYMBOL"), name);
                checked++;
            }
        }
        assertTrue(checked > 0);
        assertArea(safety, functions, blacklist, byName, "__noinstr_text_start", "__noinstr_text_end", ".noinstr.text");
        assertArea(safety, functions, blacklist, byName, "__entry_text_start", "__entry_text_end", ".entry.text");
        assertArea(safety, functions, blacklist, byName, "_sinittext", "_einittext", ".init.text");
        assertEquals(Optional.empty(), reason(safety, "icmp_rcv", byName.get("icmp_rcv")));
    }

    private static void assertArea(Safety safety, Map<Long, String> functions, Set<Long> blacklist,
                                   Map<String, Long> byName, String start, String stop, String section) {
        long from = byName.get(start);
        long to = byName.get(stop);
        Map.Entry<Long, String> f = functions.entrySet().stream()
                .filter(e -> e.getKey() >= from && e.getKey() < to && !blacklist.contains(e.getKey()))
                .findFirst().orElseThrow(() -> new AssertionError("no function in " + section));
        assertTrue(reason(safety, f.getValue(), f.getKey()).orElse("").contains(section), f.getValue());
    }

    private static Optional<String> reason(Safety safety, String name, long address) {
        return safety.reason(new Hook(new CodeLocation(name, 0, address), new OriginalBytes(List.of()),
                new HookPlace("", 0, 0, name), List.of("a"), Optional.empty()));
    }

    /** The u64 entries objdump -s shows in [start, stop). */
    private static Set<Long> table(Path vmlinux, long start, long stop) throws Exception {
        String dump = Oracles.run("objdump", "-s", "--start-address=0x" + Long.toHexString(start),
                "--stop-address=0x" + Long.toHexString(stop), vmlinux.toString());
        StringBuilder hex = new StringBuilder();
        for (String line : dump.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 2 && f[0].matches("[0-9a-f]{16}")) {
                for (int i = 1; i < Math.min(f.length, 5) && f[i].matches("[0-9a-f]{2,8}"); i++) {
                    hex.append(f[i]);
                }
            }
        }
        Set<Long> out = new HashSet<>();
        for (int i = 0; i + 16 <= hex.length(); i += 16) {
            long v = 0;
            for (int b = 7; b >= 0; b--) {
                v = (v << 8) | Integer.parseInt(hex.substring(i + 2 * b, i + 2 * b + 2), 16);
            }
            out.add(v);
        }
        return out;
    }
}
