package dev.kafkachatops.command;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a command's text into tokens at whitespace, as {@code split("\\s+")} would, except for a quoted option
 * value: {@code reason="rotate certs"} is one token, {@code reason=rotate certs}, its quotes removed and what is
 * between them kept as typed (line breaks included, so the value's own check can refuse them). Only a quote right
 * after a token's first {@code =} opens a value; straight and typographic quotes ({@code "..."}, {@code “...”}) both
 * count. A quote left open, or text glued to the closing quote, is an error.
 */
final class Tokens {
    private Tokens() {
    }

    static List<String> split(String text) {
        List<String> out = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            while (i < n && space(text.charAt(i))) i++;
            if (i >= n) break;
            StringBuilder t = new StringBuilder();
            while (i < n && !space(text.charAt(i))) {
                char c = text.charAt(i);
                if (c == '=' && t.length() > 0 && t.indexOf("=") < 0 && i + 1 < n && opens(text.charAt(i + 1))) {
                    i = quoted(text, i + 2, t.append('='));
                    break;
                }
                t.append(c);
                i++;
            }
            out.add(t.toString());
        }
        return out;
    }

    /** Appends the quoted value starting at {@code from} to {@code t}; returns the index after the closing quote. */
    private static int quoted(String text, int from, StringBuilder t) {
        String key = t.substring(0, t.length() - 1);
        int close = from;
        while (close < text.length() && !closes(text.charAt(close))) close++;
        if (close >= text.length()) {
            throw new IllegalArgumentException("the quote after `" + key + "=` is not closed");
        }
        t.append(text, from, close);
        if (close + 1 < text.length() && !space(text.charAt(close + 1))) {
            throw new IllegalArgumentException("`" + key + "=\"...\"` needs a space after its closing quote");
        }
        return close + 1;
    }

    /** The characters {@code \s} matches. */
    private static boolean space(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
    }

    private static boolean opens(char c) {
        return c == '"' || c == '\u201C';
    }

    private static boolean closes(char c) {
        return c == '"' || c == '\u201D';
    }
}
