import dev.klas.schema.NamePattern;
import dev.klas.schema.PointcutParser;
import dev.klas.symbols.SymbolTable;
import dev.klas.symbols.store.MemberSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * Query times on a generated symbols.db of whole-kernel size. Run through bench/query/run:
 *   java -cp cli/target/klas.jar bench/query/QueryBench.java DB ROWS
 * The table is made with SymbolTable (klas's schema), then filled with JDBC (its indexes dropped during the bulk
 * insert and made again after, as they were; the member summary then filled by MemberSummary.rebuild): ROWS shadows over 30,000 files, 8,000 structs of 24 members and 300,000 functions, kinds
 * and lines drawn at random (seed fixed).
 */
public class QueryBench {
    static final String[] KINDS = {"FIELD_READ", "FIELD_WRITE", "FIELD_READWRITE", "FIELD_ADDRESS", "FP_CALL", "CALL",
        "FUNCTION"};

    public static void main(String[] args) throws Exception {
        Path db = Path.of(args[0]);
        long rows = Long.parseLong(args[1]);
        if (!Files.exists(db)) {
            generate(db, rows);
        }
        List<String> pointcuts = List.of(
                "set(sk_buff.len)",
                "field-access(struct_17.member_3)",
                "get(struct_4711.*)",
                "line(\"net/dir_12/file_345.c\":1234)",
                "field-access(sk_buff.len) && within(\"net/dir_1*/*.c\")",
                "fp-call(struct_99.member_*) && withincode(fn_1234*)",
                "call(fn_4242) || execution(fn_4242)");
        try (SymbolTable t = SymbolTable.open(db)) {
            System.out.printf("%d shadows in %s%n", t.size(), db);
            System.out.printf("%-50s %8s %9s %9s %9s %9s%n", "pointcut", "rows", "first ms", "median ms", "least ms",
                    "cpu ms");
            for (String p : pointcuts) {
                var pc = PointcutParser.parse(p);
                time(p, () -> t.match(pc).size(), 9);
            }
            System.out.printf("%n%-50s %8s %9s %9s %9s %9s%n", "klas structs PATTERN / klas query --count", "rows",
                    "first ms", "median ms", "least ms", "cpu ms");
            for (String p : List.of("sk_buff", "struct_4711", "struct_17.member_3", "struct_12*", "*.len",
                    "struct_4*.member_1?", "*")) {
                int dot = p.indexOf('.');
                NamePattern st = NamePattern.of(dot < 0 ? p : p.substring(0, dot));
                NamePattern mb = NamePattern.of(dot < 0 ? "*" : p.substring(dot + 1));
                time("structs " + p, () -> t.members(st, mb).size(), p.equals("*") ? 3 : 9);
            }
            for (String p : List.of("field-access(sk_buff.*)", "get(struct_4711.*)")) {
                var pc = PointcutParser.parse(p);
                time("query --count-by file " + p, () -> t.match(pc).stream()
                        .collect(Collectors.groupingBy(s -> s.file(), Collectors.counting())).size(), 9);
            }
        }
    }

    /**
     * Prints the rows of the first run, its time, then the median and least wall time of {@code repeat} more and the
     * least CPU time of this thread among them (SQLite runs in it: the query's own cost on a loaded machine).
     */
    static void time(String label, Callable<Integer> query, int repeat) throws Exception {
        var mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long t0 = System.nanoTime();
        int n = query.call();
        double first = (System.nanoTime() - t0) / 1e6;
        double[] runs = new double[repeat];
        double cpu = Double.MAX_VALUE;
        for (int i = 0; i < runs.length; i++) {
            long c = mx.getCurrentThreadCpuTime();
            long s = System.nanoTime();
            query.call();
            runs[i] = (System.nanoTime() - s) / 1e6;
            cpu = Math.min(cpu, (mx.getCurrentThreadCpuTime() - c) / 1e6);
        }
        Arrays.sort(runs);
        System.out.printf("%-50s %8d %9.1f %9.1f %9.1f %9.1f%n", label, n, first, runs[runs.length / 2], runs[0], cpu);
    }

    static void generate(Path db, long rows) throws Exception {
        SymbolTable.openOrCreate(db).close();
        Random r = new Random(42);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            // the shadows indexes are dropped for the bulk insert and made again after
            List<String> ddl = new java.util.ArrayList<>();
            List<String> drops = new java.util.ArrayList<>();
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA synchronous = OFF");
                try (var defs = s.executeQuery("SELECT type, name, sql FROM sqlite_master WHERE type = 'index'"
                        + " AND sql IS NOT NULL AND tbl_name = 'shadows'")) {
                    while (defs.next()) {
                        drops.add("DROP " + defs.getString(1).toUpperCase() + " " + defs.getString(2));
                        ddl.add(defs.getString(3));
                    }
                }
                for (String d : drops) {
                    s.execute(d);
                }
            }
            c.setAutoCommit(false);
            try (PreparedStatement f = c.prepareStatement("INSERT INTO files(id, path) VALUES (?, ?)")) {
                for (int i = 1; i <= 30_000; i++) {
                    f.setInt(1, i);
                    f.setString(2, "net/dir_" + (i % 100) + "/file_" + i + ".c");
                    f.addBatch();
                }
                f.executeBatch();
            }
            try (PreparedStatement s = c.prepareStatement("INSERT INTO shadows(owner_id, file_id, kind, line, col,"
                    + " function, struct, member, macro) VALUES (?, ?, ?, ?, ?, ?, ?, ?, '')")) {
                for (long i = 0; i < rows; i++) {
                    int file = 1 + r.nextInt(30_000);
                    String kind = KINDS[r.nextInt(KINDS.length)];
                    boolean field = !kind.equals("CALL") && !kind.equals("FUNCTION");
                    s.setInt(1, file);
                    s.setInt(2, file);
                    s.setString(3, kind);
                    s.setInt(4, 1 + r.nextInt(5000));
                    s.setInt(5, 1 + r.nextInt(80));
                    s.setString(6, "fn_" + r.nextInt(300_000));
                    int st = r.nextInt(8000);
                    s.setString(7, field ? (st == 0 ? "sk_buff" : "struct_" + st) : "");
                    s.setString(8, field ? (st == 0 && r.nextBoolean() ? "len" : "member_" + r.nextInt(24))
                            : "fn_" + r.nextInt(300_000));
                    s.addBatch();
                    if (i % 100_000 == 99_999) {
                        s.executeBatch();
                    }
                }
                s.executeBatch();
            }
            c.commit();
            try (Statement s = c.createStatement()) {
                for (String d : ddl) {
                    s.execute(d);
                }
            }
            // the summary ShadowStore would have kept: MemberSummaryTest proves the rebuild equal to it
            MemberSummary.rebuild(c);
            c.commit();
            try (Statement s = c.createStatement()) {
                s.execute("ANALYZE");
            }
            c.commit();
        }
    }
}
