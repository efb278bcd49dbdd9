package dev.klas.symbols.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits command lines the way a POSIX shell does for plain words: quotes and backslashes are removed, nothing is
 * expanded. {@link #split} reads one command (a compile_commands.json {@code command}); {@link #commands} reads a
 * line of several, as {@code make -n} prints them, where {@code ;}, {@code &&}, {@code ||}, {@code |} and {@code &}
 * outside quotes end a command.
 */
public final class ShellWords {
    private ShellWords() {
    }

    /** The words of one command; operators are ordinary characters. */
    public static List<String> split(String command) {
        List<List<String>> one = scan(command, false);
        return one.isEmpty() ? new ArrayList<>() : one.get(0);
    }

    /** The simple commands of a line, each as its words. */
    public static List<List<String>> commands(String line) {
        return scan(line, true);
    }

    private static List<List<String>> scan(String line, boolean operators) {
        List<List<String>> commands = new ArrayList<>();
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote == '\'') {
                if (c == '\'') {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (quote == '"') {
                if (c == '"') {
                    quote = 0;
                } else if (c == '\\' && i + 1 < line.length() && "\"\\$`\n".indexOf(line.charAt(i + 1)) >= 0) {
                    word.append(line.charAt(++i));
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (c == '\\' && i + 1 < line.length()) {
                word.append(line.charAt(++i));
                inWord = true;
            } else if (Character.isWhitespace(c) || (operators && ";&|".indexOf(c) >= 0)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
                if (!Character.isWhitespace(c) && !words.isEmpty()) {
                    commands.add(words);
                    words = new ArrayList<>();
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        if (!words.isEmpty()) {
            commands.add(words);
        }
        return commands;
    }
}
