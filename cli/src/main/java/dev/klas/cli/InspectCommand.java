package dev.klas.cli;

import dev.klas.resolve.FormatException;
import dev.klas.resolve.elf.DynamicTags;
import dev.klas.resolve.elf.ElfFile;
import dev.klas.resolve.elf.ElfSymbol;
import dev.klas.resolve.elf.Section;
import dev.klas.resolve.elf.Segment;
import dev.klas.resolve.link.LinkingReports;
import dev.klas.resolve.link.SearchPath;
import dev.klas.weaver.Binaries;
import dev.klas.weaver.WeaveException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code klas inspect ELF}: what kind of binary it is and what klas can use in it. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Show an ELF file's type, build-id, segments, sections (like size -x), symbols,"
                + " debug sections, and what dynamic linking costs: text and copy relocations, the needed objects,"
                + " relocations by type, PLT entries, BIND_NOW, RELRO, symbol versions and hash style.")
final class InspectCommand implements Callable<Integer> {

    enum Format { text, json }

    @Option(names = "--format", paramLabel = "FORMAT", description = "text or json.")
    Format format = Format.text;

    @Option(names = "--pid", paramLabel = "PID", description = "Also the bindings that the program-parts runtime of"
            + " process PID interposed in this object's GOT (docs/PARTS.md).")
    Integer pid;

