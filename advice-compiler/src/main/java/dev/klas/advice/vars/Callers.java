package dev.klas.advice.vars;

import dev.klas.resolve.dwarf.CallFrames;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What recovers a parameter's entry value away from the function's first instruction ({@code DW_OP_entry_value}):
 * the function's direct calls ({@link CallSites}), told apart at run time by the return address at CFA-8, and where
 * the caller's registers are at the hook ({@link CallFrames#savedAt}), so each call's {@code DW_AT_call_value}
 * is evaluated in the caller's frame as it was at the call; {@code cfaAt} gives the caller's CFA rule at the call
 * instruction, for a call value relative to the caller's frame base ({@code DW_OP_fbreg} over
 * {@code DW_OP_call_frame_cfa}).
 */
record Callers(List<CallSites.Call> calls, Map<Integer, Long> saved,
               java.util.function.LongFunction<Optional<CallFrames.Cfa>> cfaAt) {
    /** The callee-saved registers of the System V psABI (DWARF numbers: rbx, rbp, r12-r15); rsp is the CFA. */
    private static final List<Integer> CALLEE_SAVED = List.of(3, 6, 12, 13, 14, 15);

    /** The caller's frame at {@code call}: its frame base and its CFA rule at the call instruction. */
    Frame frameOf(CallSites.Call call) {
        return new Frame(call.callerFrameBase().map(b -> dev.klas.resolve.dwarf.Expression.decode(b,
                call.addressSize())), cfaAt.apply(call.returnPc() - 1), false, call.addressSize());
    }

    /** The caller's registers at the call, spelled over the hook's saved registers and {@code cfa}. */
    Registers at(Registers hook, String cfa) {
        return new Registers() {
            @Override
            public Optional<String> gpr(int number) {
                if (number == 7) {
                    return Optional.of(cfa);
                }
                Long slot = saved.get(number);
                if (slot != null) {
                    return slot == CallFrames.UNKNOWN ? Optional.empty()
                            : Optional.of(hook.load(64, LocationCode.plus(cfa, slot)));
                }
                return CALLEE_SAVED.contains(number) ? hook.gpr(number) : Optional.empty();
            }

            @Override
            public String stored(int encoding) {
                throw new UnsupportedOperationException("a store's source is read at the hook, not in the caller");
            }

            @Override
            public String address(long address) {
                return hook.address(address);
            }

            @Override
            public Optional<String> addressRefused(long address) {
                return hook.addressRefused(address);
            }

            @Override
            public String load(int bits, String address) {
                return hook.load(bits, address);
            }
        };
    }
}
