package dev.klas.advice.vars;

import dev.klas.advice.Diagnostic;
import dev.klas.resolve.dwarf.Die;
import dev.klas.resolve.dwarf.DwAt;
import dev.klas.resolve.dwarf.DwTag;
import dev.klas.resolve.joinpoint.Binary;
import dev.klas.schema.Pointcut;
import dev.klas.schema.SourcePosition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The advice context typed on linux-kprobes, spelled with the kernel's own headers rather than DWARF definitions:
 * {@code klas_target} as {@code struct S *} when the pointcut names one struct ({@link TargetType#oneStruct}), S's
 * definition made visible by including the header DWARF names as its {@code DW_AT_decl_file}; and {@code klas_retval}
 * of advice-after at a function's return as the function's return type (kernel integer types, pointers, enums and
 * typedefs resolved to their integer type; an aggregate keeps {@code unsigned long}; void and floating point refused).
 */
final class KernelTypes {
    /** The typedefs linux/types.h gives every module (linux/kernel.h includes it): kept by name. */
    private static final Set<String> KERNEL_TYPEDEFS = Set.of("u8", "u16", "u32", "u64", "s8", "s16", "s32", "s64",
            "__u8", "__u16", "__u32", "__u64", "__s8", "__s16", "__s32", "__s64", "size_t", "ssize_t", "bool",
            "loff_t", "pid_t", "gfp_t", "uintptr_t", "phys_addr_t", "dma_addr_t", "umode_t", "off_t");
    /** include/, arch/ARCH/include/, with generated/ and uapi/ (on the kernel's include path) dropped. */
    private static final Pattern INCLUDE = Pattern.compile("(?:^|/)include/(?:generated/)?(?:uapi/)?(.+\\.h)$");

    /** {@code klas_target}'s type ({@code "struct sk_buff *"}) and the include that defines it, or why not. */
    record Target(String type, Optional<String> include, Optional<String> note) {
    }

    private final Binary binary;

    KernelTypes(Binary binary) {
        this.binary = binary;
    }

    /** {@code klas_target} for {@code pointcut} at the hook at {@code pc}; {@code void *} with a note when untyped. */
    Target target(Pointcut pointcut, long pc) {
        Optional<String> tag = TargetType.oneStruct(pointcut);
        if (tag.isEmpty()) {
            return new Target("void *", Optional.empty(), Optional.empty());
        }
        Optional<Die> struct = MemberTypes.struct(binary.dwarf(), binary.inlines().subprogramAt(pc).map(Die::unit),
                tag.get());
        if (struct.isEmpty()) {
            return untyped(tag.get(), "klas finds no definition of it in the DWARF of " + object());
        }
        String keyword = struct.get().tag() == DwTag.UNION_TYPE ? "union " : "struct ";
        Optional<String> file = struct.get().number(DwAt.DECL_FILE).stream().boxed()
                .flatMap(n -> struct.get().unit().filePath(n).stream()).findFirst();
        if (file.isEmpty()) {
            return untyped(tag.get(), "its DWARF definition has no DW_AT_decl_file");
        }
        Optional<String> include = include(file.get());
        if (include.isEmpty()) {
            return untyped(tag.get(), "it is defined in " + file.get() + ", which is not a header of the kernel's"
                    + " include directories nor one the module can include by path");
        }
        return new Target(keyword + tag.get() + " *", include, Optional.empty());
    }

    /** The {@code #include} argument for a struct defined in {@code path} (a DW_AT_decl_file). */
    static Optional<String> include(String path) {
        Matcher inc = INCLUDE.matcher(path);
        if (inc.find()) {
            return Optional.of("<" + inc.group(1) + ">");
        }
        if (path.endsWith(".h") && Path.of(path).isAbsolute() && Files.isRegularFile(Path.of(path))) {
            return Optional.of("\"" + path.replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
        }
        return Optional.empty();
    }

    private Target untyped(String tag, String why) {
        return new Target("void *", Optional.empty(), Optional.of("klas_target stays void * for struct " + tag
                + ": " + why));
    }

    private String object() {
        return binary.elf().path().getFileName().toString();
    }

    /**
     * {@code klas_retval}'s C type at the return of the function whose entry is {@code entry}: empty with an error
     * in {@code errors} when it has none (void, floating point).
     */
    Optional<String> returnType(long entry, SourcePosition at, String label, List<Diagnostic> errors) {
        Optional<Die> sp = binary.inlines().subprogramAt(entry);
        if (sp.isEmpty()) {
            errors.add(error(at, "klas finds no DWARF subprogram at " + label + ", so no return type"));
            return Optional.empty();
        }
        String fn = sp.get().effectiveName().orElse("the function");
        Optional<Die> type = ReturnValue.returnType(sp.get());
        if (type.isEmpty()) {
            errors.add(error(at, fn + " returns void (" + label + "): there is no return value"));
            return Optional.empty();
        }
        CTypes.Kind kind = CTypes.kind(type);
        if (kind == CTypes.Kind.FLOAT) {
            errors.add(error(at, fn + " returns a floating-point value, in xmm0, which a kretprobe does not"
                    + " give (" + label + ")"));
            return Optional.empty();
        }
        java.util.OptionalLong size = CTypes.size(type);
        if (kind != CTypes.Kind.INTEGER || size.isEmpty() || size.getAsLong() > 8) {
            return Optional.of("unsigned long"); /* an aggregate: rax as returned */
        }
        return Optional.of(spell(type).orElse("unsigned long"));
    }

    /** An integer, enum or pointer type in C that the kernel's headers give, qualifiers dropped. */
    static Optional<String> spell(Optional<Die> type) {
        Optional<Die> t = type;
        for (int hops = 0; hops < 32 && t.isPresent(); hops++) {
            Die d = t.get();
            switch (d.tag()) {
                case DwTag.TYPEDEF:
                    if (d.name().filter(KERNEL_TYPEDEFS::contains).isPresent()) {
                        return d.name();
                    }
                    t = d.reference(DwAt.TYPE);
                    continue;
                case DwTag.CONST_TYPE, DwTag.VOLATILE_TYPE, DwTag.RESTRICT_TYPE, DwTag.ATOMIC_TYPE:
                    t = d.reference(DwAt.TYPE);
                    continue;
                case DwTag.BASE_TYPE:
                    return d.name();
                case DwTag.ENUMERATION_TYPE:
                    return Optional.of(enumInteger(d));
                case DwTag.POINTER_TYPE:
                    return Optional.of(pointee(d.reference(DwAt.TYPE)) + " *");
                default:
                    return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** What a pointer points to: a struct or union by its tag alone, an integer by its name, else void. */
    private static String pointee(Optional<Die> type) {
        Optional<Die> t = type;
        for (int hops = 0; hops < 32 && t.isPresent(); hops++) {
            Die d = t.get();
            int tag = d.tag();
            if ((tag == DwTag.STRUCTURE_TYPE || tag == DwTag.UNION_TYPE) && d.name().isPresent()) {
                return (tag == DwTag.UNION_TYPE ? "union " : "struct ") + d.name().get();
            }
            if (tag == DwTag.TYPEDEF && d.name().filter(KERNEL_TYPEDEFS::contains).isPresent()) {
                return d.name().get();
            }
            if (tag == DwTag.BASE_TYPE) {
                return d.name().orElse("void");
            }
            if (tag == DwTag.ENUMERATION_TYPE) {
                return enumInteger(d);
            }
            if (tag == DwTag.POINTER_TYPE) {
                return pointee(d.reference(DwAt.TYPE)) + " *";
            }
            if (tag != DwTag.TYPEDEF && tag != DwTag.CONST_TYPE && tag != DwTag.VOLATILE_TYPE
                    && tag != DwTag.RESTRICT_TYPE && tag != DwTag.ATOMIC_TYPE) {
                return "void";
            }
            t = d.reference(DwAt.TYPE);
        }
        return "void";
    }

    private static String enumInteger(Die d) {
        long size = d.number(DwAt.BYTE_SIZE).orElse(4);
        boolean signed = d.reference(DwAt.TYPE).map(x -> CTypes.strip(Optional.of(x)).flatMap(s -> Optional.of(
                s.number(DwAt.ENCODING).orElse(0) == 0x05))).flatMap(x -> x).orElse(false);
        return (signed ? "s" : "u") + (size == 1 ? 8 : size == 2 ? 16 : size == 8 ? 64 : 32);
    }

    private static Diagnostic error(SourcePosition at, String message) {
        return new Diagnostic(at, Diagnostic.Severity.ERROR, ReturnValue.NAME + ": " + message);
    }
}
