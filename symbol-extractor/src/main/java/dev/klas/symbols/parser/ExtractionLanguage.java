package dev.klas.symbols.parser;

import java.util.ArrayList;
import java.util.List;
import org.eclipse.cdt.core.dom.ast.IASTASMDeclaration;
import org.eclipse.cdt.core.dom.ast.IASTCompoundStatement;
import org.eclipse.cdt.core.dom.ast.IASTDeclaration;
import org.eclipse.cdt.core.dom.ast.IASTExpression;
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
import org.eclipse.cdt.internal.core.parser.scanner.LocationMap;

/**
 * CDT's GCC C language whose parser skips the header function bodies whose keys are already known
 * ({@link BodyFilter}; brace matching only, as CDT does for {@code OPTION_SKIP_FUNCTION_BODIES}); declarations,
 * types and the main file are parsed in full. An extended asm keeps its operands as expressions ({@link AsmDeclaration}), and
 * {@code asm goto} parses.
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

        /**
         * A main-file body is parsed. A header body is read to its matching brace while its definition's tokens
         * are hashed ({@link BodyKey}: from the declaration's first token, which the parser still holds, to the
         * closing brace); a body the filter does not want is left skipped, any other is read again by the parser.
         */
        @Override
        protected IASTStatement handleFunctionBody() throws BacktrackException, EndOfFileException {
            IToken first = LA(1);
            String file = currentFile(first);
            if (filter.isMain(file)) {
                return parseBody();
            }
            IToken start = mark();
            BodyKey key = new BodyKey();
            boolean declared = false;
            for (IToken t = declarationMark; t != null && t != first; t = t.getNext()) {
                key.add(t);
                declared = t.getNext() == first;
            }
            int depth = 0;
            IToken last;
            do {
                last = consume();
                if (last.getType() == IToken.tLBRACE) {
                    depth++;
                } else if (last.getType() == IToken.tRBRACE) {
                    depth--;
                }
                key.add(last);
            } while (depth > 0);
            int offset = scanner.getLocationResolver() instanceof LocationMap map
                    ? BodyKey.offsetInCurrentFile(map, first.getOffset()) : -1;
            if (declared && offset >= 0 && !filter.wanted(file, key.text(offset))) {
                IASTCompoundStatement body = getNodeFactory().newCompoundStatement();
                return setRange(body, first.getOffset(), last.getEndOffset());
            }
            backup(start);
            return parseBody();
        }

        private IASTStatement parseBody() throws BacktrackException, EndOfFileException {
            IASTStatement body = super.handleFunctionBody();
            filter.parsed(body);
            return body;
        }

        /**
         * The file the preprocessor is reading, which holds the body's opening brace (the token just read). The
         * location resolver cannot say yet: it takes an open file to be as long as its own text plus the files it
         * included that are read to their end, so a token deep in a chain of open includes is placed in an
         * enclosing file (include/linux/mm.h for arch/x86/include/asm/asm.h), whose decision it then takes.
         */
        private String currentFile(IToken brace) {
            return scanner.getLocationResolver() instanceof LocationMap map ? map.getCurrentFilePath()
                    : scanner.getLocationResolver().getContainingFilePath(brace.getOffset());
        }

        /** CDT's asm declaration, with qualifiers after {@code volatile} skipped and the operands parsed first. */
        @Override
        protected IASTDeclaration asmDeclaration() throws EndOfFileException, BacktrackException {
            IToken start = mark();
            List<AsmDeclaration.Operand> operands = operands();
            backup(start);
            int offset = consume().getOffset();
            qualifiers();
            StringBuilder text = new StringBuilder();
            asmExpression(text);
            IASTASMDeclaration asm = buildASMDirective(offset, text.toString(), consume(IToken.tSEMI).getEndOffset());
            return operands.isEmpty() ? asm : AsmDeclaration.of(asm, operands);
        }

        /** The output and input operands of the asm at LA(1); none when they do not parse as such. */
        private List<AsmDeclaration.Operand> operands() throws EndOfFileException {
            List<AsmDeclaration.Operand> out = new ArrayList<>();
            try {
                consume();
                qualifiers();
                consume(IToken.tLPAREN);
                skipTemplate();
                if (LT(1) == IToken.tCOLONCOLON) {
                    consume();
                    section(false, out);
                } else if (LT(1) == IToken.tCOLON) {
                    consume();
                    section(true, out);
                    if (LT(1) == IToken.tCOLON) {
                        consume();
                        section(false, out);
                    }
                }
                return out;
            } catch (BacktrackException e) {
                return List.of();
            }
        }

        /** The template: tokens up to the first colon or closing parenthesis outside parentheses. */
        private void skipTemplate() throws EndOfFileException, BacktrackException {
            int depth = 0;
            while (depth > 0 || !isSectionEnd(LT(1))) {
                IToken t = consume();
                if (t.getType() == IToken.tLPAREN) {
                    depth++;
                } else if (t.getType() == IToken.tRPAREN) {
                    depth--;
                } else if (t.getType() == IToken.tEOC) {
                    throwBacktrack(t);
                }
            }
        }

        private void qualifiers() throws EndOfFileException {
            while (LT(1) == IToken.t_volatile || LT(1) == IToken.t_goto || LT(1) == IToken.t_inline) {
                consume();
            }
        }

        private static boolean isSectionEnd(int type) {
            return type == IToken.tCOLON || type == IToken.tCOLONCOLON || type == IToken.tRPAREN;
        }

        /** {@code [name] "constraint" (expression)}, separated by commas, up to the next colon or the end. */
        private void section(boolean output, List<AsmDeclaration.Operand> out)
                throws EndOfFileException, BacktrackException {
            if (isSectionEnd(LT(1))) {
                return;
            }
            while (true) {
                if (LT(1) == IToken.tLBRACKET) {
                    consume();
                    consume(IToken.tIDENTIFIER);
                    consume(IToken.tRBRACKET);
                }
                StringBuilder constraint = new StringBuilder();
                while (LT(1) == IToken.tSTRING) {
                    String image = consume().getImage();
                    constraint.append(image, 1, image.length() - 1);
                }
                consume(IToken.tLPAREN);
                IASTExpression e = expression();
                consume(IToken.tRPAREN);
                out.add(new AsmDeclaration.Operand(constraint.toString(), output, e));
                if (LT(1) != IToken.tCOMMA) {
                    return;
                }
                consume();
            }
        }
    }
}
