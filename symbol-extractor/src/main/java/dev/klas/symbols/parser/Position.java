package dev.klas.symbols.parser;

import org.eclipse.cdt.core.dom.ast.IASTFileLocation;
import org.eclipse.cdt.core.dom.ast.IASTImageLocation;
import org.eclipse.cdt.core.dom.ast.IASTMacroExpansionLocation;
import org.eclipse.cdt.core.dom.ast.IASTName;
import org.eclipse.cdt.core.dom.ast.IASTNodeLocation;
import org.eclipse.cdt.core.dom.ast.IASTPreprocessorMacroExpansion;

/**
 * Where a name is in a file, as clang's {@code SourceManager::getFileLoc} puts it: a name spelled in the file
 * (also inside a macro argument) is at its own spelling; a name that comes from a macro body is at the
 * outermost macro invocation, and {@code macro} names that macro.
 *
 * @param expansionOffset offset of the macro invocation in the file, -1 when the name is spelled directly
 */
record Position(String file, int offset, String macro, int expansionOffset, boolean objectLikeMacro) {
    static Position of(IASTName name) {
        return of(name, null);
    }

    static Position of(IASTName name, MacroOrigins origins) {
        return of(name, origins, null);
    }

    /**
     * @param owner where the expression the member is taken from is written, when known: a member that comes from
     *              an object-like macro invoked in a macro argument ({@code memcpy(&n->sk_end, ...)}) is placed at the
     *              first invocation after it, however often the outer macro repeats the argument
     */
    static Position of(IASTName name, MacroOrigins origins, IASTImageLocation owner) {
        IASTImageLocation image = name.getImageLocation();
        if (image != null && image.getLocationKind() != IASTImageLocation.MACRO_DEFINITION) {
            return new Position(image.getFileName(), image.getNodeOffset(), "", -1, false);
        }
        IASTFileLocation file = name.getFileLocation();
        if (file == null) {
            return new Position("", -1, "", -1, false);
        }
        IASTNodeLocation[] locations = name.getNodeLocations();
        if (locations.length > 0 && locations[0] instanceof IASTMacroExpansionLocation m) {
            IASTPreprocessorMacroExpansion expansion = m.getExpansion();
            IASTName nested = origins == null ? null : origins.nested(expansion, image, owner);
            if (nested != null) {
                IASTImageLocation at = nested.getImageLocation();
                return new Position(at.getFileName(), at.getNodeOffset(), nested.toString(), at.getNodeOffset(),
                        isObjectLike(nested));
            }
            boolean objectLike = !(expansion.getMacroDefinition()
                    instanceof org.eclipse.cdt.core.dom.ast.IASTPreprocessorFunctionStyleMacroDefinition);
            return new Position(file.getFileName(), file.getNodeOffset(), expansion.getMacroReference().toString(),
                    file.getNodeOffset(), objectLike);
        }
        return new Position(file.getFileName(), file.getNodeOffset(), "", -1, false);
    }

    private static boolean isObjectLike(IASTName macroReference) {
        return macroReference.resolveBinding() instanceof org.eclipse.cdt.core.dom.ast.IMacroBinding b
                && !b.isFunctionStyle();
    }

    boolean known() {
        return offset >= 0;
    }
}
