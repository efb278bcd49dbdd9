package dev.klas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The bundled aspects are what a new user tries first: each one for samples/mbuf-user weaves against its -O2 build
 * with every join point hooked (exit 0, nothing refused or unresolved). The kernel ones are woven by the heavy kernel
 * tests. A new file in samples/aspects must be put in one of the two lists.
 */
class SampleAspectsTest {
    private static final Set<String> USER = Set.of("call_m_free.xml", "execution_m_get.xml", "fp_call_read.xml",
            "line_probe.xml", "log_reset_len.xml", "set_m_len.xml");
    /**
     * ip_ttl.xml: KernelVmlinuxWeaveHeavyTest; write_size.xml and write_checks.xml: KernelVariablesVmlinuxHeavyTest;
     * skb_len.xml:
     * KernelValuesVmlinuxHeavyTest; expressions.xml mixes
     * a kernel aspect with mbuf ones; module_vars.xml (samples/kernel-mbuf's variables): KernelModuleWeaveHeavyTest.
     */
    private static final Set<String> KERNEL = Set.of("ip_ttl.xml", "write_size.xml", "write_checks.xml",
            "skb_len.xml", "expressions.xml", "module_vars.xml");

    @TempDir
    static Path tmp;
    static Sample sample;

    @BeforeAll
    static void build() {
        sample = Sample.make(tmp);
    }

    @Test
    void everySampleAspectIsCovered() throws IOException {
        Set<String> all = new TreeSet<>();
        try (Stream<Path> files = Files.list(Run.repo().resolve("samples/aspects"))) {
            files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".xml")).forEach(all::add);
        }
        Set<String> listed = new TreeSet<>(USER);
        listed.addAll(KERNEL);
        assertEquals(listed, all);
    }

    @ParameterizedTest
    @ValueSource(strings = {"call_m_free.xml", "execution_m_get.xml", "fp_call_read.xml", "line_probe.xml",
            "log_reset_len.xml", "set_m_len.xml"})
    void weavesEveryJoinPoint(String aspect) {
        assertTrue(USER.contains(aspect));
        Path out = tmp.resolve("woven-" + aspect.replace(".xml", ""));
        Run r = Run.klas("weave", "--aspect", Run.repo().resolve("samples/aspects").resolve(aspect).toString(),
                "--binary", sample.o2().toString(), "--db", sample.db().toString(), "--target", "userspace",
                "--out", out.toString());
        assertEquals(0, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().lines().findAny().isPresent(), "no hook: " + r.out() + r.err());
    }
}
