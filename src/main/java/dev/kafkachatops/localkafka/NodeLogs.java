package dev.kafkachatops.localkafka;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reads a {@link LocalKafkaNode}'s logs: whether its latest startup has finished, and what explains a failure. */
final class NodeLogs {

  private NodeLogs() {
  }

  /** See {@link LocalKafkaNode#startupLogged()}: reads {@code logFile} from the offset {@code from} on. */
  static boolean startupLogged(Path logFile, long from) {
    if (!Files.exists(logFile)) {
      return true;
    }
    try (RandomAccessFile f = new RandomAccessFile(logFile.toFile(), "r")) {
      long length = f.length();
      if (length < from) { // the log was rotated or truncated
        from = 0;
      }
      byte[] rest = new byte[(int) Math.min(Integer.MAX_VALUE - 8, length - from)];
      f.seek(from);
      f.readFully(rest);
      String log = new String(rest, StandardCharsets.UTF_8);
      return log.contains("Kafka Server started") || log.contains(LocalKafkaNode.ZK_STARTED);
    } catch (IOException e) {
      return false;
    }
  }

  /** See {@link LocalKafkaNode#logTail(int)}. */
  static String logTail(Path logFile, Path outFile, int lines) {
    StringBuilder sb = new StringBuilder();
    try {
      if (Files.exists(logFile)) {
        List<String> errors = Files.readAllLines(logFile, StandardCharsets.UTF_8).stream()
            .filter(l -> l.contains("] ERROR ") || l.contains("] FATAL ")).toList();
        if (!errors.isEmpty()) {
          sb.append("--- last ERROR lines of ").append(logFile).append(System.lineSeparator());
          errors.subList(Math.max(0, errors.size() - 5), errors.size())
              .forEach(l -> sb.append(l).append(System.lineSeparator()));
        }
      }
    } catch (IOException | RuntimeException e) {
      // the tails below still say what can be said
    }
    for (Path file : List.of(logFile, outFile)) {
      sb.append("--- last ").append(lines).append(" lines of ").append(file).append(System.lineSeparator());
      sb.append(LocalKafkaNode.tail(file, lines));
    }
    return sb.toString();
  }
}
