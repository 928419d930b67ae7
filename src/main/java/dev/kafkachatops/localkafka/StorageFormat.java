package dev.kafkachatops.localkafka;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Formats the storage of nodes with the linked version's own {@code kafka.tools.StorageTool}
 * (present under that name in 3.x and 4.x), one child JVM per node, all at once. With a static
 * quorum ({@code controller.quorum.voters}) neither 3.9 nor 4.x needs {@code --standalone} or
 * {@code --initial-controllers}. {@code --ignore-formatted} keeps data that is already there.
 * The tool's output goes to {@code <hostRoot>/logs/format.out}.
 */
final class StorageFormat {

  static final String STORAGE_TOOL = "kafka.tools.StorageTool";
  private static final Duration TIMEOUT = Duration.ofSeconds(120);

  private StorageFormat() {
  }

  static void formatAll(List<LocalKafkaNode> nodes, String clusterId, String heap) throws IOException {
    List<Process> running = new ArrayList<>();
    try {
      for (LocalKafkaNode node : nodes) {
        running.add(start(node, clusterId, heap));
      }
      for (int i = 0; i < nodes.size(); i++) {
        Process p = running.get(i);
        LocalKafkaNode node = nodes.get(i);
        if (!LocalKafkaNode.awaitExit(p, TIMEOUT) || p.exitValue() != 0) {
          throw new IOException("Formatting the storage of node " + node.id() + " failed ("
              + (p.isAlive() ? "timed out" : "exit code " + p.exitValue()) + "):" + System.lineSeparator()
              + LocalKafkaNode.tail(node.logsDir().resolve("format.out"), 30));
        }
      }
    } finally {
      running.forEach(Process::destroyForcibly);
    }
  }

  private static Process start(LocalKafkaNode node, String clusterId, String heap) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(LocalKafkaNode.javaExecutable(), "-Xmx" + heap, "-Xms32m",
        "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Dkafka.logs.dir=" + node.logsDir()));
    KafkaInstall.loggingJvmOption(node.installLink()).ifPresent(cmd::add);
    cmd.addAll(List.of("-cp", node.installLink().resolve("libs") + "/*", STORAGE_TOOL, "format",
        "-t", clusterId, "-c", node.configFile().toString(), "--ignore-formatted"));
    return new ProcessBuilder(cmd).directory(node.hostRoot().toFile()).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(node.logsDir().resolve("format.out").toFile()))
        .start();
  }
}
