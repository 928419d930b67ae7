package dev.kafkachatops.adapter.quartz;

import dev.kafkachatops.config.BotConfig;
import dev.kafkachatops.port.WindowCalendar;
import org.quartz.CronExpression;

import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.TimeZone;

/**
 * Windows from Quartz cron expressions (evaluated in each window's time zone, so daylight-saving changes move the
 * UTC start with the local clock) and freezes as UTC intervals.
 * <p>
 * A window that started at {@code s} is open on {@code [s, s + duration)}. An operation may start at {@code t} when
 * a window is open at {@code t} and no freeze covers {@code t}; a window whose start falls in a freeze can still be
 * used from the freeze's end if it is open then.
 */
public final class CronWindowCalendar implements WindowCalendar {
    private static final Duration HORIZON = Duration.ofDays(366);

    private record Window(CronExpression cron, Duration duration, String text) {
    }

    private final List<Window> windows = new ArrayList<>();
    private final List<BotConfig.Freeze> freezes;

    public CronWindowCalendar(List<BotConfig.Window> windows, List<BotConfig.Freeze> freezes) {
        for (BotConfig.Window w : windows) {
            try {
                CronExpression c = new CronExpression(w.cron());
                c.setTimeZone(TimeZone.getTimeZone(ZoneId.of(w.timeZone())));
                this.windows.add(new Window(c, w.duration(), "`" + w.cron() + "` for " + human(w.duration()) + " ("
                        + w.timeZone() + ")"));
            } catch (ParseException e) {
                throw new IllegalArgumentException("window cron \"" + w.cron() + "\": " + e.getMessage(), e);
            }
        }
        this.freezes = List.copyOf(freezes);
    }

    public static CronWindowCalendar of(BotConfig.Cluster cluster) {
        return new CronWindowCalendar(cluster.windows(), cluster.freezes());
    }

    @Override
    public Optional<Instant> openUntil(Instant t) {
        if (frozen(t).isPresent()) return Optional.empty();
        return windowEnd(t).map(end -> freezes.stream().map(BotConfig.Freeze::from)
                .filter(f -> f.isAfter(t) && f.isBefore(end)).min(Instant::compareTo).orElse(end));
    }

    /**
     * The end of the open stretch around {@code t}: the latest end of the occurrences open at {@code t}, extended
     * through every occurrence that starts before (or as) the stretch ends, so overlapping or back-to-back
     * occurrences (a window every minute that lasts an hour) make one stretch; at most {@link #CHAIN} extensions.
     */
    private Optional<Instant> windowEnd(Instant t) {
        Optional<Instant> end = latestEndOpenAt(t);
        if (end.isEmpty()) return end;
        Instant e = end.get();
        for (int i = 0; i < CHAIN; i++) {
            Optional<Instant> further = latestEndOpenAt(e);
            if (further.isEmpty() || !further.get().isAfter(e)) break;
            e = further.get();
        }
        return Optional.of(e);
    }

    /** Extensions of a stretch {@link #windowEnd} follows: enough for a run of days in an every-second window. */
    static final int CHAIN = 100;

    /** The latest end among the occurrences open at {@code t} (started at or before it, ending after it). */
    private Optional<Instant> latestEndOpenAt(Instant t) {
        Instant end = null;
        for (Window w : windows) {
            Optional<Instant> start = latestStart(w, t);
            if (start.isEmpty()) continue;
            Instant e = start.get().plus(w.duration());
            if (e.isAfter(t) && (end == null || e.isAfter(end))) end = e;
        }
        return Optional.ofNullable(end);
    }

    /**
     * The latest occurrence of {@code w} in {@code (t - duration, t]}, by bisection over Quartz's
     * next-time-after (cron has second resolution, so about 20 steps even for a window of days).
     */
    private static Optional<Instant> latestStart(Window w, Instant t) {
        Instant lo = t.minus(w.duration());
        Optional<Instant> first = next(w, lo);
        if (first.isEmpty() || first.get().isAfter(t)) return Optional.empty();
        Instant hi = t;
        while (Duration.between(lo, hi).compareTo(Duration.ofSeconds(1)) > 0) {
            Instant mid = lo.plus(Duration.between(lo, hi).dividedBy(2));
            Optional<Instant> n = next(w, mid);
            if (n.isPresent() && !n.get().isAfter(t)) lo = mid;
            else hi = mid;
        }
        return next(w, lo);
    }

    private static Optional<Instant> next(Window w, Instant after) {
        return Optional.ofNullable(w.cron().getNextValidTimeAfter(Date.from(after))).map(Date::toInstant);
    }

    @Override
    public Optional<Instant> nextStart(Instant t) {
        if (windows.isEmpty()) return Optional.empty();
        Instant limit = t.plus(HORIZON);
        Instant at = t;
        for (int guard = 0; guard < 100_000 && !at.isAfter(limit); guard++) {
            Optional<BotConfig.Freeze> f = frozen(at);
            if (f.isPresent()) {
                at = f.get().to();
                continue;
            }
            if (latestEndOpenAt(at).isPresent()) return Optional.of(at);
            Instant next = null;
            for (Window w : windows) {
                Date d = w.cron().getNextValidTimeAfter(Date.from(at));
                if (d != null && (next == null || d.toInstant().isBefore(next))) next = d.toInstant();
            }
            if (next == null) return Optional.empty();
            at = next;
        }
        return Optional.empty();
    }

    @Override
    public Optional<String> freezeAt(Instant t) {
        return frozen(t).map(f -> (f.reason() == null || f.reason().isBlank() ? "a freeze" : f.reason()) + " until "
                + f.to());
    }

    private Optional<BotConfig.Freeze> frozen(Instant t) {
        return freezes.stream().filter(f -> !t.isBefore(f.from()) && t.isBefore(f.to())).findFirst();
    }

    @Override
    public String describe() {
        if (windows.isEmpty()) return "no maintenance window configured";
        return String.join("; ", windows.stream().map(Window::text).toList());
    }

    private static String human(Duration d) {
        if (d.toMinutes() % 60 == 0) return d.toHours() + "h";
        return d.toMinutes() + "m";
    }
}
