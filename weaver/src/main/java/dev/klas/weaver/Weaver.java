package dev.klas.weaver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.klas.resolve.joinpoint.Binary;
import dev.klas.resolve.joinpoint.JoinPoint;
import dev.klas.resolve.joinpoint.Resolution;
import dev.klas.resolve.joinpoint.Resolver;
import dev.klas.resolve.joinpoint.SourcePlace;
import dev.klas.schema.Aspect;
import dev.klas.schema.AspectLoader;
import dev.klas.schema.InvalidAspectException;
import dev.klas.schema.Pointcut;
import dev.klas.schema.PointcutPrinter;
import dev.klas.schema.Pointcuts;
import dev.klas.symbols.config.CompileCommand;
import dev.klas.symbols.kbuild.KernelUnit;
import dev.klas.symbols.ExtractionListener;
import dev.klas.symbols.ExtractionReport;
import dev.klas.symbols.ExtractionRequest;
import dev.klas.symbols.Extractor;
import dev.klas.symbols.MatchDiagnosis;
import dev.klas.symbols.MergeReport;
import dev.klas.symbols.Shadow;
import dev.klas.symbols.StaleFile;
import dev.klas.symbols.SymbolTable;
import dev.klas.symbols.SymbolTableException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The pipeline facade used by the CLI and the Maven plugin: each method takes a request and returns a report. */
public final class Weaver {
    private Weaver() {
    }

    /** Extracts the shadows of C sources into a symbol table; a file that fails is reported, the rest goes on. */
    public static ExtractionReport extract(ExtractRequest r, ExtractionListener listener) throws WeaveException {
        List<CompileCommand> units;
        try {
            if (r.compileCommands().isPresent()) {
                units = ExtractionRequest.fromCompileCommands(r.compileCommands().get(), r.files());
            } else {
                units = ExtractionRequest.fromFlags("gcc", r.files(), r.includeDirs(), r.defines(), r.includes(),
                        List.of());
            }
        } catch (IOException e) {
            throw new WeaveException(WeaveException.Kind.INVALID_INPUT, r.compileCommands().map(Path::toString)
                    .orElse("compile flags") + ": " + e.getMessage(), e);
        }
        if (units.isEmpty()) {
            throw new WeaveException(WeaveException.Kind.INVALID_INPUT, "no files to extract" + r.compileCommands()
                    .map(c -> r.files().isEmpty() ? ": " + c + " lists no C translation unit (bear writes [] when the"
                            + " build compiled nothing: rebuild everything under it, e.g. bear -- make -B)"
                            : " (none of the named files is in " + c + ")").orElse(""));
        }
        ExtractionRequest request = ExtractionRequest.of(r.root(), r.database(), units).withJobs(r.jobs())
                .withShard(r.shard());
        try {
            return new Extractor(listener).run(request);
        } catch (IOException e) {
            throw new WeaveException(WeaveException.Kind.INVALID_INPUT, e.getMessage(), e);
        }
    }

    /** Merges the symbol tables of an extraction's shards into {@code out} (merged into when it exists), atomically. */
    public static MergeReport merge(Path out, List<Path> inputs) throws WeaveException {
        try {
            return SymbolTable.merge(out, inputs);
        } catch (SymbolTableException e) {
            throw new WeaveException(WeaveException.Kind.INVALID_INPUT, e.getMessage(), e);
        }
    }

    /**
     * Extracts every unit that Kbuild compiles in a configured, prepared kernel tree (vmlinux, and with
     * {@code modules} the configuration's modules), asked from Kbuild's dry run.
     */
    public static ExtractionReport extractKernel(KernelExtractRequest request, ExtractionListener listener)
            throws WeaveException {
        return KernelExtraction.extract(request, listener);
    }

    /** The units {@link #extractKernel} would extract, without extracting them. */
    public static List<KernelUnit> kernelUnits(Path tree, boolean modules, List<Path> under) throws WeaveException {
        return KernelExtraction.units(tree.toAbsolutePath().normalize(), modules, under,
                java.util.Optional.empty()).units();
    }

