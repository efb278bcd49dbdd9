package dev.klas.symbols.parser;

import dev.klas.symbols.Diagnostic;
import dev.klas.symbols.HeaderContext;
import dev.klas.symbols.Shadow;
import dev.klas.symbols.ShadowKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.eclipse.cdt.core.dom.ast.ASTVisitor;
import org.eclipse.cdt.core.dom.ast.IASTDeclaration;
import org.eclipse.cdt.core.dom.ast.IASTDeclarator;
import org.eclipse.cdt.core.dom.ast.IASTExpression;
import org.eclipse.cdt.core.dom.ast.IASTFieldReference;
import org.eclipse.cdt.core.dom.ast.IASTFunctionCallExpression;
import org.eclipse.cdt.core.dom.ast.IASTFunctionDefinition;
import org.eclipse.cdt.core.dom.ast.IASTIdExpression;
import org.eclipse.cdt.core.dom.ast.IASTImageLocation;
import org.eclipse.cdt.core.dom.ast.IASTName;
import org.eclipse.cdt.core.dom.ast.IASTProblem;
import org.eclipse.cdt.core.dom.ast.IASTTranslationUnit;
import org.eclipse.cdt.core.dom.ast.IASTUnaryExpression;
import org.eclipse.cdt.core.dom.ast.IBinding;
import org.eclipse.cdt.core.dom.ast.IField;
import org.eclipse.cdt.core.dom.ast.IFunction;
import org.eclipse.cdt.internal.core.dom.parser.c.CExternalFunction;
import org.eclipse.cdt.internal.core.dom.parser.c.CImplicitFunction;

/**
 * Walks a translation unit and records its shadows: everything in the main file, and the function bodies of the
 * headers the parser parsed (those of a header context not yet recorded), kept apart by header context.
 */
final class ShadowCollector extends ASTVisitor {
    private static final int MAX_WARNINGS = 20;

    private final Function<String, String> relative;
    private final SourceFiles files;
    private final String mainFile;
    private final BodyFilter bodies;
    private final InclusionContexts contexts;
    private final RecordNames records = new RecordNames();
    private final List<Shadow> shadows = new ArrayList<>();
    private final Map<HeaderContext, List<Shadow>> headerShadows = new LinkedHashMap<>();
    private final List<Diagnostic> unresolvedWarnings = new ArrayList<>();
    private final List<Diagnostic> syntaxWarnings = new ArrayList<>();
    private final MacroOrigins origins;
    private String function = "";
    /** The header context of the header function being walked; empty in the main file. */
    private Optional<HeaderContext> context = Optional.empty();
    private int unresolved;

    ShadowCollector(IASTTranslationUnit tu, Function<String, String> relative, SourceFiles files,
                    String mainFile, BodyFilter bodies, InclusionContexts contexts) {
        super(true);
        this.origins = new MacroOrigins(tu);
        shouldVisitAmbiguousNodes = false;
        shouldVisitTypeIds = false;
        this.relative = relative;
        this.files = files;
        this.mainFile = mainFile;
        this.bodies = bodies;
        this.contexts = contexts;
    }

    /**
     * Of the top-level declarations, those of the main file and the function definitions of wanted headers are
     * walked (the file of each is looked up once). A declaration inside a walked function (a local variable, one in
     * a statement expression) is always walked.
     */
    @Override
    public int visit(IASTDeclaration declaration) {
        if (declaration.getParent() instanceof IASTTranslationUnit) {
            boolean inMain = declaration.getContainingFilename().equals(mainFile);
            if (!inMain && !(declaration instanceof IASTFunctionDefinition def && bodies.isParsed(def.getBody()))) {
                return PROCESS_SKIP;
            }
            context = inMain ? Optional.empty() : contexts.of(declaration);
        }
        if (declaration instanceof IASTFunctionDefinition def) {
            IASTDeclarator d = def.getDeclarator();
            while (d.getNestedDeclarator() != null) {
                d = d.getNestedDeclarator();
            }
            function = d.getName().toString();
            add(ShadowKind.FUNCTION, Position.of(d.getName()), "", function);
        }
        return PROCESS_CONTINUE;
    }

