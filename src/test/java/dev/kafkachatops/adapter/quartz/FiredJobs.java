package dev.kafkachatops.adapter.quartz;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/** What the test jobs record, shared by the schedulers of one test through their contexts. */
final class FiredJobs {
    record Firing(String job, String instanceId, boolean recovering, long scheduledAt, long firedAt) {
    }

    private final List<Firing> firings = new CopyOnWriteArrayList<>();

    void record(Firing firing) {
        firings.add(firing);
    }

    List<Firing> all() {
        return List.copyOf(firings);
    }

    /** How often each job ran. */
    Map<String, Long> countsByJob() {
        return firings.stream().collect(Collectors.groupingBy(Firing::job, ConcurrentHashMap::new,
                Collectors.counting()));
    }

    Map<String, Long> countsByInstance() {
        return firings.stream().collect(Collectors.groupingBy(Firing::instanceId, Collectors.counting()));
    }

    /** Waits until at least {@code n} firings were recorded or {@code timeout} passed; true when they were. */
    boolean await(int n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (firings.size() < n) {
            if (System.nanoTime() > deadline) return false;
            Thread.sleep(50);
        }
        return true;
    }
}
