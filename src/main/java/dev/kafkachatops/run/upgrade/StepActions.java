package dev.kafkachatops.run.upgrade;

import dev.kafkachatops.domain.version.ConfigRule;
import dev.kafkachatops.plan.upgrade.NodeRole;
import dev.kafkachatops.plan.upgrade.StepKind;
import dev.kafkachatops.plan.upgrade.UpgradeStep;
import dev.kafkachatops.port.BrokerHost;
import dev.kafkachatops.port.ConfigChange;
import dev.kafkachatops.port.HostException;
import dev.kafkachatops.port.ReassignmentAdmin.AdminException;
import dev.kafkachatops.port.UpgradeAdmin;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.IntFunction;

/**
 * What each kind of step does: a node's restart procedure on its host (install, stop, relink, write the config,
 * start), the cluster calls around it (elect leaders, finalize a feature) and the {@link Gates} between them; and the
 * rollback of one node to its old version. {@code roles} tells a node's role (its gates differ). Every action is
 * idempotent, so a resumed run may repeat one.
 */
final class StepActions {
    private final UpgradeAdmin admin;
    private final IntFunction<BrokerHost> hosts;
    private final Gates gates;
    private final UpgradeRunner.Installer installer;

    StepActions(UpgradeAdmin admin, IntFunction<BrokerHost> hosts, Gates gates, UpgradeRunner.Installer installer) {
        this.admin = admin;
        this.hosts = hosts;
        this.gates = gates;
        this.installer = installer;
    }

    /** Runs {@code step}; {@code retry} when its last attempt failed (a health gate then restarts a dead node). */
    void execute(UpgradeStep step, IntFunction<NodeRole> roles, UpgradeRunner.Listener listener, boolean retry)
            throws HostException, AdminException, InterruptedException, GateTimeout {
        if (retry && step.kind() == StepKind.HEALTH_GATE) {
            // retrying after a node did not come back: start it again first if its process is gone
            BrokerHost host = hosts.apply(step.node().orElseThrow());
            if (!host.isProcessRunning()) host.startBroker();
        }
        Optional<Integer> node = step.node();
        switch (step.kind()) {
            case PREFLIGHT -> gates.preflight(step, listener);
            case INSTALL -> install(hosts.apply(node.orElseThrow()), step.to().orElseThrow().toString());
            case SAFETY_GATE -> gates.safety(step, node.orElseThrow(), roles.apply(node.get()), listener);
            case STOP -> {
                hosts.apply(node.orElseThrow()).stopBroker();
                if (roles.apply(node.get()).isBroker()) gates.down(step, node.get(), listener);
            }
            case RELINK -> hosts.apply(node.orElseThrow()).relink(step.to().orElseThrow().toString());
            case WRITE_CONFIG -> writeConfig(step, hosts.apply(node.orElseThrow()), listener);
            case START -> hosts.apply(node.orElseThrow()).startBroker(); // a no-op when it already runs
            case HEALTH_GATE -> gates.health(step, node.orElseThrow(), roles.apply(node.get()),
                    hosts.apply(node.get()), listener);
            case ELECT_LEADERS -> admin.electPreferredLeaders(node.orElseThrow());
            case FINALIZE_METADATA -> {
                var f = step.feature().orElseThrow();
                if (admin.finalizedLevel(f.feature()) < f.level()) admin.upgradeFeature(f.feature(), f.level());
                gates.finalized(step, f.feature(), f.level(), listener);
            }
        }
    }

    /**
     * Copies the config into the step's version, setting and removing its options and applying its config rules to
     * what the old version's file holds: a renamed key's value moves to its new key(s) unless those are set already,
     * a removed key is dropped. The listener hears what changed.
     */
    private static void writeConfig(UpgradeStep step, BrokerHost host, UpgradeRunner.Listener listener)
            throws HostException {
        String from = step.from().orElseThrow().toString();
        Map<String, String> set = new TreeMap<>(step.set());
        Set<String> remove = new TreeSet<>(step.remove());
        if (!step.configRules().isEmpty()) applyRules(step.configRules(), host.readConfig(from), set, remove);
        ConfigChange change = host.writeConfig(from, step.to().orElseThrow().toString(), set, remove);
        listener.configWritten(step, change);
    }

    static void applyRules(List<ConfigRule> rules, Map<String, String> current, Map<String, String> set,
                           Set<String> remove) {
        for (ConfigRule r : rules) {
            String value = current.get(r.key());
            if (value == null) continue;
            for (String to : r.replacedBy()) {
                if (!current.containsKey(to) && !set.containsKey(to)) set.put(to, value);
            }
            remove.add(r.key());
            set.remove(r.key());
        }
    }

    private void install(BrokerHost host, String version) throws HostException {
        if (!host.detectInstall().isInstalled(version)) installer.install(host, version);
        if (!host.detectInstall().isInstalled(version)) {
            throw new HostException(host.host() + ": " + version + " is still not installed after the install step",
                    false);
        }
    }

    /** Stop, relink to {@code version}, start, health gate, leaders (see {@link UpgradeRunner#rollback}). */
    void rollback(int node, String version, NodeRole role, UpgradeRunner.Listener listener)
            throws HostException, AdminException, InterruptedException, GateTimeout {
        BrokerHost host = hosts.apply(node);
        host.stopBroker();
        UpgradeStep stop = new UpgradeStep("hop1/rollback/node-" + node + "/stop", StepKind.STOP, Optional.of(node),
                Optional.empty(), Optional.empty(), Map.of(), List.of(), List.of(), Optional.empty(),
                "stop node " + node + " for its rollback", Duration.ZERO);
        if (role.isBroker()) gates.down(stop, node, listener);
        host.relink(version);
        host.startBroker();
        UpgradeStep pseudo = new UpgradeStep("hop1/rollback/node-" + node + "/health-gate", StepKind.HEALTH_GATE,
                Optional.of(node), Optional.empty(), Optional.empty(), Map.of(), List.of(),
                List.of(), Optional.empty(), "health gate of node " + node + " after its rollback", Duration.ZERO);
        gates.health(pseudo, node, role, hosts.apply(node), listener);
        if (role.isBroker()) admin.electPreferredLeaders(node);
    }
}