    @Override
    public int leave(IASTDeclaration declaration) {
        if (declaration instanceof IASTFunctionDefinition) {
            function = "";
        }
        if (declaration.getParent() instanceof IASTTranslationUnit) {
            context = Optional.empty();
        }
        return PROCESS_CONTINUE;
    }

    @Override
    public int visit(IASTExpression expression) {
        if (expression instanceof IASTFieldReference field) {
            field(field);
        } else if (expression instanceof IASTFunctionCallExpression call) {
            call(call);
        }
        return PROCESS_CONTINUE;
    }

    @Override
    public int visit(IASTProblem problem) {
        var loc = problem.getFileLocation();
        if (syntaxWarnings.size() < MAX_WARNINGS && loc != null && loc.getFileName().equals(mainFile)) {
            boolean accesses = MEMBER_ACCESS.matcher(problem.getRawSignature()).find();
            int last = loc.getEndingLineNumber();
            syntaxWarnings.add(new Diagnostic(relative.apply(mainFile), loc.getStartingLineNumber(),
                    "not parsed" + (last > loc.getStartingLineNumber() ? " (to line " + last + ")" : "") + ": "
                            + problem.getMessage() + (accesses ? "; member accesses written there are not recorded"
                            : "; no member access is written there, nothing is lost")));
        }
        return PROCESS_CONTINUE;
    }

    private void field(IASTFieldReference ref) {
        IASTName name = ref.getFieldName();
        IField field = Fields.resolve(ref);
        Position pos = Position.of(name, origins, spelledOwner(ref));
        if (field == null) {
            unresolved++;
            if (unresolvedWarnings.size() < MAX_WARNINGS && pos.known()) {
                unresolvedWarnings.add(new Diagnostic(relative.apply(pos.file()), line(pos),
                        "cannot resolve member '" + name + "'"));
            }
            return;
        }
        String struct = records.of(field.getCompositeTypeOwner());
        ShadowKind kind = AccessKinds.of(ref);
        add(kind, pos, struct, name.toString());
        if (pos.objectLikeMacro() && ownerBefore(ref, pos)) {
            add(outermostKind(ref, pos), pos, struct, pos.macro());
        }
    }

    /**
     * Where the expression a member is taken from is written, through the members an object-like macro adds
     * ({@code n} for the {@code end} of {@code n->c.end} from {@code n->sk_end}); null when not written in a file.
     */
    private static IASTImageLocation spelledOwner(IASTFieldReference ref) {
        IASTExpression owner = ref.getFieldOwner();
        while (owner instanceof IASTFieldReference f && !isSpelled(f.getFieldName())) {
            owner = f.getFieldOwner();
        }
        return writtenEnd(owner);
    }

    /** The image of the last name of an expression whose names are all written in a file; null otherwise. */
    private static IASTImageLocation writtenEnd(IASTExpression e) {
        IASTImageLocation[] last = new IASTImageLocation[1];
        boolean[] fromMacro = new boolean[1];
        e.accept(new ASTVisitor() {
            {
                shouldVisitNames = true;
            }

            @Override
            public int visit(IASTName name) {
                if (!isSpelled(name)) {
                    fromMacro[0] = true;
                    return PROCESS_ABORT;
                }
                if (last[0] == null || name.getImageLocation().getNodeOffset() > last[0].getNodeOffset()) {
                    last[0] = name.getImageLocation();
                }
                return PROCESS_CONTINUE;
            }
        });
        return fromMacro[0] ? null : last[0];
    }

    private static boolean isSpelled(IASTName name) {
        IASTImageLocation image = name.getImageLocation();
        return image != null && image.getLocationKind() != IASTImageLocation.MACRO_DEFINITION;
    }

