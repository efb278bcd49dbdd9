package dev.klas.resolve.link;

import dev.klas.resolve.elf.DynamicTags;
import dev.klas.resolve.elf.ElfFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The objects the dynamic linker loads for a program, breadth first in DT_NEEDED order (the program first, its interpreter last, as ldd lists them) as glibc's
 * {@code _dl_map_object_deps} does, each name searched as {@code _dl_map_object} does (glibc elf/dl-load.c): a name
 * with a slash is a path; otherwise the DT_RPATH of the loader and of the objects that loaded it (only while the
 * loader has no DT_RUNPATH), {@code LD_LIBRARY_PATH}, the loader's DT_RUNPATH, {@code /etc/ld.so.cache}, the system
 * directories (the last two not when the loader has DF_1_NODEFLIB). {@code $ORIGIN}, {@code $LIB} and
 * {@code $PLATFORM} are expanded. A name matching an object already loaded (by the name it was loaded under or its
 * DT_SONAME, or the same file) is not loaded again; the program's PT_INTERP is loaded first, as ld.so itself is.
 * Not done: glibc-hwcaps and legacy hwcap subdirectories, {@code LD_PRELOAD}, secure-mode restrictions.
 */
public record NeededClosure(List<LoadedObject> objects, List<Missing> missing) {

    /** A DT_NEEDED name found nowhere. */
    public record Missing(String name, String neededBy) {
    }

    /** The closure of {@code program} (an executable or shared object). */
    public static NeededClosure of(ElfFile program, SearchPath search) {
        return new Walk(search).run(program);
    }

    private static final class Walk {
        private final SearchPath search;
        private final List<LoadedObject> loaded = new ArrayList<>();
        private final Map<LoadedObject, LoadedObject> loaders = new HashMap<>();
        private final Map<String, LoadedObject> names = new HashMap<>();
        private final Map<Path, LoadedObject> files = new HashMap<>();
        private final List<Missing> missing = new ArrayList<>();

        Walk(SearchPath search) {
            this.search = search;
        }

        NeededClosure run(ElfFile program) {
            add(new LoadedObject(program.path().toString(), program.path(), Optional.empty(),
                    "program", program), null);
            program.interpreter().map(Path::of).ifPresent(p -> open(p).ifPresent(elf ->
                    add(new LoadedObject(p.toString(), p, Optional.empty(), "interpreter", elf), null)));
            for (int i = 0; i < loaded.size(); i++) {
                LoadedObject o = loaded.get(i);
                if (o.via().equals("interpreter")) {
                    continue;
                }
                for (String needed : DynamicTags.strings(o.elf(), DynamicTags.DT_NEEDED)) {
                    if (!names.containsKey(needed)) {
                        load(needed, o);
                    }
                }
            }
            List<LoadedObject> interpreters = loaded.stream().filter(o -> o.via().equals("interpreter")).toList();
            loaded.removeAll(interpreters);
            loaded.addAll(interpreters);
            return new NeededClosure(List.copyOf(loaded), List.copyOf(missing));
        }

        private void load(String needed, LoadedObject loader) {
            for (Candidate c : candidates(needed, loader)) {
                Path real = real(c.path());
                LoadedObject same = files.get(real);
                if (same != null) {
                    names.put(needed, same);
                    return;
                }
                Optional<ElfFile> elf = open(c.path());
                if (elf.isPresent()) {
                    add(new LoadedObject(needed, c.path(), Optional.of(loader.name()), c.via(), elf.get()), loader);
                    return;
                }
            }
            missing.add(new Missing(needed, loader.name()));
        }

        private LoadedObject add(LoadedObject o, LoadedObject loader) {
            loaded.add(o);
            if (loader != null) {
                loaders.put(o, loader);
            }
            names.putIfAbsent(o.name(), o);
            List<String> soname = DynamicTags.strings(o.elf(), DynamicTags.DT_SONAME);
            soname.forEach(s -> names.putIfAbsent(s, o));
            files.putIfAbsent(real(o.path()), o);
            return o;
        }

        private record Candidate(Path path, String via) {
        }

        private List<Candidate> candidates(String needed, LoadedObject loader) {
            List<Candidate> out = new ArrayList<>();
            if (needed.contains("/")) {
                out.add(new Candidate(Path.of(Origins.expand(needed, loader)), "path"));
                return out;
            }
            boolean runpath = !DynamicTags.strings(loader.elf(), DynamicTags.DT_RUNPATH).isEmpty();
            if (!runpath) {
                for (LoadedObject l = loader; l != null; l = loaders.get(l)) {
                    if (DynamicTags.strings(l.elf(), DynamicTags.DT_RUNPATH).isEmpty()) {
                        dirs(l, DynamicTags.DT_RPATH, needed, "RPATH", out);
                    }
                }
            }
            search.libraryPath().forEach(d -> out.add(new Candidate(d.resolve(needed), "LD_LIBRARY_PATH")));
            dirs(loader, DynamicTags.DT_RUNPATH, needed, "RUNPATH", out);
            if (!noDefaultLibraries(loader)) {
                search.cache().find(needed).ifPresent(p -> out.add(new Candidate(p, "ld.so.cache")));
                search.systemDirectories().forEach(d -> out.add(new Candidate(d.resolve(needed), "system directory")));
            }
            return out;
        }

        private static void dirs(LoadedObject l, long tag, String needed, String via, List<Candidate> out) {
            for (String list : DynamicTags.strings(l.elf(), tag)) {
                for (Path d : SearchPath.split(Origins.expand(list, l))) {
                    out.add(new Candidate(d.resolve(needed), via));
                }
            }
        }

        private static boolean noDefaultLibraries(LoadedObject l) {
            return DynamicTags.values(DynamicTags.entries(l.elf()), DynamicTags.DT_FLAGS_1).stream()
                    .anyMatch(v -> (v & DynamicTags.DF_1_NODEFLIB) != 0);
        }
    }

    /** The file opened as ELF64 x86-64; empty when it is missing or of another kind, which ld.so skips too. */
    private static Optional<ElfFile> open(Path p) {
        if (!Files.isRegularFile(p)) {
            return Optional.empty();
        }
        try {
            return Optional.of(ElfFile.open(p));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Path real(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p.toAbsolutePath().normalize();
        }
    }
}
