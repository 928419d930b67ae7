package dev.kafkachatops.command;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Locale;

/**
 * Every command of {@code /kafka} and of the CLI, as parsed by {@link CommandParser}. Each record holds only
 * validated values; the cluster a command targets is carried beside it in {@link ParseResult.Parsed}.
 */
public sealed interface Command {

    /** The verb as typed, e.g. {@code "rebalance"}. */
    String verb();

    record Help(Optional<String> topic) implements Command {
        public String verb() {
            return "help";
        }
    }

    record Status() implements Command {
        public String verb() {
            return "status";
        }
    }

    /**
     * {@code skipRehearsal}: plan a production upgrade its rehearsal cluster has not rehearsed (one approval more);
     * {@code allowOldClients}: plan an upgrade into 4.x although brokers see clients that 4.x refuses (audited).
     */
    record Upgrade(String targetVersion, boolean skipRehearsal, boolean allowOldClients) implements Command {
        public Upgrade {
            Objects.requireNonNull(targetVersion);
        }

        public Upgrade(String targetVersion, boolean skipRehearsal) {
            this(targetVersion, skipRehearsal, false);
        }

        public Upgrade(String targetVersion) {
            this(targetVersion, false, false);
        }

        public String verb() {
            return "upgrade";
        }
    }

    /**
     * {@code restart [brokers=1,2,3] [controllers] [reason="rotate certs"]}: a rolling restart of the listed brokers
     * and/or the controllers; neither means every node. {@link #text()} is the command as the bot accepts it back
     * (the plan's title, parsed again when a stale plan is planned anew).
     */
    record Restart(List<Integer> brokers, boolean controllers, Optional<String> reason) implements Command {
        public Restart {
            brokers = List.copyOf(brokers);
            Objects.requireNonNull(reason);
        }

        /** No selection: every node, controllers included. */
        public boolean everything() {
            return brokers.isEmpty() && !controllers;
        }

        public String text() {
            return "restart" + (brokers.isEmpty() ? "" : " brokers=" + String.join(",", brokers.stream()
                    .map(String::valueOf).toList())) + (controllers ? " controllers" : "")
                    + reason.map(r -> " reason=\"" + r + "\"").orElse("");
        }

        public String verb() {
            return "restart";
        }
    }

    /** {@code topic} is empty when {@code all} is set ({@code rebalance --all}). */
    record Rebalance(Optional<String> topic, boolean all, List<Integer> brokers, List<Integer> exclude,
                     Optional<Long> throttleBytesPerSec, Optional<Duration> shrinkRetention,
                     boolean allowConcurrent) implements Command {
        public Rebalance {
            brokers = List.copyOf(brokers);
            exclude = List.copyOf(exclude);
            if (topic.isPresent() == all) throw new IllegalArgumentException("either a topic or --all");
        }

        public Rebalance(Optional<String> topic, boolean all, List<Integer> brokers, List<Integer> exclude,
                         Optional<Long> throttleBytesPerSec, Optional<Duration> shrinkRetention) {
            this(topic, all, brokers, exclude, throttleBytesPerSec, shrinkRetention, false);
        }

        public String verb() {
            return "rebalance";
        }
    }

    record Expand(List<Integer> brokers, Optional<Long> throttleBytesPerSec, boolean allowConcurrent)
            implements Command {
        public Expand(List<Integer> brokers, Optional<Long> throttleBytesPerSec) {
            this(brokers, throttleBytesPerSec, false);
        }

        public Expand {
            brokers = List.copyOf(brokers);
            if (brokers.isEmpty()) throw new IllegalArgumentException("expand needs brokers");
        }

        public String verb() {
            return "expand";
        }
    }

    /** {@code decommission 5}: empty the brokers, every topic balanced over the others, one topic at a time. */
    record Decommission(List<Integer> brokers, Optional<Long> throttleBytesPerSec, boolean allowConcurrent)
            implements Command {
        public Decommission {
            brokers = List.copyOf(brokers);
            if (brokers.isEmpty()) throw new IllegalArgumentException("decommission needs brokers");
        }

        public String verb() {
            return "decommission";
        }
    }

    record Jobs() implements Command {
        public String verb() {
            return "jobs";
        }
    }

    /** {@code history [page]}: the audit log, newest first, {@value #PAGE_SIZE} decisions a page. */
    record History(int page) implements Command {
        /** Decisions on one page. */
        public static final int PAGE_SIZE = 25;

        /** The newest page. */
        public History() {
            this(1);
        }

        public History {
            if (page < 1) throw new IllegalArgumentException("history pages start at 1, got " + page);
        }

        public String verb() {
            return "history";
        }
    }

    /** Commands that act on one job: show, cancel, pause, resume, run-now. */
    record JobAction(Action action, String jobId) implements Command {
        public enum Action { SHOW, CANCEL, PAUSE, RESUME, RUN_NOW }

        public JobAction {
            Objects.requireNonNull(action);
            Objects.requireNonNull(jobId);
        }

        public String verb() {
            return action == Action.RUN_NOW ? "run" : action.name().toLowerCase(Locale.ROOT);
        }
    }
}
