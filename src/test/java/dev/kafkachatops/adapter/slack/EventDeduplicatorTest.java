package dev.kafkachatops.adapter.slack;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EventDeduplicatorTest {
    @Test
    void anEventIdCountsOnceAndTheOldestAreForgottenFirst() {
        var d = new EventDeduplicator(2);
        assertThat(d.firstTime("Ev1")).isTrue();
        assertThat(d.firstTime("Ev1")).isFalse();
        assertThat(d.firstTime("Ev2")).isTrue();
        assertThat(d.firstTime("Ev3")).isTrue(); // Ev1 falls out of the window of 2
        assertThat(d.firstTime("Ev1")).isTrue();
        assertThat(d.firstTime("Ev3")).isFalse();
    }

    @Test
    void missingIdsAreNeverTreatedAsDuplicates() {
        var d = new EventDeduplicator(10);
        assertThat(d.firstTime(null)).isTrue();
        assertThat(d.firstTime(null)).isTrue();
        assertThat(d.firstTime("")).isTrue();
    }

    @Test
    void eventIdIsReadFromTheEnvelopeBody() {
        assertThat(SlackBot.eventId("{\"type\":\"event_callback\",\"event_id\":\"Ev0SIM7\",\"event\":{}}"))
                .isEqualTo("Ev0SIM7");
        assertThat(SlackBot.eventId("not json")).isNull();
    }
}
