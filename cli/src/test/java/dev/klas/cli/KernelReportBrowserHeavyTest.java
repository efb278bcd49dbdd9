package dev.klas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.klas.advice.testbed.VmRun;
import dev.klas.cli.report.Browser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * samples/kernel-mbuf woven {@code --target linux-kprobes --build} with three sample aspects, loaded in the QEMU test
 * bed: the guest runs the sample and prints its own counters and the advice module's debugfs hits file. The file's
 * text, copied off the console, becomes the hits JSON through {@code klas hits --module-file}, then {@code klas
 * report --woven --hits} is opened in headless Chromium: the index's counts are the module's (and the sample's own
 * counters), every row's hits are the debugfs file's hook, a click on each join point opens its file at its line.
 * Also: {@code klas report --db --binary --aspect} of the same module equals the report of the woven folder.
 * Screenshots: {@code cli/target/report-screenshots/kernel-index.png}, {@code kernel-file.png}.
 */
class KernelReportBrowserHeavyTest {
    private static final String ADVICE = "klas_report_mbuf";
    private static final List<String> ASPECTS = List.of("log_reset_len", "fp_call_read", "call_m_free");
    private static final Path SHOTS = Path.of("target/report-screenshots");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path work;
    static Path src;
    static Path ko;
    static Path db;
    static Path woven;
    static Path report;
    /** The debugfs file as the guest printed it: hook symbol+offset to hits, read here without klas. */
    static Map<String, Long> debugfs = new HashMap<>();
    /** The sample's own {@code count NAME=N}. */
    static Map<String, Long> counts;
    static JsonNode hits;

    @BeforeAll
    static void weaveRunAndReport() throws Exception {
        KernelBed.requireHeavy("builds kernel modules, boots a VM and opens a real browser");
        String release = KernelBed.release();
        Path kdir = KernelBed.kdir(release);
        Path repo = Run.repo();
        src = work.resolve("kernel-mbuf");
        Tools.run(repo, "cp", "-r", repo.resolve("samples/kernel-mbuf").toString(), src.toString());
        Tools.run(repo, repo.resolve("testbed/build-module").toString(), src.toString());
        ko = src.resolve("kernel-mbuf.ko");
        Path cc = src.resolve("compile_commands.json");
        Tools.run(repo, repo.resolve("scripts/kbuild-compile-commands").toString(), src.toString(), kdir.toString(),
                "-o", cc.toString());
        db = work.resolve("symbols.db");
        Run extract = Run.klas("extract", "--compile-commands", cc.toString(), "--root", src.toString(), "--db",
                db.toString());
        assertEquals(0, extract.exitCode(), extract.out() + extract.err());
        woven = work.resolve("woven");
        List<String> weave = new ArrayList<>(List.of("weave", "--target", "linux-kprobes", "--binary", ko.toString(),
                "--db", db.toString(), "--out", woven.toString(), "--name", ADVICE, "--build", "--kdir", kdir.toString()));
        weave.addAll(aspects());
        Run w = Run.klas(weave.toArray(String[]::new));
        assertEquals(0, w.exitCode(), w.out() + w.err());

        VmRun vm = VmRun.clean("kernel-report-vm", java.time.Duration.ofSeconds(480), "--modules",
                ko + "," + woven.resolve(ADVICE + ".ko"), "--script", Files.writeString(work.resolve("script.sh"), """
                        set -e
                        echo "run 7" > /proc/kernel-mbuf
                        echo "== counts"; cat /proc/kernel-mbuf
                        echo "== hits"; cat /sys/kernel/debug/klas/%s/hits
                        echo "== end"
                        """.formatted(ADVICE)).toString(), "--timeout", "400");
        counts = vm.counts("counts");
        List<String> text = vm.section("hits");
        for (String line : text) {
            String[] f = line.split("\t");
            if (f[0].equals("hook")) {
                debugfs.merge(f[3] + "+" + Long.parseLong(f[4]), Long.parseLong(f[2]), Long::sum);
            }
        }
        assertFalse(debugfs.isEmpty(), "no hook lines in the guest's hits file: " + vm.script());
        Path copy = Files.write(work.resolve("debugfs-hits"), text);
        Path hitsFile = work.resolve("hits.json");
        Run h = Run.klas("hits", "--module-file", copy.toString(), "--out", hitsFile.toString());
        assertEquals(0, h.exitCode(), h.err());
        hits = JSON.readTree(hitsFile.toFile());
        report = work.resolve("report");
        Run r = Run.klas("report", "--woven", woven.toString(), "--hits", hitsFile.toString(), "--out",
                report.toString());
        assertEquals(0, r.exitCode(), r.err());
    }

    private static List<String> aspects() {
        List<String> out = new ArrayList<>();
        ASPECTS.forEach(a -> out.addAll(List.of("--aspect", Run.repo().resolve("samples/aspects/" + a + ".xml")
                .toString())));
        return out;
    }

