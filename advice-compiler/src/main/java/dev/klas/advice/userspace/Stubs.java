package dev.klas.advice.userspace;

import dev.klas.advice.vars.AdviceVariables;
import dev.klas.advice.vars.VariableReads;
import dev.klas.schema.AdviceKind;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Which stub a lean jump site without after-advice takes, from what the advice it runs names (klas_runtime.h,
 * {@code KLAS_SITE_*}). {@code registers[a]}: an advice of aspect {@code a} names the register file itself
 * ({@code klas_regs}, {@code klas_target}, {@code klas_new} ...), which it may write: the register-file stub.
 * {@code reads[a]}: it reads program variables ({@code $name}), whose generated code only reads the saved registers:
 * the light stub with the register file, r12-r15 among them only when a read at the site names one of them.
 */
record Stubs(boolean[] registers, boolean[] reads, List<String> aspects, AdviceVariables vars) {
    /** A read of r12-r15 in the generated code of {@link dev.klas.advice.vars.Registers#USERSPACE}. */
    private static final Pattern HIGH = Pattern.compile("regs->(r1[2-5]\\b|gpr\\[)");

    /** A light stub, or none (the register-file stub). */
    enum Light {
        NONE(""),
        /** Only what a call clobbers is saved; {@code klas_regs} is 0. */
        PLAIN("KLAS_SITE_NOREGS"),
        /** The general registers but r12-r15 saved for the variables' reads. */
        VARIABLES("KLAS_SITE_VARREGS"),
        /** All general registers saved for the variables' reads. */
        VARIABLES_HIGH("KLAS_SITE_VARREGS | KLAS_SITE_R12_R15");

        private final String flag;

        Light(String flag) {
            this.flag = flag;
        }

        String flag() {
            return flag;
        }

        /** Whether the site's advices are klas_regs_advice functions. */
        boolean varregs() {
            return this == VARIABLES || this == VARIABLES_HIGH;
        }
    }

    /**
     * The light stub of the site at {@code vaddr} whose before-advice calls are {@code calls} (each with
     * {@code aspectIndex} and {@code index}, the advice's number in its aspect).
     */
    Light of(long vaddr, List<Map<String, Object>> calls) {
        boolean any = false;
        boolean high = false;
        for (Map<String, Object> call : calls) {
            int a = (Integer) call.get("aspectIndex");
            if (registers[a]) {
                return Light.NONE;
            }
            any |= reads[a];
            high |= vars.at(vaddr, aspects.get(a), AdviceKind.BEFORE, (Integer) call.get("index"))
                    .map(Stubs::high).orElse(false);
        }
        return !any ? Light.PLAIN : high ? Light.VARIABLES_HIGH : Light.VARIABLES;
    }

    private static boolean high(VariableReads.Code code) {
        StringBuilder text = new StringBuilder(code.definitions());
        for (VariableReads.Declared d : code.variables()) {
            text.append('\n').append(d.declaration()).append('\n').append(String.join("\n", d.statements()));
        }
        return HIGH.matcher(text).find();
    }
}
