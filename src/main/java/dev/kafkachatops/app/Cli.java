package dev.kafkachatops.app;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * How the command line fails, the same way in every command: one line on stderr that says what is wrong and what to
 * do, and the exit code the help documents. The scheme: 0 done; 1 a failure, a refusal or bad arguments (an unknown
 * option, a missing or bad value, a file that cannot be read); {@code status} adds 2 (read, but the cluster needs
 * attention) and {@code apply} 3 (cancelled). Bad arguments exit 1 rather than picocli's 2 so that a typo is never
 * mistaken for an unhealthy cluster.
 */
final class Cli {
    static final int OK = 0;
    static final int FAILED = 1;

    /** The exit code lines of the help footers ({@code exitCodeList}); each command adds its own after these. */
    static final String EXIT_OK = "0:done";
    static final String EXIT_FAILED = "1:failed, refused or bad arguments (one line on stderr says why)";
    static final String EXIT_STATUS_ATTENTION = "2:status only: the cluster was read but needs attention";
    static final String EXIT_APPLY_CANCELLED = "3:apply only: cancelled (Ctrl-C), in-flight moves reverted";
    static final String EXIT_HEADING = "Exit codes:%n";
    /** Set to print the stack trace of an unexpected error after its one line. */
    static final String STACK_TRACE_PROPERTY = "kafkachatops.stacktrace";

    /** The commands that run the bot; every other command is a terminal tool whose output is its answer. */
    private static final Set<String> LONG_RUNNING = Set.of("run", "sandbox");

    private Cli() {
    }

    /** Applies the error handling to {@code cl} and all its subcommands (call after they are added). */
    static CommandLine configure(CommandLine cl) {
        return cl.setParameterExceptionHandler(Cli::badArguments).setExecutionExceptionHandler(Cli::unexpected);
    }

    /**
     * The terminal tools answer in one line: the Kafka client's own warnings (a refused connection, every few
     * hundred milliseconds while the tool waits) would bury it. The bot ({@code run}, {@code sandbox}) keeps them.
     */
    /** The system property the logging configuration reads: {@code json} selects JSON lines. */
    static final String LOG_FORMAT_PROPERTY = "kafkachatops.log.format";
    /** The environment variable that sets {@value #LOG_FORMAT_PROPERTY} (containers). */
    static final String LOG_FORMAT_ENV = "KAFKA_CHATOPS_LOG_FORMAT";

    /** How log lines are written: text (default) or JSON lines. */
    enum LogFormat { TEXT, JSON }

    /** {@value #LOG_FORMAT_ENV} sets the log format before anything logs, unless the system property is set. */
    static void logFormatFromEnvironment(Map<String, String> env) {
        String v = env.get(LOG_FORMAT_ENV);
        if (v != null && System.getProperty(LOG_FORMAT_PROPERTY) == null) {
            System.setProperty(LOG_FORMAT_PROPERTY, v.strip().toLowerCase(Locale.ROOT));
        }
    }

    /** Switches the log format now (the logging configuration is read again). */
    static void logFormat(LogFormat format) {
        System.setProperty(LOG_FORMAT_PROPERTY, format.name().toLowerCase(Locale.ROOT));
        Configurator.reconfigure();
    }

    static void quietKafkaClientLogs(String[] args) {
        if (args.length > 0 && LONG_RUNNING.contains(args[0])) return;
        Configurator.setLevel("org.apache.kafka", Level.ERROR);
    }

    /** Bad arguments: picocli's finding in one line, a suggestion when it has one, and where the help is. */
    static int badArguments(ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        String message = e.getMessage();
        if (e instanceof UnmatchedArgumentException u) {
            List<String> unmatched = u.getUnmatched();
            if (!unmatched.isEmpty() && !cmd.getSubcommands().isEmpty() && !unmatched.get(0).startsWith("-")) {
                message = "unknown command '" + unmatched.get(0) + "' (commands: "
                        + String.join(", ", cmd.getSubcommands().keySet()) + ")";
            } else if (!u.getSuggestions().isEmpty()) {
                message += " (did you mean " + String.join(" or ", u.getSuggestions()) + "?)";
            }
        }
        if (message.startsWith("Error: ")) message = message.substring("Error: ".length());
        PrintWriter err = cmd.getErr();
        err.println("error: " + oneLine(message) + ". See '" + cmd.getCommandSpec().qualifiedName() + " --help'.");
        err.flush();
        return FAILED;
    }

    /** What a command did not catch itself: one line (and the stack trace with {@value #STACK_TRACE_PROPERTY}). */
    static int unexpected(Exception e, CommandLine cmd, ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        err.println("error: " + describe(e));
        if (Boolean.getBoolean(STACK_TRACE_PROPERTY)) e.printStackTrace(err);
        err.flush();
        return FAILED;
    }

    /** An exception in one line: its message (with its type unless it is a plain bad value) and its root cause's. */
    static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String own = e instanceof IllegalArgumentException && e.getMessage() != null ? e.getMessage()
                : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        String cause = root == e || root.getMessage() == null || own.contains(root.getMessage()) ? ""
                : " (" + root.getMessage() + ")";
        return oneLine(own + cause);
    }

    /**
     * A file a command could not read, e.g. "cannot read --assignment /no/such.json: no such file; check the path".
     * {@code what}: the option or argument that named it.
     */
    static String cannotRead(String what, Path file, IOException e) {
        return "cannot read " + what + " " + file + ": " + why(e);
    }

    /** A file a command could not write, e.g. "cannot write --out /no/dir/move.json: no such folder; ...". */
    static String cannotWrite(String what, Path file, IOException e) {
        return "cannot write " + what + " " + file + ": " + (e instanceof NoSuchFileException
                ? "no such folder; create it or choose another path" : why(e));
    }

    private static String why(IOException e) {
        String why;
        if (e instanceof NoSuchFileException) {
            why = "no such file; check the path";
        } else if (e instanceof AccessDeniedException) {
            why = "permission denied; check the file's permissions";
        } else if (e instanceof FileSystemException f && f.getReason() != null) {
            why = f.getReason().toLowerCase(Locale.ROOT);
        } else {
            why = String.valueOf(e.getMessage());
        }
        return why;
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s+", " ").strip();
    }
}
