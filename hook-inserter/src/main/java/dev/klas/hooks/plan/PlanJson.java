package dev.klas.hooks.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/** plan.json, version {@value PatchPlan#VERSION}: written and read as docs/plan-format.md describes it. */
public final class PlanJson {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final HexFormat HEX = HexFormat.of();

    private PlanJson() {
    }

    public static String write(PatchPlan plan) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("version", plan.version());
        TargetIdentity t = plan.target();
        root.putObject("target").put("path", t.path()).put("match", t.match()).put("buildId", t.buildId())
                .put("size", t.size()).put("textSha256", t.textSha256());
        root.put("hookMode", plan.mode().name().toLowerCase(java.util.Locale.ROOT));
        ArrayNode hooks = root.putArray("hooks");
        for (PlannedHook h : plan.hooks()) {
            ObjectNode o = hooks.addObject();
            o.put("vaddr", hex(h.vaddr())).put("symbol", h.symbol()).put("offset", h.offset());
            o.set("place", place(h.place()));
            ArrayNode aspects = o.putArray("aspects");
            h.aspects().forEach(a -> aspects.addObject().put("name", a.name()).put("pointcut", a.pointcut()));
            o.put("original", HEX.formatHex(h.original()));
            o.put("mechanism", h.mechanism().name().toLowerCase(java.util.Locale.ROOT));
            o.put("patch", patch(h.patch()));
            h.why().ifPresent(w -> o.put("int3Reason", w));
            o.put("vector", h.vector());
            o.put("entry", h.entry());
            ArrayNode after = o.putArray("after");
            for (PlannedHook.After a : h.after()) {
                ObjectNode x = after.addObject().put("name", a.name()).put("pointcut", a.pointcut())
                        .put("when", a.when().name().toLowerCase(java.util.Locale.ROOT))
                        .put("joinPoint", hex(a.joinPoint()));
                x.set("place", place(a.place()));
            }
            ArrayNode insns = o.putArray("instructions");
            h.insns().forEach(i -> insns.addObject().put("length", i.length()).put("rel32At", i.rel32At()));
            h.access().ifPresent(a -> o.putObject("access").put("base", a.base()).put("index", a.index())
                    .put("scale", a.scale()).put("ripRelative", a.ripRelative()).put("disp", a.disp())
                    .put("size", a.size()).put("memberOffset", a.memberOffset()).put("struct", a.struct())
                    .put("member", a.member()));
        }
        ArrayNode refused = root.putArray("refused");
        for (PlanRefusal r : plan.refused()) {
            refused.addObject().put("vaddr", hex(r.vaddr())).put("symbol", r.symbol()).put("offset", r.offset())
                    .put("file", r.file()).put("line", r.line()).put("reason", r.reason());
        }
        try {
            return MAPPER.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads a plan; throws {@link IllegalArgumentException} naming the problem when it is not one we wrote. */
    public static PatchPlan read(String json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        }
        int version = need(root, "version").asInt();
        if (version < PatchPlan.OLDEST || version > PatchPlan.VERSION) {
            throw new IllegalArgumentException("plan version " + version + ", this klas reads " + PatchPlan.OLDEST
                    + " to " + PatchPlan.VERSION);
        }
        JsonNode t = need(root, "target");
        TargetIdentity target = new TargetIdentity(text(t, "path"), text(t, "match"), text(t, "buildId"),
                need(t, "size").asLong(), text(t, "textSha256"));
        List<PlannedHook> hooks = new ArrayList<>();
        for (JsonNode o : need(root, "hooks")) {
            JsonNode p = need(o, "place");
            List<PlannedHook.AspectRef> aspects = new ArrayList<>();
            need(o, "aspects").forEach(a -> aspects.add(new PlannedHook.AspectRef(text(a, "name"), text(a, "pointcut"))));
            List<Displaced> insns = new ArrayList<>();
            need(o, "instructions").forEach(i -> insns.add(new Displaced(need(i, "length").asInt(),
                    need(i, "rel32At").asInt())));
            Optional<PlannedHook.Access> access = Optional.ofNullable(o.get("access")).map(a -> new PlannedHook.Access(
                    need(a, "base").asInt(), need(a, "index").asInt(), need(a, "scale").asInt(),
                    need(a, "ripRelative").asBoolean(), need(a, "disp").asLong(), need(a, "size").asInt(),
                    need(a, "memberOffset").asLong(), Optional.ofNullable(a.get("struct")).map(JsonNode::asText)
                    .orElse(""), Optional.ofNullable(a.get("member")).map(JsonNode::asText).orElse("")));
            List<PlannedHook.After> after = new ArrayList<>();
            Optional.ofNullable(o.get("after")).ifPresent(list -> list.forEach(a -> after.add(new PlannedHook.After(
                    text(a, "name"), text(a, "pointcut"), PlannedHook.After.When.valueOf(text(a, "when")
                    .toUpperCase(java.util.Locale.ROOT)), address(text(a, "joinPoint")), place(need(a, "place"))))));
            hooks.add(new PlannedHook(address(text(o, "vaddr")), text(o, "symbol"),
                    need(o, "offset").asLong(), place(p), aspects, HEX.parseHex(text(o, "original")),
                    Mechanism.valueOf(text(o, "mechanism").toUpperCase(java.util.Locale.ROOT)),
                    patch(text(o, "patch")), Optional.ofNullable(o.get("int3Reason")).map(JsonNode::asText), insns,
                    access, need(o, "vector").asBoolean(), Optional.ofNullable(o.get("entry"))
                    .map(JsonNode::asBoolean).orElse(false), after));
        }
        List<PlanRefusal> refused = new ArrayList<>();
        for (JsonNode r : need(root, "refused")) {
            refused.add(new PlanRefusal(Long.parseUnsignedLong(text(r, "vaddr").substring(2), 16), text(r, "symbol"),
                    need(r, "offset").asLong(), text(r, "file"), need(r, "line").asInt(), text(r, "reason")));
        }
        return new PatchPlan(version, target, HookMode.valueOf(text(root, "hookMode").toUpperCase(java.util.Locale.ROOT)),
                hooks, refused);
    }

    private static ObjectNode place(PlannedHook.Place p) {
        return MAPPER.createObjectNode().put("file", p.file()).put("line", p.line()).put("column", p.column())
                .put("function", p.function());
    }

    private static PlannedHook.Place place(JsonNode p) {
        return new PlannedHook.Place(text(p, "file"), need(p, "line").asInt(), need(p, "column").asInt(),
                text(p, "function"));
    }

    private static long address(String hex) {
        return Long.parseUnsignedLong(hex.substring(2), 16);
    }

    private static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }

    private static String patch(List<Integer> bytes) {
        StringBuilder sb = new StringBuilder();
        bytes.forEach(b -> sb.append(b < 0 ? "??" : String.format("%02x", b)));
        return sb.toString();
    }

    private static List<Integer> patch(String text) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i + 2 <= text.length(); i += 2) {
            String b = text.substring(i, i + 2);
            out.add(b.equals("??") ? -1 : Integer.parseInt(b, 16));
        }
        return out;
    }

    private static JsonNode need(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException("plan.json: missing \"" + field + "\"");
        }
        return v;
    }

    private static String text(JsonNode node, String field) {
        return need(node, field).asText();
    }
}
