package dev.klas.advice.kprobes;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.klas.advice.AdviceRequest;
import dev.klas.advice.HookPlanner;
import dev.klas.advice.Target;
import dev.klas.advice.testbed.VmRun;
import dev.klas.advice.vars.AdviceVariables;
import dev.klas.advice.vars.KernelRegisters;
import dev.klas.resolve.joinpoint.Binary;
import dev.klas.resolve.joinpoint.SourcePlace;
import dev.klas.schema.Aspect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The steps of the kernel-mbuf advice tests: plan the places (all resolved) and generate the advice module with the
 * variables it reads, build the generated advice module with Kbuild (built, and
 * without a warning), then boot the test bed with kernel-mbuf and the module, its output on dmesg ({@code printk=1}),
 * write the given commands to {@code /proc/kernel-mbuf} in the phase {@code run} and unload the module in the phase
 * {@code rmmod}.
 */
final class MbufAdviceRun {
    private MbufAdviceRun() {
    }

    /** The plan, the generated module's folder ({@code work/name}) and its advice.c. */
    record Generated(HookPlanner.Plan plan, Path dir, String c) {
    }

    /**
     * Plans {@code places} in kernel-mbuf ({@code binary}, every place resolved) and generates advice module
     * {@code name} for {@code release} with the variables the aspects read.
     */
    static Generated generate(Path work, Binary binary, String release, String name, List<Aspect> aspects,
                              Map<String, List<SourcePlace>> places) throws Exception {
        HookPlanner.Plan plan = HookPlanner.plan(binary, places);
        assertEquals(List.of(), plan.unresolved());
        AdviceVariables vars = AdviceVariables.ofKernel(binary, plan.hooks(), aspects, KernelRegisters.of(binary));
        Path dir = work.resolve(name);
        KprobesGenerator.generate(new AdviceRequest(name, Target.kernelModule("kernel-mbuf", release), aspects,
                plan.hooks()), vars, dir);
        return new Generated(plan, dir, Files.readString(dir.resolve("advice.c")));
    }

    /** The advice module Kbuild builds from {@code dir} against {@code release}. */
    static Path build(Path dir, String release, String name) throws Exception {
        KbuildResult r = Kbuild.build(dir, Kbuild.kdir(release), name);
        assertTrue(r.built(), r.log());
        assertFalse(r.log().contains("warning:"), "the generated C builds without warnings:\n" + r.log());
        return r.module().orElseThrow();
    }

    /** The test bed's run of kernel-mbuf ({@code ko}) with advice module {@code advice} named {@code name}. */
    static VmRun run(Path work, String vm, Path ko, Path advice, String name, String... commands) throws Exception {
        return runThen(work, vm, ko, advice, name, "", commands);
    }

    /** {@link #run(Path, String, Path, Path, String, String...)}, then the shell lines {@code after}. */
    static VmRun runThen(Path work, String vm, Path ko, Path advice, String name, String after, String... commands)
            throws Exception {
        StringBuilder script = new StringBuilder("set -e\n")
                .append("echo 1 > /sys/module/").append(name).append("/parameters/printk\n")
                .append("echo \"KLAS-PHASE run\" > /dev/kmsg\n");
        for (String c : commands) {
            script.append("echo \"").append(c).append("\" > /proc/kernel-mbuf\n");
        }
        script.append("echo \"KLAS-PHASE rmmod\" > /dev/kmsg\n").append("rmmod ").append(name).append('\n')
                .append(after);
        Path file = work.resolve("script.sh");
        Files.writeString(file, script);
        return VmRun.clean(vm, Duration.ofSeconds(420), "--modules", ko + "," + advice, "--script", file.toString(),
                "--timeout", "300");
    }
}
