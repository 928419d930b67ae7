package dev.kafkachatops.config;

import dev.kafkachatops.command.Values;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Reads {@code clusters[].windows} (Quartz cron maintenance windows) and {@code clusters[].freezes} (from/to). */
final class ScheduleSection {
    private ScheduleSection() {
    }

    static List<BotConfig.Window> windows(YamlNode n) {
        List<BotConfig.Window> out = new ArrayList<>();
        for (YamlNode w : n.list()) {
            if (!w.expectObject()) continue;
            w.allowOnly(Set.of("cron", "duration", "timezone"));
            String cron = w.get("cron").requiredString();
            if (cron != null) {
                int fields = cron.trim().split("\\s+").length;
                if (fields < 6 || fields > 7) {
                    w.get("cron").problem("must be a Quartz cron expression with 6 or 7 fields (sec min hour "
                            + "day-of-month month day-of-week [year]), got " + fields + " fields");
                }
            }
            Duration d = w.get("duration").parsed(Values::duration).orElse(null);
            if (d == null && w.get("duration").isMissing()) w.get("duration").problem("is required, e.g. 3h");
            String tz = w.get("timezone").parsed(s -> {
                ZoneId.of(s);
                return s;
            }).orElse("UTC");
            if (cron != null && d != null) out.add(new BotConfig.Window(cron.trim(), d, tz));
        }
        return out;
    }

    static List<BotConfig.Freeze> freezes(YamlNode n) {
        List<BotConfig.Freeze> out = new ArrayList<>();
        for (YamlNode f : n.list()) {
            if (!f.expectObject()) continue;
            f.allowOnly(Set.of("from", "to", "reason"));
            Instant from = f.get("from").parsed(ScheduleSection::instant).orElse(null);
            Instant to = f.get("to").parsed(ScheduleSection::instant).orElse(null);
            if (from == null && f.get("from").isMissing()) f.get("from").problem("is required");
            if (to == null && f.get("to").isMissing()) f.get("to").problem("is required");
            if (from != null && to != null) {
                if (!to.isAfter(from)) f.get("to").problem("must be after from");
                else out.add(new BotConfig.Freeze(from, to, f.get("reason").string().orElse("")));
            }
        }
        return out;
    }

    private static Instant instant(String s) {
        try {
            return Instant.parse(s);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("must be an ISO-8601 instant like 2026-12-20T00:00:00Z, got `" + s + "`");
        }
    }
}
