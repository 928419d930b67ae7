package dev.kafkachatops.command;

import dev.kafkachatops.command.Command.JobAction;
import dev.kafkachatops.command.Command.JobAction.Action;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class CommandParserTest {

    static Stream<Arguments> good() {
        Optional<String> none = Optional.empty();
        return Stream.of(
                arguments("", new Command.Help(none), none),
                arguments("help", new Command.Help(none), none),
                arguments("--help", new Command.Help(none), none),
                arguments("--cluster x", new Command.Help(none), Optional.of("x")),
                arguments("  HELP   rebalance ", new Command.Help(Optional.of("rebalance")), none),
                arguments("/kafka help", new Command.Help(none), none),
                arguments("status", new Command.Status(), none),
                arguments("status --cluster prod-eu", new Command.Status(), Optional.of("prod-eu")),
                arguments("status cluster=prod-eu", new Command.Status(), Optional.of("prod-eu")),
                arguments("--cluster=stage status", new Command.Status(), Optional.of("stage")),
                arguments("upgrade 2.6", new Command.Upgrade("2.6"), none),
                arguments("upgrade 3.9.1 --cluster a", new Command.Upgrade("3.9.1"), Optional.of("a")),
                arguments("upgrade 4.0.0", new Command.Upgrade("4.0.0"), none),
                arguments("upgrade 4.1 skip-rehearsal", new Command.Upgrade("4.1", true), none),
                arguments("upgrade 4.1 allow-old-clients", new Command.Upgrade("4.1", false, true), none),
                arguments("upgrade 4.4.0 allow-old-clients skip-rehearsal --cluster prod",
                        new Command.Upgrade("4.4.0", true, true), Optional.of("prod")),
                arguments("upgrade 4.4.0 skip-rehearsal allow-old-clients", new Command.Upgrade("4.4.0", true, true),
                        none),
                arguments("rebalance orders", new Command.Rebalance(Optional.of("orders"), false, List.of(),
                        List.of(), none(), Optional.empty()), none),
                arguments("rebalance orders brokers=1,2,3 throttle=50MB/s",
                        new Command.Rebalance(Optional.of("orders"), false, List.of(1, 2, 3), List.of(),
                                Optional.of(50_000_000L), Optional.empty()), none),
                arguments("rebalance my.topic_v2-x throttle=40MiB/s exclude=4 shrink-retention=1h30m cluster=c1",
                        new Command.Rebalance(Optional.of("my.topic_v2-x"), false, List.of(), List.of(4),
                                Optional.of(40L * 1024 * 1024), Optional.of(Duration.ofMinutes(90))),
                        Optional.of("c1")),
                arguments("rebalance --all throttle=1000000", new Command.Rebalance(Optional.empty(), true,
                        List.of(), List.of(), Optional.of(1_000_000L), Optional.empty()), none),
                arguments("expand brokers=4,5", new Command.Expand(List.of(4, 5), Optional.empty()), none),
                arguments("expand brokers=4 --allow-concurrent", new Command.Expand(List.of(4), Optional.empty(),
                        true), none),
                arguments("rebalance orders --allow-concurrent", new Command.Rebalance(Optional.of("orders"), false,
                        List.of(), List.of(), Optional.empty(), Optional.empty(), true), none),
                arguments("Expand Brokers=4,5 throttle=10mb/s", new Command.Expand(List.of(4, 5),
                        Optional.of(10_000_000L)), none),
                arguments("decommission 5", new Command.Decommission(List.of(5), Optional.empty(), false), none),
                arguments("decommission 5,6 throttle=20MB/s --allow-concurrent cluster=c1",
                        new Command.Decommission(List.of(5, 6), Optional.of(20_000_000L), true), Optional.of("c1")),
                arguments("jobs", new Command.Jobs(), none),
                arguments("history", new Command.History(), none),
                arguments("history 1", new Command.History(1), none),
                arguments("history 3 --cluster x", new Command.History(3), Optional.of("x")),
                arguments("show 42", new JobAction(Action.SHOW, "42"), none),
                arguments("cancel R-7", new JobAction(Action.CANCEL, "R-7"), none),
                arguments("pause 7", new JobAction(Action.PAUSE, "7"), none),
                arguments("resume 7", new JobAction(Action.RESUME, "7"), none),
                arguments("run 7 now", new JobAction(Action.RUN_NOW, "7"), none),
                arguments("run 7 NOW --cluster x", new JobAction(Action.RUN_NOW, "7"), Optional.of("x")));
    }

    private static Optional<Long> none() {
        return Optional.empty();
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @MethodSource("good")
    void parsesGoodInput(String text, Command expected, Optional<String> cluster) {
        assertThat(CommandParser.parse(text)).isEqualTo(new ParseResult.Parsed(expected, cluster));
    }

    static Stream<Arguments> bad() {
        return Stream.of(
                arguments("frobnicate", "Unknown command `frobnicate`"),
                arguments("decommission", "`decommission` needs the brokers to empty, e.g. 5 or 5,6. Expected: "
                        + "`/kafka decommission <brokers> [throttle=50MB/s] [--allow-concurrent]`"),
                arguments("decommission 5 6", "`decommission` got unexpected `6`"),
                arguments("decommission five", "five"),
                arguments("decommission 5 brokers=4", "`decommission` has no option `brokers=`"),
                arguments("status now", "`status` got unexpected `now`"),
                arguments("status x=1", "`status` has no option `x=`"),
                arguments("upgrade", "`upgrade` needs a target version. Expected: `/kafka upgrade <version> [skip-rehearsal] [allow-old-clients]`"),
                arguments("upgrade 4.1 allow-old-clients allow-old-clients", "`allow-old-clients` is given twice"),
                arguments("upgrade allow-old-clients", "`allow-old-clients` is not a Kafka version"),
                arguments("upgrade 4.1 allow-old-client", "`upgrade` got unexpected `allow-old-client`"),
                arguments("upgrade latest", "`latest` is not a Kafka version"),
                arguments("upgrade 2.6.x", "`2.6.x` is not a Kafka version"),
                arguments("upgrade 3", "`3` is not a Kafka version"),
                arguments("upgrade 03.1", "`03.1` is not a Kafka version"),
                arguments("upgrade 3.9 4.0", "`upgrade` got unexpected `4.0`"),
                arguments("upgrade 3.9 --force", "`upgrade` has no option `--force`"),
                arguments("rebalance", "`rebalance` needs a topic (or --all)"),
                arguments("rebalance a b", "`rebalance` got unexpected `b`"),
                arguments("rebalance orders brokers=", "`brokers=` needs a value"),
                arguments("rebalance orders brokers=1,,2", "`1,,2` is not a broker list"),
                arguments("rebalance orders brokers=1,a", "`1,a` is not a broker list"),
                arguments("rebalance orders brokers=1,1", "broker 1 is listed twice"),
                arguments("rebalance orders brokers=1 brokers=2", "`brokers=` is given twice"),
                arguments("rebalance orders throttle=fast", "`fast` is not a rate"),
                arguments("rebalance orders throttle=0MB/s", "out of range"),
                arguments("rebalance orders shrink-retention=soon", "`soon` is not a duration"),
                arguments("rebalance orders speed=1", "`rebalance` has no option `speed=`"),
                arguments("rebalance orders brokers=1,2 exclude=2", "broker 2 is both in brokers= and exclude="),
                arguments("rebalance bad/topic", "`bad/topic` is not a valid topic name"),
                arguments("rebalance ..", "`..` is not a valid topic name"),
                arguments("rebalance --all orders", "`rebalance --all` takes no topic"),
                arguments("rebalance orders --dry", "`rebalance` has no option `--dry`"),
                arguments("expand", "`expand` needs the new brokers: brokers=4,5"),
                arguments("expand 4,5", "`expand` got unexpected `4,5`"),
                arguments("expand brokers=4 exclude=1", "`expand` has no option `exclude=`"),
                arguments("show", "`show` needs a job id. Expected: `/kafka show <id>`"),
                arguments("cancel a b", "`cancel` got unexpected `b`"),
                arguments("pause $(rm)", "`$(rm)` is not a job id"),
                arguments("brokers=1 status", "Start with a command"),
                arguments("--all", "Start with a command"),
                arguments("run 7", "`run` takes a job id followed by `now`"),
                arguments("run 7 later", "`run` takes a job id followed by `now`"),
                arguments("status --cluster", "`--cluster` needs a name"),
                arguments("status --cluster a cluster=b", "the cluster is given twice"),
                arguments("status cluster=a;b", "`a;b` is not a cluster name"),
                arguments("help a b", "`help` got unexpected `b`"),
                arguments("history 0", "`0` is not a page number (1 to 400, 1 = the newest)"),
                arguments("history next", "`next` is not a page number"),
                arguments("history 401", "`401` is not a page number"),
                arguments("history 2 3", "`history` got unexpected `3`"),
                arguments("history page=2", "`history` has no option `page=`"));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @MethodSource("bad")
    void rejectsBadInputWithOneLine(String text, String expectedFragment) {
        ParseResult result = CommandParser.parse(text);
        assertThat(result).isInstanceOf(ParseResult.Invalid.class);
        String message = ((ParseResult.Invalid) result).message();
        assertThat(message).contains(expectedFragment).doesNotContain("\n");
    }

    @Test
    void everyErrorForAKnownVerbShowsItsForm() {
        var r = (ParseResult.Invalid) CommandParser.parse("rebalance");
        assertThat(r.message()).endsWith("Expected: `/kafka " + Grammar.usage("rebalance") + "`");
    }

    @Test
    void rejectsHugeInput() {
        assertThat(CommandParser.parse("status " + "x".repeat(5000))).isInstanceOf(ParseResult.Invalid.class);
    }

    @Test
    void everyVerbInTheGrammarParsesFromItsOwnExample() {
        // the forms shown to users must themselves be accepted (with placeholders filled in)
        for (Grammar.Form f : Grammar.FORMS) {
            String example = f.usage().replace("<version>", "3.9.1").replace("<topic>|--all", "orders")
                    .replace("<id>", "7").replace("<brokers>", "5").replace("[command]", "").replace("[page]", "2")
                    .replaceAll("\\[([^\\]]+)]", "$1");
            assertThat(CommandParser.parse(example)).as(example).isInstanceOf(ParseResult.Parsed.class);
        }
    }

    @Test
    void valueParsers() {
        assertThat(Values.rate("50MB/s")).isEqualTo(50_000_000L);
        assertThat(Values.rate("1.5GB/s")).isEqualTo(1_500_000_000L);
        assertThat(Values.rate("512KiB")).isEqualTo(512 * 1024L);
        assertThat(Values.duration("1d2h3m4s")).isEqualTo(Duration.parse("P1DT2H3M4S"));
        assertThat(Values.version("10.0.1")).isEqualTo("10.0.1");
    }
}
