package dev.kafkachatops.app;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code bench roll}: the estimate of each batch mode from the planner's code, and one-line errors. */
class RollBenchTest {

    @Test
    void printsEachModeWithItsBatchesAndEstimate() {
        CliErrorsTest.Run r = CliErrorsTest.run("bench", "roll", "--brokers", "6", "--racks", "3", "--restart", "1m",
                "--controllers", "0");
        assertThat(r.code()).as(r.err()).isZero();
        // one at a time: 6 batches of (60 s restart + 1 s gate + 1 s elections); by rack: 3
        assertThat(r.out()).contains("6 brokers on 3 racks, 0 controllers")
                .containsPattern("one +6 +1 +1 min 2 s +6 min 12 s +1\\.00x")
                .containsPattern("rack +3 +2 +1 min 2 s +3 min 6 s +0\\.50x")
                .containsPattern("auto +3 +2 +1 min 2 s +3 min 6 s +0\\.50x");
    }

    @Test
    void theEstimateIsTheRestartPlansOwn() {
        CliErrorsTest.Run r = CliErrorsTest.run("bench", "roll", "--brokers", "60", "--racks", "3", "--restart", "3m");
        assertThat(r.code()).as(r.err()).isZero();
        // 3 controllers one at a time (3 min + 1 s gate) + per batch (3 min + 1 s + 1 s)
        assertThat(r.out()).containsPattern("one +60 +1 +3 min 2 s +3 h 11 min +1\\.00x")
                .containsPattern("rack +3 +20 +3 min 2 s +18 min 9 s +0\\.10x")
                .contains("estimate = the restart plan's own (RestartPlanner)");
    }

    @Test
    void badArgumentsAreOneLine() {
        CliErrorsTest.Run r = CliErrorsTest.run("bench", "roll", "--restart", "soon");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).startsWith("error: ").contains("`soon` is not a duration").hasLineCount(1);
        assertThat(CliErrorsTest.run("bench", "roll", "--brokers", "2", "--racks", "3").err()).startsWith("error: ")
                .hasLineCount(1);
    }
}
