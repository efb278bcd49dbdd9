package dev.klas.cli;

import dev.klas.resolve.elf.SymbolVersions;
import dev.klas.resolve.link.CopyRelocation;
import dev.klas.resolve.link.LinkingReport;
import dev.klas.resolve.link.LoadedObject;
import dev.klas.resolve.link.NeededClosure;
import dev.klas.resolve.link.TextRelocations;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** {@code klas inspect}'s dynamic-linking part, as text lines and as a JSON object. */
final class LinkingOutput {
    private LinkingOutput() {
    }

    static void text(PrintWriter out, LinkingReport r) {
        TextRelocations t = r.textRelocations();
        out.printf("text relocations  %s%n", t.count() == 0 && !t.flagged() ? "none"
                : "present: " + t.count() + " (" + t.sections().entrySet().stream().map(e -> e.getKey() + " "
                + e.getValue()).collect(Collectors.joining(", ")) + "), " + t.privatePages()
                + " pages private per process" + (t.flagged() ? "" : " (DT_TEXTREL missing)"));
        if (!t.symbols().isEmpty()) {
            out.printf("  against   %s%n", String.join(" ", t.symbols()));
        }
        out.printf("copy relocations  %s%n", r.copyRelocations().isEmpty() ? "none" : r.copyRelocations().size());
        for (CopyRelocation c : r.copyRelocations()) {
            out.printf("  %-24s %6d bytes  defined in %s%n", c.symbol(), c.size(),
                    c.definedIn().map(Object::toString).orElse("(not found in the needed objects)"));
        }
        NeededClosure n = r.closure();
        out.printf("needed      %d objects%s%n", n.objects().size() - 1,
                n.missing().isEmpty() ? "" : ", " + n.missing().size() + " not found");
        for (LoadedObject o : n.objects().subList(1, n.objects().size())) {
            out.printf("  %-28s %s  (%s%s)%n", o.name(), o.path(), o.via(), o.neededBy().map(b -> ", by " + b)
                    .orElse(""));
        }
        n.missing().forEach(m -> out.printf("  %-28s not found  (by %s)%n", m.name(), m.neededBy()));
        out.printf("relocations RELATIVE %d, GLOB_DAT %d, JUMP_SLOT %d, others %d%s%n", r.count("R_X86_64_RELATIVE"),
                r.count("R_X86_64_GLOB_DAT"), r.count("R_X86_64_JUMP_SLOT"), r.others(), others(r));
        out.printf("plt entries %d, bound %s%n", r.pltEntries(), r.bindNow() ? "at start-up (BIND_NOW)" : "lazily");
        out.printf("relro       %s%n", r.relro());
        out.printf("versions    %s%n", versions(r));
        out.printf("hash        %s%n", r.hashStyle());
    }

    private static String others(LinkingReport r) {
        String s = r.relocations().entrySet().stream().filter(e -> !List.of("R_X86_64_RELATIVE",
                "R_X86_64_GLOB_DAT", "R_X86_64_JUMP_SLOT").contains(e.getKey()))
                .map(e -> e.getKey().replace("R_X86_64_", "") + " " + e.getValue()).collect(Collectors.joining(", "));
        return s.isEmpty() ? "" : " (" + s + ")";
    }

    private static String versions(LinkingReport r) {
        SymbolVersions v = r.versions();
        if (!r.versym() && v.needed().isEmpty() && v.defined().isEmpty()) {
            return "none";
        }
        String needed = v.needed().stream().map(x -> x.file() + " " + String.join(",", x.versions()))
                .collect(Collectors.joining("; "));
        return (r.versym() ? "DT_VERSYM" : "no DT_VERSYM") + (needed.isEmpty() ? "" : "; needs " + needed)
                + (v.defined().isEmpty() ? "" : "; defines " + String.join(",", v.defined()));
    }

    static Map<String, Object> json(LinkingReport r) {
        TextRelocations t = r.textRelocations();
        NeededClosure n = r.closure();
        return Json.object(
                "textRelocations", Json.object("flagged", t.flagged(), "count", t.count(), "sections", t.sections(),
                        "symbols", t.symbols(), "privatePages", t.privatePages()),
                "copyRelocations", r.copyRelocations().stream().map(c -> Json.object("symbol", c.symbol(),
                        "size", c.size(), "definedIn", c.definedIn().map(Object::toString).orElse(null))).toList(),
                "needed", n.objects().subList(1, n.objects().size()).stream().map(o -> Json.object("name", o.name(),
                        "path", o.path().toString(), "via", o.via(), "neededBy", o.neededBy().orElse(null))).toList(),
                "missing", n.missing().stream().map(m -> Json.object("name", m.name(), "neededBy", m.neededBy()))
                        .toList(),
                "relocations", r.relocations(), "relative", r.count("R_X86_64_RELATIVE"),
                "globDat", r.count("R_X86_64_GLOB_DAT"), "jumpSlot", r.count("R_X86_64_JUMP_SLOT"),
                "others", r.others(), "pltEntries", r.pltEntries(), "bindNow", r.bindNow(), "relro", r.relro(),
                "versym", r.versym(),
                "versionsNeeded", r.versions().needed().stream().map(x -> Json.object("file", x.file(),
                        "versions", x.versions())).toList(),
                "versionsDefined", r.versions().defined(), "hashStyle", r.hashStyle());
    }
}
