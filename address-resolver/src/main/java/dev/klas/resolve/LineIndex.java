package dev.klas.resolve;

import dev.klas.resolve.dwarf.DwarfInfo;
import dev.klas.resolve.dwarf.LineFile;
import dev.klas.resolve.dwarf.LineTable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Every row of every line table of a binary, held column by column, with the rows of each source file grouped for
 * (file, line[, column]) → addresses queries. Files are matched by path suffix on whole components after the
 * compilation directory is prepended to relative names; a suffix matching several files is reported as
 * {@link LineLookup.Ambiguous}.
 *
 * <p>An index {@link #build(DwarfInfo, Collection) restricted} to some queries knows the file paths of every line
 * table that have the base name of a query (all that a lookup of it compares), and keeps only the rows of the files
 * those queries name, each with the row after it (whose address ends a run): its lookups of those queries equal
 * the full index's. A whole vmlinux has 4.2 million rows; the files of
 * a weave are a few hundred thousand of them.
 */
public final class LineIndex {
    private static final int STMT = 1;
    private static final int END = 2;

    private long[] address;
    private int[] file;
    private int[] line;
    private int[] column;
    private byte[] flags;
    private int size;
    private final List<String> paths = new ArrayList<>();
    private final Map<String, Integer> pathIds = new HashMap<>();
    private final Map<String, List<Integer>> byBaseName = new HashMap<>();
    private final Map<String, String> normalizedDirs = new HashMap<>();
    private int[] fileStart;
    private long[] postings;
    private boolean[] sorted;
    /** The queries a restricted index answers (normalized), by base name; null for a full index. */
    private final Map<String, List<String>> restriction;
    /** Per path id: whether its rows are kept (restricted index only). */
    private boolean[] wanted = new boolean[0];

    /** An empty index with room for about {@code expectedRows} rows (grown as needed). */
    private LineIndex(long expectedRows, Map<String, List<String>> restriction) {
        this.restriction = restriction;
        int n = (int) Math.max(1 << 12, Math.min(expectedRows, 1 << 23));
        address = new long[n];
        file = new int[n];
        line = new int[n];
        column = new int[n];
        flags = new byte[n];
    }

    /** Reads every line table of {@code dwarf}. */
    public static LineIndex build(DwarfInfo dwarf) {
        LineIndex ix = new LineIndex(dwarf.lineSectionSize() / 4, null);
        for (LineTable t : dwarf.lineTables()) {
            ix.add(t, dwarf);
        }
        ix.group();
        return ix;
    }

    /**
     * Reads the rows of the files that {@code queries} name (paths or suffixes, as {@link #lookup} takes them) from
     * every line table of {@code dwarf}; a line table without such a file is not decoded.
     */
    public static LineIndex build(DwarfInfo dwarf, Collection<String> queries) {
        Map<String, List<String>> byBase = new HashMap<>();
        for (String q : new TreeSet<>(queries)) {
            String n = Paths.normalize(q);
            byBase.computeIfAbsent(Paths.baseName(n), k -> new ArrayList<>()).add(n);
        }
        LineIndex ix = new LineIndex(1 << 16, byBase);
        for (LineTable t : dwarf.lineTables()) {
            ix.addWanted(t, dwarf);
        }
        ix.group();
        return ix;
    }

    /** Whether this index answers {@code query} as the full index would. */
    public boolean answers(String query) {
        if (restriction == null) {
            return true;
        }
        String n = Paths.normalize(query);
        return restriction.getOrDefault(Paths.baseName(n), List.of()).contains(n);
    }

    /** The path ids of a line table's file entries (registering new paths). */
    private int[] ids(LineTable t, DwarfInfo dwarf) {
        List<LineFile> files = t.files();
        int[] ids = new int[files.size()];
        String[] dirCache = new String[t.directories().size()];
        for (int i = 0; i < ids.length; i++) {
            LineFile f = files.get(i);
            // a restricted index answers only queries of its base names: a file of another base name is left out
            // (-1) without building its path; "." and ".." name their directory, whose base only the path shows
            String base = Paths.baseName(f.name());
            ids[i] = restriction != null && !restriction.containsKey(base) && !base.isEmpty() && !base.equals(".")
                    && !base.equals("..") ? -1 : id(f, t, dwarf, dirCache);
        }
        return ids;
    }

    private void add(LineTable t, DwarfInfo dwarf) {
        int base = t.fileIndexBase();
        int[] ids = ids(t, dwarf);
        t.forEachRow((long a, int fileNumber, int ln, int col, int fl) -> {
            if (size == address.length) {
                grow();
            }
            int f = fileNumber - base;
            address[size] = a;
            file[size] = f >= 0 && f < ids.length ? ids[f] : -1;
            line[size] = ln;
            column[size] = col;
            flags[size] = (byte) (((fl & LineTable.RowVisitor.STMT) != 0 ? STMT : 0)
                    | ((fl & LineTable.RowVisitor.END_SEQUENCE) != 0 ? END : 0));
            size++;
        });
    }

    /** As {@link #add}, keeping only the rows of wanted files and the row after each. */
    private void addWanted(LineTable t, DwarfInfo dwarf) {
        int base = t.fileIndexBase();
        int[] ids = ids(t, dwarf);
        boolean any = false;
        for (int id : ids) {
            any |= id >= 0 && wanted[id];
        }
        if (!any) {
            return;
        }
        boolean[] afterWanted = {false};
        t.forEachRow((long a, int fileNumber, int ln, int col, int fl) -> {
            int f = fileNumber - base;
            int id = f >= 0 && f < ids.length ? ids[f] : -1;
            boolean keep = id >= 0 && wanted[id];
            if (keep || afterWanted[0]) {
                if (size == address.length) {
                    grow();
                }
                address[size] = a;
                file[size] = id;
                line[size] = ln;
                column[size] = col;
                flags[size] = (byte) (((fl & LineTable.RowVisitor.STMT) != 0 ? STMT : 0)
                        | ((fl & LineTable.RowVisitor.END_SEQUENCE) != 0 ? END : 0));
                size++;
            }
            afterWanted[0] = keep;
        });
    }

    /**
     * The id of a file's normalized absolute path: a relative directory is taken relative to directory 0 in
     * DWARF 5 (which holds the compilation directory, 6.2.4 item 16) and to the unit's comp_dir before.
     */
    private int id(LineFile f, LineTable t, DwarfInfo dwarf, String[] dirCache) {
        String name = f.name();
        String dir = "";
        if (!name.startsWith("/")) {
            long di = f.directoryIndex();
            if (di >= 0 && di < dirCache.length) {
                if (dirCache[(int) di] == null) {
                    dirCache[(int) di] = base(f.directory(), t, dwarf);
                }
                dir = dirCache[(int) di];
            } else {
                dir = base(f.directory(), t, dwarf);
            }
        }
        String p = dir.isEmpty() ? name : dir + "/" + name;
        if (name.indexOf('/') >= 0 || name.startsWith(".")) {
            p = Paths.normalize(p);
        }
        Integer id = pathIds.get(p);
        if (id == null) {
            id = paths.size();
            paths.add(p);
            pathIds.put(p, id);
            byBaseName.computeIfAbsent(Paths.baseName(p), k -> new ArrayList<>(1)).add(id);
            if (restriction != null) {
                if (wanted.length == id) {
                    wanted = Arrays.copyOf(wanted, Math.max(16, id * 2));
                }
                for (String q : restriction.getOrDefault(Paths.baseName(p), List.of())) {
                    wanted[id] |= Paths.names(p, q);
                }
            }
        }
        return id;
    }

    private String base(String dir, LineTable t, DwarfInfo dwarf) {
        String root = "";
        if (!dir.startsWith("/")) {
            root = t.version() >= 5 && !t.directories().isEmpty() ? t.directories().get(0)
                    : dwarf.compDirOfLineTable(t.offset()).orElse("");
        }
        String full = root.isEmpty() || root.equals(dir) ? dir : root + "/" + dir;
        return normalizedDirs.computeIfAbsent(full, Paths::normalize);
    }

    private void grow() {
        int n = address.length + (address.length >> 1);
        address = Arrays.copyOf(address, n);
        file = Arrays.copyOf(file, n);
        line = Arrays.copyOf(line, n);
        column = Arrays.copyOf(column, n);
        flags = Arrays.copyOf(flags, n);
    }

    /**
     * Groups rows by file with one counting pass, then sorts each file's entries ({@code line << 32 | row}) by line,
     * which keeps table order among rows of one line; a file's entries are few and sit together, so the sorts stay
     * in cache.
     */
    private void group() {
        fileStart = new int[paths.size() + 1];
        for (int i = 0; i < size; i++) {
            if (file[i] >= 0) {
                fileStart[file[i] + 1]++;
            }
        }
        for (int f = 0; f < paths.size(); f++) {
            fileStart[f + 1] += fileStart[f];
        }
        postings = new long[fileStart[paths.size()]];
        sorted = new boolean[paths.size()];
        int[] next = Arrays.copyOf(fileStart, paths.size());
        for (int i = 0; i < size; i++) {
            if (file[i] >= 0) {
                postings[next[file[i]]++] = (long) line[i] << 32 | i;
            }
        }
        for (int f = 0; f < paths.size(); f++) {
            sortSegment(f);
        }
    }

    private void sortSegment(int f) {
        int from = fileStart[f];
        int to = fileStart[f + 1];
        for (int k = from + 1; k < to; k++) {
            if (postings[k - 1] > postings[k]) {
                Arrays.sort(postings, from, to);
                break;
            }
        }
        sorted[f] = true;
    }

    /** The first position in file {@code f}'s entries whose line is not below {@code ln}. */
    private synchronized int firstOfLine(int f, int ln) {
        if (!sorted[f]) {
            sortSegment(f);
        }
        int lo = fileStart[f];
        int hi = fileStart[f + 1];
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if ((int) (postings[mid] >> 32) < ln) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** The number of rows indexed (end-of-sequence rows included). */
    public int rowCount() {
        return size;
    }

    /** Every distinct source file path, in first-seen order (of a restricted index: those of its base names). */
    public List<String> files() {
        return List.copyOf(paths);
    }

    /** Every run of {@code line} of the file named by {@code query}. */
    public LineLookup lookup(String query, int line) {
        return lookup(query, line, 0);
    }

    /**
     * Every run of rows of {@code line} (and {@code column} when it is positive) of the file named by
     * {@code query}: a path, or a suffix of whole path components ({@code ipv4/tcp.c}).
     */
    public LineLookup lookup(String query, int line, int column) {
        List<Integer> ids = matchFiles(query);
        if (ids.isEmpty()) {
            return new LineLookup.NoSuchFile(query);
        }
        if (ids.size() > 1) {
            TreeSet<String> names = new TreeSet<>();
            ids.forEach(i -> names.add(paths.get(i)));
            return new LineLookup.Ambiguous(query, List.copyOf(names));
        }
        int f = ids.get(0);
        List<LineLocation> runs = new ArrayList<>();
        List<LineLocation> empty = new ArrayList<>();
        for (int k = firstOfLine(f, line); k < fileStart[f + 1] && (int) (postings[k] >> 32) == line; k++) {
            int r = (int) postings[k];
            if (!matches(r, f, line, column) || (r > 0 && matches(r - 1, f, line, column))) {
                continue;
            }
            int e = r + 1;
            while (e < size && matches(e, f, line, column)) {
                e++;
            }
            long end = e < size ? address[e] : address[e - 1];
            LineLocation loc = new LineLocation(paths.get(f), line, this.column[r], address[r], end,
                    (flags[r] & STMT) != 0);
            (end != address[r] ? runs : empty).add(loc);
        }
        if (runs.isEmpty() && empty.isEmpty()) {
            return new LineLookup.NoCode(paths.get(f), line);
        }
        return runs.isEmpty() ? new LineLookup.Found(empty) : new LineLookup.Found(runs, empty);
    }

    private boolean matches(int r, int f, int ln, int col) {
        return file[r] == f && line[r] == ln && (flags[r] & END) == 0 && (col <= 0 || column[r] == col);
    }

    private List<Integer> matchFiles(String query) {
        String q = Paths.normalize(query);
        List<Integer> bucket = byBaseName.getOrDefault(Paths.baseName(q), List.of());
        List<Integer> out = new ArrayList<>();
        for (int id : bucket) {
            if (Paths.names(paths.get(id), q)) {
                out.add(id);
            }
        }
        return out;
    }
}
