package dev.klas.resolve;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rows of {@code readelf --debug-dump=decodedline -W} for the files a filter keeps, read as a stream: each row
 * with the address where the next row starts, under the path readelf printed above it ({@code CU: PATH:} or
 * {@code PATH:}), normalized ({@code ./} and {@code dir/..} removed). The same file may come under several spellings
 * (absolute, relative to the build or source folder): {@link #matching} gathers them for a full path.
 */
final class DecodedLines {
    /** One row: where it starts and where the next row of its sequence starts (equal for a zero-length row). */
    record Segment(long address, long next) {
        boolean empty() {
            return next == address;
        }
    }

    private static final Pattern HEADER = Pattern.compile("^(?:CU: )?(\\S+):$");
    private static final Pattern ROW = Pattern.compile("^(\\S+)\\s+(\\d+|-)\\s+(0x[0-9a-f]+)");
    private final Map<String, Map<Integer, List<Segment>>> byPath = new HashMap<>();

    /**
     * Reads {@code reader} (readelf's output) to its end, keeping the files whose normalized path passes. readelf
     * prints no header when a new sequence starts in another file than the last one printed (the file register is
     * reset to 1): a row whose file column does not end the current path takes the path its name had last in the
     * unit; a row of a kept base name whose path cannot be told fails the read.
     */
    static DecodedLines read(BufferedReader reader, Predicate<String> keep) throws IOException {
        DecodedLines out = new DecodedLines();
        Map<String, String> inUnit = new HashMap<>();
        String header = "";
        String pendingPath = null;
        int pendingLine = 0;
        long pendingAddress = 0;
        for (String l = reader.readLine(); l != null; l = reader.readLine()) {
            Matcher r = ROW.matcher(l);
            if (r.find()) {
                long address = Long.parseUnsignedLong(r.group(3).substring(2), 16);
                if (pendingPath != null) {
                    out.add(pendingPath, pendingLine, new Segment(pendingAddress, address));
                    pendingPath = null;
                }
                if (r.group(2).equals("-")) {
                    continue;
                }
                String name = r.group(1);
                String path = names(header, name) ? header
                        : inUnit.getOrDefault(name.substring(name.lastIndexOf('/') + 1), "");
                path = names(path, name) ? path : "";
                if (path.isEmpty() && keep.test(name)) {
                    throw new AssertionError("readelf row of a kept file under no header naming it: " + l);
                }
                if (!path.isEmpty() && keep.test(path)) {
                    pendingPath = path;
                    pendingLine = Integer.parseInt(r.group(2));
                    pendingAddress = address;
                }
                continue;
            }
            Matcher h = HEADER.matcher(l);
            if (h.matches()) {
                if (l.startsWith("CU: ")) {
                    inUnit.clear();
                }
                header = Path.of(h.group(1)).normalize().toString();
                inUnit.put(header.substring(header.lastIndexOf('/') + 1), header);
            }
        }
        return out;
    }

    private static boolean names(String path, String name) {
        return path.equals(name) || path.endsWith("/" + name);
    }

    private void add(String path, int line, Segment s) {
        byPath.computeIfAbsent(path, k -> new HashMap<>()).computeIfAbsent(line, k -> new ArrayList<>()).add(s);
    }

    /** Every normalized path readelf printed for the kept files. */
    List<String> paths() {
        return List.copyOf(byPath.keySet());
    }

    /** The lines of a printed path that have rows. */
    Map<Integer, List<Segment>> lines(String path) {
        return byPath.getOrDefault(path, Map.of());
    }

    /** The printed paths that name {@code full}: equal to it, or a relative path it ends with. */
    List<String> matching(String full) {
        List<String> out = new ArrayList<>();
        for (String p : byPath.keySet()) {
            if (p.equals(full) || !p.startsWith("/") && full.endsWith("/" + p)) {
                out.add(p);
            }
        }
        return out;
    }
}
