package dev.kafkachatops.plan.reassign;

import dev.kafkachatops.domain.TopicPartitionRef;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LogDirsJsonTest {
    private static final String OUTPUT = """
            Querying brokers for log directories information
            Received log directory information from brokers 1,2,4
            {"version":1,"brokers":[{"broker":1,"logDirs":[{"logDir":"/data/a","error":null,"partitions":[\
            {"partition":"orders-0","size":1200,"offsetLag":0,"isFuture":false},\
            {"partition":"my-topic-11","size":7,"offsetLag":0,"isFuture":false}]},\
            {"logDir":"/data/b","error":null,"partitions":[]}]},\
            {"broker":2,"logDirs":[{"logDir":"/data","error":null,"partitions":[\
            {"partition":"orders-0","size":1500,"offsetLag":3,"isFuture":false},\
            {"partition":"my-topic-11","size":900,"offsetLag":0,"isFuture":true}]}]},\
            {"broker":4,"logDirs":[]}]}
            """;

    @Test
    void aPartitionsSizeIsItsLargestReplicaAndFutureReplicasDoNotCount() {
        LogDirsJson d = LogDirsJson.parse(OUTPUT);
        assertThat(d.sizes()).isEqualTo(Map.of(new TopicPartitionRef("orders", 0), 1500L,
                new TopicPartitionRef("my-topic", 11), 7L));
        assertThat(d.brokers()).isEqualTo(Set.of(1, 2, 4));
    }

    @Test
    void badOutputNamesTheEntry() {
        assertThatThrownBy(() -> LogDirsJson.parse("Querying brokers\nno json here\n"))
                .hasMessageStartingWith("expected the output of kafka-log-dirs.sh --describe");
        assertThatThrownBy(() -> LogDirsJson.parse("{\"version\":1,\"brokers\":[{\"broker\":1,\"logDirs\":[{"
                + "\"partitions\":[{\"partition\":\"orders\",\"size\":1}]}]}]}"))
                .hasMessage("brokers[0].logDirs[0].partitions[0]: \"partition\" must look like orders-0");
        assertThatThrownBy(() -> LogDirsJson.parse("{\"brokers\":[{\"broker\":1,\"logDirs\":[{"
                + "\"partitions\":[{\"partition\":\"orders-0\",\"size\":-1}]}]}]}"))
                .hasMessage("brokers[0].logDirs[0].partitions[0]: \"size\" must be a number of bytes >= 0");
        assertThatThrownBy(() -> LogDirsJson.parse("{\"brokers\":[{\"broker\":\"x\"}]}"))
                .hasMessage("brokers[0]: \"broker\" must be a broker id");
    }
}
