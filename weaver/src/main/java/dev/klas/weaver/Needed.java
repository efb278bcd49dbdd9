package dev.klas.weaver;

import dev.klas.resolve.elf.DynamicTags;
import dev.klas.resolve.elf.ElfFile;
import dev.klas.resolve.elf.ElfSymbol;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What an ELF file's {@code .dynamic} section says about the objects it loads (ELF gABI, "Dynamic Section"):
 * its DT_NEEDED names, DT_SONAME, DT_RUNPATH/DT_RPATH, and whether it imports {@code dlopen}.
 */
record Needed(Path file, Optional<String> soname, List<String> needed, List<String> runpath, boolean importsDlopen,
              List<String> imports, List<String> exports) {
    static Needed of(Path file) throws IOException {
        ElfFile elf = ElfFile.open(file);
        List<String> needed = new ArrayList<>();
        List<String> runpath = new ArrayList<>();
        Optional<String> soname = Optional.empty();
        String origin = String.valueOf(file.toAbsolutePath().getParent());
        for (DynamicTags.Entry e : DynamicTags.entries(elf)) {
            if (e.tag() == DynamicTags.DT_NEEDED) {
                needed.add(DynamicTags.string(elf, e.value()));
            } else if (e.tag() == DynamicTags.DT_SONAME) {
                soname = Optional.of(DynamicTags.string(elf, e.value()));
            } else if (e.tag() == DynamicTags.DT_RPATH || e.tag() == DynamicTags.DT_RUNPATH) {
                for (String dir : DynamicTags.string(elf, e.value()).split(":")) {
                    runpath.add(dir.replace("$ORIGIN", origin).replace("${ORIGIN}", origin));
                }
            }
        }
        List<String> imports = new ArrayList<>();
        List<String> exports = new ArrayList<>();
        for (ElfSymbol s : elf.dynamicSymbols()) {
            if (s.name().isEmpty()) {
                continue;
            }
            (s.sectionIndex() == ElfSymbol.SHN_UNDEF ? imports : exports).add(s.name());
        }
        boolean dl = imports.stream().anyMatch(n -> n.equals("dlopen") || n.equals("dlmopen"));
        return new Needed(file, soname, needed, runpath, dl, imports, exports);
    }

    /** Where the dynamic linker would find {@code name}: the file's run paths, LD_LIBRARY_PATH, the system dirs. */
    Optional<Path> find(String name) {
        if (name.contains("/")) {
            return Optional.of(Path.of(name)).filter(Files::isRegularFile);
        }
        List<String> dirs = new ArrayList<>(runpath);
        String env = System.getenv("LD_LIBRARY_PATH");
        if (env != null) {
            dirs.addAll(List.of(env.split(":")));
        }
        dirs.addAll(List.of("/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib64", "/usr/lib64", "/lib",
                "/usr/lib", "/usr/local/lib"));
        for (String dir : dirs) {
            if (!dir.isEmpty() && Files.isRegularFile(Path.of(dir, name))) {
                return Optional.of(Path.of(dir, name));
            }
        }
        return Optional.empty();
    }
}
