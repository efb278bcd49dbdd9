package dev.klas.advice;

import dev.klas.resolve.joinpoint.PlaceKind;
import dev.klas.resolve.joinpoint.SourcePlace;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which of kernel-mbuf's marked places each test aspect (mbuf-aspects.xml) selects. Pointcut matching belongs to
 * symbol-extractor; here the marks stand in for its shadows, so the test needs no CDT.
 */
public final class MbufPlan {
    private MbufPlan() {
    }

    public static Map<String, List<SourcePlace>> places() throws IOException {
        Map<String, List<SourcePlace>> out = new LinkedHashMap<>();
        List<SourcePlace> mLen = new ArrayList<>();
        List<SourcePlace> foRead = new ArrayList<>();
        List<SourcePlace> mFree = new ArrayList<>();
        List<SourcePlace> mFlags = new ArrayList<>();
        for (KernelMbufSample.Expectation e : KernelMbufSample.expectations()) {
            if (e.struct().equals("mbuf") && e.member().equals("m_len")) {
                mLen.add(e.place());
            } else if (e.struct().equals("mbuf") && e.member().equals("m_flags") && !e.kind().equals("get")) {
                mFlags.add(e.place());
            } else if (e.kind().equals("fpcall") && e.member().equals("fo_read")) {
                foRead.add(e.place());
            } else if (e.kind().equals("call") && e.member().equals("m_free")) {
                mFree.add(e.place());
            }
        }
        out.put("log_reset_len", mLen);
        out.put("fp_call_read", foRead);
        out.put("call_m_free", mFree);
        out.put("execution_m_get", List.of(function("mbuf.c", "m_get")));
        out.put("set_m_flags", mFlags);
        return out;
    }

    /** The execution place of {@code name}, at the line of its definition in {@code file}. */
    public static SourcePlace function(String file, String name) throws IOException {
        List<String> lines = Files.readAllLines(KernelMbufSample.dir().resolve(file));
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).matches(".*\\b" + name + "\\(.*\\)$") && !lines.get(i).endsWith(";")) {
                return new SourcePlace(PlaceKind.FUNCTION, file, i + 1, 0, "", name, name);
            }
        }
        throw new AssertionError("no definition of " + name + " in " + file);
    }
}
