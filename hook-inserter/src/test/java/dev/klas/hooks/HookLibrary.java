package dev.klas.hooks;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/** The test generator: renders hooks.c.tmpl for chosen sites and compiles it with the runtime into a .so. */
final class HookLibrary {

    /** One target object of the table. */
    record Target(String match, byte[] buildId, List<Site> sites) {
    }

    private HookLibrary() {
    }

    /**
     * Writes dir/hooks.c and compiles
     * {@code gcc -O2 -g -Wall -Wextra -Werror -fPIC -shared -I RUNTIME -o dir/NAME hooks.c RUNTIME/klas_*.c -ldl -lpthread}.
     */
    static Path build(Path dir, String name, List<Target> targets) {
        try {
            Path c = dir.resolve(name.replace(".so", ".c"));
            Files.writeString(c, render(targets));
            List<String> cmd = new ArrayList<>(List.of("gcc", "-O2", "-g", "-Wall", "-Wextra", "-Werror", "-fPIC",
                    "-shared", "-I", RUNTIME.toString(), "-o", dir.resolve(name).toString(), c.toString()));
            OBJECTS.forEach(o -> cmd.add(o.toString()));
            cmd.addAll(List.of("-ldl", "-lpthread"));
            Run.of(dir, cmd).ok();
            return dir.resolve(name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final Path RUNTIME = Scratch.dir("runtime");
    private static final List<Path> OBJECTS = compileRuntime();

    /** Once per JVM: {@code gcc -O2 -g -Wall -Wextra -Werror -fPIC -c klas_X.c -o klas_X.o} for each runtime file. */
    private static List<Path> compileRuntime() {
        List<Path> objects = new ArrayList<>();
        for (Path source : RuntimeSources.copyTo(RUNTIME)) {
            Path o = RUNTIME.resolve(source.getFileName().toString().replace(".c", ".o"));
            Run.of(RUNTIME, List.of("gcc", "-O2", "-g", "-Wall", "-Wextra", "-Werror", "-fPIC", "-c",
                    source.toString(), "-o", o.toString())).ok();
            objects.add(o);
        }
        return objects;
    }

    static String render(List<Target> targets) throws IOException {
        StringBuilder advice = new StringBuilder();
        StringBuilder table = new StringBuilder();
        int n = 0;
        StringJoiner objects = new StringJoiner(",\n    ", "static const struct klas_object objects[] = {\n    ", "\n};\n");
        for (int t = 0; t < targets.size(); t++) {
            Target target = targets.get(t);
            StringJoiner sites = new StringJoiner(",\n    ", "static const struct klas_site sites_" + t + "[] = {\n    ", "\n};\n");
            for (Site s : target.sites()) {
                advice.append(s.advice().name()).append('(').append(n).append(")\n");
                advice.append("static const struct klas_joinpoint jp_").append(n).append(" = { \"test\", \"")
                        .append(s.advice().name().toLowerCase()).append("\", \"fixture.c\", \"").append(s.function())
                        .append("\", ").append(n).append(", 0, 0x").append(Long.toHexString(s.vaddr())).append(", \"").append(s.function())
                        .append("\", 0 };\n");
                advice.append("static const struct klas_advice adv_").append(n).append("[] = { { &jp_").append(n)
                        .append(", advice_").append(n).append(" } };\n");
                sites.add(site(s, n));
                n++;
            }
            table.append(sites);
            objects.add("{ \"" + target.match() + "\", " + bytes(target.buildId()) + ", " + target.buildId().length
                    + ", sites_" + t + ", " + target.sites().size() + " }");
        }
        table.append(objects);
        return template().replace("/*ADVICE*/", advice).replace("/*TABLE*/", table);
    }

    private static String site(Site s, int n) {
        StringJoiner orig = new StringJoiner(", ", "{ ", " }");
        StringJoiner insns = new StringJoiner(", ", "{ ", " }");
        for (Insn i : s.displaced()) {
            for (byte b : i.bytes()) {
                orig.add(String.format("0x%02x", b & 0xff));
            }
            insns.add("{ " + i.len() + ", " + i.rel32At() + " }");
        }
        String access = s.access().map(o -> ".has_access = 1, .access = { " + o.base() + ", " + o.index() + ", "
                + o.scale() + ", " + (o.ripRelative() ? 1 : 0) + ", " + o.disp() + ", " + o.size()
                + " }, .member_offset = " + s.memberOffset() + ", ").orElse("");
        return "{ .vaddr = 0x" + Long.toHexString(s.vaddr()) + "ull, .orig = " + orig + ", .orig_len = " + s.length()
                + ", .mechanism = KLAS_" + s.mechanism() + ", .n_insns = " + s.displaced().size() + ", .insns = "
                + insns + ", " + access + ".flags = " + (s.vector() ? "KLAS_SITE_VECTOR" : s.advice().light() ? "KLAS_SITE_NOREGS" : "0")
                + ", .advices = adv_" + n + ", .n_advices = 1 }";
    }

    private static String bytes(byte[] b) {
        StringJoiner j = new StringJoiner(", ", "{ ", " }");
        for (byte x : b) {
            j.add(String.format("0x%02x", x & 0xff));
        }
        return b.length == 0 ? "{ 0 }" : j.toString();
    }

    private static String template() throws IOException {
        try (InputStream in = HookLibrary.class.getResourceAsStream("/dev/klas/hooks/hooks.c.tmpl")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
