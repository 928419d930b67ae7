package dev.kafkachatops.adapter.kafka;

import dev.kafkachatops.port.ReassignmentAdmin.AdminException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.UnsupportedVersionException;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;

/**
 * One cluster's Admin client with its call timeout and grace (see {@link AdminCalls#await}): the adapters' helpers
 * share it to wait for answers that name the cluster when they fail.
 */
record ClusterCalls(String cluster, Admin admin, Duration timeout, Duration grace) {

    <T> T get(String what, KafkaFuture<T> f) throws AdminException {
        return get(what, f, timeout);
    }

    <T> T get(String what, KafkaFuture<T> f, Duration timeout) throws AdminException {
        return AdminCalls.await(cluster, what, f, timeout, grace);
    }

    /** The answer, or empty when the cluster does not support the request (UnsupportedVersionException). */
    <T> Optional<T> unlessUnsupported(String what, KafkaFuture<T> f) throws AdminException {
        try {
            return Optional.of(get(what, f));
        } catch (AdminException e) {
            if (e.getCause() instanceof ExecutionException x && x.getCause() instanceof UnsupportedVersionException) {
                return Optional.empty();
            }
            throw e;
        }
    }
}
