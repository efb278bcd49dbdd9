package dev.klas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.klas.cli.report.Browser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * samples/mbuf-user's oracle build woven with log_reset_len and set_m_len, run with {@code klas run --hits}, then
 * {@code klas report}, opened in headless Chromium: the index's counts are the runtime's (and the program's own
 * counters), every join point's hits are the hits file's, and a click on a join point opens its file at its line.
 * Screenshots go to {@code cli/target/report-screenshots/}.
 */
class ReportBrowserHeavyTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SHOTS = Path.of("target/report-screenshots");

    @TempDir
    static Path tmp;
    static Path report;
    static JsonNode hits;
    static Map<String, Long> oracle = new HashMap<>();
    static JsonNode alone;

    @BeforeAll
    static void runAndReport() throws Exception {
        Greet.requireHeavy("klas report in a real browser");
        Sample s = Sample.make(tmp);
        Path program = s.build().resolve("mbuf-user-oracle");
        Path woven = tmp.resolve("woven");
        Run w = Run.klas("weave", "--binary", program.toString(), "--db", s.db().toString(), "--target", "userspace",
                "--out", woven.toString(), "--aspect", aspect("log_reset_len"), "--aspect", aspect("set_m_len"));
        assertEquals(0, w.exitCode(), w.err());
        Run one = Run.klas("weave", "--binary", program.toString(), "--db", s.db().toString(), "--target", "userspace",
                "--out", tmp.resolve("alone").toString(), "--aspect", aspect("log_reset_len"), "--format", "json");
        assertEquals(0, one.exitCode(), one.err());
        alone = JSON.readTree(one.out());
        Path hitsFile = tmp.resolve("hits.json");
        ProcessBuilder pb = new ProcessBuilder(RunCommandTest.klas("run", "--hits", hitsFile.toString(), "--woven",
                woven.toString(), "--", program.toString(), "3000", "2")).redirectInput(Tools.NO_INPUT)
                .redirectOutput(tmp.resolve("run.txt").toFile()).redirectError(tmp.resolve("run.err").toFile());
        pb.environment().put("KLAS_OUT", "/dev/null");
        assertEquals(0, Tools.await(pb.start(), pb.command()), Files.readString(tmp.resolve("run.err")));
        Matcher m = Pattern.compile("(?m)^oracle (\\w+)=(\\d+)$").matcher(Files.readString(tmp.resolve("run.txt")));
        while (m.find()) {
            oracle.put(m.group(1), Long.parseLong(m.group(2)));
        }
        hits = JSON.readTree(hitsFile.toFile());
        report = tmp.resolve("report");
        Run r = Run.klas("report", "--woven", woven.toString(), "--hits", hitsFile.toString(), "--out",
                report.toString());
        assertEquals(0, r.exitCode(), r.err());
    }

    private static String aspect(String name) {
        return Run.repo().resolve("samples/aspects/" + name + ".xml").toString();
    }

    private static long hookHits(String symbol, long offset) {
        for (JsonNode h : hits.get("hooks")) {
            if (h.get("symbol").asText().equals(symbol) && h.get("offset").asLong() == offset) {
                return h.get("hits").asLong();
            }
        }
        throw new AssertionError("no hook " + symbol + "+" + offset + " in the hits file");
    }

    @Test
    void indexCountsAreTheRuntimesAndTheProgramsOwn() throws Exception {
        try (Browser browser = Browser.open()) {
            ChromeDriver d = browser.driver();
            d.get(report.resolve("index.html").toUri().toString());
            assertEquals(hits.get("total").asLong(), Long.parseLong(d.findElement(By.id("total-hits")).getText()));
            for (String a : List.of("log_reset_len", "set_m_len")) {
                long shown = Long.parseLong(d.findElement(By.cssSelector("#aspects tr[data-aspect='" + a + "'] td.hits"))
                        .getText());
                assertTrue(oracle.get(a) > 3000, a + " " + oracle);
                assertEquals(oracle.get(a), shown, a + ": the program counted its own join points");
            }
            List<WebElement> counts = d.findElements(By.cssSelector("#aspects tr[data-aspect='log_reset_len'] td"));
            assertEquals(List.of(alone.get("accessPrecise").asText(), alone.get("linePrecise").asText(),
                    Integer.toString(alone.get("refused").size()), Integer.toString(alone.get("unresolved").size())),
                    counts.subList(2, 6).stream().map(WebElement::getText).toList(),
                    "log_reset_len's outcomes are those of klas weave --format json weaving it alone");
            List<WebElement> rows = d.findElements(By.cssSelector("#joinpoints tbody tr"));
            assertTrue(rows.size() >= 7, "rows: " + rows.size());
            for (WebElement row : rows) {
                List<WebElement> cells = row.findElements(By.tagName("td"));
                String at = cells.get(6).getText();
                int plus = at.indexOf("+0x");
                long off = plus < 0 ? 0 : Long.parseLong(at.substring(plus + 3), 16);
                String sym = plus < 0 ? at : at.substring(0, plus);
                assertEquals(hookHits(sym, off), Long.parseLong(cells.get(10).getText()), "hits of " + at);
            }
            browser.screenshot(SHOTS.resolve("index.png"));
        }
    }

    @Test
    void aClickOnAJoinPointOpensItsFileAtItsLine() throws Exception {
        try (Browser browser = Browser.open()) {
            ChromeDriver d = browser.driver();
            d.get(report.resolve("index.html").toUri().toString());
            List<String> checked = new ArrayList<>();
            int n = d.findElements(By.cssSelector("#joinpoints tbody tr")).size();
            for (int i = 0; i < n; i++) {
                d.get(report.resolve("index.html").toUri().toString());
                WebElement row = d.findElements(By.cssSelector("#joinpoints tbody tr")).get(i);
                List<WebElement> cells = row.findElements(By.tagName("td"));
                String source = cells.get(4).getText();
                String rowHits = cells.get(10).getText();
                String[] fileLineCol = source.split(":");
                cells.get(4).findElement(By.tagName("a")).click();
                assertTrue(d.getCurrentUrl().matches(".*/files/\\d{4}\\.html#jp-\\d+"), d.getCurrentUrl());
                assertEquals(fileLineCol[0], d.findElement(By.id("file-name")).getText());
                WebElement line = d.findElement(By.cssSelector(".source p.target"));
                assertEquals("L" + fileLineCol[1], line.getAttribute("id"), "the line of " + source);
                List<String> text = Files.readAllLines(Run.repo().resolve("samples/mbuf-user/" + fileLineCol[0]));
                assertEquals(text.get(Integer.parseInt(fileLineCol[1]) - 1),
                        line.findElement(By.tagName("code")).getDomProperty("textContent").replace("◆", ""), "the source line as written");
                WebElement details = d.findElement(By.cssSelector(".jp:not([hidden])"));
                assertEquals(rowHits, details.findElement(By.cssSelector(".f-hits")).getText());
                assertTrue(details.findElement(By.cssSelector(".f-source")).getText().startsWith(source), source);
                checked.add(source);
                if (i == 1) {
                    browser.screenshot(SHOTS.resolve("file.png"));
                }
            }
            assertTrue(checked.size() >= 7, checked.toString());
        }
    }
}
