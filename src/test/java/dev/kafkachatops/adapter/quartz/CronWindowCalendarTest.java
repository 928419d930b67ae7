package dev.kafkachatops.adapter.quartz;

import dev.kafkachatops.config.BotConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Window starts and ends, freezes and daylight-saving changes, all at fixed instants (no sleeping). */
class CronWindowCalendarTest {
    static Instant t(String s) {
        return Instant.parse(s);
    }

    static CronWindowCalendar berlinNights(List<BotConfig.Freeze> freezes) {
        return new CronWindowCalendar(List.of(new BotConfig.Window("0 0 2 ? * TUE-THU", Duration.ofHours(3),
                "Europe/Berlin")), freezes);
    }

    @Test
    void nextStartIsTheNextWindowStartInTheWindowsTimeZone() {
        var cal = berlinNights(List.of());
        // Monday 2026-11-23 12:00 UTC -> Tuesday 02:00 Berlin (CET, UTC+1) = 01:00 UTC
        assertThat(cal.nextStart(t("2026-11-23T12:00:00Z"))).contains(t("2026-11-24T01:00:00Z"));
        // Thursday after the window -> next Tuesday
        assertThat(cal.nextStart(t("2026-11-26T05:00:00Z"))).contains(t("2026-12-01T01:00:00Z"));
    }

    @Test
    void insideAWindowItMayStartNowAndTheWindowEndIsKnown() {
        var cal = berlinNights(List.of());
        Instant inside = t("2026-11-25T02:30:00Z"); // Wednesday 03:30 Berlin
        assertThat(cal.nextStart(inside)).contains(inside);
        assertThat(cal.openUntil(inside)).contains(t("2026-11-25T04:00:00Z"));
        assertThat(cal.openUntil(t("2026-11-25T04:00:00Z"))).isEmpty(); // end is exclusive
        assertThat(cal.openUntil(t("2026-11-25T00:59:59Z"))).isEmpty();
        assertThat(cal.openUntil(t("2026-11-25T01:00:00Z"))).contains(t("2026-11-25T04:00:00Z"));
    }

    @Test
    void windowEndingMidRunIsSeenAtTheDeadline() {
        var cal = berlinNights(List.of());
        Instant start = t("2026-11-25T01:00:00Z");
        Instant deadline = cal.openUntil(start).orElseThrow();
        assertThat(cal.openUntil(deadline.minusMillis(1))).isPresent();
        assertThat(cal.openUntil(deadline)).isEmpty();
        assertThat(cal.nextStart(deadline)).contains(t("2026-11-26T01:00:00Z")); // Thursday
    }

    @Test
    void nothingStartsInAFreezeAndAWindowOpenAtItsEndIsUsedFromThen() {
        var yearEnd = new BotConfig.Freeze(t("2026-12-20T00:00:00Z"), t("2027-01-04T00:00:00Z"), "year-end freeze");
        var cal = berlinNights(List.of(yearEnd));
        // Tue 2026-12-22 is frozen; the first window after the freeze is Tue 2027-01-05 02:00 Berlin
        assertThat(cal.nextStart(t("2026-12-19T12:00:00Z"))).contains(t("2027-01-05T01:00:00Z"));
        assertThat(cal.openUntil(t("2026-12-22T01:30:00Z"))).isEmpty();
        assertThat(cal.freezeAt(t("2026-12-22T01:30:00Z"))).hasValueSatisfying(f -> assertThat(f)
                .contains("year-end freeze"));
        // a freeze ending inside an open window: start at the freeze's end
        var shortFreeze = new BotConfig.Freeze(t("2026-11-25T00:00:00Z"), t("2026-11-25T02:00:00Z"), "deploy");
        var cal2 = berlinNights(List.of(shortFreeze));
        assertThat(cal2.nextStart(t("2026-11-24T23:00:00Z"))).contains(t("2026-11-25T02:00:00Z"));
        assertThat(cal2.openUntil(t("2026-11-25T02:00:00Z"))).contains(t("2026-11-25T04:00:00Z"));
    }

