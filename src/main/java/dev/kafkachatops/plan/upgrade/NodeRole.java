package dev.kafkachatops.plan.upgrade;

/** What a node does in the cluster ({@code process.roles}). ZooKeeper clusters have brokers only. */
public enum NodeRole {
    BROKER("broker"), CONTROLLER("controller"), COMBINED("combined");

    private final String label;

    NodeRole(String label) {
        this.label = label;
    }

    /** "broker", "controller", "combined": used in texts and step keys. */
    public String label() {
        return label;
    }

    /** A KRaft controller (combined nodes count as controllers: they roll with them). */
    public boolean isController() {
        return this != BROKER;
    }

    /** Hosts partitions, so it has leaders to move back after a restart. */
    public boolean isBroker() {
        return this != CONTROLLER;
    }
}
