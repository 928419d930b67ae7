package dev.kafkachatops.adapter.host;

import java.nio.charset.StandardCharsets;

/** What one command on a host did: its exit code (-1 when it was killed by a signal) and its output. */
record ExecResult(int exitCode, byte[] stdout, byte[] stderr) {

    String out() {
        return new String(stdout, StandardCharsets.UTF_8);
    }

    /** The output byte for byte (config files are ISO-8859-1 for {@link java.util.Properties}). */
    String outLatin1() {
        return new String(stdout, StandardCharsets.ISO_8859_1);
    }

    /** The last non-blank line of stderr (or stdout), for a one-line error message. */
    String reason() {
        for (String text : new String[] {new String(stderr, StandardCharsets.UTF_8), out()}) {
            String[] lines = text.strip().split("\\R");
            if (!lines[lines.length - 1].isBlank()) return lines[lines.length - 1].strip();
        }
        return "no output";
    }
}
