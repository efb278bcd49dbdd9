package dev.klas.hooks.plan;

/** What the user asked for ({@code --hook-mode}); per hook, jump is used only where it is safe. */
public enum HookMode { INT3, JUMP, AUTO }
