package dev.klas.advice;

import dev.klas.schema.Aspect;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Everything an advice module is made from: its name, the target, the aspects and the hooks. Targets read only
 * this (user space and kernel alike), so runtimes stay simple.
 *
 * @param moduleName the module's name: lower-case letters, digits and {@code _}, starting with a letter (kernel
 *                   module names and file names both take it unchanged)
 */
public record AdviceRequest(String moduleName, Target target, List<Aspect> aspects, List<Hook> hooks) {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,54}");

    public AdviceRequest {
        Objects.requireNonNull(moduleName, "moduleName");
        Objects.requireNonNull(target, "target");
        aspects = List.copyOf(aspects);
        hooks = List.copyOf(hooks);
        if (!NAME.matcher(moduleName).matches()) {
            throw new IllegalArgumentException("module name '" + moduleName
                    + "': use lower-case letters, digits and _, starting with a letter, at most 55 characters");
        }
        Set<String> names = new HashSet<>();
        for (Aspect a : aspects) {
            names.add(a.name());
        }
        for (Hook h : hooks) {
            for (String a : h.aspects()) {
                if (!names.contains(a)) {
                    throw new IllegalArgumentException("hook at " + h.location() + " names unknown aspect '" + a + "'");
                }
            }
        }
    }
}
