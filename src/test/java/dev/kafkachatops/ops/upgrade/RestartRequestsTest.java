package dev.kafkachatops.ops.upgrade;

import dev.kafkachatops.command.Command;
import dev.kafkachatops.plan.upgrade.RestartPlanner;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** A restart request refused before the cluster is read: one line, nothing stored. */
class RestartRequestsTest {
    @Test
    void aListTooLongForThePlansTitleIsRefusedBeforeTheClusterIsRead() {
        var requests = new RestartRequests(name -> {
            throw new AssertionError("the cluster was read");
        }, new RestartPlanner(), null, null);
        List<Integer> brokers = new ArrayList<>();
        for (int i = 0; i < 120; i++) brokers.add(100_000_000 + i);
        var r = requests.plan(new Command.Restart(brokers, false, Optional.empty()), UpgradeRequestsTest.PROD,
                "U0ALICE", "C1");
        assertThat(r).isInstanceOf(RestartRequests.Result.Refused.class);
        assertThat(((RestartRequests.Result.Refused) r).message()).startsWith("`restart` lists too many brokers to "
                + "keep as the plan's title (1215 characters, at most 1000)").doesNotContain("\n");
    }
}
