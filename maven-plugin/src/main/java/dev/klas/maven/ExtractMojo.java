package dev.klas.maven;

import dev.klas.symbols.ExtractionListener;
import dev.klas.symbols.ExtractionReport;
import dev.klas.weaver.ExtractRequest;
import dev.klas.weaver.WeaveException;
import dev.klas.weaver.Weaver;
import java.io.File;
import java.util.List;
import java.util.Optional;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * {@code klas:extract}, the goal form of {@code klas extract}: parses C sources with Eclipse CDT and records every
 * join point shadow in a symbol table. A file that fails to parse is reported as a warning; the rest goes on.
 */
@Mojo(name = "extract", defaultPhase = LifecyclePhase.PROCESS_CLASSES, threadSafe = true)
public final class ExtractMojo extends KlasMojo {

    /** The compilation database (compile_commands.json) naming the sources and their flags. */
    @Parameter(property = "klas.compileCommands")
    File compileCommands;

    /** Without compileCommands: include directories ({@code -I}) for the listed files. */
    @Parameter
    List<File> includeDirs = List.of();

    /** Without compileCommands: macro definitions ({@code NAME} or {@code NAME=VALUE}, as {@code -D}). */
    @Parameter
    List<String> defines = List.of();

    /** Without compileCommands: files included before each source ({@code -include}). */
    @Parameter
    List<File> includes = List.of();

    /** The C files to extract; with compileCommands they restrict it to these files. */
    @Parameter
    List<File> files = List.of();

    /** File names in the symbol table are relative to this folder. */
    @Parameter(property = "klas.root", defaultValue = "${project.basedir}")
    File root;

    /** The symbol table to write (SQLite); an existing one is updated. */
    @Parameter(property = "klas.db", defaultValue = "${project.build.directory}/klas/symbols.db")
    File db;

    /** Parallel parser workers (default: the number of processors). */
    @Parameter(property = "klas.jobs", defaultValue = "0")
    int jobs;

    @Override
    void run() throws WeaveException {
        if (compileCommands == null && files.isEmpty()) {
            throw new WeaveException(WeaveException.Kind.INVALID_INPUT,
                    "klas:extract needs <compileCommands> or <files>");
        }
        db.getAbsoluteFile().getParentFile().mkdirs();
        ExtractRequest request = new ExtractRequest(Optional.ofNullable(compileCommands).map(File::toPath),
                Paths.of(includeDirs), defines, Paths.of(includes), root.toPath().toAbsolutePath(), db.toPath(),
                jobs > 0 ? jobs : Runtime.getRuntime().availableProcessors(), Paths.of(files));
        ExtractionReport report = Weaver.extract(request, ExtractionListener.NONE);
        report.failures().forEach(f -> getLog().warn(f.toString()));
        getLog().info(String.format("klas: %d units, %d parsed, %d up to date, %d failed; %d shadows written to %s",
                report.units(), report.parsed(), report.upToDate(), report.failures().size(), report.shadows(), db));
    }
}
