package dev.kafkachatops.localkafka;

import org.apache.maven.repository.internal.MavenRepositorySystemUtils;
import org.eclipse.aether.DefaultRepositorySystemSession;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.repository.LocalRepository;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactRequest;
import org.eclipse.aether.supplier.RepositorySystemSupplier;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The jars of an old Kafka Java client for a child JVM: {@code org.apache.kafka:kafka-clients:<version>} and the
 * SLF4J API it logs through, from {@code ~/.m2} or Maven Central (as the broker distributions are resolved). Only
 * those two: a producer sending uncompressed records needs neither lz4 nor snappy.
 */
public final class OldClientJars {
    private OldClientJars() {
    }

    public static List<Path> resolve(String version) throws Exception {
        RepositorySystem system = new RepositorySystemSupplier().get();
        try {
            DefaultRepositorySystemSession session = MavenRepositorySystemUtils.newSession();
            Path local = KafkaDistributions.defaultLocalRepository();
            session.setLocalRepositoryManager(system.newLocalRepositoryManager(session,
                    new LocalRepository(local.toFile())));
            session.setConfigProperty("aether.syncContext.named.factory", "file-lock");
            session.setConfigProperty("aether.syncContext.named.nameMapper", "file-gav");
            RemoteRepository central = new RemoteRepository.Builder("central", "default",
                    KafkaArtifactResolver.CENTRAL_URL).build();
            List<Path> jars = new ArrayList<>();
            for (String coords : List.of("org.apache.kafka:kafka-clients:" + version, "org.slf4j:slf4j-api:1.7.36")) {
                var request = new ArtifactRequest(new DefaultArtifact(coords), List.of(central), null);
                jars.add(system.resolveArtifact(session, request).getArtifact().getFile().toPath());
            }
            return jars;
        } finally {
            system.shutdown();
        }
    }
}
