package dev.klas.advice.kprobes;

import dev.klas.advice.AdviceRequest;
import dev.klas.advice.HookPlanner;
import dev.klas.advice.PlacedObject;
import dev.klas.advice.Target;
import dev.klas.advice.bpf.BpfBuild;
import dev.klas.advice.bpf.BpfGenerator;
import dev.klas.resolve.joinpoint.Binary;
import dev.klas.resolve.joinpoint.PlaceKind;
import dev.klas.resolve.joinpoint.SourcePlace;
import dev.klas.schema.Aspect;
import dev.klas.schema.AspectLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds the advice of bench/kprobes/run (not a test): for each N, hooks on the stores of f_0..f_{N-1} of the
 * generated kbench.ko with an advice that does nothing, once as a linux-kprobes module and once as a linux-bpf loader
 * (the same plan, the same hooks).
 *   KprobesBench KBENCH.KO RELEASE OUTDIR N...
 * Prints "module N PATH" and "loader N PATH" per N.
 */
public final class KprobesBench {
    private KprobesBench() {
    }

    public static void main(String[] args) throws Exception {
        Path ko = Path.of(args[0]);
        String release = args[1];
        Path out = Path.of(args[2]);
        String xml = """
                <aspect name="bench">
                  <pointcut expr="set(obj.len)"/>
                  <advice-before>(void)klas_jp;</advice-before>
                </aspect>
                """;
        List<Aspect> aspects = AspectLoader.parse("bench.xml", xml.getBytes(StandardCharsets.UTF_8));
        Binary binary = new Binary(PlacedObject.open(ko));
        for (int a = 3; a < args.length; a++) {
            int n = Integer.parseInt(args[a]);
            List<SourcePlace> places = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                places.add(new SourcePlace(PlaceKind.FIELD_WRITE, "kbench.c", 4 * i + 12, 0, "obj", "len", "f_" + i));
            }
            HookPlanner.Plan plan = HookPlanner.plan(binary, Map.of("bench", places));
            if (!plan.unresolved().isEmpty() || plan.hooks().size() != n) {
                throw new IllegalStateException("N=" + n + ": " + plan.hooks().size() + " hooks, " + plan.unresolved());
            }
            String name = "klas_bench_" + n;
            AdviceRequest request = new AdviceRequest(name, Target.kernelModule("kbench", release), aspects,
                    plan.hooks());
            Path dir = out.resolve(name);
            KprobesGenerator.generate(request, dir);
            KbuildResult r = Kbuild.build(dir, Kbuild.kdir(release), name);
            if (!r.built()) {
                throw new IllegalStateException(name + " did not build:\n" + r.log());
            }
            System.out.println("module " + n + " " + r.module().orElseThrow());
            String bpfName = "klas_bpf_" + n;
            AdviceRequest bpf = new AdviceRequest(bpfName, Target.kernelModule("kbench", release), aspects,
                    plan.hooks());
            Path bpfDir = out.resolve(bpfName);
            BpfGenerator.generate(bpf, BpfBuild.btf(release), bpfDir);
            BpfBuild.Result b = BpfBuild.build(bpfDir, bpfName);
            if (!b.built()) {
                throw new IllegalStateException(bpfName + " did not build:\n" + b.log());
            }
            System.out.println("loader " + n + " " + b.loader().orElseThrow());
        }
    }
}
