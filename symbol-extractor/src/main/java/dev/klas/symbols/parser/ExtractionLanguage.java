package dev.klas.symbols.parser;

import org.eclipse.cdt.core.dom.ast.IASTCompoundStatement;
import org.eclipse.cdt.core.dom.ast.IASTStatement;
import org.eclipse.cdt.core.dom.ast.gnu.c.GCCLanguage;
import org.eclipse.cdt.core.dom.parser.ISourceCodeParser;
import org.eclipse.cdt.core.dom.parser.c.ICParserExtensionConfiguration;
import org.eclipse.cdt.core.index.IIndex;
import org.eclipse.cdt.core.parser.EndOfFileException;
import org.eclipse.cdt.core.parser.IParserLogService;
import org.eclipse.cdt.core.parser.IParserSettings;
import org.eclipse.cdt.core.parser.IScanner;
import org.eclipse.cdt.core.parser.IToken;
import org.eclipse.cdt.core.parser.ParserMode;
import org.eclipse.cdt.internal.core.dom.parser.BacktrackException;
import org.eclipse.cdt.internal.core.dom.parser.c.GNUCSourceParser;

/**
 * CDT's GCC C language whose parser skips the bodies of functions in headers whose inline functions are already
 * known (brace matching only, as CDT does for {@code OPTION_SKIP_FUNCTION_BODIES}); declarations, types and the
 * main file are parsed in full.
 */
final class ExtractionLanguage extends GCCLanguage {
    private final BodyFilter filter;

    ExtractionLanguage(BodyFilter filter) {
        this.filter = filter;
    }

    @Override
    protected ISourceCodeParser createParser(IScanner scanner, ParserMode mode, IParserLogService log, IIndex index) {
        return new Parser(scanner, mode, log, getParserExtensionConfiguration(), index, filter);
    }

    @Override
    protected ISourceCodeParser createParser(IScanner scanner, ParserMode mode, IParserLogService log, IIndex index,
                                             int options, IParserSettings settings) {
        Parser parser = new Parser(scanner, mode, log, getParserExtensionConfiguration(), index, filter);
        if (settings != null && settings.getMaximumTrivialExpressionsInAggregateInitializers() >= 0
                && (options & OPTION_SKIP_TRIVIAL_EXPRESSIONS_IN_AGGREGATE_INITIALIZERS) != 0) {
            parser.setMaximumTrivialExpressionsInAggregateInitializers(
                    settings.getMaximumTrivialExpressionsInAggregateInitializers());
        }
        return parser;
    }

    private static final class Parser extends GNUCSourceParser {
        private final BodyFilter filter;
        private final IScanner scanner;

        Parser(IScanner scanner, ParserMode mode, IParserLogService log, ICParserExtensionConfiguration config,
               IIndex index, BodyFilter filter) {
            super(scanner, mode, log, config, index);
            this.scanner = scanner;
            this.filter = filter;
        }

        @Override
        protected IASTStatement handleFunctionBody() throws BacktrackException, EndOfFileException {
            IToken first = LA(1);
            if (filter.wanted(scanner.getLocationResolver().getContainingFilePath(first.getOffset()))) {
                return super.handleFunctionBody();
            }
            IToken last = skipOverCompoundStatement(true);
            IASTCompoundStatement body = getNodeFactory().newCompoundStatement();
            return setRange(body, first.getOffset(), last.getEndOffset());
        }
    }
}
