package dev.klas.advice.bpf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.klas.advice.AdviceRequest;
import dev.klas.advice.Aspects;
import dev.klas.advice.CodeLocation;
import dev.klas.advice.Diagnostic;
import dev.klas.advice.GenerationException;
import dev.klas.advice.Hook;
import dev.klas.advice.HookPlace;
import dev.klas.advice.OriginalBytes;
import dev.klas.advice.Target;
import dev.klas.schema.Aspect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loops without a bound and calls of non-BPF functions are refused when the linux-bpf files are rendered, at the
 * aspect file's line and column of the name; loops whose bound klas cannot see get a note (the verifier decides),
 * loops counting to a constant nothing. The fixture's lines say which ("expect: refused NAME...", "expect: note NAME").
 */
class BpfAdviceCheckTest {
    private static final Pattern EXPECT = Pattern.compile("expect: (refused|note) ([\\w ]+?) \\*/");

    @TempDir
    Path dir;

    @Test
    void loopsAndKernelCallsAreRefusedAtTheirColumnsAndNothingElse() throws Exception {
        Path xml = Aspects.copy("bpf-refused-text.xml", dir);
        List<Aspect> aspects = dev.klas.schema.AspectLoader.load(xml);
        AdviceRequest request = new AdviceRequest("klas_test", Target.vmlinux("6.1.0-test", Optional.empty()),
                aspects, List.of(new Hook(new CodeLocation("m_get", 0, 0xffffffff81000000L, "m_get", 0),
                        new OriginalBytes(List.of(0x90)), new HookPlace("mbuf.c", 1, 1, "m_get"),
                        List.of("refused_text"), Optional.empty())));
        GenerationException e = assertThrows(GenerationException.class,
                () -> BpfGenerator.render(request, Path.of("/sys/kernel/btf/vmlinux")));
        List<String> expected = expected(xml);
        List<String> found = new ArrayList<>();
        for (Diagnostic d : BpfAdviceCheck.check(aspects.get(0).advices().get(0))) {
            boolean note = d.severity() == Diagnostic.Severity.NOTE;
            found.add(d.position().line() + ":" + d.position().column() + (note ? " note" : " refused"));
            assertTrue(d.position().file().equals(xml.toString()), d.toString());
            assertTrue(d.message().startsWith("call of ") ? d.message().contains("BPF helpers")
                    : d.message().contains(note ? "the kernel's verifier decides" : "without a bound"), d.toString());
        }
        assertEquals(expected, found, e.getMessage());
        assertEquals(expected.stream().filter(s -> s.endsWith("refused")).toList(), e.diagnostics().stream()
                .map(d -> d.position().line() + ":" + d.position().column() + " refused").toList(),
                "only the refusals stop the weave");
        assertEquals(12, expected.size());
    }

    /** line:column and refused|note of every name the fixture's comments expect, in file order. */
    private static List<String> expected(Path xml) throws Exception {
        List<String> out = new ArrayList<>();
        List<String> lines = Files.readAllLines(xml);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            Matcher m = EXPECT.matcher(line);
            if (m.find()) {
                int from = 0;
                for (String name : m.group(2).split(" ")) {
                    int c = line.indexOf(name, from);
                    while (c > 0 && Character.isJavaIdentifierPart(line.charAt(c - 1))) {
                        c = line.indexOf(name, c + 1);
                    }
                    out.add((i + 1) + ":" + (c + 1) + " " + m.group(1));
                    from = c + name.length();
                }
            }
        }
        return out;
    }
}
