package dev.klas.schema.internal.xml;

import dev.klas.schema.Access;
import dev.klas.schema.Advice;
import dev.klas.schema.AdviceKind;
import dev.klas.schema.Aspect;
import dev.klas.schema.AspectError;
import dev.klas.schema.Glob;
import dev.klas.schema.Include;
import dev.klas.schema.InvalidAspectException;
import dev.klas.schema.NamePattern;
import dev.klas.schema.PatternSyntaxError;
import dev.klas.schema.Pointcut;
import dev.klas.schema.PointcutParser;
import dev.klas.schema.Pointcuts;
import dev.klas.schema.SourcePosition;
import dev.klas.schema.TextOrigin;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Turns the {@link Node} tree of a schema-valid aspect file into {@link Aspect} records, collecting errors. */
public final class AspectReader {
    private final XmlText source;
    private final List<AspectError> errors = new ArrayList<>();

    public AspectReader(XmlText source) {
        this.source = source;
    }

    public List<AspectError> errors() {
        return errors;
    }

    public List<Aspect> read(Node root) {
        List<Node> aspects = root.name().equals("aspects") ? root.elements("aspect") : List.of(root);
        List<Aspect> out = new ArrayList<>();
        for (Node a : aspects) {
            aspect(a).ifPresent(out::add);
        }
        return out;
    }

    private Optional<Aspect> aspect(Node node) {
        int before = errors.size();
        String name = node.attribute("name").orElse("").strip();
        List<Include> includes = new ArrayList<>();
        for (Node n : node.elements("include")) {
            include(n).ifPresent(includes::add);
        }
        Optional<Pointcut> pointcut = node.elements("pointcut").stream().findFirst().flatMap(this::pointcut);
        List<Advice> advices = new ArrayList<>();
        for (Node child : node.children()) {
            if (child.name().equals("advice-before") || child.name().equals("advice-after")) {
                advices.add(advice(child));
            }
        }
        pointcut.ifPresent(p -> checkAfterAdvice(p, advices));
        if (errors.size() > before || pointcut.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Aspect(name, pointcut.get(), advices, includes, source.positionOf(node.offset())));
    }

    private Optional<Include> include(Node node) {
        String text = node.text().strip();
        int lead = text.isEmpty() ? 0 : node.text().indexOf(text);
        SourcePosition at = source.positionOf(source.textOffset(node.offset(), lead));
        Optional<String> directive = Include.parse(text);
        if (directive.isEmpty()) {
            errors.add(new AspectError(at, "<include> '" + text + "' is not a header: write linux/skbuff.h,"
                    + " <linux/skbuff.h> or \"local.h\" (letters, digits and _ . / + - only)"));
            return Optional.empty();
        }
        return Optional.of(new Include(directive.get(), at));
    }

    private Optional<Pointcut> pointcut(Node node) {
        int before = errors.size();
        List<Pointcut> selectors = new ArrayList<>();
        List<Pointcut> within = new ArrayList<>();
        List<Pointcut> withinCode = new ArrayList<>();
        List<Pointcut> runsIn = new ArrayList<>();
        List<Pointcut> runsInFile = new ArrayList<>();
        List<Node> segmentCalls = new ArrayList<>();
        List<Node> sourceElements = new ArrayList<>();
        node.attribute("expr").ifPresent(expr -> expression(node, expr).ifPresent(selectors::add));
        for (Node c : node.children()) {
            if (c.name().equals("segment-call")) {
                segmentCalls.add(c);
            } else if (!c.name().equals("expr")) {
                sourceElements.add(c);
            }
            switch (c.name()) {
                case "field-access" -> selectors.add(new Pointcut.FieldAccess(struct(c), name(c, "name"), access(c)));
                case "fp-call" -> selectors.add(new Pointcut.FpCall(struct(c), name(c, "name")));
                case "call" -> selectors.add(new Pointcut.Call(name(c, "function")));
                case "execution" -> selectors.add(new Pointcut.Execution(name(c, "function")));
                case "line" -> selectors.add(new Pointcut.Line(glob(c, "file"), lineNumber(c)));
                case "within" -> within.add(new Pointcut.Within(glob(c, "file")));
                case "withincode" -> withinCode.add(new Pointcut.WithinCode(name(c, "function")));
                case "runsin" -> runsIn.add(new Pointcut.RunsIn(name(c, "function")));
                case "runsinfile" -> runsInFile.add(new Pointcut.RunsInFile(glob(c, "file")));
                case "segment-call" -> selectors.add(new Pointcut.SegmentCall(glob(c, "from"), glob(c, "to"),
                        c.attribute("function").isPresent() ? name(c, "function") : NamePattern.of("*")));
                default -> { }
            }
        }
        if (errors.size() > before) {
            return Optional.empty();
        }
        if (!segmentCalls.isEmpty() || selectors.stream().anyMatch(Pointcuts::containsSegmentCall)) {
            return segmentCalls(node, selectors, segmentCalls, sourceElements);
        }
        if (selectors.isEmpty()) {
            error(node.offset(), "the pointcut has no selector (field-access, fp-call, call, execution, line, segment-call or expr)");
            return Optional.empty();
        }
        if (selectors.size() > 1 && selectors.stream().anyMatch(Pointcuts::containsRunsIn)) {
            error(node.offset(), "the expr attribute has runsin(...)/runsinfile(...) and is one alternative among "
                    + selectors.size() + " selectors; a runs-in term may only be and-ed to the whole pointcut: use"
                    + " <runsin function=\"f\"/> or <runsinfile file=\"glob\"/> elements, or put every selector in"
                    + " the expr");
            return Optional.empty();
        }
        List<Pointcut> all = new ArrayList<>(List.of(Pointcuts.or(selectors)));
        for (List<Pointcut> restriction : List.of(within, withinCode, runsIn, runsInFile)) {
            if (!restriction.isEmpty()) {
                all.add(Pointcuts.or(restriction));
            }
        }
        Pointcut p = Pointcuts.and(all);
        if (!Pointcuts.hasSelector(p)) {
            error(node.offset(), "the pointcut has an alternative with no selector that is not negated;"
                    + " it would select every other place in the program");
            return Optional.empty();
        }
        return Optional.of(p);
    }

