package dev.kafkachatops.command;

import dev.kafkachatops.command.Command.JobAction.Action;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The one parser for {@code /kafka} text and the CLI. Grammar: a verb, positional arguments, {@code key=value}
 * options, and anywhere {@code --cluster NAME} or {@code cluster=NAME}. Errors are one line: what is wrong, then
 * the expected form.
 */
public final class CommandParser {
    private static final int MAX_LENGTH = 2000;
    static final int MAX_HISTORY_PAGE = 400;

    private CommandParser() {
    }

    public static ParseResult parse(String text) {
        if (text == null) text = "";
        if (text.length() > MAX_LENGTH) return new ParseResult.Invalid("Command too long (over " + MAX_LENGTH
                + " characters).");
        String normalised = text.replace('\u00a0', ' ').replace('\u2014', '-').replace('\u2013', '-').strip();
        if (normalised.startsWith("/kafka")) normalised = normalised.substring("/kafka".length()).strip();
        String verb = "";
        try {
            List<String> tokens = Tokens.split(normalised);
            Args args = Args.split(tokens);
            if (args.positional.isEmpty() && args.options.isEmpty() && args.flags.isEmpty()) {
                return new ParseResult.Parsed(new Command.Help(Optional.empty()), args.cluster);
            }
            if (args.positional.isEmpty() || args.firstPositionalIndex > firstNonCluster(tokens)) {
                verb = args.flags.isEmpty() ? "" : args.flags.get(0);
                if (!verb.equals("--help")) {
                    throw new IllegalArgumentException("Start with a command, e.g. `/kafka status`; try `/kafka help`");
                }
                args.flags.remove(0);
            } else {
                verb = args.positional.remove(0).toLowerCase(Locale.ROOT);
            }
            Command command = build(verb, args);
            return new ParseResult.Parsed(command, args.cluster);
        } catch (IllegalArgumentException e) {
            String usage = Grammar.form(verb).map(f -> " Expected: `/kafka " + f.usage() + "`").orElse("");
            return new ParseResult.Invalid(e.getMessage() + "." + usage);
        }
    }

    /** Index of the first token that is not part of a cluster option. */
    private static int firstNonCluster(List<String> tokens) {
        int i = 0;
        while (i < tokens.size()) {
            String t = tokens.get(i).toLowerCase(Locale.ROOT);
            if (t.equals("--cluster") || t.equals("-c")) i += 2;
            else if (t.startsWith("--cluster=") || t.startsWith("cluster=")) i++;
            else return i;
        }
        return i;
    }

    /** Removes {@code word} from the words after the version; true if it was there (once). */
    private static boolean upgradeWord(Args a, String word) {
        List<String> after = a.positional.subList(Math.min(1, a.positional.size()), a.positional.size());
        long n = after.stream().filter(word::equalsIgnoreCase).count();
        if (n > 1) throw new IllegalArgumentException("`" + word + "` is given twice");
        return after.removeIf(word::equalsIgnoreCase);
    }

    private static Command build(String verb, Args a) {
        return switch (verb) {
            case "help", "-h", "--help" -> {
                a.noOptions(verb);
                a.atMost(verb, 1);
                yield new Command.Help(a.positional.stream().findFirst().map(s -> s.toLowerCase(Locale.ROOT)));
            }
            case "status" -> {
                a.none(verb);
                yield new Command.Status();
            }
            case "jobs" -> {
                a.none(verb);
                yield new Command.Jobs();
            }
            case "history" -> {
                a.noOptions(verb);
                a.atMost(verb, 1);
                yield new Command.History(a.positional.isEmpty() ? 1 : page(a.positional.get(0)));
            }
            case "upgrade" -> {
                a.noOptions(verb);
                boolean skip = upgradeWord(a, "skip-rehearsal");
                boolean allowOld = upgradeWord(a, "allow-old-clients");
                a.exactly(verb, 1, "a target version");
                yield new Command.Upgrade(Values.version(a.positional.get(0)), skip, allowOld);
            }
            case "rebalance" -> rebalance(a);
            case "restart" -> restart(a);
            case "expand" -> {
                a.onlyOptions(verb, Set.of("brokers", "throttle"));
                boolean concurrent = a.flags.remove("--allow-concurrent");
                a.noFlags(verb);
                a.exactly(verb, 0, "");
                String brokers = a.options.get("brokers");
                if (brokers == null) throw new IllegalArgumentException("`expand` needs the new brokers: brokers=4,5");
                yield new Command.Expand(Values.brokers(brokers), a.opt("throttle").map(Values::rate), concurrent);
            }
            case "decommission" -> {
                a.onlyOptions(verb, Set.of("throttle"));
                boolean concurrent = a.flags.remove("--allow-concurrent");
                a.noFlags(verb);
                a.exactly(verb, 1, "the brokers to empty, e.g. 5 or 5,6");
                yield new Command.Decommission(Values.brokers(a.positional.get(0)), a.opt("throttle").map(Values::rate),
                        concurrent);
            }
            case "show", "cancel", "pause", "resume" -> {
                a.noOptions(verb);
                a.exactly(verb, 1, "a job id");
                yield new Command.JobAction(Action.valueOf(verb.toUpperCase(Locale.ROOT)),
                        Values.jobId(a.positional.get(0)));
            }
            case "run" -> {
                a.noOptions(verb);
                if (a.positional.size() != 2 || !a.positional.get(1).equalsIgnoreCase("now")) {
                    throw new IllegalArgumentException("`run` takes a job id followed by `now`");
                }
                yield new Command.JobAction(Action.RUN_NOW, Values.jobId(a.positional.get(0)));
            }
            default -> throw new IllegalArgumentException("Unknown command `" + abbreviate(verb)
                    + "`. Try `/kafka help`");
        };
    }