    /**
     * {@code m->m_len} with {@code #define m_len m_hdr.mh_len}: the owner is written before the macro (also inside
     * a macro argument, {@code memcpy(&m->m_len, ...)}).
     */
    private static boolean ownerBefore(IASTFieldReference ref, Position pos) {
        IASTImageLocation owner = writtenEnd(ref.getFieldOwner());
        return owner != null && owner.getFileName().equals(pos.file())
                && owner.getNodeOffset() + owner.getNodeLength() <= pos.expansionOffset();
    }

    private static ShadowKind outermostKind(IASTFieldReference ref, Position pos) {
        IASTFieldReference outer = ref;
        while (outer.getParent() instanceof IASTFieldReference p && p.getFieldOwner() == outer
                && p.getFieldName().getFileLocation() != null
                && p.getFieldName().getFileLocation().getNodeOffset() == ref.getFieldName().getFileLocation().getNodeOffset()) {
            outer = p;
        }
        return AccessKinds.of(outer);
    }

    private void call(IASTFunctionCallExpression call) {
        IASTExpression callee = call.getFunctionNameExpression();
        while (callee instanceof IASTUnaryExpression u && u.getOperator() == IASTUnaryExpression.op_bracketedPrimary) {
            callee = u.getOperand();
        }
        if (callee instanceof IASTIdExpression id && id.getName().resolveBinding() instanceof IFunction f
                && isDeclared(f)) {
            add(ShadowKind.CALL, Position.of(id.getName()), "", id.getName().toString());
        } else if (callee instanceof IASTIdExpression id) {
            IndirectCalls.member(id).ifPresent(ref -> {
                IField field = Fields.resolve(ref);
                if (field != null) {
                    add(ShadowKind.FP_CALL, Position.of(ref.getFieldName(), origins, spelledOwner(ref)),
                            records.of(field.getCompositeTypeOwner()), ref.getFieldName().toString());
                }
            });
        }
    }

    /** Compiler builtins and implicitly declared names ({@code _Static_assert(...)} read as a call) are no calls. */
    private static boolean isDeclared(IFunction f) {
        return !(f instanceof CExternalFunction) && !(f instanceof CImplicitFunction)
                && !f.getName().startsWith("__builtin_");
    }

    private void add(ShadowKind kind, Position pos, String struct, String member) {
        if (!pos.known()) {
            return;
        }
        Optional<SourceText> text = files.text(pos.file());
        if (text.isEmpty()) {
            return;
        }
        Shadow s = new Shadow(kind, relative.apply(pos.file()), text.get().line(pos.offset()),
                text.get().column(pos.offset()), function, struct, member, pos.macro());
        if (context.isPresent()) {
            headerShadows.computeIfAbsent(context.get(), k -> new ArrayList<>()).add(Counted.normalised(s));
        } else {
            shadows.add(s);
        }
    }

    private int line(Position pos) {
        return files.text(pos.file()).map(t -> t.line(pos.offset())).orElse(0);
    }

    /** The shadows of the main file's code (including what it expands from headers' macros). */
    List<Shadow> shadows() {
        return shadows;
    }

    /** The shadows of the header function bodies walked, by the header context they were read in. */
    Map<HeaderContext, List<Shadow>> headerShadows() {
        return headerShadows;
    }

    int unresolved() {
        return unresolved;
    }

    /** A member access as written: {@code ->} or {@code .} before a name (not a number's decimal point). */
    private static final java.util.regex.Pattern MEMBER_ACCESS =
            java.util.regex.Pattern.compile("(->|(?<![0-9])\\.)\\s*[A-Za-z_]");

    List<Diagnostic> warnings(IASTTranslationUnit tu) {
        List<Diagnostic> out = new ArrayList<>();
        for (IASTProblem p : tu.getPreprocessorProblems()) {
            if (out.size() >= MAX_WARNINGS) {
                break;
            }
            if (p.getFileLocation() != null && p.getFileLocation().getFileName().equals(mainFile)) {
                out.add(new Diagnostic(relative.apply(mainFile), p.getFileLocation().getStartingLineNumber(),
                        p.getMessage()));
            }
        }
        out.addAll(syntaxWarnings);
        out.addAll(unresolvedWarnings);
        return out;
    }
}
