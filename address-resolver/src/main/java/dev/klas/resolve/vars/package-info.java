/**
 * The program's variables at an address: the scopes holding it (subprogram, lexical blocks, inlined subroutines),
 * the variables visible there by C's rules, and where each one's value is (DWARF5 2.6, 3.3, 3.5).
 */
package dev.klas.resolve.vars;
