package dev.kafkachatops.plan.upgrade;

import dev.kafkachatops.plan.upgrade.Finding.Reason;
import dev.kafkachatops.plan.upgrade.UpgradeSnapshot.Node;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The old-clients gate of an upgrade into Kafka 4.x (KIP-896: 4.0 brokers no longer serve the request versions that
 * only clients older than 2.1 send). From 3.7 on, brokers count such requests in
 * {@value #METRIC_PATTERN}, one meter per request type, API version and client software name and version. The gate:
 * <ol>
 *   <li>only a plan from a line before 4.0 to 4.0 or newer is gated;</li>
 *   <li>requests seen on any broker (a one-minute rate above 0, or a count above 0 since the broker started) are a
 *       BLOCKER listing each client software and version, request type and API version, rate and count, and the
 *       brokers that saw it; asked with {@code allow-old-clients} it is a WARNING instead (the override is
 *       audited by the caller);</li>
 *   <li>brokers whose metrics are not configured ({@code jmxPort}) or cannot be read are a WARNING each, naming them
 *       and, when unreadable, the error: the check is then the approver's to make.</li>
 * </ol>
 */
public final class OldClients {
    /** The meters KIP-896 added in 3.7, matched exactly (every key given). */
    public static final String METRIC_PATTERN = "kafka.network:type=RequestMetrics,name=DeprecatedRequestsPerSec,"
            + "request=*,version=*,clientSoftwareName=*,clientSoftwareVersion=*";
    public static final List<String> ATTRIBUTES = List.of("OneMinuteRate", "Count");
    static final int MAX_CLIENTS = 10;

    /** One meter: requests of one type and version from one client software and version, on one broker. */
    public record DeprecatedRequest(String clientName, String clientVersion, String request, String apiVersion,
                                    double oneMinuteRate, long count) {
        public DeprecatedRequest {
            Objects.requireNonNull(clientName, "clientName");
            Objects.requireNonNull(clientVersion, "clientVersion");
            Objects.requireNonNull(request, "request");
            Objects.requireNonNull(apiVersion, "apiVersion");
        }

        boolean seen() {
            return oneMinuteRate > 0 || count > 0;
        }
    }

    /** What one broker's metrics said. */
    public sealed interface Observation {
        record Seen(List<DeprecatedRequest> requests) implements Observation {
            public Seen {
                requests = List.copyOf(requests);
            }
        }

        /** The broker's host has no {@code jmxPort}. */
        record NotConfigured() implements Observation {
        }

        record Unreadable(String error) implements Observation {
            public Unreadable {
                Objects.requireNonNull(error, "error");
            }
        }
    }

    /** The gate's findings (none when not gated) and whether {@code allow-old-clients} overrode a blocker. */
    public record Decision(List<Finding> findings, boolean overridden) {
        public Decision {
            findings = List.copyOf(findings);
        }

        /** The override's finding (the old clients let through), for the audit. */
        public Optional<Finding> override() {
            return overridden ? findings.stream().filter(f -> f.reason() == Reason.OLD_CLIENTS_ALLOWED).findFirst()
                    : Optional.empty();
        }
    }

    private OldClients() {
    }

    /** True for a plan that takes a broker from before 4.0 to 4.0 or newer. */
    public static boolean gated(UpgradePlan plan) {
        return !plan.isEmpty() && plan.target().major() >= 4
                && plan.running().stream().anyMatch(v -> v.major() < 4);
    }

    /** {@code observed}: what each broker of {@code s} said, by node id (brokers missing are not checked). */
    public static Decision decide(UpgradePlan plan, UpgradeSnapshot s, Map<Integer, Observation> observed,
                                  boolean allow) {
        if (!gated(plan)) return new Decision(List.of(), false);
        Map<String, Group> groups = new TreeMap<>();
        List<Node> notConfigured = new ArrayList<>();
        List<Finding> out = new ArrayList<>();
        for (Node n : s.nodes()) {
            if (!n.role().isBroker()) continue;
            Observation o = observed.get(n.id());
            if (o == null || o instanceof Observation.NotConfigured) {
                notConfigured.add(n);
            } else if (o instanceof Observation.Unreadable u) {
                out.add(new Finding(Reason.OLD_CLIENTS_NOT_CHECKED, n.describe() + ": " + u.error() + ". Clients "
                        + "older than 2.1, which Kafka " + plan.target().line() + " refuses, could not be checked "
                        + "there: check its DeprecatedRequestsPerSec metric by hand before approving"));
            } else if (o instanceof Observation.Seen seen) {
                seen.requests().stream().filter(DeprecatedRequest::seen).forEach(r -> groups
                        .computeIfAbsent(Group.key(r), k -> new Group(r)).add(r, n));
            }
        }
        if (!notConfigured.isEmpty()) {
            out.add(0, new Finding(Reason.OLD_CLIENTS_NOT_CHECKED, PreflightFindings.describe(notConfigured)
                    + (notConfigured.size() == 1 ? " has" : " have") + " no jmxPort, so clients older than 2.1 "
                    + "(Kafka " + plan.target().line() + " refuses them, KIP-896) could not be checked: start the "
                    + "brokers with JMX (JMX_PORT=9999 for Kafka's scripts) and set jmxPort in hosts.defaults or "
                    + "hosts.brokers.<id>, then plan again"));
        }
        if (groups.isEmpty()) return new Decision(out, false);
        String seen = seen(groups);
        if (allow) {
            out.add(0, new Finding(Reason.OLD_CLIENTS_ALLOWED, seen + ". Asked with allow-old-clients: these clients "
                    + "fail once the brokers they talk to run " + plan.target()));
            return new Decision(out, true);
        }
        out.add(0, new Finding(Reason.OLD_CLIENTS, seen + ". Kafka " + plan.target().line() + " refuses these "
                + "requests (KIP-896): upgrade those clients to 2.1 or newer first, or ask with `upgrade "
                + plan.target() + " allow-old-clients`"));
        return new Decision(out, false);
    }

    /** "client unknown (version unknown): Produce v2, 4.00/s now, 20 since start, on broker 1 (node-1); ..." */
    private static String seen(Map<String, Group> groups) {
        List<String> lines = groups.values().stream().map(Group::describe).toList();
        String shown = String.join("; ", lines.subList(0, Math.min(MAX_CLIENTS, lines.size())));
        return lines.size() > MAX_CLIENTS ? shown + "; and " + (lines.size() - MAX_CLIENTS) + " more" : shown;
    }

    /** The same client software, version, request and API version, summed over the brokers that saw it. */
    private static final class Group {
        private final DeprecatedRequest first;
        private double rate;
        private long count;
        private final List<Node> brokers = new ArrayList<>();

        Group(DeprecatedRequest first) {
            this.first = first;
        }

        static String key(DeprecatedRequest r) {
            return String.join("\u0000", r.clientName(), r.clientVersion(), r.request(), r.apiVersion());
        }

        void add(DeprecatedRequest r, Node n) {
            rate += r.oneMinuteRate();
            count += r.count();
            if (!brokers.contains(n)) brokers.add(n);
        }

        String describe() {
            return "client " + first.clientName() + " (version " + first.clientVersion() + "): " + first.request()
                    + " v" + first.apiVersion() + ", " + String.format(Locale.ROOT, "%.2f", rate) + "/s now, "
                    + String.format(Locale.ROOT, "%,d", count) + " since start, on " + PreflightFindings.describe(brokers);
        }
    }
}
