package dev.kafkachatops.ops.reassign;

import dev.kafkachatops.command.Command;
import dev.kafkachatops.command.Values;
import dev.kafkachatops.config.BotConfig;
import dev.kafkachatops.ops.PlanSubmission;
import dev.kafkachatops.ops.reassign.ReassignmentRequests.Result;
import dev.kafkachatops.plan.reassign.ClusterAssignment;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests refused before anything is stored: one line naming the problem and the right command. (The accepted
 * paths are end to end in SlackBotRebalanceIT and ClusterBalanceIT; nothing here reaches the submission.)
 */
class ReassignmentRequestsTest {
    private static final BotConfig.Cluster CLUSTER = new BotConfig.Cluster("c1", "127.0.0.1:9092", Map.of(),
            List.of("*"), new BotConfig.Approvals(List.of("U0BOB"), List.of(), 1, false, "white_check_mark", "x",
            Duration.ofHours(1)), List.of(), List.of(), Map.of(), Optional.empty(), BotConfig.UpgradeGates.DEFAULTS,
            new BotConfig.Rebalance(0.5));

    /** Brokers 1-3 hold 6 topics of 1 MB (RF 2), broker 4 is empty; every broker has 10 MB of disk. */
    private static ReassignmentRequests requests() {
        var b = ClusterAssignment.builder().brokers(1, 2, 3, 4);
        for (int t = 0; t < 6; t++) b.partition("t" + t, 0, List.of(1 + t % 3, 1 + (t + 1) % 3), 1_000_000);
        for (int id = 1; id <= 4; id++) b.capacityBytes(id, 10_000_000);
        ClusterAssignment c = b.build();
        // refused before anything is submitted: the submission only times the planner
        return new ReassignmentRequests(name -> topic -> c, name -> null, false, null, null,
                new PlanSubmission(null, Clock.systemUTC()), Clock.systemUTC());
    }

    /** A plan's title (its notification text) says a rate as one reads it and /kafka takes it back, exactly. */
    @Test
    void ratesInTitlesAreReadableAndTypedBackTheSame() {
        assertThat(ReassignmentRequests.rate(200_000)).isEqualTo("200kB/s");
        assertThat(ReassignmentRequests.rate(20_000_000)).isEqualTo("20MB/s");
        assertThat(ReassignmentRequests.rate(1_000_000_000)).isEqualTo("1000MB/s");
        assertThat(ReassignmentRequests.rate(1_500_000)).isEqualTo("1.5MB/s");
        assertThat(ReassignmentRequests.rate(41_943_040)).isEqualTo("41.94304MB/s");
        assertThat(ReassignmentRequests.rate(1_234)).isEqualTo("1.234kB/s");
        assertThat(ReassignmentRequests.rate(999)).isEqualTo("999B/s");
        for (long r : new long[] {1, 999, 1_000, 1_234, 200_000, 1_500_000, 41_943_040, 20_000_000, 1_000_000_000}) {
            assertThat(Values.rate(ReassignmentRequests.rate(r))).as(ReassignmentRequests.rate(r)).isEqualTo(r);
        }
    }

    private static String refused(Result r) {
        assertThat(r).isInstanceOf(Result.Refused.class);
        return ((Result.Refused) r).message();
    }

    @Test
    void expandOfABrokerThatHoldsDataPointsAtRebalanceAll() {
        String m = refused(requests().expand(new Command.Expand(List.of(1, 4), Optional.empty()), CLUSTER, "U1", "C1"));
        assertThat(m).isEqualTo("Broker 1 (4 replicas) already holds data, so it is not new: `rebalance --all` "
                + "balances every topic over the brokers there are; nothing was changed.");
    }

    @Test
    void decommissionOfAnUnknownBrokerNamesIt() {
        String m = refused(requests().decommission(new Command.Decommission(List.of(9), Optional.empty(), false),
                CLUSTER, "U1", "C1"));
        assertThat(m).startsWith("Broker 9 is not in the cluster (brokers: 1, 2, 3, 4)");
    }

    @Test
    void aPlanThatWouldFillADiskPastMaxDiskUseIsRefused() {
        // 12 MB of replicas over brokers 1-2 only: 6 MB each = 60% of 10 MB, above this cluster's 50%
        String m = refused(requests().decommission(new Command.Decommission(List.of(3, 4), Optional.empty(), false),
                CLUSTER, "U1", "C1"));
        assertThat(m).contains("of its log-dir capacity").contains("rebalance.maxDiskUse 50%")
                .endsWith("nothing was changed.");
    }
}
