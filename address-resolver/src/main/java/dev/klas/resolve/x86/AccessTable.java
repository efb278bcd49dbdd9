package dev.klas.resolve.x86;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How each opcode uses its ModRM memory operand, read off the operand order of the opcode maps (SDM Vol. 2
 * appendix A: E before G means the r/m operand is the destination) and the instruction pages for x87, system and
 * SIMD store forms. Rows: {@code [L|V|E] MAP OPCODE[-OPCODE][/REG[-REG]][:PREFIX] ACCESS}, where L limits a row to
 * legacy encoding, V to VEX/EVEX, E to EVEX, and PREFIX is none, 66, F3 or F2. Later rows override earlier ones;
 * anything not listed reads. Access: r, w, rw, n (no access), ? (unknown).
 */
final class AccessTable {
    private AccessTable() {
    }

    private static final List<String> ROWS = List.of(
            "P 00-01 rw", "P 08-09 rw", "P 10-11 rw", "P 18-19 rw", "P 20-21 rw", "P 28-29 rw", "P 30-31 rw",
            "P 80-83 rw", "P 80-83/7 r", "P 86-87 rw", "P 88-89 w", "P 8C w", "P 8D n", "P 8F w", "P A2-A3 w",
            "P C0-C1 rw", "P C6-C7 w", "P D0-D3 rw", "P D9/2-3 w", "P D9/6-7 w", "P DB/1-3 w", "P DB/7 w",
            "P DD/1-3 w", "P DD/6-7 w", "P DF/1-3 w", "P DF/6-7 w", "P F6-F7/2-3 rw", "P FE-FF/0-1 rw",
            "1 00/0-1 w", "1 01/0-1 w", "1 01/4 w", "1 01/7 n", "1 0D n", "1 18-1F n", "1 1A-1B ?",
            "1 11 w", "1 13 w", "1 17 w", "1 29 w", "1 2B w", "1 7E:none w", "1 7E:66 w", "1 7F w",
            "L 1 78:none w", "L 1 90-9F w", "V 1 91 w", "1 A4-A5 rw", "1 AB rw", "1 AC-AD rw",
            "1 AE/0 w", "1 AE/3-4 w", "1 AE/6 w", "1 AE/7 n", "1 B0-B1 rw", "1 B3 rw", "1 BA/5-7 rw", "1 BB rw",
            "1 C0-C1 rw", "1 C3 w", "1 C7/1 rw", "1 C7/4-5 w", "1 C7/7 w", "1 D6 w", "1 E7 w",
            "L 2 F1:none w", "L 2 F1:66 w", "2 F9 w", "V 2 2E-2F w", "V 2 8E w",
            "E 2 63 w", "E 2 8A-8B w", "E 2 A0-A3 w", "E 2 C6-C7 ?",
            "E 2 10-15:F3 w", "E 2 20-25:F3 w", "E 2 30-35:F3 w",
            "3 14-17 w", "3 19 w", "3 1B w", "3 1D w", "3 39 w", "3 3B w",
            "1 AE/6:66 n", "1 AE/4:F3 r");

    private static final Map<String, Access> RULES = parse();

    static Access of(Escape escape, int reg) {
        String map = switch (escape.map()) {
            case PRIMARY -> "P";
            case MAP_0F -> "1";
            case MAP_0F38 -> "2";
            case MAP_0F3A -> "3";
            default -> "";
        };
        String prefix = switch (escape.prefix()) {
            case 0x66 -> "66";
            case 0xF3 -> "F3";
            case 0xF2 -> "F2";
            default -> "none";
        };
        String encoding = switch (escape.encoding()) {
            case LEGACY -> "L";
            case EVEX -> "E";
            default -> "V";
        };
        String base = map + " " + escape.opcode() + " " + reg + " ";
        return RULES.getOrDefault(encoding + " " + base + prefix, Access.READ);
    }

    /** Expands every row to keys "ENC MAP OPCODE REG PREFIX" for all encodings, regs and prefixes it covers. */
    private static Map<String, Access> parse() {
        Map<String, Access> rules = new HashMap<>();
        for (String row : ROWS) {
            String[] parts = row.split(" ");
            int i = 0;
            List<String> encodings = List.of("L", "V", "E");
            if (parts[0].equals("L") || parts[0].equals("V") || parts[0].equals("E")) {
                encodings = parts[0].equals("V") ? List.of("V", "E") : List.of(parts[0]);
                i++;
            }
            String map = parts[i];
            String spec = parts[i + 1];
            Access access = switch (parts[i + 2]) {
                case "r" -> Access.READ;
                case "w" -> Access.WRITE;
                case "rw" -> Access.READ_WRITE;
                case "n" -> Access.NONE;
                default -> Access.UNKNOWN;
            };
            String[] prefixSplit = spec.split(":");
            List<String> prefixes = prefixSplit.length > 1 ? List.of(prefixSplit[1]) : List.of("none", "66", "F3", "F2");
            String[] regSplit = prefixSplit[0].split("/");
            int[] ops = range(regSplit[0], 16);
            int[] regs = regSplit.length > 1 ? range(regSplit[1], 10) : new int[] {0, 7};
            for (String enc : encodings) {
                for (int op = ops[0]; op <= ops[1]; op++) {
                    for (int reg = regs[0]; reg <= regs[1]; reg++) {
                        for (String prefix : prefixes) {
                            rules.put(enc + " " + map + " " + op + " " + reg + " " + prefix, access);
                        }
                    }
                }
            }
        }
        return rules;
    }

    private static int[] range(String text, int radix) {
        String[] ends = text.split("-");
        int from = Integer.parseInt(ends[0], radix);
        return new int[] {from, ends.length > 1 ? Integer.parseInt(ends[1], radix) : from};
    }
}
