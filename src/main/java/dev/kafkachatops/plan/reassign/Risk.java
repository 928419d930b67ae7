package dev.kafkachatops.plan.reassign;

import java.util.Objects;

/** Something a person should know before approving a plan: a reason (with its human headline) and the detail. */
public record Risk(Reason reason, String detail) {
    public Risk {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
    }

    /** "Destination broker low on disk: broker 4 receives 12.0 GB with 10.5 GB free" */
    public String text() {
        return reason.headline() + ": " + detail;
    }

    public enum Reason {
        REPLICATION_FACTOR_ONE("Replication factor 1"),
        PARTITIONS_OFFLINE("Partitions offline now"),
        UNDER_REPLICATED("Partitions under-replicated now"),
        LOW_DISK("Destination broker low on disk"),
        DESTINATION_NOT_ALIVE("Replicas moved onto brokers that are not alive"),
        NO_THROTTLE("No replication throttle"),
        LEADERS_UNBALANCED("Preferred leaders cannot be balanced within 1");

        private final String headline;

        Reason(String headline) {
            this.headline = headline;
        }

        public String headline() {
            return headline;
        }
    }
}
