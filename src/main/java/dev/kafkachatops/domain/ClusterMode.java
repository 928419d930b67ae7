package dev.kafkachatops.domain;

/** How the cluster keeps its metadata. */
public enum ClusterMode {
    KRAFT("KRaft"), ZOOKEEPER("ZooKeeper");

    private final String label;

    ClusterMode(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