    /**
     * A pointcut with segment calls: only segment calls, as alternatives (elements and the expr attribute). A source
     * selector, within or withincode beside them is refused at its element, a source expr at the pointcut.
     */
    private Optional<Pointcut> segmentCalls(Node node, List<Pointcut> selectors, List<Node> segmentCalls,
                                            List<Node> sourceElements) {
        if (!sourceElements.isEmpty()) {
            error(sourceElements.get(0).offset(), "<" + sourceElements.get(0).name() + "> cannot be combined with"
                    + " <segment-call>: segment calls are matched at run time between load segments, not in the"
                    + " source; a pointcut with segment calls holds only segment calls");
            return Optional.empty();
        }
        if (!selectors.stream().allMatch(Pointcuts::isSegmentCalls)) {
            error(node.offset(), "the expr attribute selects source places and cannot be combined with <segment-call>;"
                    + " a pointcut with segment calls holds only segment calls");
            return Optional.empty();
        }
        return Optional.of(Pointcuts.or(selectors));
    }

    private Optional<Pointcut> expression(Node node, String expr) {
        TextOrigin origin = source.attributeOrigin(node.offset(), "expr")
                .orElse(offset -> source.positionOf(node.offset()));
        try {
            return Optional.of(PointcutParser.parse(expr, origin));
        } catch (InvalidAspectException e) {
            errors.addAll(e.errors());
            return Optional.empty();
        }
    }

    private Advice advice(Node node) {
        AdviceKind kind = node.name().equals("advice-after") ? AdviceKind.AFTER : AdviceKind.BEFORE;
        SourcePosition at = source.positionOf(source.contentStart(node.offset()));
        if (node.text().isBlank()) {
            errors.add(new AspectError(source.positionOf(node.offset()), "<" + node.name() + "> is empty"));
        }
        return new Advice(kind, node.text(), at);
    }

    private void checkAfterAdvice(Pointcut p, List<Advice> advices) {
        boolean onlyExecution = Pointcuts.selectors(p).stream().allMatch(s -> s instanceof Pointcut.Execution
                || s instanceof Pointcut.Call || s instanceof Pointcut.FpCall);
        boolean onlySegmentCalls = Pointcuts.isSegmentCalls(p);
        for (Advice a : advices) {
            if (a.kind() == AdviceKind.AFTER && !onlyExecution && !onlySegmentCalls) {
                errors.add(new AspectError(a.position(),
                        "<advice-after> needs a pointcut whose selectors are all execution(...), call(...) or"
                                + " fp-call(...) (a function returns there), or all segment-call(...)"));
            }
        }
    }

    private NamePattern struct(Node c) {
        String s = c.attribute("structure").orElse("").strip();
        return pattern(c, "structure", s.startsWith("struct") && s.length() > 6
                && Character.isWhitespace(s.charAt(6)) ? s.substring(6).strip() : s);
    }

    private NamePattern name(Node c, String attribute) {
        return pattern(c, attribute, c.attribute(attribute).orElse(""));
    }

    private NamePattern pattern(Node c, String attribute, String text) {
        try {
            return NamePattern.of(text);
        } catch (PatternSyntaxError e) {
            attributeError(c, attribute, e);
            return NamePattern.of("_");
        }
    }

    private Glob glob(Node c, String attribute) {
        try {
            return Glob.of(c.attribute(attribute).orElse(""));
        } catch (PatternSyntaxError e) {
            attributeError(c, attribute, e);
            return Glob.of("_");
        }
    }

    private Access access(Node c) {
        return c.attribute("access").map(a -> Access.valueOf(a.strip().toUpperCase(java.util.Locale.ROOT)))
                .orElse(Access.ANY);
    }

    private int lineNumber(Node c) {
        return Integer.parseInt(c.attribute("line").orElse("1").strip());
    }

    private void attributeError(Node c, String attribute, PatternSyntaxError e) {
        SourcePosition at = source.attributeOrigin(c.offset(), attribute)
                .map(o -> o.positionOf(e.index())).orElse(source.positionOf(c.offset()));
        errors.add(new AspectError(at, e.getMessage()));
    }

    private void error(int offset, String message) {
        errors.add(new AspectError(source.positionOf(offset), message));
    }
}
