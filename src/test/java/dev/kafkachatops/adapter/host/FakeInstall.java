package dev.kafkachatops.adapter.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A Kafka install layout without Kafka, for host driver tests: {@code <root>/usr/local/kafka_2.13-<v>/} with an
 * empty {@code libs/kafka_2.13-<v>.jar} and a {@code config/} folder per version, and the link {@code kafka}
 * to the first version, whose folder holds a {@code server.properties}.
 */
final class FakeInstall {
    static final String SERVER_PROPERTIES = """
            # Licensed to the Apache Software Foundation (ASF)
            ############################# Server Basics #############################
            process.roles=broker,controller
            node.id=1
            
            # The protocol pins of a ZooKeeper-era upgrade
            inter.broker.protocol.version=3.9
            log.dirs=/var/lib/kafka/data
            listeners = PLAINTEXT://:9092,\\
              CONTROLLER://:9093
            """;

    private FakeInstall() {
    }

    static Path create(Path root, String linked, String... others) throws IOException {
        Path usrLocal = Files.createDirectories(root.resolve("usr/local"));
        for (String v : concat(linked, others)) {
            Path dir = usrLocal.resolve("kafka_2.13-" + v);
            Files.createDirectories(dir.resolve("libs"));
            Files.createDirectories(dir.resolve("config"));
            Files.createFile(dir.resolve("libs/kafka_2.13-" + v + ".jar"));
            Files.createFile(dir.resolve("libs/kafka-clients-" + v + ".jar"));
        }
        Files.writeString(usrLocal.resolve("kafka_2.13-" + linked + "/config/server.properties"), SERVER_PROPERTIES);
        Files.createSymbolicLink(usrLocal.resolve("kafka"), Path.of("kafka_2.13-" + linked));
        return usrLocal;
    }

    private static List<String> concat(String first, String... rest) {
        var all = new java.util.ArrayList<String>();
        all.add(first);
        all.addAll(List.of(rest));
        return all;
    }
}
