package dev.klas.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The written HTML of a report over {@link HostileSource}: text stays text, lines carry hits, counts add up. */
class SiteTest {
    @TempDir
    Path tmp;

    private String filePage() throws Exception {
        HostileSource.write(tmp);
        Site.Written w = Site.write(HostileSource.log(tmp), HostileSource.hits(), List.of(tmp), tmp.resolve("r"));
        assertEquals(1, w.files());
        return Files.readString(tmp.resolve("r/files/0001.html"));
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            n++;
        }
        return n;
    }

    @Test
    void sourceTextIsEscapedNotMarkup() throws Exception {
        String page = filePage();
        assertEquals(1, count(page, "</script>"), "only the page's own script element closes a script");
        assertEquals(0, count(page, "<!--"), page);
        assertEquals(0, count(page, "<b>bold"), page);
        assertTrue(page.contains("&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;"), page);
        assertTrue(page.contains("&lt;!-- not a comment --&gt;"), page);
        assertTrue(page.contains("&quot;quoted&quot; &amp; &#39;single&#39;"), page);
        assertTrue(page.contains("a &amp;&amp; b"), page);
        assertTrue(page.contains("\uFFFD\uFFFD"), "0xff 0xfe are shown as replacement characters");
        assertTrue(page.contains("bytes &lt;differ&gt; &amp; &quot;so&quot;"), "a refusal reason is text too");
        String index = Files.readString(tmp.resolve("r/index.html"));
        assertEquals(1, count(index, "</script>"), "an aspect named a</script> stays text on the index");
        assertTrue(index.contains("a&lt;/script&gt;"));
    }

    @Test
    void linesAreColouredByTheirHooksHits() throws Exception {
        String page = filePage();
        assertTrue(page.contains("<p id=\"L3\" class=\"hit\"><i>3</i><b>7</b>"),
                page);
        assertTrue(page.contains("<p id=\"L4\" class=\"miss\"><i>4</i><b>0</b>"),
                page);
        assertTrue(page.contains("<p id=\"L2\" class=\"off\">"), page);
        assertTrue(page.contains("<p id=\"L5\" class=\"off\">"), page);
        assertTrue(page.contains("<p id=\"L1\"><i>1</i>"), page);
    }

    @Test
    void markersSitAtTheirColumn() throws Exception {
        String page = filePage();
        Matcher m = Pattern.compile("id=\"L3\"[^>]*>.*?<code>(.*?)<button class=\"m precise\" data-jp=\"0\"").matcher(page);
        assertTrue(m.find(), page);
        assertEquals("&#9;p-&gt;", m.group(1), "column 5 of line 3 is after a tab and p->");
        assertTrue(Pattern.compile("id=\"L4\"[^>]*>.*?<code>&#9;return p-&gt;<button class=\"m line\" data-jp=\"1\"")
                .matcher(page).find(), page);
    }

    @Test
    void indexCountsEachOutcome() throws Exception {
        filePage();
        String index = Files.readString(tmp.resolve("r/index.html"));
        for (String c : List.of("hooked access-precise", "hooked at a line", "refused", "unresolved")) {
            assertTrue(index.contains("<tr data-outcome=\"" + c + "\"><td>" + c + "</td><td class=\"num\">1</td></tr>"),
                    c + " in " + index);
        }
        assertTrue(index.contains("<strong id=\"total-hits\">7</strong>"), index);
        assertTrue(index.contains("href=\"files/0001.html#jp-2\""), index);
        assertFalse(index.contains("http://") || index.contains("https://"), "nothing is fetched from the network");
    }
}
