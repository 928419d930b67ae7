package dev.kafkachatops.e2e;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.LongSerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Continuous load for a rolling restart, and the proof that no acknowledged message was lost.
 * <ol>
 *   <li>{@link #start}: an idempotent {@code acks=all} producer sends sequence numbers 0, 1, 2, ... at a steady
 *       rate (value = the sequence number, key = its text, so the messages spread over the partitions). Every
 *       acknowledged sequence is kept, with its send-to-ack latency; between consecutive acknowledgements the gap
 *       is measured, and every gap or latency above {@link #NOTABLE} is kept with the moment it happened, so a
 *       stall can be attributed to the node that was being restarted then ({@link #stallBetween}).</li>
 *   <li>{@link #stopAndVerify}: stops sending, waits for the outstanding acknowledgements, then reads the whole
 *       topic from its beginning to its end offsets with a fresh consumer and counts every acknowledged sequence
 *       that is not there (lost) and every sequence read twice (duplicates).</li>
 * </ol>
 */
public final class ProduceConsumeProbe implements AutoCloseable {
    /** Gaps and latencies at least this long are kept for attribution. */
    static final Duration NOTABLE = Duration.ofMillis(50);
    private static final int BURST = 5;

    /** A stretch of time: a gap between two acknowledgements, or one message's wait for its acknowledgement. */
    public record Stall(Instant from, Duration length) {
        public Instant to() {
            return from.plus(length);
        }

        static final Stall NONE = new Stall(Instant.EPOCH, Duration.ZERO);
    }

    /** What the probe saw. {@code lost} are acknowledged sequences missing from the topic (must be 0). */
    public record Result(long sent, long acked, long failed, long lost, long duplicates, long read,
                         Stall longestGap, Stall longestLatency, List<String> firstErrors) {
        public String summary() {
            return String.format(java.util.Locale.ROOT,
                    "messages sent %d / acked %d / failed %d / lost %d (duplicates %d, read %d); longest produce "
                            + "stall %d ms at %s; longest send->ack %d ms", sent, acked, failed, lost, duplicates,
                    read, longestGap.length().toMillis(), longestGap.from(), longestLatency.length().toMillis());
        }
    }

    private final String bootstrap;
    private final String topic;
    private final KafkaProducer<String, Long> producer;
    private final Thread sender;
    private final long periodNanos;
    private final long startNanos = System.nanoTime();
    private final Instant startInstant = Instant.now();
    private volatile boolean running = true;
    private volatile long sent;
    // guarded by this
    private final BitSet acked = new BitSet();
    private long ackCount;
    private long failed;
    private long lastAckNanos = -1;
    private final List<Stall> gaps = new ArrayList<>();
    private final List<Stall> latencies = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();

    private ProduceConsumeProbe(String bootstrap, String topic, int perSecond) {
        this.bootstrap = bootstrap;
        this.topic = topic;
        this.periodNanos = TimeUnit.SECONDS.toNanos(1) * BURST / perSecond;
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.CLIENT_ID_CONFIG, "roll-probe",
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000,
                ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500),
                new StringSerializer(), new LongSerializer());
        this.sender = new Thread(this::sendLoop, "roll-probe-sender");
        sender.setDaemon(true);
    }

    /** Starts producing {@code perSecond} messages a second to {@code topic} (which must exist). */
    public static ProduceConsumeProbe start(String bootstrap, String topic, int perSecond) {
        ProduceConsumeProbe p = new ProduceConsumeProbe(bootstrap, topic, perSecond);
        p.sender.start();
        return p;
    }

    private void sendLoop() {
        long next = System.nanoTime();
        long seq = 0;
        while (running) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                try {
                    TimeUnit.NANOSECONDS.sleep(wait);
                } catch (InterruptedException e) {
                    return;
                }
            }
            for (int i = 0; i < BURST && running; i++, seq++) {
                long s = seq;
                long sentAt = System.nanoTime();
                try {
                    producer.send(new ProducerRecord<>(topic, Long.toString(s), s), (md, e) -> acked(s, sentAt, e));
                } catch (RuntimeException e) {
                    failed(s, e);
                }
                sent = seq + 1;
            }
            // a blocked send (metadata, full buffer) is not made up for with a burst later
            next = Math.max(next + periodNanos, System.nanoTime() - periodNanos);
        }
    }

    private synchronized void acked(long seq, long sentAt, Exception e) {
        if (e != null) {
            failed(seq, e);
            return;
        }
        long now = System.nanoTime();
        acked.set((int) seq);
        ackCount++;
        if (lastAckNanos >= 0 && now - lastAckNanos >= NOTABLE.toNanos()) {
            gaps.add(new Stall(instant(lastAckNanos), Duration.ofNanos(now - lastAckNanos)));
        }
        lastAckNanos = now;
        if (now - sentAt >= NOTABLE.toNanos()) {
            latencies.add(new Stall(instant(sentAt), Duration.ofNanos(now - sentAt)));
        }
    }

    private synchronized void failed(long seq, Exception e) {
        failed++;
        if (errors.size() < 5) errors.add("#" + seq + ": " + e);
    }

    private Instant instant(long nanos) {
        return startInstant.plusNanos(nanos - startNanos);
    }

    /** Acknowledged so far. */
    public synchronized long acked() {
        return ackCount;
    }

    /** The longest gap between consecutive acknowledgements that began in {@code [from, to)}. */
    public synchronized Stall stallBetween(Instant from, Instant to) {
        return longest(gaps, from, to);
    }

    /** The longest send-to-ack wait of a message sent in {@code [from, to)}. */
    public synchronized Stall latencyBetween(Instant from, Instant to) {
        return longest(latencies, from, to);
    }

    private static Stall longest(List<Stall> stalls, Instant from, Instant to) {
        return stalls.stream().filter(s -> !s.from().isBefore(from) && s.from().isBefore(to))
                .max(Comparator.comparing(Stall::length)).orElse(Stall.NONE);
    }

    /** Waits until at least {@code n} messages are acknowledged (the load is flowing). */
    public void awaitAcked(long n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (acked() < n) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + acked() + " of " + n + " messages acknowledged within " + timeout
                        + "; errors: " + firstErrors());
            }
            Thread.sleep(20);
        }
    }

    private synchronized List<String> firstErrors() {
        return List.copyOf(errors);
    }

    /**
     * Stops sending, waits for every outstanding acknowledgement (or failure), then reads the topic back from the
     * beginning to its end offsets and compares.
     */
    public Result stopAndVerify(Duration readTimeout) throws InterruptedException {
        running = false;
        sender.join(TimeUnit.SECONDS.toMillis(30));
        producer.flush();
        producer.close(Duration.ofSeconds(30));
        BitSet seen = new BitSet();
        long duplicates = 0;
        long read = 0;
        try (KafkaConsumer<String, Long> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.CLIENT_ID_CONFIG, "roll-probe-reader",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000), new StringDeserializer(), new LongDeserializer())) {
            List<TopicPartition> tps = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            Map<TopicPartition, Long> end = consumer.endOffsets(tps, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + readTimeout.toNanos();
            while (tps.stream().anyMatch(tp -> consumer.position(tp, Duration.ofSeconds(30)) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " to its end offsets " + end + " within "
                            + readTimeout);
                }
                for (ConsumerRecord<String, Long> r : consumer.poll(Duration.ofMillis(500))) {
                    read++;
                    int seq = (int) (long) r.value();
                    if (seen.get(seq)) duplicates++;
                    seen.set(seq);
                }
            }
        }
        synchronized (this) {
            BitSet missing = (BitSet) acked.clone();
            missing.andNot(seen);
            return new Result(sent, ackCount, failed, missing.cardinality(), duplicates, read,
                    longest(gaps, Instant.MIN, Instant.MAX), longest(latencies, Instant.MIN, Instant.MAX),
                    List.copyOf(errors));
        }
    }

    @Override
    public void close() {
        running = false;
        producer.close(Duration.ofSeconds(5));
    }

    @Override
    public String toString() {
        return "ProduceConsumeProbe[" + topic + " at " + bootstrap + "]";
    }
}
