package dev.klas.resolve.x86;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Table-driven x86-64 (64-bit mode) instruction decoder: prefixes, REX/VEX/EVEX/XOP, opcode map lookup
 * ({@link OpcodeTables}, {@link SimdSizes}), ModRM/SIB/displacement ({@link Addressing}), immediates.
 * Stateless and thread-safe.
 */
public final class Decoder {
    private Decoder() {
    }

    /**
     * Decodes the instruction starting at {@code code.position()} (the buffer's position is not moved).
     *
     * @param address the address of that byte
     * @throws DecodeException when the bytes are not a complete, valid instruction
     */
    public static Instruction decode(ByteBuffer code, long address) throws DecodeException {
        Cursor cursor = new Cursor(code, address);
        Prefixes.Scan scan = Prefixes.read(cursor);
        Prefixes prefixes = scan.prefixes();
        Escape escape = EscapeReader.read(cursor, scan.opcode(), prefixes);
        OpcodeSpec spec = baseSpec(escape);
        OptionalInt modrm = OptionalInt.empty();
        Optional<Addressing.Decoded> memory = Optional.empty();
        if (spec.modrm()) {
            int m = cursor.next();
            modrm = OptionalInt.of(m);
            spec = refined(escape, spec, (m >> 3) & 7);
            if (!spec.valid()) {
                throw cursor.error("invalid opcode extension /" + ((m >> 3) & 7));
            }
            checkForm(cursor, escape, spec, m);
            if ((m >> 6) != 3 && !spec.registerOnly()) {
                OptionalInt size = OperandSizes.resolve(spec, escape, prefixes, m);
                Access access = AccessTable.of(escape, (m >> 3) & 7);
                memory = Optional.of(Addressing.read(cursor, m, escape, prefixes, size, vsibIndex(escape), access));
            }
        } else if (!spec.valid()) {
            throw cursor.error("invalid opcode in 64-bit mode");
        }
        Optional<Field> immediate = Optional.empty();
        long immediateValue = 0;
        if (spec.immediate() == ImmediateKind.MOFFS) {
            memory = Optional.of(Addressing.moffs(cursor, prefixes, OperandSizes.resolve(spec, escape, prefixes, 0),
                    AccessTable.of(escape, 0)));
        } else {
            boolean opsize16 = prefixes.operandSize() && !escape.w();
            int size = spec.immediate().size(opsize16, prefixes.addressSize(), escape.w());
            if (size > 0) {
                int offset = cursor.offset();
                immediateValue = cursor.signed(size == 3 ? 2 : size);
                if (size == 3) {
                    cursor.signed(1);
                }
                immediate = Optional.of(new Field(offset, size));
            }
        }
        int length = cursor.offset();
        long end = address + length;
        Optional<Long> target = Optional.empty();
        if (spec.relative()) {
            long t = end + immediateValue;
            boolean rel16 = immediate.map(f -> f.size() == 2).orElse(false);
            target = Optional.of(rel16 ? t & 0xFFFF : t);
        }
        Optional<MemoryOperand> operand = memory.map(d -> Addressing.resolveRip(d.operand(), end));
        int value = escape.map() == OpcodeMap.MAP_3DNOW ? (int) immediateValue & 0xFF : escape.opcode();
        Opcode opcode = new Opcode(escape.map(), value, modrm, escape.prefix(), escape.w());
        return new Instruction(address, length, cursor.bytes(), opcode, spec.flow(), operand, target,
                memory.flatMap(Addressing.Decoded::displacement), immediate,
                attributes(prefixes, escape, spec, operand));
    }

    /**
     * Decodes instructions back to back from {@code code.position()} to its limit.
     *
     * @throws DecodeException at the first undecodable instruction
     */
    public static List<Instruction> decodeAll(ByteBuffer code, long address) throws DecodeException {
        List<Instruction> out = new ArrayList<>();
        ByteBuffer view = code.duplicate();
        long at = address;
        while (view.hasRemaining()) {
            Instruction insn = decode(view, at);
            out.add(insn);
            view.position(view.position() + insn.length());
            at += insn.length();
        }
        return out;
    }

