package dev.kafkachatops.adapter.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeFeaturesOptions;
import org.apache.kafka.clients.admin.FeatureMetadata;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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

    private LoadedFeatures() {
    }

    static FeatureMetadata describe(Admin admin, int timeoutMs)
            throws ExecutionException, InterruptedException, TimeoutException {
        FeatureMetadata m = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            m = admin.describeFeatures(new DescribeFeaturesOptions().timeoutMs(timeoutMs)).featureMetadata()
                    .get(timeoutMs + 1_000L, TimeUnit.MILLISECONDS);
            if (loaded(m)) return m;
            Thread.sleep(PAUSE_MS);
        }
        return m;
    }

    /** False for a KRaft broker's answer from an empty metadata image: {@code metadata.version} without an epoch. */
    static boolean loaded(FeatureMetadata m) {
        if (!m.finalizedFeatures().containsKey("metadata.version")) return true;
        return m.finalizedFeaturesEpoch().isPresent() && m.finalizedFeaturesEpoch().get() >= 0;
    }
}