    /** A row's {@code symbol+0xOFF} as the hits key {@code symbol+OFF}. */
    private static String key(String location) {
        int plus = location.indexOf("+0x");
        return plus < 0 ? location + "+0" : location.substring(0, plus) + "+"
                + Long.parseLong(location.substring(plus + 3), 16);
    }

    @Test
    void indexCountsAreTheModulesAndTheSamplesOwn() throws Exception {
        try (Browser browser = Browser.open()) {
            ChromeDriver d = browser.driver();
            d.get(report.resolve("index.html").toUri().toString());
            long total = debugfs.values().stream().mapToLong(Long::longValue).sum();
            assertEquals(total, Long.parseLong(d.findElement(By.id("total-hits")).getText()), "total of the debugfs file");
            assertEquals(hits.get("total").asLong(), total);
            for (String a : ASPECTS) {
                long shown = Long.parseLong(d.findElement(By.cssSelector("#aspects tr[data-aspect='" + a
                        + "'] td.hits")).getText());
                assertTrue(counts.get(a) >= 7, a + " " + counts);
                assertEquals(counts.get(a), shown, a + ": the sample counted its own join points");
            }
            List<WebElement> rows = d.findElements(By.cssSelector("#joinpoints tbody tr"));
            int hooked = 0;
            for (WebElement row : rows) {
                List<WebElement> cells = row.findElements(By.tagName("td"));
                String at = cells.get(6).getText();
                if (at.isEmpty() || cells.get(10).getText().isEmpty()) {
                    continue;
                }
                hooked++;
                assertEquals(debugfs.get(key(at)), Long.parseLong(cells.get(10).getText()), "hits of " + at);
            }
            assertEquals(debugfs.size(), hooked, "one row per hook of the module (one aspect per hook here)");
            browser.screenshot(SHOTS.resolve("kernel-index.png"));
        }
    }

    @Test
    void aClickOnAJoinPointOpensItsFileAtItsLine() throws Exception {
        try (Browser browser = Browser.open()) {
            ChromeDriver d = browser.driver();
            d.get(report.resolve("index.html").toUri().toString());
            int n = d.findElements(By.cssSelector("#joinpoints tbody tr")).size();
            List<String> checked = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                d.get(report.resolve("index.html").toUri().toString());
                List<WebElement> cells = d.findElements(By.cssSelector("#joinpoints tbody tr")).get(i)
                        .findElements(By.tagName("td"));
                String source = cells.get(4).getText();
                String at = cells.get(6).getText();
                String[] fileLineCol = source.split(":");
                cells.get(4).findElement(By.tagName("a")).click();
                assertTrue(d.getCurrentUrl().matches(".*/files/\\d{4}\\.html#jp-\\d+"), d.getCurrentUrl());
                assertEquals(fileLineCol[0], d.findElement(By.id("file-name")).getText());
                WebElement line = d.findElement(By.cssSelector(".source p.target"));
                assertEquals("L" + fileLineCol[1], line.getAttribute("id"), "the line of " + source);
                List<String> text = Files.readAllLines(Run.repo().resolve("samples/kernel-mbuf/" + fileLineCol[0]));
                assertEquals(text.get(Integer.parseInt(fileLineCol[1]) - 1), line.findElement(By.tagName("code"))
                        .getDomProperty("textContent").replace("◆", ""), "the source line as written");
                WebElement details = d.findElement(By.cssSelector(".jp:not([hidden])"));
                if (!at.isEmpty() && debugfs.containsKey(key(at))) {
                    assertEquals(Long.toString(debugfs.get(key(at))), details.findElement(By.cssSelector(".f-hits"))
                            .getText(), "details' hits of " + at);
                }
                if (fileLineCol[0].equals("mbuf.c") && checked.stream().noneMatch(c -> c.startsWith("mbuf.c:"))) {
                    browser.screenshot(SHOTS.resolve("kernel-file.png"));
                }
                checked.add(source);
            }
            assertTrue(checked.size() >= debugfs.size(), checked.toString());
        }
    }

    @Test
    void thePlannedReportIsTheReportOfTheWeave() throws Exception {
        Run fromWeave = Run.klas("report", "--woven", woven.toString(), "--out", work.resolve("r1").toString());
        assertEquals(0, fromWeave.exitCode(), fromWeave.err());
        List<String> plan = new ArrayList<>(List.of("report", "--db", db.toString(), "--binary", ko.toString(),
                "--target", "linux-kprobes", "--out", work.resolve("r2").toString()));
        plan.addAll(aspects());
        Run planned = Run.klas(plan.toArray(String[]::new));
        assertEquals(0, planned.exitCode(), planned.err());
        JsonNode log = JSON.readTree(woven.resolve("joinpoints.json").toFile());
        assertEquals("linux-kprobes", log.get("target").asText());
        assertTrue(log.get("joinPoints").size() >= debugfs.size(), log.toString());
        ReportPlannedTest.assertSameSite(work.resolve("r1"), work.resolve("r2"));
    }
}
