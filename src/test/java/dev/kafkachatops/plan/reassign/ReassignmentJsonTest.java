package dev.kafkachatops.plan.reassign;

import dev.kafkachatops.domain.TopicPartitionRef;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReassignmentJsonTest {
    private static final ClusterAssignment CLUSTER = ClusterAssignment.builder().brokers(1, 2, 3)
            .topic("orders", List.of(List.of(1, 2), List.of(1, 2), List.of(2, 1))).build();

    @Test
    void moveAndRollbackFilesInTheToolsFormat() {
        ReassignmentPlan p = RebalancePlanner.plan(CLUSTER, "orders", Target.allAlive(), OptionalLong.empty());
        assertThat(p.moves()).hasSize(2);
        String move = ReassignmentJson.toMoveJson(p);
        assertThat(move).startsWith("{\"version\":1,\"partitions\":[{\"topic\":\"orders\",\"partition\":")
                .contains("\"log_dirs\":[\"any\",\"any\"]");
        assertThat(ReassignmentJson.parseAssignment(move)).extracting(PartitionReplicas::replicas)
                .containsExactlyElementsOf(p.moves().stream().map(PartitionMove::to).toList());
        assertThat(ReassignmentJson.rollbackJson(p)).isEqualTo(ReassignmentJson.format(p.moves().stream()
                .map(m -> new PartitionReplicas(m.tp(), m.from())).toList()));
    }

    @Test
    void exactFormat() {
        assertThat(ReassignmentJson.format(List.of(new PartitionReplicas(new TopicPartitionRef("orders", 0),
                List.of(1, 2, 3))))).isEqualTo("{\"version\":1,\"partitions\":[{\"topic\":\"orders\",\"partition\":0,"
                + "\"replicas\":[1,2,3],\"log_dirs\":[\"any\",\"any\",\"any\"]}]}");
    }

    @Test
    void readsTheGenerateOutputAndTheMinimalForm() {
        String generate = """
                Current partition replica assignment
                {"version":1,"partitions":[{"topic":"orders","partition":0,"replicas":[1,2],"log_dirs":["any","any"]},{"topic":"orders","partition":1,"replicas":[2,3],"log_dirs":["any","any"]}]}

                Proposed partition reassignment configuration
                {"version":1,"partitions":[{"topic":"orders","partition":0,"replicas":[3,1],"log_dirs":["any","any"]}]}
                """;
        assertThat(ReassignmentJson.parseAssignment(generate)).containsExactly(
                new PartitionReplicas(new TopicPartitionRef("orders", 0), List.of(1, 2)),
                new PartitionReplicas(new TopicPartitionRef("orders", 1), List.of(2, 3)));
        assertThat(ReassignmentJson.parseAssignment("{\"partitions\":[{\"topic\":\"a\",\"partition\":3,"
                + "\"replicas\":[5]}]}")).containsExactly(new PartitionReplicas(new TopicPartitionRef("a", 3),
                List.of(5)));
    }

    @Test
    void badInputSaysWhatIsWrong() {
        bad("{", "not valid JSON");
        bad("[]", "expected reassignment JSON");
        bad("{\"version\":2,\"partitions\":[]}", "unsupported version 2");
        bad("{\"version\":1}", "expected a \"partitions\" array");
        bad("{\"version\":1,\"partitions\":[]}", "the \"partitions\" array is empty");
        bad(entry("\"topic\":\"a\",\"partition\":0,\"replicas\":[1,1]"), "partitions[0] (a-0): broker 1 is listed twice");
        bad(entry("\"topic\":\"a\",\"partition\":-1,\"replicas\":[1]"), "partitions[0]: \"partition\" must be");
        bad(entry("\"topic\":\"a b\",\"partition\":0,\"replicas\":[1]"), "partitions[0]: `a b` is not a valid topic");
        bad(entry("\"partition\":0,\"replicas\":[1]"), "partitions[0]: missing \"topic\"");
        bad(entry("\"topic\":\"a\",\"partition\":0,\"replicas\":[]"), "\"replicas\" must be a non-empty array");
        bad(entry("\"topic\":\"a\",\"partition\":0,\"replicas\":[\"x\"]"), "replica \"x\" is not a broker id");
        bad(entry("\"topic\":\"a\",\"partition\":0,\"replicas\":[1,2],\"log_dirs\":[\"any\"]"),
                "\"log_dirs\" must have one entry per replica (2)");
        bad("{\"partitions\":[{\"topic\":\"a\",\"partition\":0,\"replicas\":[1]},{\"topic\":\"a\",\"partition\":0,"
                + "\"replicas\":[2]}]}", "partition a-0 is listed twice");
    }

    private static String entry(String fields) {
        return "{\"version\":1,\"partitions\":[{" + fields + "}]}";
    }

    private static void bad(String json, String message) {
        assertThatThrownBy(() -> ReassignmentJson.parseAssignment(json)).as(json)
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }
}
