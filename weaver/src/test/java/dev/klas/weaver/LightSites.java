package dev.klas.weaver;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a woven.c says of its KLAS_SITE_VARREGS sites (klas_runtime.h: the light stub with the register file): per
 * hook ({@code symbol+0xOFFSET}, as klas_jp prints it), whether it takes that stub and which saved registers each
 * {@code $name} read there names ({@code klas_ctx->regs->REG}, from its statements in the per-hook advice).
 */
record LightSites(Map<String, Set<String>> flags, Map<String, Map<String, Set<String>>> registers) {
    /** The registers a function called at the hook keeps (System V psABI 3.2.1): the light stub does not save them. */
    static final Set<String> CALLEE_SAVED = Set.of("rbx", "rbp", "r12", "r13", "r14", "r15");
    private static final Pattern HOOK = Pattern.compile("(?m)^/\\* hook (\\d+): (\\S+) ");
    private static final Pattern FLAGS = Pattern.compile("(?m)^\t  \\.flags = ([^,]+),$");
    private static final Pattern FUNCTION = Pattern.compile(
            "(?ms)^static [^\n]*void klas_advice_\\d+_\\d+_h(\\d+)\\(([^\n]*)\\)\n\\{\n(.*?)^\\}");
    private static final Pattern STATEMENT = Pattern.compile("(?m)^\t(.*\\$(\\w+).*)$");
    private static final Pattern REGISTER = Pattern.compile("regs->(\\w+)");

    static LightSites of(String woven) {
        Map<Integer, String> at = new HashMap<>();
        Matcher h = HOOK.matcher(woven);
        while (h.find()) {
            at.put(Integer.parseInt(h.group(1)), h.group(2));
        }
        Map<String, Set<String>> flags = new HashMap<>();
        Matcher f = FLAGS.matcher(woven);
        for (int i = 0; f.find(); i++) {
            flags.put(at.get(i), Set.of(f.group(1).split(" \\| ")));
        }
        Map<String, Map<String, Set<String>>> registers = new HashMap<>();
        Matcher fn = FUNCTION.matcher(woven);
        while (fn.find()) {
            String hook = at.get(Integer.parseInt(fn.group(1)));
            Matcher s = STATEMENT.matcher(fn.group(3));
            while (s.find()) {
                Matcher r = REGISTER.matcher(s.group(1));
                while (r.find()) {
                    registers.computeIfAbsent(hook, k -> new HashMap<>())
                            .computeIfAbsent(s.group(2), k -> new HashSet<>()).add(r.group(1));
                }
            }
        }
        return new LightSites(flags, registers);
    }

    /** Whether the hook at {@code at} takes the light stub with the register file. */
    boolean light(String at) {
        return flags.getOrDefault(at, Set.of()).contains("KLAS_SITE_VARREGS");
    }

    /** The saved registers the read of {@code $name} at {@code at} names. */
    Set<String> read(String at, String name) {
        return registers.getOrDefault(at, Map.of()).getOrDefault(name, Set.of());
    }

    /** The hooks on the light stub with the register file. */
    List<String> hooks() {
        return flags.keySet().stream().filter(this::light).sorted().toList();
    }
}
