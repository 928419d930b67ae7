package dev.kafkachatops.plan.upgrade;

import dev.kafkachatops.domain.version.ConfigRule;
import dev.kafkachatops.domain.version.KafkaVersion;
import dev.kafkachatops.domain.version.ReleaseLine;
import dev.kafkachatops.domain.version.VersionCatalogue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The release notes of a plan: every line the upgrade enters, from the one after the oldest running version's up to
 * the target's, each with its upgrade notes and what the catalogue says changed there: the Java floor when the line
 * raised it, ZooKeeper mode when the line removed it, renamed and removed configs, the client floor, and the
 * metadata.version the plan finalizes to (hop targets only). Pure.
 */
final class ReleaseNotes {
    private ReleaseNotes() {
    }

    static List<ReleaseNote> of(VersionCatalogue catalogue, KafkaVersion from, List<HopPlan> hops) {
        if (hops.isEmpty()) return List.of();
        KafkaVersion to = hops.get(hops.size() - 1).to();
        List<ReleaseNote> out = new ArrayList<>();
        Optional<ReleaseLine> previous = catalogue.line(from.line());
        for (ReleaseLine l : catalogue.crossed(from, to)) {
            out.add(new ReleaseNote(l.version(), l.upgradeNotes(), items(l, previous, hops)));
            previous = Optional.of(l);
        }
        return out;
    }

    private static List<String> items(ReleaseLine l, Optional<ReleaseLine> previous, List<HopPlan> hops) {
        List<String> items = new ArrayList<>();
        if (previous.map(p -> p.javaMin() < l.javaMin()).orElse(false)) {
            items.add("brokers need Java " + l.javaMin() + " or newer");
        }
        if (!l.zookeeper() && previous.map(ReleaseLine::zookeeper).orElse(false)) items.add("KRaft only (no ZooKeeper)");
        List<String> renamed = l.configRules().stream().filter(r -> !r.removed()).map(ConfigRule::describe).toList();
        List<String> removed = l.configRules().stream().filter(ConfigRule::removed).map(ConfigRule::key).toList();
        if (!renamed.isEmpty()) items.add("configs renamed: " + String.join(", ", renamed));
        if (!removed.isEmpty()) items.add("configs removed: " + String.join(", ", removed));
        l.clientMin().ifPresent(c -> items.add("clients older than " + c + " are refused"));
        boolean finalized = hops.stream().anyMatch(h -> h.to().line().equals(l.version())
                && h.phase(Phase.Kind.FINALIZE).isPresent());
        if (finalized) {
            l.metadataVersion().ifPresent(mv -> items.add("the plan finalizes metadata.version to " + mv));
        }
        return items;
    }
}
