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
        return windowEnd(t);
    }

    private Optional<Instant> windowEnd(Instant t) {
        Instant end = null;
        for (Window w : windows) {
            Date s = w.cron().getNextValidTimeAfter(Date.from(t.minus(w.duration()).minusMillis(1)));
            if (s == null) continue;
            Instant start = s.toInstant();
            if (!start.isAfter(t)) {
                Instant e = start.plus(w.duration());
                if (e.isAfter(t) && (end == null || e.isAfter(end))) end = e;
            }
        }
        return Optional.ofNullable(end);
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
            if (windowEnd(at).isPresent()) return Optional.of(at);
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
