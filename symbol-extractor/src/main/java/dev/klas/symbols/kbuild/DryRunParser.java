package dev.klas.symbols.kbuild;

import dev.klas.symbols.config.ShellWords;
import dev.klas.symbols.config.ArgumentParser;
import dev.klas.symbols.config.CompileCommand;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the recipes that {@code make -n} prints for a kernel tree. A compiler command with {@code -c -o OBJ SRC}
 * and {@code -D__KERNEL__} is a kernel unit; {@code -DMODULE} puts it in the module named by
 * {@code -DKBUILD_MODNAME}. Kbuild's recipes start with {@code trap 'rm -f TARGET; ...'} and {@code filechk}'s
 * end with {@code mv -f TMP TARGET}: the targets of the recipes that are not compiles are the files Kbuild makes on
 * the way (generated headers and sources).
 */
public final class DryRunParser {
    private static final Set<String> OPTIONS_WITH_ARGUMENT = Set.of("-o", "-include", "-imacros", "-I", "-iquote",
            "-isystem", "-idirafter", "-MF", "-MT", "-MQ", "-x", "-D", "-U", "--param", "-Xassembler",
            "-Xpreprocessor", "-Xlinker", "-aux-info");

    private final Path tree;
    private final Map<String, KernelUnit> units = new LinkedHashMap<>();
    private final Set<String> trapTargets = new LinkedHashSet<>();
    private int asmUnits;
    private int hostUnits;

    private DryRunParser(Path tree) {
        this.tree = tree.toAbsolutePath().normalize();
    }

    /** @param tree the directory make ran in; relative paths in the recipes are resolved against it */
    public static DryRun parse(BufferedReader recipes, Path tree) throws IOException {
        DryRunParser p = new DryRunParser(tree);
        StringBuilder logical = new StringBuilder();
        for (String line = recipes.readLine(); line != null; line = recipes.readLine()) {
            if (line.endsWith("\\")) {
                logical.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            logical.append(line);
            p.line(logical.toString());
            logical.setLength(0);
        }
        p.line(logical.toString());
        Set<String> made = new LinkedHashSet<>(p.trapTargets);
        p.units.values().forEach(u -> made.remove(u.object()));
        return new DryRun(new ArrayList<>(p.units.values()), made, p.asmUnits, p.hostUnits);
    }

    private void line(String line) {
        for (List<String> words : ShellWords.commands(line)) {
            if (words.get(0).equals("trap") && words.size() > 1 && words.get(1).startsWith("rm -f ")) {
                String target = words.get(1).substring("rm -f ".length()).split("[;\\s]", 2)[0];
                trapTargets.add(relative(target));
            } else if (words.get(0).equals("mv") && words.size() > 2) {
                trapTargets.add(relative(words.get(words.size() - 1)));
            } else if (words.contains("-c")) {
                compile(words);
            }
        }
    }

    private void compile(List<String> words) {
        String object = null;
        String source = null;
        for (int i = 1; i < words.size(); i++) {
            String w = words.get(i);
            if (OPTIONS_WITH_ARGUMENT.contains(w)) {
                if (w.equals("-o") && i + 1 < words.size()) {
                    object = words.get(i + 1);
                }
                i++;
            } else if (!w.startsWith("-") && (w.endsWith(".c") || w.endsWith(".S") || w.endsWith(".s"))) {
                source = w;
            }
        }
        if (object == null || source == null) {
            return;
        }
        if (!source.endsWith(".c")) {
            asmUnits++;
        } else if (!words.contains("-D__KERNEL__")) {
            hostUnits++;
        } else {
            String obj = relative(object);
            String src = relative(source);
            units.putIfAbsent(obj, new KernelUnit(src, obj, target(words),
                    new CompileCommand(tree.resolve(src), tree, ArgumentParser.parse(words, tree)), words));
        }
    }

    private static String target(List<String> words) {
        if (!words.contains("-DMODULE")) {
            return KernelUnit.VMLINUX;
        }
        for (String w : words) {
            if (w.startsWith("-DKBUILD_MODNAME=")) {
                return w.substring("-DKBUILD_MODNAME=".length()).replace("\"", "") + ".ko";
            }
        }
        return "module.ko";
    }

    private String relative(String path) {
        Path p = tree.resolve(path).normalize();
        return p.startsWith(tree) ? tree.relativize(p).toString() : p.toString();
    }
}