    /**
     * Aspects into an advice module for a binary: shadows matched (extracted first when no symbol table is given),
     * resolved to join points, planned into hooks, refused where unsafe, generated (and built); the output folder
     * is written atomically.
     */
    public static WeaveReport weave(WeaveRequest request) throws WeaveException, InvalidAspectException {
        List<Aspect> aspects = load(request.aspects());
        List<Aspect> parts = aspects.stream().filter(a -> Pointcuts.isSegmentCalls(a.pointcut())).toList();
        List<Aspect> sites = aspects.stream().filter(a -> !Pointcuts.isSegmentCalls(a.pointcut())).toList();
        refuseParts(request.target(), parts);
        SegmentTargets.Result segments = parts.isEmpty() ? new SegmentTargets.Result(List.of(), List.of(), List.of(), 0)
                : SegmentTargets.check(request.binary(), parts);
        if (!parts.isEmpty() && segments.unmatchedAspects() == parts.size() && sites.isEmpty()) {
            throw new WeaveException(WeaveException.Kind.INVALID_INPUT, "no segment-call can match an object "
                    + request.binary() + " declares; nothing woven:\n" + String.join("\n", segments.problems()));
        }
        try (AtomicOutput out = new AtomicOutput(request.out())) {
            Map<String, List<SourcePlace>> places = new LinkedHashMap<>();
            Matched matched = sites.isEmpty() ? new Matched(0, SourceVersion.NONE, Path.of(""), List.of(), Optional.empty())
                    : match(request, sites, places, out);
            int shadows = matched.shadows();
            if (shadows == 0 && parts.isEmpty()) {
                Path db = request.db().orElse(out.dir().resolve("symbols.db"));
                throw new WeaveException(WeaveException.Kind.INVALID_INPUT, "no pointcut matches anything in " + db
                        + "; nothing woven:\n" + String.join("\n", whyNoMatch(db, sites)));
            }
            WeaveReport report = switch (request.target()) {
                case LINUX_KPROBES -> KprobesWeave.run(request, aspects, places, shadows, out.dir(),
                        matched::checkBinary);
                case LINUX_BPF -> BpfWeave.run(request, aspects, places, shadows, out.dir(), matched::checkBinary);
                case USERSPACE -> sites.isEmpty() ? PartsWeave.run(request, aspects, out.dir())
                        : UserspaceWeave.run(request, aspects, places, shadows, out.dir(), !parts.isEmpty(),
                                matched::checkBinary);
            };
            if (report.hooks().isEmpty() && parts.isEmpty()) {
                List<String> why = new ArrayList<>(report.outside());
                why.addAll(report.refused());
                why.addAll(report.unresolved());
                throw new WeaveException(WeaveException.Kind.INVALID_INPUT, (report.refused().isEmpty()
                        && !report.outside().isEmpty() ? "no join point lies where the runs-in restrictions allow"
                        + " (runsin/runsinfile are decided on where each hook lands after inlining); nothing woven:\n"
                        : "no join point could be hooked:\n") + String.join("\n", why));
            }
            JoinPointLog.sourceRoot(out.dir(), matched.root());
            List<String> unmatched = new ArrayList<>();
            if (shadows > 0 && !matched.empty().isEmpty()) {
                whyNoMatch(request.db().orElse(out.dir().resolve("symbols.db")), matched.empty())
                        .forEach(w -> unmatched.add(w + " (this aspect is left out)"));
            }
            out.commit();
            return report.withSegments(segments.summary(), concat(segments.problems(), unmatched), segments.notes());
        } catch (IOException e) {
            throw new WeaveException(WeaveException.Kind.INVALID_INPUT, "cannot write " + request.out() + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * The {@code joinpoints.json} document (docs/report.md) of a weave with the same aspects, binary, symbol table,
     * target and hook mode, planned in memory the way {@link #weave} plans it: nothing generated, built or written.
     * Unlike a weave, a plan whose join points are all refused or unresolved is returned (the report says why).
     */
    public static JsonNode joinPoints(PlanRequest request) throws WeaveException, InvalidAspectException {
        List<Aspect> aspects = load(request.aspects());
        List<Aspect> parts = aspects.stream().filter(a -> Pointcuts.isSegmentCalls(a.pointcut())).toList();
        List<Aspect> sites = aspects.stream().filter(a -> !Pointcuts.isSegmentCalls(a.pointcut())).toList();
        refuseParts(request.target(), parts);
        if (sites.isEmpty()) {
            throw new WeaveException(WeaveException.Kind.INVALID_INPUT, parts.get(0).position() + ": aspect "
                    + parts.get(0).name() + ": segment-call(...) is matched at load time, it has no join points to"
                    + " report; give an aspect that selects places in the source");
        }
        Map<String, List<SourcePlace>> places = new LinkedHashMap<>();
        Matched matched = matchTable(request.db(), sites, places);
        if (matched.shadows() == 0) {
            throw new WeaveException(WeaveException.Kind.INVALID_INPUT, "no pointcut matches anything in "
                    + request.db() + "; nothing to report:\n" + String.join("\n", whyNoMatch(request.db(), sites)));
        }
        Path binary = request.binary();
        try {
            ObjectNode tree = switch (request.target()) {
                case USERSPACE -> UserspaceWeave.plan(binary, request.hookMode(), aspects, places,
                        matched::checkBinary).joinPoints(binary, aspects);
                case LINUX_KPROBES -> KernelPlan.of(binary, aspects, places, matched::checkBinary)
                        .joinPoints(request.target().label(), binary, aspects, KprobesWeave.MECHANISM);
                case LINUX_BPF -> KernelPlan.of(binary, aspects, places, matched::checkBinary)
                        .joinPoints(request.target().label(), binary, aspects, BpfWeave.MECHANISM);
            };
            return JoinPointLog.sourceRoot(tree, matched.root());
        } catch (IOException e) {
            throw new WeaveException(WeaveException.Kind.INVALID_INPUT, binary + ": " + e.getMessage(), e);
        }
    }

    private static List<Aspect> load(List<Path> files) throws WeaveException, InvalidAspectException {
        try {
            return AspectLoader.loadAll(files);
        } catch (IOException e) {
            throw new WeaveException(WeaveException.Kind.INVALID_INPUT, "cannot read an aspect: " + e.getMessage(), e);
        }
    }

    private static void refuseParts(WeaveTarget target, List<Aspect> parts) throws WeaveException {
        if (target != WeaveTarget.USERSPACE && !parts.isEmpty()) {
            throw new WeaveException(WeaveException.Kind.INVALID_INPUT, parts.get(0).position() + ": aspect "
                    + parts.get(0).name() + ": segment-call(...) is matched by the user-space hook runtime between"
                    + " load segments; the " + target.label() + " target cannot weave it (use --target"
                    + " userspace)");
        }
    }

    /** What the site aspects' pointcuts matched: the number of shadows, and the source text they were read from. */
    private record Matched(int shadows, SourceVersion version, Path table, List<Aspect> empty, Optional<Path> root) {
        /** Refuses a binary built from other source text than the table read ({@link SourceVersion}). */
        void checkBinary(Binary binary, Path file) throws WeaveException {
            version.check(binary, file, table);
        }
    }

    /** Matches the site aspects' pointcuts (extracting first when no symbol table is given). */
    private static Matched match(WeaveRequest request, List<Aspect> sites, Map<String, List<SourcePlace>> places,
                             AtomicOutput out) throws WeaveException {
        if (request.db().isEmpty() && request.compileCommands().isEmpty()) {
            throw new WeaveException(WeaveException.Kind.INVALID_INPUT, sites.get(0).position() + ": aspect "
                    + sites.get(0).name() + " selects places in the source: a symbol table (--db) or"
                    + " --compile-commands is needed");
        }
        Path db = request.db().orElse(out.dir().resolve("symbols.db"));
        if (request.db().isEmpty()) {
            Path root = request.sourceRoot().orElse(Path.of("")).toAbsolutePath();
            extract(new ExtractRequest(request.compileCommands(), List.of(), List.of(), List.of(), root, db,
                    Runtime.getRuntime().availableProcessors(), List.of()), ExtractionListener.NONE);
        }
        return matchTable(db, sites, places);
    }

    /** Matches the site aspects' pointcuts in a symbol table, their places into {@code places}. */
    private static Matched matchTable(Path db, List<Aspect> sites, Map<String, List<SourcePlace>> places)
            throws WeaveException {
        int shadows = 0;
        try (SymbolTable table = openTable(db)) {
            Map<String, List<Shadow>> matched = new LinkedHashMap<>();
            for (Aspect a : sites) {
                matched.put(a.name(), table.match(a.pointcut()));
                shadows += matched.get(a.name()).size();
            }
            List<Shadow> all = matched.values().stream().flatMap(List::stream).toList();
            refuseStale(table, all);
            for (Map.Entry<String, List<Shadow>> e : matched.entrySet()) {
                places.put(e.getKey(), Places.of(e.getValue(), table));
            }
            List<Aspect> empty = sites.stream().filter(a -> matched.get(a.name()).isEmpty()).toList();
            return new Matched(shadows, version(table, all), db, empty, table.root());
        } catch (SymbolTableException e) {
            throw new WeaveException(WeaveException.Kind.INVALID_INPUT, e.getMessage(), e);
        }
    }

    /** The shadows a pointcut selects in a symbol table. */
    public static List<Shadow> match(Path db, Pointcut pointcut) throws WeaveException {
        try (SymbolTable table = openTable(db)) {
            return table.match(pointcut);
        } catch (SymbolTableException e) {
            throw new WeaveException(WeaveException.Kind.INVALID_INPUT, e.getMessage(), e);
        }
    }

    /** Why a pointcut selects nothing in a symbol table: a reason per selector ({@link SymbolTable#diagnose}). */
    public static List<MatchDiagnosis> diagnose(Path db, Pointcut pointcut) throws WeaveException {
        try (SymbolTable table = openTable(db)) {
            return table.diagnose(pointcut);
        } catch (SymbolTableException e) {
            throw new WeaveException(WeaveException.Kind.INVALID_INPUT, e.getMessage(), e);
        }
    }

    /**
     * Why each aspect's pointcut selects nothing, a line per selector: {@code aspect.xml:L:C: aspect NAME:
     * SELECTOR: reason}. What klas weave and the Maven plugin print when no pointcut matches anything.
     */
    public static List<String> whyNoMatch(Path db, List<Aspect> aspects) throws WeaveException {
        List<String> out = new ArrayList<>();
        try (SymbolTable table = openTable(db)) {
            for (Aspect a : aspects) {
                String head = a.position() + ": aspect " + a.name() + ": ";
                List<MatchDiagnosis> why = table.diagnose(a.pointcut());
                if (why.isEmpty() && table.match(a.pointcut()).isEmpty()) {
                    out.add(head + PointcutPrinter.print(a.pointcut()) + " selects no shadow");
                }
                why.forEach(d -> out.add(head + PointcutPrinter.print(d.selector()) + ": " + d.reason()));
            }
        } catch (SymbolTableException e) {
            throw new WeaveException(WeaveException.Kind.INVALID_INPUT, e.getMessage(), e);
        }
        return out;
    }

    /**
     * The join points of a pointcut: matched shadows resolved in a binary; with runs-in terms, only the join points
     * whose hook lands where they allow, the others counted in {@link ResolveReport#outside()}.
     */
    public static ResolveReport resolve(Path db, Path binaryFile, Pointcut pointcut) throws WeaveException {
        Binary binary = Binaries.open(binaryFile);
        try (SymbolTable table = openTable(db)) {
            Resolver resolver = new Resolver(binary);
            Optional<RunsInRule> rule = RunsInRule.of(pointcut, binary);
            List<Resolution> out = new ArrayList<>();
            List<Shadow> matched = table.match(pointcut);
            refuseStale(table, matched);
            version(table, matched).check(binary, binaryFile, db);
            int outside = 0;
            for (Shadow s : matched) {
                Resolution r = resolver.resolve(Places.of(s, table));
                if (rule.isPresent()) {
                    List<JoinPoint> kept = r.joinPoints().stream().filter(rule.get()).toList();
                    outside += r.joinPoints().size() - kept.size();
                    r = new Resolution(r.place(), kept, r.problem());
                }
                out.add(r);
            }
            return new ResolveReport(out, rule.map(RunsInRule::text), outside);
        } catch (SymbolTableException e) {
            throw new WeaveException(WeaveException.Kind.INVALID_INPUT, e.getMessage(), e);
        }
    }

    /**
     * Refuses shadows read from sources that have changed since: their lines and columns would put hooks on other
     * code of the rebuilt binary.
     */
    static void refuseStale(SymbolTable table, List<Shadow> shadows) throws WeaveException, SymbolTableException {
        List<StaleFile> stale = table.staleFiles(shadows.stream().map(Shadow::file).distinct().toList());
        if (!stale.isEmpty()) {
            List<String> names = stale.stream().map(StaleFile::toString).toList();
            String shown = String.join(", ", names.subList(0, Math.min(10, names.size())))
                    + (names.size() > 10 ? " and " + (names.size() - 10) + " more" : "");
            throw new WeaveException(WeaveException.Kind.INVALID_INPUT, table.file() + ": out of date for "
                    + stale.size() + " file" + (stale.size() == 1 ? "" : "s") + " the pointcut selects shadows in: "
                    + shown + "; run klas extract again (it re-reads only what changed), or weave with"
                    + " --compile-commands");
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    /** The table's definition lines of the files that {@code shadows} are in, to compare with a binary. */
    static SourceVersion version(SymbolTable table, List<Shadow> shadows) throws SymbolTableException {
        return new SourceVersion(table.definitionLines(shadows.stream().map(Shadow::file).distinct().toList()));
    }

    static SymbolTable openTable(Path db) throws WeaveException, SymbolTableException {
        if (!Files.isRegularFile(db)) {
            throw new WeaveException(WeaveException.Kind.INVALID_INPUT, db + ": no such symbol table (run klas extract)");
        }
        return SymbolTable.open(db);
    }
}
