package dev.klas.cli;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the test bed's network carried during a script: the lines {@code stats WHEN DEV RX TX} that {@link #STATS}
 * prints from /sys/class/net/DEV/statistics (packets), and busybox ping's summaries.
 */
record VmTraffic(Map<String, Counters> stats, Map<String, Long> received) {
    /** Packets received and sent by one device. */
    record Counters(long rx, long tx) {
    }

    /** A shell function for the VM script: {@code stats before} and {@code stats after} print lo's and eth0's. */
    static final String STATS = """
            stats() {
              for d in lo eth0; do
                s=/sys/class/net/$d/statistics
                echo "stats $1 $d $(cat $s/rx_packets) $(cat $s/tx_packets)"
              done
            }
            """;

    private static final Pattern STAT = Pattern.compile("^stats (\\S+) (\\S+) (\\d+) (\\d+)$");
    private static final Pattern PING = Pattern.compile(
            "--- (\\S+) ping statistics ---\\n\\d+ packets transmitted, (\\d+) packets received");

    static VmTraffic parse(List<String> script) {
        Map<String, Counters> stats = new HashMap<>();
        for (String l : script) {
            Matcher m = STAT.matcher(l);
            if (m.matches()) {
                stats.put(m.group(1) + " " + m.group(2), new Counters(Long.parseLong(m.group(3)),
                        Long.parseLong(m.group(4))));
            }
        }
        Map<String, Long> received = new HashMap<>();
        Matcher m = PING.matcher(String.join("\n", script));
        while (m.find()) {
            received.put(m.group(1), Long.parseLong(m.group(2)));
        }
        return new VmTraffic(Map.copyOf(stats), Map.copyOf(received));
    }

    /** The packets DEV received and sent between {@code stats before} and {@code stats after}. */
    Counters delta(String dev) {
        Counters before = counters("before", dev);
        Counters after = counters("after", dev);
        return new Counters(after.rx() - before.rx(), after.tx() - before.tx());
    }

    /** The replies ping received from HOST, by its summary. */
    long received(String host) {
        Long n = received.get(host);
        if (n == null) {
            throw new AssertionError("no ping summary for " + host + " in the script's output");
        }
        return n;
    }

    private Counters counters(String when, String dev) {
        Counters c = stats.get(when + " " + dev);
        if (c == null) {
            throw new AssertionError("no line 'stats " + when + " " + dev + " RX TX' in the script's output");
        }
        return c;
    }
}
