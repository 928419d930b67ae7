package dev.kafkachatops.view;

import java.util.Locale;

/**
 * Text someone else wrote (a slash command, a user or channel id from a payload, a reaction's name, a button's
 * value), made safe for one line of the bot's log: it can neither start a line of its own nor fill the log.
 * <ul>
 *   <li>Control characters are escaped: {@code \n}, {@code \r}, {@code \t}, the others (and Unicode's line and
 *       paragraph separators and invisible format characters such as bidi overrides) as {@code \}{@code uXXXX};
 *       a backslash is doubled, so an escape in the log always means an escaped character.</li>
 *   <li>The text is cut after {@code max} characters (code points, never inside a surrogate pair), with
 *       {@code …(N more)} saying how much was left out.</li>
 * </ul>
 * Pure; {@code null} is written as {@code null}.
 */
public final class LogText {
    /** The default length kept: a long command is recognisable, 10,000 characters are not logged whole. */
    public static final int MAX = 200;

    private LogText() {
    }

    /** {@code text} escaped and cut after {@value #MAX} characters. */
    public static String safe(String text) {
        return safe(text, MAX);
    }

    /** {@code text} escaped and cut after {@code max} characters (code points). */
    public static String safe(String text, int max) {
        if (text == null) return "null";
        if (max < 0) throw new IllegalArgumentException("max must be at least 0, got " + max);
        StringBuilder out = new StringBuilder(Math.min(text.length(), max) + 16);
        int kept = 0;
        int i = 0;
        while (i < text.length() && kept < max) {
            int cp = text.codePointAt(i);
            escape(cp, out);
            i += Character.charCount(cp);
            kept++;
        }
        if (i < text.length()) {
            out.append("…(").append(text.codePointCount(i, text.length())).append(" more)");
        }
        return out.toString();
    }

    private static void escape(int cp, StringBuilder out) {
        switch (cp) {
            case '\n' -> out.append("\\n");
            case '\r' -> out.append("\\r");
            case '\t' -> out.append("\\t");
            case '\\' -> out.append("\\\\");
            default -> {
                if (Character.isISOControl(cp) || cp == '\u2028' || cp == '\u2029'
                        || Character.getType(cp) == Character.FORMAT) {
                    if (Character.isBmpCodePoint(cp)) {
                        out.append(String.format(Locale.ROOT, "\\u%04X", cp));
                    } else {
                        for (char c : Character.toChars(cp)) {
                            out.append(String.format(Locale.ROOT, "\\u%04X", (int) c));
                        }
                    }
                } else {
                    out.appendCodePoint(cp);
                }
            }
        }
    }
}
