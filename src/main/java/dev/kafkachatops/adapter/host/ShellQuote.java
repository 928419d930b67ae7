package dev.kafkachatops.adapter.host;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Quotes values for a POSIX shell: every value becomes one word between single quotes, in which nothing is
 * special; a single quote inside is written {@code '\''}. A NUL cannot be passed to a command and is refused.
 */
public final class ShellQuote {
    private ShellQuote() {
    }

    public static String quote(String value) {
        if (value.indexOf('\0') >= 0) throw new IllegalArgumentException("a NUL character cannot be passed to a shell");
        return "'" + value.replace("'", "'\\''") + "'";
    }

    /** Each word quoted, separated by spaces. */
    public static String join(List<String> words) {
        return words.stream().map(ShellQuote::quote).collect(Collectors.joining(" "));
    }
}
