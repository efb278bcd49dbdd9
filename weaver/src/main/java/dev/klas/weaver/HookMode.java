package dev.klas.weaver;

/** How user-space hooks go in: a breakpoint trap, a jump to a trampoline, or per hook the best that is safe. */
public enum HookMode { INT3, JUMP, AUTO }
