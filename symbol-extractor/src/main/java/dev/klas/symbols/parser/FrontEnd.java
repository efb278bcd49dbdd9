package dev.klas.symbols.parser;

import dev.klas.symbols.config.CompileCommand;
import dev.klas.symbols.config.CompileFlags;
import dev.klas.symbols.config.CompilerFacts;
import dev.klas.symbols.config.CompilerProbe;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.eclipse.cdt.core.dom.ast.IASTPreprocessorIncludeStatement;
import org.eclipse.cdt.core.dom.ast.IASTTranslationUnit;
import org.eclipse.cdt.core.model.ILanguage;
import org.eclipse.cdt.core.parser.DefaultLogService;
import org.eclipse.cdt.core.parser.ExtendedScannerInfo;
import org.eclipse.cdt.core.parser.FileContent;

/**
 * Parses one translation unit with CDT's GCC C front end and collects its shadows. Never throws: any failure,
 * including {@link StackOverflowError} and {@link OutOfMemoryError}, becomes the unit's {@link UnitResult#failure()}.
 */
public final class FrontEnd {
    private static final int OPTIONS = ILanguage.OPTION_SKIP_TRIVIAL_EXPRESSIONS_IN_AGGREGATE_INITIALIZERS;

    /**
     * CDT's own {@code __builtin_offsetof(T,m)} expands to {@code &((T *)0)->m}, a member access that the
     * compiler never sees (C11 7.19p3 makes offsetof a constant, not an access): keep the type, drop the access.
     */
    private static final Map<String, String> CDT_OVERRIDES = Map.of(
            "__builtin_offsetof(T,m)", "((__SIZE_TYPE__) sizeof(T))",
            // CDT cannot parse a statement attribute (`__attribute__((fallthrough));`): report it as absent, so
            // code falls back to its attribute-free spelling
            CompilerProbe.ATTRIBUTE_PREFIX + "fallthrough", "0",
            CompilerProbe.ATTRIBUTE_PREFIX + "__fallthrough__", "0");

    private final SourceFiles files;
    private final Path root;
    private final java.util.concurrent.ConcurrentHashMap<String, String> relatives =
            new java.util.concurrent.ConcurrentHashMap<>();

    public FrontEnd(SourceFiles files, Path root) {
        this.files = files;
        this.root = root.toAbsolutePath().normalize();
    }

    /**
     * @param headerWanted whether the function bodies of a header (path relative to the root) should be walked,
     *                     whatever their keys
     */
    public UnitResult extract(CompileCommand command, CompilerFacts facts, Predicate<String> headerWanted) {
        return extract(command, facts, (header, hash, key) -> !headerWanted.test(header));
    }

    /** @param known the header bodies whose shadows are already recorded: they are skipped */
    public UnitResult extract(CompileCommand command, CompilerFacts facts, KnownBodies known) {
        String main = relative(command.file().toString());
        try {
            Optional<SourceText> text = files.text(command.file().toString());
            if (text.isEmpty()) {
                return UnitResult.failed(main, "cannot read " + command.file());
            }
            BodyFilter bodies = new BodyFilter(command.file().toString(), this::relative, known);
            IncludeProvider provider = new IncludeProvider(files, bodies);
            IASTTranslationUnit tu = new ExtractionLanguage(bodies).getASTTranslationUnit(
                    FileContent.create(command.file().toString(), text.get().chars()),
                    scannerInfo(command.flags(), facts), provider, null, OPTIONS, new DefaultLogService());
            InclusionContexts contexts = new InclusionContexts(this::relative, provider.used(), tu);
            ShadowCollector collector = new ShadowCollector(tu, this::relative, files, command.file().toString(),
                    bodies, contexts);
            MainFileFirst.resolve(tu, command.file().toString());
            tu.accept(collector);
            Map<String, String> used = new LinkedHashMap<>();
            used.put(main, text.get().hash());
            provider.used().forEach((path, hash) -> used.put(relative(path), hash));
            return new UnitResult(main, collector.shadows(), used, collector.headerShadows(), bodies.met(), bodies.fresh(),
                    collector.warnings(tu), collector.unresolved(), Optional.empty(), missingIncludes(tu, command));
        } catch (StackOverflowError e) {
            return UnitResult.failed(main, "parser stack overflow (nesting too deep)");
        } catch (OutOfMemoryError e) {
            return UnitResult.failed(main, "out of memory while parsing");
        } catch (org.eclipse.core.runtime.CoreException e) {
            return UnitResult.failed(main, "parser error: " + e.getMessage());
        } catch (RuntimeException | LinkageError e) {
            return UnitResult.failed(main, "parser error: " + e);
        }
    }

    private List<MissingInclude> missingIncludes(IASTTranslationUnit tu, CompileCommand command) {
        List<MissingInclude> out = new ArrayList<>();
        for (IASTPreprocessorIncludeStatement inc : tu.getIncludeDirectives()) {
            if (inc.isResolved() || inc.getFileLocation() == null) {
                continue;
            }
            String name = inc.getName().toString();
            List<Path> candidates = new ArrayList<>();
            if (!inc.isSystemInclude()) {
                candidates.add(Path.of(inc.getContainingFilename()).resolveSibling(name).normalize());
                command.flags().quoteIncludes().forEach(d -> candidates.add(d.resolve(name).normalize()));
            }
            command.flags().includes().forEach(d -> candidates.add(d.resolve(name).normalize()));
            command.flags().systemIncludes().forEach(d -> candidates.add(d.resolve(name).normalize()));
            out.add(new MissingInclude(name, relative(inc.getContainingFilename()),
                    inc.getFileLocation().getStartingLineNumber(), candidates));
        }
        return out;
    }

    private static ExtendedScannerInfo scannerInfo(CompileFlags flags, CompilerFacts facts) {
        List<String> paths = new ArrayList<>();
        flags.includes().forEach(p -> paths.add(p.toString()));
        flags.systemIncludes().forEach(p -> paths.add(p.toString()));
        if (!flags.noStdInc()) {
            facts.systemIncludes().forEach(p -> paths.add(p.toString()));
        }
        Map<String, String> macros = new LinkedHashMap<>(flags.definedMacros(facts.macros()));
        macros.putAll(CDT_OVERRIDES);
        return new ExtendedScannerInfo(macros, paths.toArray(String[]::new),
                new String[0], flags.forcedIncludes().stream().map(Path::toString).toArray(String[]::new),
                flags.quoteIncludes().stream().map(Path::toString).toArray(String[]::new));
    }

    /** The path relative to the root; asked for every shadow, so each file's answer is kept for the run. */
    String relative(String absolute) {
        return relatives.computeIfAbsent(absolute, a -> {
            Path p = Path.of(a).normalize();
            return p.startsWith(root) ? root.relativize(p).toString() : p.toString();
        });
    }
}
