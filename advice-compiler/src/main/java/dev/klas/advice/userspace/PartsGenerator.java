package dev.klas.advice.userspace;

import dev.klas.advice.CNames;
import dev.klas.advice.Includes;
import dev.klas.advice.GenerationException;
import dev.klas.advice.Templates;
import dev.klas.schema.Advice;
import dev.klas.schema.AdviceKind;
import dev.klas.schema.Aspect;
import dev.klas.schema.Pointcut;
import dev.klas.schema.PointcutPrinter;
import dev.klas.schema.Pointcuts;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The parts table of the {@code userspace} target: {@code parts.c} from {@code parts.c.mustache}, one entry of
 * {@code KLAS_PARTS_TABLE} per segment-call of every segment-call aspect (its before and after advice functions, the
 * bodies verbatim behind {@code #line} as in {@link UserspaceGenerator}). Globs, names and pointcuts reach C only as
 * {@link CNames} literals. A library without site aspects gets an empty site table here.
 */
public final class PartsGenerator {
    public static final String SOURCE = "parts.c";

    private PartsGenerator() {
    }

    /** The aspects whose pointcut is made of segment calls. */
    public static List<Aspect> partAspects(List<Aspect> aspects) {
        return aspects.stream().filter(a -> Pointcuts.isSegmentCalls(a.pointcut())).toList();
    }

    /** The other aspects: those woven at sites in the code. */
    public static List<Aspect> siteAspects(List<Aspect> aspects) {
        return aspects.stream().filter(a -> !Pointcuts.isSegmentCalls(a.pointcut())).toList();
    }

    /** Renders parts.c, advice compiled general-regs-only with fast variants ({@code render(aspects, siteTable, true)}). */
    public static String render(List<Aspect> aspects, boolean siteTable) throws GenerationException {
        return render(aspects, siteTable, true);
    }

    /**
     * Renders parts.c for the segment-call aspects among {@code aspects} (others are ignored).
     * {@code siteTable}: another file of the library defines the site table; else parts.c defines an empty one.
     * {@code lean}: the advice of an aspect that names no context ({@link FastAdvice}) is compiled general-regs-only
     * and gets a {@code KLAS_FAST} variant the trampoline runs without a context; else every advice runs on the slow
     * path (gcc refuses {@code KLAS_FAST} around code that needs vector registers).
     */
    public static String render(List<Aspect> aspects, boolean siteTable, boolean lean) throws GenerationException {
        List<Aspect> parts = partAspects(aspects);
        List<Map<String, Object>> includes = new ArrayList<>();
        List<Map<String, Object>> advices = new ArrayList<>();
        List<Map<String, Object>> entries = new ArrayList<>();
        List<Map<String, Object>> calls = new ArrayList<>();
        for (int a = 0; a < parts.size(); a++) {
            Aspect aspect = parts.get(a);
            Includes.add(aspect, includes);
            Map<String, Object> e = new HashMap<>();
            e.put("index", a);
            e.put("aspectLiteral", CNames.literal(aspect.name()));
            e.put("pointcutLiteral", CNames.literal(PointcutPrinter.print(aspect.pointcut())));
            List<Map<String, Object>> wrappers = new ArrayList<>();
            FastAdvice fast = FastAdvice.of(aspect);
            boolean quick = lean && fast.fast();
            String before = kind(aspect, a, AdviceKind.BEFORE, advices, wrappers, quick);
            String after = kind(aspect, a, AdviceKind.AFTER, advices, wrappers, quick);
            e.put("wrappers", wrappers);
            entries.add(e);
            for (Pointcut.SegmentCall s : Pointcuts.segmentCalls(aspect.pointcut())) {
                Map<String, Object> c = new HashMap<>();
                c.put("aspectIndex", a);
                c.put("fromLiteral", CNames.literal(s.from().text()));
                c.put("toLiteral", CNames.literal(s.to().text()));
                c.put("functionLiteral", CNames.literal(s.function().text()));
                c.put("before", before);
                c.put("after", after);
                c.put("fastBefore", quick && !before.equals("0") ? before + "_fast" : "0");
                c.put("fastAfter", quick && !after.equals("0") ? after + "_fast" : "0");
                c.put("fastFlags", quick && fast.vector() ? "KLAS_FAST_VECTOR" : "0");
                calls.add(c);
            }
        }
        Map<String, Object> ctx = new HashMap<>();
        ctx.put("includes", includes);
        ctx.put("advices", advices);
        ctx.put("aspects", entries);
        ctx.put("calls", calls);
        ctx.put("emptySiteTable", !siteTable);
        return Templates.restoreLines(Templates.template(PartsGenerator.class, "parts.c.mustache").execute(ctx),
                SOURCE);
    }

    /** Adds the aspect's advice bodies of one kind; returns the C name of the function that runs them, or 0. */
    private static String kind(Aspect aspect, int a, AdviceKind kind, List<Map<String, Object>> advices,
                               List<Map<String, Object>> wrappers, boolean fast) {
        String name = kind == AdviceKind.BEFORE ? "before" : "after";
        List<Map<String, Object>> bodies = new ArrayList<>();
        for (Advice adv : aspect.advices()) {
            if (adv.kind() != kind) {
                continue;
            }
            Map<String, Object> v = new HashMap<>();
            v.put("aspectIndex", a);
            v.put("index", bodies.size());
            v.put("kind", name);
            v.put("line", adv.position().line());
            v.put("fileLiteral", CNames.literal(adv.position().file()));
            v.put("indent", " ".repeat(Math.max(0, adv.position().column() - 1)));
            v.put("code", adv.code());
            v.put("inline", fast ? "__attribute__((always_inline)) KLAS_LEAN " : "");
            advices.add(v);
            bodies.add(v);
        }
        if (bodies.isEmpty()) {
            return "0";
        }
        wrappers.add(Map.of("aspectIndex", a, "kind", name, "bodies", bodies, "fast", fast));
        return "klas_part_" + name + "_" + a;
    }
}
