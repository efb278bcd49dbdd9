package dev.klas.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

/** The report of {@link HostileSource} in Chromium: the source shows as the text it is; no markup of it runs. */
class HostileBrowserHeavyTest {
    @TempDir
    Path tmp;

    @Test
    void hostileSourceIsRenderedAsText() throws Exception {
        try (Browser browser = Browser.open()) {
            HostileSource.write(tmp);
            Site.write(HostileSource.log(tmp), HostileSource.hits(), List.of(tmp), tmp.resolve("r"));
            WebDriver d = browser.driver();
            d.get(tmp.resolve("r/files/0001.html").toUri().toString());
            assertEquals(HostileSource.LINES.get(0), d.findElement(By.cssSelector("#L1 code")).getText());
            assertEquals(HostileSource.LINES.get(1).replace("int f", "◆int f"),
                    d.findElement(By.cssSelector("#L2 code")).getText(), "the marker, then the line as written");
            String l3 = d.findElement(By.cssSelector("#L3 code")).getText();
            assertTrue(l3.endsWith("/* \"quoted\" & 'single' */ \uFFFD\uFFFD"), l3);
            assertEquals(1L, ((Number) browser.driver().executeScript(
                    "return document.querySelectorAll('script').length")).longValue(), "only report.js is a script");
            assertEquals(0L, ((Number) browser.driver().executeScript(
                    "return document.querySelectorAll('#source code b').length")).longValue(), "<b> in a comment is text");
            d.get(tmp.resolve("r/index.html").toUri().toString());
            assertEquals("a</script>", d.findElement(By.cssSelector("#aspects tr[data-aspect] td")).getText());
        }
    }
}
