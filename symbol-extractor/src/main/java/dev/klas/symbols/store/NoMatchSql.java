package dev.klas.symbols.store;

import dev.klas.schema.Access;
import dev.klas.schema.NamePattern;
import dev.klas.schema.Pointcut;
import dev.klas.schema.PointcutPrinter;
import dev.klas.schema.Pointcuts;
import dev.klas.symbols.MatchDiagnosis;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Why a pointcut selects nothing, per selector: the first of these that holds, the most specific last. The struct
 * pattern matches no struct; the struct has no such member; the member has no shadow of the selected kind; every
 * shadow of the selector lies outside the restrictions and-ed to it. {@code call}/{@code execution}: no such
 * function, or one only defined or only called. Struct and member questions are answered from the member summary
 * ({@link MemberSummary}) and suggestions from distinct names read by index seeks ({@link Names}); the shadows table
 * is only counted through its indexes for the selector itself.
 */
public final class NoMatchSql {
    private final Connection c;
    private List<String> structs;

    private NoMatchSql(Connection c) {
        this.c = c;
    }

    /**
     * One diagnosis per selector occurrence that selects nothing, in the order written. Runs-in terms select no
     * shadow and narrow none: they are left out here and accounted for after address resolution.
     */
    public static List<MatchDiagnosis> diagnose(Connection c, Pointcut p) throws SQLException {
        NoMatchSql d = new NoMatchSql(c);
        List<MatchDiagnosis> out = new ArrayList<>();
        for (Occurrence o : Occurrence.of(Pointcuts.containsRunsIn(p) ? Pointcuts.source(p) : p)) {
            Optional<String> reason = d.absent(o.selector());
            if (reason.isEmpty()) {
                reason = d.restricted(o);
            }
            reason.ifPresent(r -> out.add(new MatchDiagnosis(o.selector(), o.restrictions(), r)));
        }
        return out;
    }

    /** Why the selector alone selects nothing; empty when it selects something. */
    private Optional<String> absent(Pointcut.Selector s) throws SQLException {
        if (s instanceof Pointcut.FieldAccess f) {
            return member(f.struct(), f.member(), f.access() == Access.WRITE ? "set"
                    : f.access() == Access.READ ? "get" : "field-access");
        }
        if (s instanceof Pointcut.FpCall f) {
            return member(f.struct(), f.member(), "fp-call");
        }
        if (PointcutSql.any(c, s)) {
            return Optional.empty();
        }
        if (s instanceof Pointcut.Call call) {
            return Optional.of(PointcutSql.any(c, new Pointcut.Execution(call.function()))
                    ? quoted(call.function()) + " is defined but never called directly (a call through a pointer"
                    + " is fp-call(S.m))" : FunctionNames.missing(c, call.function()));
        }
        if (s instanceof Pointcut.Execution e) {
            long calls = PointcutSql.count(c, new Pointcut.Call(e.function()));
            return Optional.of(calls > 0 ? quoted(e.function()) + " is called (" + calls + ") but defined in no"
                    + " extracted source" : FunctionNames.missing(c, e.function()));
        }
        if (s instanceof Pointcut.Line l) {
            String glob = PointcutPrinter.quote(l.file().text());
            return Optional.of(PointcutSql.any(c, new Pointcut.Within(l.file()))
                    ? "no shadow on line " + l.line() + " of the files matching " + glob
                    : "no file in the table matches " + glob);
        }
        return Optional.of("selects no shadow in the source (matched at run time)");
    }

    /** Struct, then member, then the selected kind of shadow, from the member summary. */
    private Optional<String> member(NamePattern struct, NamePattern member, String op) throws SQLException {
        long[] n = sums(struct, member);
        String name = struct + "." + member;
        if (n[4] == 0) {
            return Optional.of(sums(struct, NamePattern.of("*"))[4] == 0 ? noStruct(struct) : noMember(struct, member));
        }
        long reads = n[0];
        long writes = n[1];
        long fpCalls = n[2];
        long addresses = n[3];
        return switch (op) {
            case "set" -> writes > 0 ? Optional.empty() : Optional.of(name + " occurs only as "
                    + uses(new String[] {"read", "fp-call", "address-of"}, reads, fpCalls, addresses)
                    + "; set(...) selects writes");
            case "get" -> reads + fpCalls > 0 ? Optional.empty() : Optional.of(name + " occurs only as "
                    + uses(new String[] {"write", "address-of"}, writes, addresses) + "; get(...) selects reads");
            case "fp-call" -> fpCalls > 0 ? Optional.empty() : Optional.of(name + " is never called through (fp-call 0; "
                    + String.join(", ", counts(new String[] {"read", "write", "address-of"}, " %d", reads, writes,
                    addresses)) + ")");
            default -> Optional.empty();
        };
    }

