package dev.kafkachatops.app;

import dev.kafkachatops.command.Values;
import dev.kafkachatops.adapter.kafka.AdminAssignmentSource;
import dev.kafkachatops.adapter.kafka.AdminClients;
import dev.kafkachatops.plan.reassign.AssignmentSource;
import org.apache.kafka.clients.admin.Admin;
import java.time.Duration;
import dev.kafkachatops.plan.reassign.ClusterAssignment;
import dev.kafkachatops.plan.reassign.PartitionReplicas;
import dev.kafkachatops.plan.reassign.PlanText;
import dev.kafkachatops.plan.reassign.PlanningException;
import dev.kafkachatops.plan.reassign.ReassignmentJson;
import dev.kafkachatops.plan.reassign.ReassignmentPlan;
import dev.kafkachatops.plan.reassign.RebalancePlanner;
import dev.kafkachatops.plan.reassign.Target;
import dev.kafkachatops.view.Format;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.function.Function;

/** {@code plan}: plans printed in the terminal, with the files Kafka's own tool takes. */
@Command(name = "plan", mixinStandardHelpOptions = true, description = "Plan without changing anything.",
        subcommands = PlanCommand.Rebalance.class, exitCodeListHeading = Cli.EXIT_HEADING,
        exitCodeList = {Cli.EXIT_OK, Cli.EXIT_FAILED})
public final class PlanCommand implements Runnable {
    @Spec
    CommandSpec spec;

    /** Without a subcommand: the usage, under the command's full name. */
    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * {@code plan rebalance}: a topic's reassignment with the fewest replica moves, written as {@code move.json}
     * for {@code kafka-reassign-partitions.sh --execute} with a rollback file beside it. Offline from the tool's
     * "Current partition replica assignment" JSON ({@code --assignment}, sizes unknown, every broker alive), or
     * online from a cluster ({@code --bootstrap-server}, through an {@link AssignmentSource}). With {@code --all}
     * instead of {@code --topic}, the whole cluster of the assignment file at once ({@link ClusterRebalance}).
     */
    @Command(name = "rebalance", mixinStandardHelpOptions = true,
            description = "Plan one topic's reassignment (--topic) or the whole cluster's (--all) with the fewest "
                    + "replica moves; write move.json and a rollback file.",
            exitCodeListHeading = Cli.EXIT_HEADING,
            exitCodeList = {"0:planned (or nothing to move)",
                    "1:bad arguments or input, or the request cannot be planned"},
            footer = {"%nExamples:",
                    "  kafka-chatops plan rebalance --bootstrap-server kafka1:9092 --topic orders \\",
                    "      --throttle 50MB/s --out move.json",
                    "  kafka-chatops plan rebalance --assignment current.json --topic orders \\",
                    "      --brokers 1,2,3,4 --out move.json",
                    "  kafka-chatops plan rebalance --assignment current.json --all \\",
                    "      --log-dirs logdirs.txt --out move.json"})
    public static final class Rebalance implements Callable<Integer> {
        private final Function<String, AssignmentSource> sources;

        @Spec
        CommandSpec spec;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Source source;

        static final class Source {
            @Option(names = "--assignment", paramLabel = "FILE",
                    description = "Current assignment: the reassignment JSON, or the output of --generate.")
            Path assignment;

            @Option(names = "--bootstrap-server", paramLabel = "HOST:PORT", description = "Read the cluster.")
            String bootstrapServer;
        }

        @ArgGroup(exclusive = true, multiplicity = "1")
        Scope scope;

        static final class Scope {
            @Option(names = "--topic", paramLabel = "TOPIC", description = "The topic to spread.")
            String topic;

            @Option(names = "--all", description = "Balance the whole cluster: every topic in --assignment.")
            boolean all;
        }

        @Option(names = "--log-dirs", paramLabel = "FILE",
                description = "With --all: the output of kafka-log-dirs.sh --describe, for partition sizes.")
        Path logDirs;

        @Option(names = "--brokers", paramLabel = "IDS",
                description = "Target brokers, e.g. 1,2,3,4 (default: every broker in the assignment or cluster).")
        String brokers;

        @Option(names = "--exclude", paramLabel = "IDS", description = "Brokers to move the topic off, e.g. 4.")
        String exclude;

        @Option(names = "--broker-racks", paramLabel = "ID:RACK,...",
                description = "Racks for the offline form, e.g. 1:a,2:b,3:c,4:a (all brokers or none).")
        String brokerRacks;

        @Option(names = "--throttle", paramLabel = "RATE",
                description = "Replication throttle for the estimate, e.g. 50MB/s.")
        String throttle;

        @Option(names = "--out", required = true, paramLabel = "FILE",
                description = "Where to write the reassignment JSON (the rollback goes beside it).")
        Path out;

        /** The command line's form: {@code --bootstrap-server} reads the cluster through the Admin API. */
        public Rebalance() {
            this(bootstrap -> topic -> {
                Duration timeout = Duration.ofSeconds(15);
                try (Admin admin = AdminClients.create(bootstrap, Map.of(), timeout)) {
                    return new AdminAssignmentSource(bootstrap, admin, timeout).read(topic);
                }
            });
        }

