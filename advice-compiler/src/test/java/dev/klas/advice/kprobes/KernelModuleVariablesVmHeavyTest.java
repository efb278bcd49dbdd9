package dev.klas.advice.kprobes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.klas.advice.Aspects;
import dev.klas.advice.HookPlanner;
import dev.klas.advice.KernelMbufSample;
import dev.klas.advice.MbufPlan;
import dev.klas.advice.Modinfo;
import dev.klas.advice.Oracles;
import dev.klas.advice.PlacedObject;
import dev.klas.advice.Repo;
import dev.klas.advice.testbed.VmRun;
import dev.klas.resolve.joinpoint.Binary;
import dev.klas.resolve.joinpoint.PlaceKind;
import dev.klas.resolve.joinpoint.SourcePlace;
import dev.klas.schema.Aspect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Globals, statics and entry values of the target module on linux-kprobes, in Debian's cloud kernel under QEMU.
 * kernel-mbuf has a static {@code calls} in mbuf.c (m_get's calls) and one in fileops.c (mem_read's), so neither
 * is the anchor of .bss; a global {@code kmbuf_tag_sum} in .data; and {@code kmbuf_tag(tag)}, where at the write of
 * {@code st_calls} {@code tag} is only {@code DW_OP_entry_value(%rdi)}, given by kmbuf_run's two calls (1 and 100).
 * The truth is what the module prints after each run ({@code vars tag_sum S mbuf_calls A fileops_calls B}); the
 * return addresses compared are objdump's (the instruction after each {@code call kmbuf_tag}). Without kernel-mbuf
 * the advice module refuses to load, naming the symbol it looked for.
 */
class KernelModuleVariablesVmHeavyTest {
    private static final String ADVICE = "klas_modvars_advice";

    @TempDir
    Path work;

    @Test
    void adviceReadsTheModulesGlobalsStaticsAndEntryValues() throws Exception {
        Assumptions.assumeTrue(Repo.heavy(), "heavy: builds modules and boots a VM (-Dklas.heavy=true)");
        Path ko = KernelMbufSample.build(work);
        String release = Modinfo.release(ko);
        String symbols = Oracles.run("readelf", "-sW", ko.toString());
        assertEquals(2, Pattern.compile("(?m) OBJECT  LOCAL  DEFAULT +\\d+ calls$").matcher(symbols).results().count(),
                "two statics named calls:\n" + symbols);
        List<String> returns = new ArrayList<>();
        Matcher call = Pattern.compile("(?m)^\\s*[0-9a-f]+:\\s+call .*\\n"
                + "\\s+[0-9a-f]+: R_X86_64_PLT32\\s+kmbuf_tag-0x4\\n\\s*([0-9a-f]+):")
                .matcher(Oracles.run("objdump", "-dr", "--no-show-raw-insn", ko.toString()));
        while (call.find()) {
            returns.add(call.group(1));
        }
        assertEquals(2, returns.size(), "kmbuf_run calls kmbuf_tag twice (objdump)");

        Binary binary = new Binary(PlacedObject.open(ko));
        List<Aspect> aspects = Aspects.load("module-vars-aspects.xml", work);
        MbufAdviceRun.Generated generated = MbufAdviceRun.generate(work, binary, release, ADVICE, aspects, places());
        HookPlanner.Plan plan = generated.plan();
        Path dir = generated.dir();
        String c = generated.c();
        Matcher text = Pattern.compile("\\{ \"\\.text\", \"kernel_mbuf:(\\w+)\", 0x[0-9a-f]+ \\}").matcher(c);
        assertTrue(text.find(), "a .text anchor:\n" + c);
        int slot = (int) c.substring(c.indexOf("klas_sections[KLAS_NSECTIONS + 1]"), text.start()).lines()
                .filter(l -> l.trim().startsWith("{ \"")).count();
        for (String r : returns) {
            assertTrue(c.contains("klas_ra == ((uint64_t)klas_section_base[" + slot + "] + 0x" + r + "ull)"),
                    "the call returning to .text+0x" + r + ":\n" + c);
        }
        assertTrue(!c.contains("\"kernel_mbuf:calls\""), "calls is no anchor: its name is not unique");
        Path module = MbufAdviceRun.build(dir, release, ADVICE);
        String after = "rmmod kernel_mbuf\necho \"KLAS-PHASE unloaded\" > /dev/kmsg\n"
                + "if insmod /modules/" + ADVICE + ".ko; then echo advice-loaded; else echo advice-refused; fi\n";
        VmRun log = MbufAdviceRun.runThen(work, "kernel-modvars-vm", ko, module, ADVICE, after, "run 3", "run 7");
        check(log.phase("run"));
        assertEquals(List.of("advice-refused"), log.script().stream().filter(l -> l.startsWith("advice-")).toList());
        assertTrue(log.phase("unloaded").stream().anyMatch(l -> l.matches(ADVICE + ": section \\S+: symbol"
                + " kernel_mbuf:\\w+ not found: is module kernel_mbuf loaded\\?")), "why:\n" + log.phase("unloaded"));
    }

