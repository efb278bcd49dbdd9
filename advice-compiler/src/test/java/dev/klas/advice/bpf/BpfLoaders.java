package dev.klas.advice.bpf;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.klas.advice.AdviceRequest;
import java.nio.file.Files;
import java.nio.file.Path;

/** Building a linux-bpf loader for a test (the script lines that run it: {@link dev.klas.advice.testbed.LoaderScript}). */
final class BpfLoaders {
    private BpfLoaders() {
    }

    static Path build(AdviceRequest request, String release, Path dir) throws Exception {
        BpfGenerator.generate(request, BpfBuild.btf(release), dir);
        BpfBuild.Result r = BpfBuild.build(dir, request.moduleName());
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", request.moduleName() + "-build.log"), r.log());
        assertTrue(r.built(), r.log());
        return r.loader().orElseThrow();
    }
}
