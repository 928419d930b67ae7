package dev.kafkachatops.adapter.kafka;

import org.apache.kafka.clients.admin.FeatureMetadata;

import java.util.Optional;

/**
 * The cluster's finalized features as a broker that has loaded the cluster's metadata reports them. A KRaft broker
 * that has not loaded any metadata yet (just started, or lagging under load) still answers DescribeFeatures, from
 * its empty metadata image: {@code metadata.version} at the lowest KRaft level (3.0-IV1, level 1) and no epoch
 * (-1). Such an answer is not the cluster's: it is asked again (the Admin client may pick another broker) until an
 * answer carries an epoch, for at most {@link #ATTEMPTS} answers. ZooKeeper-mode clusters without feature
 * versioning answer without {@code metadata.version} and are taken at once.
 */
final class LoadedFeatures {
    static final int ATTEMPTS = 10;
    private static final long PAUSE_MS = 300;

    /** One DescribeFeatures question; empty when the cluster does not support the request. */
    interface Ask<X extends Exception> {
        Optional<FeatureMetadata> ask() throws X, InterruptedException;
    }

    private LoadedFeatures() {
    }

    /** The first answer from a broker that has loaded the metadata, or the last one after {@link #ATTEMPTS}. */
    static <X extends Exception> Optional<FeatureMetadata> describe(Ask<X> ask) throws X, InterruptedException {
        Optional<FeatureMetadata> m = ask.ask();
        for (int attempt = 1; attempt < ATTEMPTS && m.isPresent() && !loaded(m.get()); attempt++) {
            Thread.sleep(PAUSE_MS);
            m = ask.ask();
        }
        return m;
    }

    /** False for a KRaft broker's answer from an empty metadata image: {@code metadata.version} without an epoch. */
    static boolean loaded(FeatureMetadata m) {
        if (!m.finalizedFeatures().containsKey("metadata.version")) return true;
        return m.finalizedFeaturesEpoch().isPresent() && m.finalizedFeaturesEpoch().get() >= 0;
    }
}