    /** Refuses ModRM forms the CPU rejects with #UD: LEA r, r (SDM Vol. 2 table A-6 mem/11B), reserved x87 forms. */
    private static void checkForm(Cursor cursor, Escape escape, OpcodeSpec spec, int m) throws DecodeException {
        boolean register = (m >> 6) == 3;
        switch (spec.form()) {
            case REGISTER -> {
                if (!register) {
                    throw cursor.error("opcode needs a register operand (ModRM.mod = 3)");
                }
            }
            case MEMORY -> {
                if (register) {
                    throw cursor.error("opcode needs a memory operand (ModRM.mod != 3)");
                }
            }
            case REGISTER_RM0 -> {
                if (!register || (m & 7) != 0) {
                    throw cursor.error("opcode needs ModRM 11 111 000");
                }
            }
            default -> { }
        }
        int op = escape.opcode();
        if (escape.legacy() && escape.map() == OpcodeMap.PRIMARY && op >= 0xD8 && op <= 0xDF
                && (register ? !OpcodeTables.x87RegisterForm(op, m) : OpcodeTables.x87Size(op, (m >> 3) & 7) < 0)) {
            throw cursor.error("reserved x87 encoding");
        }
        if (escape.legacy() && escape.map() == OpcodeMap.MAP_0F && op == 0xB8 && escape.prefix() != 0xF3) {
            throw cursor.error("0F B8 is POPCNT only with F3 (JMPE is not in 64-bit mode)");
        }
    }

    private static OpcodeSpec baseSpec(Escape escape) {
        int op = escape.opcode();
        if (escape.legacy()) {
            return switch (escape.map()) {
                case PRIMARY -> OpcodeTables.PRIMARY[op][0];
                case MAP_0F -> OpcodeTables.MAP_0F[op][0];
                case MAP_0F38 -> OpcodeTables.MAP_0F38_CELL;
                case MAP_0F3A -> OpcodeTables.MAP_0F3A_CELL;
                default -> OpcodeTables.MAP_3DNOW_CELL;
            };
        }
        return VexCells.cell(escape);
    }

    private static OpcodeSpec refined(Escape escape, OpcodeSpec base, int reg) {
        if (!escape.legacy()) {
            return base;
        }
        OpcodeSpec spec = switch (escape.map()) {
            case PRIMARY -> OpcodeTables.PRIMARY[escape.opcode()][reg];
            case MAP_0F -> OpcodeTables.MAP_0F[escape.opcode()][reg];
            default -> base;
        };
        if (escape.map() == OpcodeMap.MAP_0F && escape.opcode() == 0x78
                && (escape.prefix() == 0x66 || escape.prefix() == 0xF2)) {
            return spec.refine("Ibb");
        }
        return spec;
    }

    /** Gathers and scatters use a vector index (SDM Vol. 2 2.3.12); its width follows the element layout. */
    private static Optional<RegisterClass> vsibIndex(Escape escape) {
        int op = escape.opcode();
        boolean gather = op >= 0x90 && op <= 0x93;
        boolean scatter = escape.evex() && ((op >= 0xA0 && op <= 0xA3) || op == 0xC6 || op == 0xC7);
        if (escape.legacy() || escape.map() != OpcodeMap.MAP_0F38 || !(gather || scatter)) {
            return Optional.empty();
        }
        int length = Math.min(escape.length(), 2);
        boolean dwordIndexQwordData = (op & 1) == 0 && escape.w();
        if (dwordIndexQwordData && length > 0) {
            length--;
        }
        return Optional.of(switch (length) {
            case 0 -> RegisterClass.XMM;
            case 1 -> RegisterClass.YMM;
            default -> RegisterClass.ZMM;
        });
    }

    private static Set<Attribute> attributes(Prefixes prefixes, Escape escape, OpcodeSpec spec,
                                             Optional<MemoryOperand> memory) {
        Set<Attribute> set = EnumSet.noneOf(Attribute.class);
        if (prefixes.lock()) {
            set.add(Attribute.LOCK);
        }
        if (prefixes.hasF3()) {
            set.add(Attribute.REP);
        }
        if (prefixes.hasF2()) {
            set.add(Attribute.REPNE);
        }
        if (prefixes.operandSize()) {
            set.add(Attribute.OPERAND_SIZE_OVERRIDE);
        }
        if (prefixes.addressSize()) {
            set.add(Attribute.ADDRESS_SIZE_OVERRIDE);
        }
        switch (escape.encoding()) {
            case VEX -> set.add(Attribute.VEX);
            case EVEX -> set.add(Attribute.EVEX);
            case XOP -> set.add(Attribute.XOP);
            default -> { }
        }
        if (spec.addressOnly() && memory.isPresent()) {
            set.add(Attribute.ADDRESS_ONLY);
        }
        if (spec.relative()) {
            set.add(Attribute.RELATIVE_IMMEDIATE);
        }
        if (memory.map(MemoryOperand::ripRelative).orElse(false)) {
            set.add(Attribute.RIP_RELATIVE);
        }
        return set;
    }
}
