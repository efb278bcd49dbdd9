package dev.klas.cli;

import dev.klas.schema.Advice;
import dev.klas.schema.AdviceKind;
import dev.klas.schema.Aspect;
import dev.klas.schema.AspectError;
import dev.klas.schema.AspectLoader;
import dev.klas.schema.InvalidAspectException;
import dev.klas.schema.PointcutPrinter;
import dev.klas.schema.Pointcuts;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code klas validate ASPECT.xml...}: checks aspect files and prints each aspect's normalized pointcut. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check aspect files; print each aspect's name and normalized pointcut.")
final class ValidateCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "ASPECT", description = "Aspect XML files.")
    List<Path> files;

    enum Format { text, json }

    @picocli.CommandLine.Option(names = "--format", paramLabel = "FORMAT",
            description = "text or json (aspects, or the errors with file, line and column).")
    Format format = Format.text;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<Aspect> all = new ArrayList<>();
        List<AspectError> errors = new ArrayList<>();
        for (Path file : files) {
            try {
                all.addAll(AspectLoader.load(file));
            } catch (InvalidAspectException e) {
                errors.addAll(e.errors());
            } catch (NoSuchFileException e) {
                err.println(file + ": no such file");
                return ExitCode.INVALID_INPUT;
            } catch (IOException e) {
                err.println(file + ": cannot read: " + e.getMessage());
                return ExitCode.INVALID_INPUT;
            }
        }
        errors.addAll(AspectLoader.duplicateNames(all));
        if (!errors.isEmpty() && format == Format.json) {
            out.println(Json.write(Json.object("valid", false, "errors", errors.stream().map(e -> Json.object(
                    "file", e.position().file(), "line", e.position().line(), "column", e.position().column(),
                    "message", e.message())).toList())));
            return ExitCode.INVALID_INPUT;
        }
        if (format == Format.json) {
            out.println(Json.write(Json.object("valid", true, "aspects", all.stream().map(a -> Json.object("name",
                    a.name(), "pointcut", PointcutPrinter.print(a.pointcut()), "before", a.advices().stream()
                            .filter(x -> x.kind() == AdviceKind.BEFORE).count(), "after", a.advices().stream()
                            .filter(x -> x.kind() == AdviceKind.AFTER).count(), "segmentCalls",
                    Pointcuts.segmentCalls(a.pointcut()).size())).toList())));
            return ExitCode.OK;
        }
        if (!errors.isEmpty()) {
            errors.forEach(e -> err.println(e.render()));
            err.println(errors.size() + (errors.size() == 1 ? " error" : " errors"));
            return ExitCode.INVALID_INPUT;
        }
        for (Aspect a : all) {
            out.println(a.name() + "\t" + PointcutPrinter.print(a.pointcut()) + "\t" + adviceSummary(a.advices()));
        }
        long parts = all.stream().filter(a -> Pointcuts.isSegmentCalls(a.pointcut())).count();
        if (parts > 0) {
            Quiet.note(spec, all.size() + (all.size() == 1 ? " aspect" : " aspects") + ": " + (all.size() - parts)
                + " woven at source places, " + parts + " on segment calls (" + all.stream().mapToInt(a ->
                Pointcuts.segmentCalls(a.pointcut()).size()).sum() + " segment-call selectors, matched at run time)");
        }
        return ExitCode.OK;
    }

    private static String adviceSummary(List<Advice> advices) {
        long before = advices.stream().filter(a -> a.kind() == AdviceKind.BEFORE).count();
        long after = advices.size() - before;
        return before + " before, " + after + " after";
    }
}
