package dev.klas.weaver;

import dev.klas.resolve.joinpoint.Binary;
import dev.klas.resolve.joinpoint.Resolver;
import dev.klas.resolve.joinpoint.SourcePlace;
import dev.klas.schema.Pointcut;
import dev.klas.symbols.config.CompileCommand;
import dev.klas.symbols.ExtractionListener;
import dev.klas.symbols.ExtractionReport;
import dev.klas.symbols.ExtractionRequest;
import dev.klas.symbols.Extractor;
import dev.klas.symbols.Shadow;
import dev.klas.symbols.SymbolTable;
import dev.klas.symbols.SymbolTableException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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
        } catch (java.io.IOException e) {
            throw new WeaveException(WeaveException.Kind.INVALID_INPUT, r.compileCommands().map(Path::toString)
                    .orElse("compile flags") + ": " + e.getMessage(), e);
        }
        if (units.isEmpty()) {
            throw new WeaveException(WeaveException.Kind.INVALID_INPUT, "no files to extract"
                    + r.compileCommands().map(c -> " (none of the named files is in " + c + ")").orElse(""));
        }
        ExtractionRequest request = ExtractionRequest.of(r.root(), r.database(), units).withJobs(r.jobs());
        try {
            return new Extractor(listener).run(request);
        } catch (java.io.IOException e) {
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

    /** The join points of a pointcut: matched shadows resolved in a binary. */
    public static ResolveReport resolve(Path db, Path binaryFile, Pointcut pointcut) throws WeaveException {
        Binary binary = Binaries.open(binaryFile);
        try (SymbolTable table = openTable(db)) {
            Resolver resolver = new Resolver(binary);
            List<dev.klas.resolve.joinpoint.Resolution> out = new ArrayList<>();
            for (Shadow s : table.match(pointcut)) {
                SourcePlace place = Places.of(s, table);
                out.add(resolver.resolve(place));
            }
            return new ResolveReport(out);
        } catch (SymbolTableException e) {
            throw new WeaveException(WeaveException.Kind.INVALID_INPUT, e.getMessage(), e);
        }
    }

    static SymbolTable openTable(Path db) throws WeaveException, SymbolTableException {
        if (!Files.isRegularFile(db)) {
            throw new WeaveException(WeaveException.Kind.INVALID_INPUT, db + ": no such symbol table (run klas extract)");
        }
        return SymbolTable.open(db);
    }
}
