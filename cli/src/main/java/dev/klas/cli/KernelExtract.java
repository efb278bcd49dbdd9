package dev.klas.cli;

import dev.klas.symbols.ExtractionReport;
import dev.klas.symbols.kbuild.KernelUnit;
import dev.klas.weaver.KernelExtractRequest;
import dev.klas.weaver.WeaveException;
import dev.klas.weaver.Weaver;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.List;
import picocli.CommandLine.ParameterException;

/** {@code klas extract --kernel-tree DIR}: the units come from Kbuild, not from compile_commands.json or FILEs. */
final class KernelExtract {
    private final ExtractCommand c;

    KernelExtract(ExtractCommand c) {
        this.c = c;
    }

    int call() {
        if (c.compileCommands != null || !c.files.isEmpty() || !c.includeDirs.isEmpty() || !c.defines.isEmpty()
                || !c.includes.isEmpty()) {
            throw new ParameterException(c.spec.commandLine(), "--kernel-tree takes the units and their flags from"
                    + " Kbuild: leave out --compile-commands, -I, -D, --include and FILE arguments");
        }
        if (!Files.isDirectory(c.kernelTree)) {
            throw new ParameterException(c.spec.commandLine(), "--kernel-tree " + c.kernelTree
                    + ": not a directory");
        }
        for (var d : c.unitsUnder) {
            if (d.isAbsolute() || d.normalize().startsWith("..")) {
                throw new ParameterException(c.spec.commandLine(), "--units-under " + d
                        + ": give a folder relative to the tree, e.g. net/ipv4");
            }
        }
        try {
            if (c.printUnits) {
                return print(Weaver.kernelUnits(c.kernelTree, c.modules, c.unitsUnder));
            }
            PrintWriter err = c.spec.commandLine().getErr();
            ExtractionReport report = Weaver.extractKernel(new KernelExtractRequest(c.kernelTree, c.modules,
                    c.unitsUnder, c.db, c.jobs, c.makeGenerated, c.share), c.listener(err));
            return c.summary(report);
        } catch (WeaveException e) {
            throw Failures.of(e);
        }
    }

    private int print(List<KernelUnit> units) {
        PrintWriter out = c.spec.commandLine().getOut();
        if (c.format == ExtractCommand.Format.json) {
            out.println(Json.write(units.stream().map(u -> Json.object("source", u.source(), "object", u.object(),
                    "target", u.target(), "directory", u.command().directory().toString(), "arguments",
                    u.arguments())).toList()));
        } else {
            units.forEach(u -> out.println(u.source() + "\t" + u.object() + "\t" + u.target()));
        }
        return ExitCode.OK;
    }
}