    @Parameters(paramLabel = "ELF", description = "An executable, shared object, relocatable object, .ko or vmlinux.")
    Path file;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ElfFile elf;
        try {
            elf = Binaries.elf(file);
        } catch (WeaveException e) {
            throw Failures.of(e);
        }
        try {
            return show(elf);
        } catch (FormatException e) {
            throw Failures.of(new WeaveException(WeaveException.Kind.INVALID_INPUT, file + ": " + e.getMessage(), e));
        }
    }

    private int show(ElfFile elf) {
        PrintWriter out = spec.commandLine().getOut();
        PartsBindings parts = pid == null ? null : PartsBindings.of(pid, file);
        if (format == Format.json) {
            Map<String, Object> json = json(elf);
            if (parts != null) {
                json.put("parts", PartsOutput.json(parts));
            }
            out.println(Json.write(json));
            return ExitCode.OK;
        }
        out.printf("file        %s%n", file);
        out.printf("type        %s, x86-64%n", type(elf));
        out.printf("build-id    %s%n", elf.buildId().map(Object::toString).orElse("none"));
        out.printf("entry       0x%x%n", elf.entry());
        segments(out, elf.segments());
        sections(out, elf.sections());
        symbols(out, elf);
        debug(out, elf);
        if (elf.isRelocatable()) {
            out.printf("text relocations  %s%n", DynamicTags.hasTextRelocations(elf) ? "present" : "none");
        } else {
            LinkingOutput.text(out, LinkingReports.of(elf, SearchPath.system()));
        }
        if (parts != null) {
            PartsOutput.text(out, parts);
        }
        return ExitCode.OK;
    }

    private Map<String, Object> json(ElfFile elf) {
        List<ElfSymbol> symtab = elf.symbols();
        return Json.object("file", file.toString(), "type", type(elf), "machine", "x86-64",
                "buildId", elf.buildId().map(Object::toString).orElse(null), "entry", elf.entry(),
                "segments", elf.segments().stream().map(s -> Json.object("type", segmentType(s.type()),
                        "offset", s.offset(), "vaddr", s.virtualAddress(), "fileSize", s.fileSize(),
                        "memorySize", s.memorySize(), "flags", flags(s.flags()))).toList(),
                "sections", elf.sections().stream().filter(s -> s.index() != 0).map(s -> Json.object("name", s.name(),
                        "size", s.size(), "address", s.address(), "executable", s.executable(),
                        "compressed", s.compressed() ? compression(elf, s).replace("  compressed (", "").replace(")", "")
                                : null)).toList(),
                "symbols", symtab.size(), "functions", symtab.stream().filter(ElfSymbol::isFunction).count(),
                "dynamicSymbols", elf.dynamicSymbols().size(), "debugInfo", elf.hasDebugInfo(),
                "textRelocations", DynamicTags.hasTextRelocations(elf),
                "linking", elf.isRelocatable() ? null : LinkingOutput.json(LinkingReports.of(elf, SearchPath.system())));
    }

    private static String type(ElfFile elf) {
        return switch (elf.type()) {
            case ElfFile.ET_REL -> "REL (relocatable object)";
            case ElfFile.ET_EXEC -> "EXEC (executable)";
            case ElfFile.ET_DYN -> elf.segments().stream().anyMatch(s -> s.type() == Segment.PT_INTERP)
                    ? "DYN (position-independent executable)" : "DYN (shared object)";
            default -> "type " + elf.type();
        };
    }

    private static void segments(PrintWriter out, List<Segment> segments) {
        out.printf("segments    %d%n", segments.size());
        for (Segment s : segments) {
            out.printf("  %-12s offset 0x%08x  vaddr 0x%016x  filesz 0x%08x  memsz 0x%08x  %s%n",
                    segmentType(s.type()), s.offset(), s.virtualAddress(), s.fileSize(), s.memorySize(), flags(s.flags()));
        }
    }

    private static void sections(PrintWriter out, List<Section> sections) {
        out.printf("sections    %d%n", sections.size());
        out.printf("  %-24s %12s %18s%n", "section", "size", "addr");
        long total = 0;
        for (Section s : sections) {
            if (s.index() == 0) {
                continue;
            }
            out.printf("  %-24s %12s %18s%s%n", s.name(), "0x" + Long.toHexString(s.size()),
                    "0x" + Long.toHexString(s.address()), s.executable() ? "  x" : "");
            if ((s.flags() & Section.SHF_ALLOC) != 0) {
                total += s.size();
            }
        }
        out.printf("  %-24s %12s%n", "Total (allocated)", "0x" + Long.toHexString(total));
    }

    private static void symbols(PrintWriter out, ElfFile elf) {
        List<ElfSymbol> symtab = elf.symbols();
        long functions = symtab.stream().filter(ElfSymbol::isFunction).count();
        out.printf("symbols     .symtab %d (%d functions), .dynsym %d%n", symtab.size(), functions,
                elf.dynamicSymbols().size());
    }

    private static void debug(PrintWriter out, ElfFile elf) {
        List<Section> debug = elf.sections().stream()
                .filter(s -> s.name().startsWith(".debug_") || s.name().startsWith(".zdebug_")).toList();
        if (debug.isEmpty()) {
            out.printf("debug       none%s%n", Binaries.hint(elf.path()));
            return;
        }
        out.printf("debug       %d sections%n", debug.size());
        for (Section s : debug) {
            out.printf("  %-24s %12s%s%n", s.name(), "0x" + Long.toHexString(s.size()), compression(elf, s));
        }
    }

    private static String compression(ElfFile elf, Section s) {
        if (!s.compressed()) {
            return s.name().startsWith(".zdebug_") ? "  compressed (zlib, GNU .zdebug)" : "";
        }
        ByteBuffer raw = elf.rawData(s);
        int type = raw.remaining() >= 4 ? raw.getInt(0) : -1;
        return switch (type) {
            case 1 -> "  compressed (zlib)";
            case 2 -> "  compressed (zstd)";
            default -> "  compressed (type " + type + ")";
        };
    }

    private static String segmentType(int type) {
        return switch (type) {
            case 0 -> "NULL";
            case Segment.PT_LOAD -> "LOAD";
            case Segment.PT_DYNAMIC -> "DYNAMIC";
            case Segment.PT_INTERP -> "INTERP";
            case Segment.PT_NOTE -> "NOTE";
            case 6 -> "PHDR";
            case 7 -> "TLS";
            case 0x6474e550 -> "GNU_EH_FRAME";
            case 0x6474e551 -> "GNU_STACK";
            case 0x6474e552 -> "GNU_RELRO";
            case 0x6474e553 -> "GNU_PROPERTY";
            default -> String.format("0x%x", type);
        };
    }

    private static String flags(int f) {
        return ((f & Segment.PF_R) != 0 ? "R" : "-") + ((f & Segment.PF_W) != 0 ? "W" : "-")
                + ((f & Segment.PF_X) != 0 ? "X" : "-");
    }
}
