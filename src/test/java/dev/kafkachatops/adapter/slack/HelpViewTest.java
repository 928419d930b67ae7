package dev.kafkachatops.adapter.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kafkachatops.command.CommandParser;
import dev.kafkachatops.command.Grammar;
import dev.kafkachatops.command.ParseResult;
import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code help <command>} says more than {@code help}: the full form, each option on a line, an example. */
class HelpViewTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String all(String topic) throws Exception {
        JsonNode b = JSON.readTree(RunViews.json(HelpView.render("/kafka", SlackBot.AVAILABLE, Optional.of(topic))));
        var sb = new StringBuilder();
        b.forEach(block -> sb.append(block.path("text").path("text").asText()).append('\n'));
        return sb.toString();
    }

    @Test
    void helpRebalanceShowsTheFullFormEveryOptionOnALineAndAnExample() throws Exception {
        String text = all("rebalance");
        assertThat(text).contains("kafka-chatops: /kafka rebalance")
                .contains("`/kafka rebalance <topic>|--all [brokers=1,2,3] [exclude=4] [throttle=50MB/s] "
                        + "[shrink-retention=2h] [--allow-concurrent] [--cluster NAME | cluster=NAME]`")
                .contains("*Arguments and options*")
                .contains("\n• `<topic>`: the topic to spread over the target brokers")
                .contains("\n• `--all`: ").contains("\n• `brokers=1,2,3`: ").contains("\n• `exclude=4`: ")
                .contains("\n• `throttle=50MB/s`: ").contains("\n• `shrink-retention=2h`: ")
                .contains("\n• `--allow-concurrent`: ").contains("\n• `--cluster NAME` or `cluster=NAME`: ")
                .contains("*Example*\n`/kafka rebalance orders brokers=1,2,3,4 throttle=50MB/s`");
        String overview = JSON.readTree(RunViews.json(HelpView.render("/kafka", SlackBot.AVAILABLE,
                Optional.empty()))).toString();
        assertThat(text.length()).isGreaterThan(overview.length() / 4);
        assertThat(overview).doesNotContain("Arguments and options").contains("/kafka help <command>");
    }

    /** Every form's options and example: one line each, and the example is a command the parser takes. */
    @Test
    void everyCommandHasAnExampleThatParses() throws Exception {
        for (Grammar.Form f : Grammar.FORMS) {
            assertThat(CommandParser.parse(f.example())).as(f.example()).isInstanceOf(ParseResult.Parsed.class);
            assertThat(f.args()).allSatisfy(a -> assertThat(a.meaning()).doesNotContain("\n").isNotBlank());
            assertThat(all(f.verb())).as(f.verb()).contains("*Example*\n`/kafka " + f.example() + "`");
        }
        assertThat(all("jobs")).contains("\n• `--cluster NAME` or `cluster=NAME`: ");
    }

    @Test
    void anUnknownTopicShowsEveryCommand() throws Exception {
        JsonNode b = JSON.readTree(RunViews.json(HelpView.render("/kafka", Set.of("help"), Optional.of("frob"))));
        assertThat(b.get(1).path("text").path("text").asText()).contains("`/kafka status`");
    }
}
