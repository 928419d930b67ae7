package dev.kafkachatops.adapter.metrics;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

class ReadinessTest {
    @Test
    void readyOnlyWhenEveryCheckPassesAndTheReportNamesTheOnesThatDoNot() {
        AtomicBoolean slack = new AtomicBoolean(true);
        AtomicBoolean database = new AtomicBoolean(true);
        Readiness r = new Readiness(List.of(new Readiness.Check("slack", slack::get),
                new Readiness.Check("database", database::get), new Readiness.Check("scheduler", () -> true)));
        assertThat(r.evaluate().ready()).isTrue();
        assertThat(r.evaluate().text()).isEqualTo("ready");

        slack.set(false);
        assertThat(r.evaluate().notReady()).containsExactly("slack");
        database.set(false);
        assertThat(r.evaluate().text()).isEqualTo("not ready: slack, database");
        slack.set(true);
        database.set(true);
        assertThat(r.evaluate().ready()).as("checks are read at each evaluation").isTrue();
    }

    @Test
    void aCheckThatThrowsIsNotReadyAndTheOthersAreStillAsked() {
        Readiness r = new Readiness(List.of(new Readiness.Check("database", () -> {
            throw new IllegalStateException("pool closed");
        }), new Readiness.Check("scheduler", () -> false)));
        assertThat(r.evaluate().notReady()).containsExactly("database", "scheduler");
    }

    @Test
    void noChecksIsReady() {
        assertThat(new Readiness(List.of()).evaluate().ready()).isTrue();
    }
}
