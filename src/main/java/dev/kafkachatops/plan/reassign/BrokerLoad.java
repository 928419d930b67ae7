package dev.kafkachatops.plan.reassign;

/** One broker's share of a topic before and after a plan: replicas, preferred leaders and bytes. */
public record BrokerLoad(int replicasBefore, int replicasAfter, int leadersBefore, int leadersAfter,
                         long bytesBefore, long bytesAfter) {
    public BrokerLoad {
        if (replicasBefore < 0 || replicasAfter < 0 || leadersBefore < 0 || leadersAfter < 0 || bytesBefore < 0
                || bytesAfter < 0) {
            throw new IllegalArgumentException("negative load");
        }
    }

    public static final BrokerLoad EMPTY = new BrokerLoad(0, 0, 0, 0, 0, 0);
}