        /** @param sources makes the {@link AssignmentSource} for a bootstrap server */
        public Rebalance(Function<String, AssignmentSource> sources) {
            this.sources = sources;
        }

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            try {
                List<Integer> targetIds = brokers == null ? List.of() : Values.brokers(brokers);
                List<Integer> excluded = exclude == null ? List.of() : Values.brokers(exclude);
                OptionalLong rate = throttle == null ? OptionalLong.empty() : OptionalLong.of(Values.rate(throttle));
                Target target = (targetIds.isEmpty() ? Target.allAlive() : Target.brokers(targetIds))
                        .excluding(excluded);
                if (scope.all) return ClusterRebalance.run(this, targetIds, target, rate, out);
                if (logDirs != null) throw new IllegalArgumentException("--log-dirs goes with --all");
                return planTopic(targetIds, target, rate, out, err);
            } catch (PlanningException | IllegalArgumentException e) {
                err.println("error: " + e.getMessage());
                err.flush();
                return Cli.FAILED;
            }
        }

        /** Writes the plan and its rollback beside it; a problem is one line naming {@code --out}. */
        static void write(Path out, String moveJson, Path rollback, String rollbackJson) {
            try {
                Files.writeString(out, moveJson + "\n");
            } catch (IOException e) {
                throw new IllegalArgumentException(Cli.cannotWrite("--out", out, e));
            }
            try {
                Files.writeString(rollback, rollbackJson + "\n");
            } catch (IOException e) {
                throw new IllegalArgumentException(Cli.cannotWrite("the rollback file", rollback, e));
            }
        }

        private int planTopic(List<Integer> targetIds, Target target, OptionalLong rate, PrintWriter out,
                              PrintWriter err) {
            String topic = scope.topic;
            Values.topic(topic);
            ClusterAssignment cluster = read(topic, targetIds, err);
            if (cluster == null) return 1;
            ReassignmentPlan plan = RebalancePlanner.plan(cluster, topic, target, rate);
            out.print(PlanText.render(plan));
            out.flush();
            if (plan.isEmpty()) {
                out.println("\nNothing to move: no files written.");
                return 0;
            }
            Path rollback = rollbackPath(this.out);
            write(this.out, ReassignmentJson.toMoveJson(plan), rollback, ReassignmentJson.rollbackJson(plan));
            out.println("\nWrote " + this.out + " (" + Format.plural(plan.moves().size(), "partition") + ") and "
                    + rollback
                    + " (their current assignment, to undo).");
            out.println("Execute: kafka-reassign-partitions.sh --bootstrap-server HOST:PORT "
                    + "--reassignment-json-file " + this.out + " --execute"
                    + (rate.isPresent() ? " --throttle " + rate.getAsLong() : ""));
            out.flush();
            return 0;
        }

        private ClusterAssignment read(String topic, List<Integer> targetIds, PrintWriter err) {
            if (source.bootstrapServer != null) {
                Values.bootstrapServers(source.bootstrapServer);
                if (brokerRacks != null) {
                    throw new IllegalArgumentException("--broker-racks is for --assignment; the cluster knows its racks");
                }
                if (sources == null) {
                    err.println("error: --bootstrap-server form needs the Kafka adapter");
                    return null;
                }
                return sources.apply(source.bootstrapServer).read(topic);
            }
            List<PartitionReplicas> all = parse("--assignment", source.assignment, ReassignmentJson::parseAssignment);
            List<PartitionReplicas> mine = all.stream().filter(p -> p.tp().topic().equals(topic)).toList();
            if (mine.isEmpty()) {
                throw new IllegalArgumentException("topic " + topic + " is not in " + source.assignment + " (topics: "
                        + String.join(", ", new TreeSet<>(all.stream().map(p -> p.tp().topic()).toList())) + ")");
            }
            return offline(mine, targetIds, brokerRacks);
        }

        /**
         * Reads and parses the file of option {@code option}; a problem is an {@link IllegalArgumentException} naming
         * the file.
         */
        static <T> T parse(String option, Path file, Function<String, T> parser) {
            String text;
            try {
                text = Files.readString(file);
            } catch (IOException e) {
                throw new IllegalArgumentException(Cli.cannotRead(option, file, e));
            }
            try {
                return parser.apply(text);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + ": " + e.getMessage());
            }
        }

        /** The offline snapshot: the assignment's brokers and {@code more}, with the racks of {@code --broker-racks}. */
        static ClusterAssignment offline(List<PartitionReplicas> parts, Collection<Integer> more, String brokerRacks) {
            Map<Integer, String> racks = racks(brokerRacks);
            var known = new TreeSet<>(more);
            parts.forEach(p -> known.addAll(p.replicas()));
            for (int id : racks.keySet()) {
                if (!known.contains(id)) {
                    throw new IllegalArgumentException("--broker-racks names broker " + id + ", which is neither in "
                            + "--brokers nor in the assignment");
                }
            }
            return ClusterAssignment.offline(parts, more, racks);
        }

        static Map<Integer, String> racks(String spec) {
            Map<Integer, String> out = new TreeMap<>();
            if (spec == null) return out;
            for (String part : spec.split(",", -1)) {
                String[] kv = part.split(":", -1);
                if (kv.length != 2 || !kv[0].strip().matches("\\d{1,9}") || kv[1].isBlank()) {
                    throw new IllegalArgumentException("`" + spec + "` is not a rack list (expected e.g. 1:a,2:b)");
                }
                if (out.put(Integer.parseInt(kv[0].strip()), kv[1].strip()) != null) {
                    throw new IllegalArgumentException("broker " + kv[0].strip() + " has two racks in `" + spec + "`");
                }
            }
            return out;
        }

        /** {@code move.json} -> {@code move.rollback.json}; {@code plan} -> {@code plan.rollback.json}. */
        static Path rollbackPath(Path out) {
            String name = out.getFileName().toString();
            String base = name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
            return out.resolveSibling(base + ".rollback.json");
        }
    }
}
