package dev.kafkachatops.command;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** {@code restart [brokers=1,2,3] [controllers] [reason="rotate certs"]}: forms, quoting, and one-line refusals. */
class RestartCommandTest {

    static Stream<Arguments> good() {
        return Stream.of(
                arguments("restart", new Command.Restart(List.of(), false, Optional.empty())),
                arguments("/kafka restart --cluster prod", new Command.Restart(List.of(), false, Optional.empty())),
                arguments("restart controllers", new Command.Restart(List.of(), true, Optional.empty())),
                arguments("restart brokers=3,1,2", new Command.Restart(List.of(3, 1, 2), false, Optional.empty())),
                arguments("restart brokers=4,5 controllers reason=\"rotate certs\"",
                        new Command.Restart(List.of(4, 5), true, Optional.of("rotate certs"))),
                arguments("restart reason=\"OS patch: kernel 6.8 (CHG-1234)\" brokers=1",
                        new Command.Restart(List.of(1), false, Optional.of("OS patch: kernel 6.8 (CHG-1234)"))),
                arguments("restart reason=patching", new Command.Restart(List.of(), false, Optional.of("patching"))),
                arguments("restart reason=\u201Crotate certs\u201D controllers",
                        new Command.Restart(List.of(), true, Optional.of("rotate certs"))),
                arguments("restart reason=\"Zertifikate erneuern, Bücher\"",
                        new Command.Restart(List.of(), false, Optional.of("Zertifikate erneuern, Bücher"))));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("good")
    void parses(String text, Command.Restart expected) {
        ParseResult r = CommandParser.parse(text);
        assertThat(r).isInstanceOf(ParseResult.Parsed.class);
        assertThat(((ParseResult.Parsed) r).command()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("good")
    void itsTextIsAcceptedBackAsTheSameCommand(String text, Command.Restart expected) {
        // the plan's title is this text; a stale plan is planned again by parsing it
        assertThat(((ParseResult.Parsed) CommandParser.parse(expected.text())).command()).isEqualTo(expected);
    }

    @Test
    void noSelectionMeansEveryNode() {
        assertThat(new Command.Restart(List.of(), false, Optional.empty()).everything()).isTrue();
        assertThat(new Command.Restart(List.of(), true, Optional.empty()).everything()).isFalse();
        assertThat(new Command.Restart(List.of(1), false, Optional.empty()).everything()).isFalse();
    }

    static Stream<Arguments> bad() {
        return Stream.of(
                arguments("restart brokers=", "`brokers=` needs a value"),
                arguments("restart brokers=,", "`,` is not a broker list"),
                arguments("restart brokers=1,1", "broker 1 is listed twice"),
                arguments("restart brokers=one", "`one` is not a broker list"),
                arguments("restart brokers=1 brokers=2", "`brokers=` is given twice"),
                arguments("restart 5", "`restart` got unexpected `5`"),
                arguments("restart --all", "`restart` has no option `--all`"),
                arguments("restart throttle=5MB/s", "`restart` has no option `throttle=`"),
                arguments("restart reason=\"\"", "`reason=` needs a value"),
                arguments("restart reason=\"   \"", "`reason=` is empty"),
                arguments("restart reason=\"rotate\ncerts\"", "`reason=` must be one line (it has a line break)"),
                arguments("restart reason=\"rotate\r\ncerts\"", "`reason=` must be one line"),
                arguments("restart reason=\"" + "x".repeat(101) + "\"", "`reason=` is 101 characters long; at most 100"),
                arguments("restart reason=\"<!channel> now\"", "(not `<`)"),
                arguments("restart reason=\"a & b\"", "(not `&`)"),
                arguments("restart reason=\"a`b\"", "(not a backquote)"),
                arguments("restart reason=\"tab\there\"", "only"),
                arguments("restart reason=\"rotate certs", "the quote after `reason=` is not closed"),
                arguments("restart reason=\"rotate\"certs", "needs a space after its closing quote"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("bad")
    void badInputIsOneLine(String text, String fragment) {
        ParseResult r = CommandParser.parse(text);
        assertThat(r).isInstanceOf(ParseResult.Invalid.class);
        String message = ((ParseResult.Invalid) r).message();
        assertThat(message).contains(fragment).doesNotContain("\n").doesNotContain("\r");
    }

    @Test
    void anErrorShowsTheForm() {
        var r = (ParseResult.Invalid) CommandParser.parse("restart brokers=x");
        assertThat(r.message()).endsWith("Expected: `/kafka restart [brokers=1,2,3] [controllers] "
                + "[reason=\"rotate certs\"]`");
    }

    @Test
    void otherCommandsTokeniseAsBefore() {
        // only a quote right after `key=` opens a value: elsewhere a quote is an ordinary character
        assertThat(CommandParser.parse("rebalance \"orders\"")).isInstanceOf(ParseResult.Invalid.class);
        assertThat(((ParseResult.Parsed) CommandParser.parse("rebalance  orders\tbrokers=1,2")).command())
                .isInstanceOf(Command.Rebalance.class);
    }
}
