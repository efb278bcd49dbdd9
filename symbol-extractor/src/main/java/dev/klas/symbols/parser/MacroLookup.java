package dev.klas.symbols.parser;

import java.lang.reflect.Field;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.cdt.core.dom.ast.IMacroBinding;
import org.eclipse.cdt.core.parser.ISignificantMacros;
import org.eclipse.cdt.core.parser.util.CharArrayMap;
import org.eclipse.cdt.core.parser.util.CharArrayUtils;
import org.eclipse.cdt.internal.core.parser.IMacroDictionary;
import org.eclipse.cdt.internal.core.parser.scanner.SignificantMacros;

/**
 * {@link IMacroDictionary#satisfies} for one unit, answering as CDT's preprocessor does but computing a macro's
 * value once: CDT re-lexes an object-like macro's definition each time its value is asked ({@code
 * ObjectStyleMacro.getExpansion}), which cost a tenth of net/ipv4's extraction when every inclusion tested a
 * header's recorded contexts. Reads the preprocessor's macro table (CDT 8.5's {@code CPreprocessor.fMacroDictionary},
 * behind the dictionary facade it passes to the include provider); a macro object's expansion never changes, a
 * {@code #define} makes a new one. Falls back to CDT's own test for any other dictionary.
 */
final class MacroLookup {
    private static final Optional<Field[]> PATH = path();
    private final IMacroDictionary facade;
    private final Optional<CharArrayMap<?>> table;
    private final Map<Object, char[]> values = new IdentityHashMap<>();

    MacroLookup(IMacroDictionary facade) {
        this.facade = facade;
        this.table = table(facade);
    }

    boolean satisfies(ISignificantMacros macros) {
        if (table.isEmpty()) {
            return facade.satisfies(macros);
        }
        CharArrayMap<?> t = table.get();
        return macros.accept(new ISignificantMacros.IVisitor() {
            @Override
            public boolean visitDefined(char[] name) {
                return t.containsKey(name);
            }

            @Override
            public boolean visitUndefined(char[] name) {
                return !t.containsKey(name);
            }

            @Override
            public boolean visitValue(char[] name, char[] value) {
                Object m = t.get(name);
                return m != null && CharArrayUtils.equals(value(m), value);
            }
        });
    }

    /** The shortened expansion CDT compares significant values with ({@code SignificantMacros.shortenValue}). */
    private char[] value(Object macro) {
        return values.computeIfAbsent(macro,
                m -> SignificantMacros.shortenValue(((IMacroBinding) m).getExpansion()));
    }

    private static Optional<CharArrayMap<?>> table(IMacroDictionary facade) {
        if (facade == null || PATH.isEmpty() || !PATH.get()[0].getDeclaringClass().isInstance(facade)) {
            return Optional.empty();
        }
        try {
            Object preprocessor = PATH.get()[0].get(facade);
            return Optional.of((CharArrayMap<?>) PATH.get()[1].get(preprocessor));
        } catch (IllegalAccessException | ClassCastException e) {
            return Optional.empty();
        }
    }

    private static Optional<Field[]> path() {
        try {
            Class<?> dictionary = Class.forName(
                    "org.eclipse.cdt.internal.core.parser.scanner.CPreprocessor$MacroDictionary");
            Field outer = dictionary.getDeclaredField("this$0");
            Field map = outer.getType().getDeclaredField("fMacroDictionary");
            outer.setAccessible(true);
            map.setAccessible(true);
            return Optional.of(new Field[] {outer, map});
        } catch (ReflectiveOperationException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
