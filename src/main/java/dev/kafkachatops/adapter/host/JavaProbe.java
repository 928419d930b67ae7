package dev.kafkachatops.adapter.host;

import dev.kafkachatops.domain.JavaRuntime;

import java.util.Optional;

/**
 * Finds the Java that would run a host's broker and asks it its version, in one shell command: the configured
 * {@code javaHome}'s launcher; else the executable of the running broker process (the {@code kafka.Kafka} process
 * started with this host's config file, through {@code /proc/<pid>/exe}); else {@code $JAVA_HOME/bin/java}; else
 * {@code java} on the PATH. The command prints the launcher's path, then what {@code -version} prints.
 */
final class JavaProbe {
    static final int NONE = 30;
    static final int NOT_EXECUTABLE = 31;

    private JavaProbe() {
    }

    static String command(HostPaths paths) {
        String config = ShellQuote.quote(paths.config());
        String find = paths.javaLauncher() != null ? "j=" + ShellQuote.quote(paths.javaLauncher()) + "; "
                : "j=''; for p in $(pgrep -f 'kafka\\.Kafka'); do tr '\\0' '\\n' < /proc/$p/cmdline 2>/dev/null "
                + "| grep -qxF -- " + config + " && j=$(readlink /proc/$p/exe) && break; done; "
                + "if [ -z \"$j\" ] && [ -n \"$JAVA_HOME\" ]; then j=\"$JAVA_HOME/bin/java\"; fi; "
                + "if [ -z \"$j\" ]; then j=$(command -v java); fi; ";
        return find + "[ -n \"$j\" ] || exit " + NONE + "; printf '%s\\n' \"$j\"; [ -x \"$j\" ] || exit "
                + NOT_EXECUTABLE + "; \"$j\" -version 2>&1";
    }

    /** The runtime from the command's output: the path on the first line, the version output after it. */
    static Optional<JavaRuntime> parse(String out) {
        String[] lines = out.split("\n", 2);
        return JavaRuntime.parse(lines[0].strip(), lines.length > 1 ? lines[1] : "");
    }
}
