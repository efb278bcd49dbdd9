package dev.klas.weaver;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.klas.advice.AccessOperand;
import dev.klas.advice.Hook;
import dev.klas.advice.HookPlanner;
import dev.klas.resolve.InlineFrame;
import dev.klas.resolve.joinpoint.JoinPoint;
import dev.klas.resolve.joinpoint.SourcePlace;
import dev.klas.schema.Aspect;
import dev.klas.schema.PointcutPrinter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code joinpoints.json} in a weave's output folder: every join point of every aspect with its outcome (hooked,
 * refused, unresolved), as {@code klas report} reads it (docs/report-format.md).
 */
final class JoinPointLog {
    static final String FILE = "joinpoints.json";

    /** How one hook went in: its mechanism and a note ({@code hooked}), or why it did not ({@code refused}). */
    record Outcome(String outcome, String mechanism, String reason) {
    }

    private JoinPointLog() {
    }

    static void write(Path dir, String target, Path binary, List<Aspect> aspects, HookPlanner.Plan plan,
                      Function<Hook, Outcome> outcome) throws IOException {
        new ObjectMapper().writeValue(dir.resolve(FILE).toFile(), tree(target, binary, aspects, plan, outcome));
    }

    /** The document {@link #write} writes, as a JSON tree (what {@code klas report} plans in memory). */
    static ObjectNode tree(String target, Path binary, List<Aspect> aspects, HookPlanner.Plan plan,
                           Function<Hook, Outcome> outcome) {
        Map<String, String> pointcuts = new LinkedHashMap<>();
        List<Object> aspectList = new ArrayList<>();
        for (Aspect a : aspects) {
            pointcuts.put(a.name(), PointcutPrinter.print(a.pointcut()));
            aspectList.add(object("name", a.name(), "pointcut", pointcuts.get(a.name()),
                    "position", a.position().toString()));
        }
        List<Object> rows = new ArrayList<>();
        for (Hook h : plan.hooks()) {
            Outcome o = outcome.apply(h);
            Map<String, JoinPoint> byAspect = plan.joinPoints().getOrDefault(h.location().address(), Map.of());
            for (String aspect : h.aspects()) {
                JoinPoint jp = byAspect.get(aspect);
                if (jp == null) {
                    continue;
                }
                Map<String, Object> row = place(aspect, pointcuts.getOrDefault(aspect, ""), jp.place());
                row.put("address", "0x" + Long.toHexString(jp.address()));
                row.put("symbol", h.location().symbol());
                row.put("offset", h.location().offset());
                row.put("inline", jp.inlineChain().stream().map(JoinPointLog::frame).toList());
                row.put("precision", jp.precisionLabel());
                row.put("operand", h.access().map(JoinPointLog::operand).orElse(""));
                row.put("mechanism", o.mechanism());
                row.put("outcome", o.outcome());
                row.put("reason", o.reason());
                rows.add(row);
            }
        }
        for (HookPlanner.Miss m : plan.misses()) {
            Map<String, Object> row = place(m.aspect(), pointcuts.getOrDefault(m.aspect(), ""), m.place());
            row.put("outcome", "unresolved");
            row.put("reason", m.reason());
            rows.add(row);
        }
        return new ObjectMapper().valueToTree(object("version", 1, "target", target,
                "binary", binary.toAbsolutePath().toString(), "aspects", aspectList, "joinPoints", rows));
    }

    /** Records where the sources named by relative paths are: the symbol table's root, when it knows one. */
    static void sourceRoot(Path dir, Optional<Path> root) throws IOException {
        Path file = dir.resolve(FILE);
        if (root.isEmpty() || !java.nio.file.Files.isRegularFile(file)) {
            return;
        }
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode tree = (ObjectNode) mapper.readTree(file.toFile());
        mapper.writeValue(file.toFile(), sourceRoot(tree, root));
    }

    /** The tree with {@code sourceRoot} set, when the symbol table knows one. */
    static ObjectNode sourceRoot(ObjectNode tree, Optional<Path> root) {
        root.ifPresent(r -> tree.put("sourceRoot", r.toAbsolutePath().toString()));
        return tree;
    }

    private static Map<String, Object> place(String aspect, String pointcut, SourcePlace p) {
        return object("aspect", aspect, "pointcut", pointcut, "kind", p.kind().name(), "struct", p.struct(),
                "member", p.member(), "file", p.file(), "line", p.line(), "column", p.column(),
                "function", p.function());
    }

    /** {@code function}, or {@code function (inlined at file:line:column)}. */
    static String frame(InlineFrame f) {
        return f.function() + (f.inlined() ? " (inlined at " + f.callFile().orElse("?") + ":" + f.callLine()
                + (f.callColumn() > 0 ? ":" + f.callColumn() : "") + ")" : "");
    }

    /** The memory operand in AT&T syntax with the access width: {@code 0x8(%rax,%rbx,4)}. */
    static String operand(AccessOperand a) {
        String disp = a.displacement() == 0 && a.base().isPresent() ? "" : (a.displacement() < 0 ? "-0x"
                + Long.toHexString(-a.displacement()) : "0x" + Long.toHexString(a.displacement()));
        String regs = a.base().map(r -> "%" + r).orElse("") + a.index().map(r -> ",%" + r + "," + a.scale()).orElse("");
        return disp + (regs.isEmpty() ? "" : "(" + regs + ")") + " (member at offset " + a.memberOffset() + ")";
    }

    private static Map<String, Object> object(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

}