    private static Command rebalance(Args a) {
        a.onlyOptions("rebalance", Set.of("brokers", "exclude", "throttle", "shrink-retention"));
        boolean all = a.flags.remove("--all");
        boolean concurrent = a.flags.remove("--allow-concurrent");
        a.noFlags("rebalance");
        Optional<String> topic;
        if (all) {
            if (!a.positional.isEmpty()) throw new IllegalArgumentException("`rebalance --all` takes no topic");
            topic = Optional.empty();
        } else {
            a.exactly("rebalance", 1, "a topic (or --all)");
            topic = Optional.of(Values.topic(a.positional.get(0)));
        }
        List<Integer> brokers = a.opt("brokers").map(Values::brokers).orElse(List.of());
        List<Integer> exclude = a.opt("exclude").map(Values::brokers).orElse(List.of());
        for (Integer b : exclude) {
            if (brokers.contains(b)) {
                throw new IllegalArgumentException("broker " + b + " is both in brokers= and exclude=");
            }
        }
        Optional<Duration> shrink = a.opt("shrink-retention").map(Values::duration);
        return new Command.Rebalance(topic, all, brokers, exclude, a.opt("throttle").map(Values::rate), shrink,
                concurrent);
    }

    /** {@code restart [brokers=1,2,3] [controllers] [reason="..."]}: nothing selected means every node. */
    private static Command restart(Args a) {
        a.onlyOptions("restart", Set.of("brokers", "reason"));
        a.noFlags("restart");
        boolean controllers = a.positional.removeIf(p -> p.equalsIgnoreCase("controllers"));
        a.exactly("restart", 0, "");
        return new Command.Restart(a.opt("brokers").map(Values::brokers).orElse(List.of()), controllers,
                a.opt("reason").map(Values::reason));
    }

    /** A history page: 1 (the newest) to {@value #MAX_HISTORY_PAGE}. */
    private static int page(String s) {
        if (!s.matches("\\d{1,3}") || Integer.parseInt(s) < 1 || Integer.parseInt(s) > MAX_HISTORY_PAGE) {
            throw new IllegalArgumentException("`" + abbreviate(s) + "` is not a page number (1 to " + MAX_HISTORY_PAGE
                    + ", 1 = the newest)");
        }
        return Integer.parseInt(s);
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }

    /** Tokens sorted into positional arguments, key=value options and --flags, with the cluster taken out. */
    private static final class Args {
        final List<String> positional = new ArrayList<>();
        final Map<String, String> options = new LinkedHashMap<>();
        final List<String> flags = new ArrayList<>();
        Optional<String> cluster = Optional.empty();
        int firstPositionalIndex = -1;

        static Args split(List<String> tokens) {
            Args a = new Args();
            for (int i = 0; i < tokens.size(); i++) {
                String t = tokens.get(i);
                String lower = t.toLowerCase(Locale.ROOT);
                if (lower.equals("--cluster") || lower.equals("-c")) {
                    if (i + 1 >= tokens.size()) throw new IllegalArgumentException("`--cluster` needs a name");
                    a.setCluster(tokens.get(++i));
                } else if (lower.startsWith("--cluster=")) {
                    a.setCluster(t.substring("--cluster=".length()));
                } else if (lower.startsWith("--")) {
                    a.flags.add(lower);
                } else if (t.indexOf('=') > 0) {
                    String key = lower.substring(0, t.indexOf('='));
                    String value = t.substring(t.indexOf('=') + 1);
                    if (value.isEmpty()) throw new IllegalArgumentException("`" + key + "=` needs a value");
                    if (key.equals("cluster")) {
                        a.setCluster(value);
                    } else if (a.options.putIfAbsent(key, value) != null) {
                        throw new IllegalArgumentException("`" + key + "=` is given twice");
                    }
                } else {
                    if (a.positional.isEmpty()) a.firstPositionalIndex = i;
                    a.positional.add(t);
                }
            }
            return a;
        }

        private void setCluster(String name) {
            if (cluster.isPresent()) throw new IllegalArgumentException("the cluster is given twice");
            cluster = Optional.of(Values.cluster(name));
        }

        Optional<String> opt(String key) {
            return Optional.ofNullable(options.get(key));
        }

        void none(String verb) {
            noOptions(verb);
            exactly(verb, 0, "");
        }

        void noOptions(String verb) {
            onlyOptions(verb, Set.of());
            noFlags(verb);
        }

        void noFlags(String verb) {
            if (!flags.isEmpty()) {
                throw new IllegalArgumentException("`" + verb + "` has no option `" + flags.get(0) + "`");
            }
        }

        void onlyOptions(String verb, Set<String> allowed) {
            for (String key : options.keySet()) {
                if (!allowed.contains(key)) {
                    throw new IllegalArgumentException("`" + verb + "` has no option `" + key + "=`"
                            + (allowed.isEmpty() ? "" : " (it takes " + String.join("=, ", allowed.stream()
                            .sorted().toList()) + "=)"));
                }
            }
        }

        void atMost(String verb, int n) {
            if (positional.size() > n) {
                throw new IllegalArgumentException("`" + verb + "` got unexpected `" + positional.get(n) + "`");
            }
        }

        void exactly(String verb, int n, String what) {
            if (positional.size() < n) throw new IllegalArgumentException("`" + verb + "` needs " + what);
            atMost(verb, n);
        }
    }
}