    /** m_get's write of m_len, mem_read's read of it, and the write of st_calls in kmbuf_tag. */
    private static Map<String, List<SourcePlace>> places() throws Exception {
        Map<String, List<SourcePlace>> out = new LinkedHashMap<>();
        for (KernelMbufSample.Expectation e : KernelMbufSample.expectations()) {
            if (e.member().equals("m_len") && e.file().equals("mbuf.c") && e.kind().equals("set")
                    && line("mbuf.c", e.line()).contains("m->m_len = 0")) {
                out.put("mbuf_calls", List.of(e.place()));
            } else if (e.member().equals("m_len") && e.file().equals("fileops.c") && e.kind().equals("get")) {
                out.put("fileops_calls", List.of(e.place()));
            }
        }
        List<String> mbuf = Files.readAllLines(KernelMbufSample.dir().resolve("mbuf.c"));
        for (int i = 0; i < mbuf.size(); i++) {
            if (mbuf.get(i).contains("kmbuf_stat.st_calls++")) {
                out.put("tag", List.of(new SourcePlace(PlaceKind.FIELD_READWRITE, "mbuf.c", i + 1, 0, "kmbuf_stat",
                        "st_calls", "")));
            }
        }
        assertEquals(3, out.size(), "three places: " + out);
        return out;
    }

    private static String line(String file, int line) throws Exception {
        return Files.readAllLines(KernelMbufSample.dir().resolve(file)).get(line - 1);
    }

    private static void check(List<String> run) {
        List<String> printed = groups(run, "^kernel-mbuf: vars tag_sum (\\d+) mbuf_calls (\\d+) fileops_calls (\\d+)$");
        assertEquals(2, printed.size(), "the module prints its variables after each run: " + run);
        List<String> tags = groups(run, "^klas tag: tag (\\d+) sum (\\d+)$");
        assertEquals(List.of("1 1001", "100 1101", "1 1102", "100 1202"), tags,
                "$tag is what kmbuf_run passed (1, then 100); $kmbuf_tag_sum the sum after adding it");
        List<String> mbufCalls = groups(run, "^klas mbuf_calls: calls (\\d+)$");
        List<String> fileopsCalls = groups(run, "^klas fileops_calls: calls (\\d+)$");
        assertEquals(20, mbufCalls.size(), "two m_gets per iteration");
        assertEquals(10, fileopsCalls.size(), "one mem_read per iteration");
        for (int i = 0; i < mbufCalls.size(); i++) {
            assertEquals(String.valueOf(i + 1), mbufCalls.get(i), "mbuf.c's calls counts m_get");
        }
        for (int i = 0; i < fileopsCalls.size(); i++) {
            assertEquals(String.valueOf(i + 1), fileopsCalls.get(i), "fileops.c's calls counts mem_read");
        }
        assertEquals(List.of("1101 6 3", "1202 20 10"), printed, "what the module printed");
        assertEquals(printed.get(1), tags.get(3).split(" ")[1] + " " + mbufCalls.get(19) + " "
                + fileopsCalls.get(9), "the advice's last values are the module's own");
    }

    private static List<String> groups(List<String> lines, String regex) {
        Pattern p = Pattern.compile(regex);
        List<String> out = new ArrayList<>();
        for (String l : lines) {
            Matcher m = p.matcher(l);
            if (m.matches()) {
                List<String> g = new ArrayList<>();
                for (int i = 1; i <= m.groupCount(); i++) {
                    g.add(m.group(i));
                }
                out.add(String.join(" ", g));
            }
        }
        return out;
    }
}