    private String noStruct(NamePattern struct) throws SQLException {
        List<String> near = struct.isExact() ? Suggestions.closest(struct.text(), structs()) : List.of();
        return "no struct matches '" + struct + "'" + Suggestions.phrase(near);
    }

    private String noMember(NamePattern struct, NamePattern member) throws SQLException {
        List<String> members = new ArrayList<>();
        if (member.isExact()) {
            for (String s : structs().stream().filter(struct::matches).limit(50).toList()) {
                members.addAll(Names.members(c, s));
            }
        }
        String near = Suggestions.phrase(member.isExact() ? Suggestions.closest(member.text(), members) : List.of());
        return (struct.isExact() ? "struct " + struct + " has no" : "no struct matching '" + struct + "' has a")
                + " member '" + member + "' in the table" + near;
    }

    /** The restrictions and-ed to an occurrence that exclude every shadow of its selector; empty when some remain. */
    private Optional<String> restricted(Occurrence o) throws SQLException {
        if (o.restrictions().isEmpty() || PointcutSql.any(c, with(o.selector(), o.restrictions()))) {
            return Optional.empty();
        }
        Pointcut culprit = Pointcuts.and(o.restrictions());
        for (Pointcut r : o.restrictions()) {
            if (!PointcutSql.any(c, with(o.selector(), List.of(r)))) {
                culprit = r;
                break;
            }
        }
        long n = PointcutSql.count(c, o.selector());
        boolean place = culprit instanceof Pointcut.Within || culprit instanceof Pointcut.WithinCode;
        String verb = place ? (n == 1 ? "lies outside " : "lie outside ") : (n == 1 ? "is excluded by " : "are excluded by ");
        return Optional.of(n + (n == 1 ? " shadow of " : " shadows of ") + PointcutPrinter.print(o.selector()) + " "
                + verb + PointcutPrinter.print(culprit));
    }

    private static Pointcut with(Pointcut.Selector s, List<Pointcut> restrictions) {
        List<Pointcut> parts = new ArrayList<>(restrictions);
        parts.add(0, s);
        return Pointcuts.and(parts);
    }

    /** reads, writes, fp-calls, addresses and shadows of the members matching the patterns. */
    private long[] sums(NamePattern struct, NamePattern member) throws SQLException {
        List<String> args = new ArrayList<>();
        String where = name("struct", struct, args) + " AND " + name("member", member, args);
        try (PreparedStatement ps = c.prepareStatement("SELECT sum(reads), sum(writes), sum(fp_calls), sum(addresses),"
                + " sum(shadows) FROM member_files WHERE " + where)) {
            for (int i = 0; i < args.size(); i++) {
                ps.setString(i + 1, args.get(i));
            }
            try (ResultSet r = ps.executeQuery()) {
                r.next();
                return new long[] {r.getLong(1), r.getLong(2), r.getLong(3), r.getLong(4), r.getLong(5)};
            }
        }
    }

    private List<String> structs() throws SQLException {
        if (structs == null) {
            structs = Names.structs(c);
        }
        return structs;
    }

    /** {@code read (412), fp-call (2) and address-of (3)}: the uses whose count is not zero. */
    private static String uses(String[] labels, long... counts) {
        List<String> parts = counts(labels, " (%d)", counts);
        if (parts.size() < 2) {
            return String.join("", parts);
        }
        return String.join(", ", parts.subList(0, parts.size() - 1)) + " and " + parts.get(parts.size() - 1);
    }

    /** Each label whose count is not zero, with its count in {@code format}. */
    private static List<String> counts(String[] labels, String format, long... counts) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < labels.length; i++) {
            if (counts[i] > 0) {
                out.add(labels[i] + String.format(format, counts[i]));
            }
        }
        return out;
    }

    private static String quoted(NamePattern p) {
        return "'" + p + "'";
    }

    private static String name(String column, NamePattern pattern, List<String> args) {
        if (pattern.text().equals("*")) {
            return "1";
        }
        args.add(pattern.text());
        return column + (pattern.isExact() ? " = ?" : " GLOB ?");
    }
}
