package dev.kafkachatops.plan.upgrade;

import dev.kafkachatops.domain.version.MinorVersion;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.kafkachatops.plan.upgrade.UpgradeSnapshot.IBP;
import static dev.kafkachatops.plan.upgrade.UpgradeSnapshot.LMF;

/**
 * One hop of a ZooKeeper cluster, in two phases (the guide's procedure):
 * <ol>
 *   <li>roll every broker not yet on the target onto the new binaries, writing {@code inter.broker.protocol.version}
 *       (and {@code log.message.format.version} where it still matters, below 3.0, or where it is set) pinned to
 *       the protocol in force now, so upgraded brokers keep talking to the others;</li>
 *   <li>remove both pins (preferred over editing them) and roll again, so the new protocol takes effect.</li>
 * </ol>
 * Brokers go by ascending id with the active controller last, or in batches ({@link Batching}) with the active
 * controller alone, last. Nothing is pinned when the protocol does not change
 * (a patch upgrade), and then there is no second phase. A pin below the target's protocol left by an earlier,
 * unfinished upgrade counts as the protocol in force: phase 2 removes it.
 */
final class ZooKeeperRoll {
    static final List<String> PINS = List.of(IBP, LMF);

    private ZooKeeperRoll() {
    }

    static HopResult build(HopContext c) {
        Optional<Map<String, String>> pins = pins(c);
        List<NodeState> rolled = RollOrder.zookeeper(c.toRoll(), c.activeController());
        List<Phase> phases = new ArrayList<>();
        if (!rolled.isEmpty()) {
            StepFactory f = c.steps(Phase.Kind.ROLL_BINARIES);
            phases.add(c.batchedPhase(Phase.Kind.ROLL_BINARIES, "Roll " + RollOrder.nodes("broker", rolled) + " onto "
                    + c.to() + pins.map(p -> " with " + describe(p) + " pinned").orElse(""), rolled,
                    n -> f.roll(n, c.to(), pins.orElse(Map.of()), c.configRules(n)), c.activeController()));
        }
        List<NodeState> unpin = pins.isPresent() ? RollOrder.zookeeper(toUnpin(c), c.activeController()) : List.of();
        if (!unpin.isEmpty()) {
            StepFactory f = c.steps(Phase.Kind.REMOVE_PINS);
            phases.add(c.batchedPhase(Phase.Kind.REMOVE_PINS, "Remove the pins and roll "
                    + RollOrder.nodes("broker", unpin) + " again: " + IBP + " becomes " + newProtocol(c), unpin,
                    n -> f.reconfigure(n.after(c.to()), c.to(), PINS), c.activeController()));
        }
        if (phases.isEmpty()) return new HopResult(Optional.empty(), List.of());
        phases.add(0, c.prepare(rolled));
        return new HopResult(Optional.of(new HopPlan(c.number(), c.from(), c.to(), c.toLine().upgradeNotes(), phases,
                note(c, rolled, pins))), findings(c, rolled, pins));
    }

    /**
     * The pins phase 1 writes, or empty when the protocol does not change: the lowest {@code inter.broker.protocol
     * .version} set on a broker, else the old line's; {@code log.message.format.version} likewise when it is set or
     * the protocol is below 3.0.
     */
    static Optional<Map<String, String>> pins(HopContext c) {
        MinorVersion target = newProtocol(c);
        String ibp = lowest(c.nodes().stream().map(NodeState::interBrokerProtocol).flatMap(Optional::stream).toList())
                .orElse(c.fromLine().interBrokerProtocol().orElseThrow());
        MinorVersion old = MinorVersion.ofProtocol(ibp).orElseThrow();
        if (old.compareTo(target) >= 0) return Optional.empty();
        Map<String, String> pins = new LinkedHashMap<>();
        pins.put(IBP, ibp);
        Optional<String> lmf = lowest(c.nodes().stream().map(NodeState::logMessageFormat).flatMap(Optional::stream)
                .toList());
        if (lmf.isPresent()) pins.put(LMF, lmf.get());
        else if (old.major() < 3) pins.put(LMF, ibp);
        return Optional.of(pins);
    }

    private static MinorVersion newProtocol(HopContext c) {
        return MinorVersion.parse(c.toLine().interBrokerProtocol().orElseThrow());
    }

    private static Optional<String> lowest(List<String> protocols) {
        return protocols.stream().filter(p -> MinorVersion.ofProtocol(p).isPresent())
                .min(Comparator.comparing(p -> MinorVersion.ofProtocol(p).orElseThrow()));
    }

    /** Brokers that will carry pins after phase 1: those it rolls, and those already on the target still pinned. */
    private static List<NodeState> toUnpin(HopContext c) {
        return c.nodes().stream().filter(n -> n.needsRoll(c.to()) || n.pinned()).toList();
    }

    private static String describe(Map<String, String> pins) {
        List<String> parts = pins.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
        return String.join(" and ", parts);
    }

    private static Optional<String> note(HopContext c, List<NodeState> rolled, Optional<Map<String, String>> pins) {
        if (!c.first()) return Optional.empty();
        if (rolled.isEmpty()) {
            List<NodeState> pinned = c.nodes().stream().filter(NodeState::pinned).toList();
            return Optional.of("every broker already runs " + c.to() + " but " + RollOrder.nodes("broker", pinned)
                    + (pinned.size() == 1 ? " still has " : " still have ") + pins.map(ZooKeeperRoll::describe)
                    .orElse("a protocol pin") + " pinned: only phase 2 (remove the pins) is left");
        }
        return c.continuing("broker");
    }

    private static List<Finding> findings(HopContext c, List<NodeState> rolled, Optional<Map<String, String>> pins) {
        List<Finding> out = new ArrayList<>();
        if (c.first() && pins.isPresent() && !rolled.isEmpty()) {
            List<NodeState> bare = c.alreadyThere().stream().filter(n -> n.interBrokerProtocol().isEmpty()).toList();
            if (!bare.isEmpty()) {
                boolean one = bare.size() == 1;
                out.add(new Finding(Finding.Reason.UNPINNED_BROKER, RollOrder.nodes("broker", bare)
                        + (one ? " already runs " : " already run ") + c.to() + " without " + IBP + ", so "
                        + (one ? "it speaks " : "they speak ") + newProtocol(c) + " to brokers still on "
                        + pins.get().get(IBP) + ": the roll goes on, but check " + (one ? "its" : "their")
                        + " logs first"));
            }
        }
        return out;
    }
}