    @Test
    void daylightSavingChangesMoveTheUtcStartWithTheLocalClock() {
        var cal = new CronWindowCalendar(List.of(new BotConfig.Window("0 0 3 * * ?", Duration.ofHours(2),
                "Europe/Berlin")), List.of());
        // Berlin switches to summer time on Sun 2027-03-28 at 02:00 (CET +1 -> CEST +2)
        assertThat(cal.nextStart(t("2027-03-27T12:00:00Z"))).contains(t("2027-03-28T01:00:00Z")); // 03:00 CEST
        assertThat(cal.nextStart(t("2027-03-26T12:00:00Z"))).contains(t("2027-03-27T02:00:00Z")); // 03:00 CET
        // and back on Sun 2027-10-31 at 03:00 CEST -> 02:00 CET: 03:00 local happens once, as CET
        assertThat(cal.nextStart(t("2027-10-30T12:00:00Z"))).contains(t("2027-10-31T02:00:00Z"));
        // the window is 2 h of real time whatever the clock does
        Instant s = t("2027-03-28T01:00:00Z");
        assertThat(cal.openUntil(s)).contains(s.plus(Duration.ofHours(2)));
    }

    @Test
    void everyFewMinutesLikeTheSandbox() {
        var cal = new CronWindowCalendar(List.of(new BotConfig.Window("0 */5 * * * ?", Duration.ofMinutes(4), "UTC")),
                List.of());
        assertThat(cal.nextStart(t("2026-11-25T10:04:30Z"))).contains(t("2026-11-25T10:05:00Z"));
        assertThat(cal.openUntil(t("2026-11-25T10:03:59Z"))).contains(t("2026-11-25T10:04:00Z"));
        assertThat(cal.describe()).contains("0 */5 * * * ?").contains("4m");
    }

    @Test
    void overlappingOccurrencesAreOneStretchSoARunDoesNotPauseAtTheFirstOccurrencesEnd() {
        // a window every second that lasts an hour (always open): the deadline is hours away, not a second
        var always = new CronWindowCalendar(List.of(new BotConfig.Window("* * * * * ?", Duration.ofHours(1), "UTC")),
                List.of());
        Instant now = t("2026-11-25T10:00:00.400Z");
        assertThat(always.nextStart(now)).contains(now);
        assertThat(always.openUntil(now)).hasValueSatisfying(end -> assertThat(end)
                .isAfter(now.plus(Duration.ofHours(CronWindowCalendar.CHAIN))));
        // hourly for 90 minutes: one stretch; the last occurrence before a gap decides the end
        var hourly = new CronWindowCalendar(List.of(new BotConfig.Window("0 0 8-10 * * ?", Duration.ofMinutes(90),
                "UTC")), List.of());
        assertThat(hourly.openUntil(t("2026-11-25T08:10:00Z"))).contains(t("2026-11-25T11:30:00Z"));
        assertThat(hourly.openUntil(t("2026-11-25T10:59:00Z"))).contains(t("2026-11-25T11:30:00Z"));
        assertThat(hourly.openUntil(t("2026-11-25T11:30:00Z"))).isEmpty();
        // back to back (every 5 minutes for 5 minutes) joins too; a gap of a second does not
        var backToBack = new CronWindowCalendar(List.of(new BotConfig.Window("0 0/5 9 * * ?", Duration.ofMinutes(5),
                "UTC")), List.of());
        assertThat(backToBack.openUntil(t("2026-11-25T09:01:00Z"))).contains(t("2026-11-25T10:00:00Z"));
        var gap = new CronWindowCalendar(List.of(new BotConfig.Window("0 0/5 9 * * ?", Duration.ofSeconds(299),
                "UTC")), List.of());
        assertThat(gap.openUntil(t("2026-11-25T09:01:00Z"))).contains(t("2026-11-25T09:04:59Z"));
    }

    @Test
    void aFreezeThatBeginsInsideTheWindowEndsItThere() {
        var freeze = new BotConfig.Freeze(t("2026-11-25T02:00:00Z"), t("2026-11-25T06:00:00Z"), "release");
        var cal = berlinNights(List.of(freeze));
        assertThat(cal.openUntil(t("2026-11-25T01:00:00Z"))).contains(t("2026-11-25T02:00:00Z"));
        assertThat(cal.openUntil(t("2026-11-25T02:00:00Z"))).isEmpty();
    }

    @Test
    void noWindowsMeansNoStartAndABadCronIsRefusedWithItsText() {
        assertThat(new CronWindowCalendar(List.of(), List.of()).nextStart(t("2026-11-25T10:00:00Z")))
                .isEqualTo(Optional.empty());
        assertThatThrownBy(() -> new CronWindowCalendar(List.of(new BotConfig.Window("0 0 25 * * ?",
                Duration.ofHours(1), "UTC")), List.of())).hasMessageContaining("0 0 25 * * ?");
    }
}
