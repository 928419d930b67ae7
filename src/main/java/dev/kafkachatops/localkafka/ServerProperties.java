package dev.kafkachatops.localkafka;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/** Reads and writes a broker's {@code server.properties} with keys in a stable order. */
public final class ServerProperties {

  private ServerProperties() {
  }

  /** Writes {@code key=value} lines in the map's order under a comment header. */
  public static void write(Path file, Map<String, String> properties, String header) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (String line : header.split("\n")) {
      sb.append("# ").append(line).append('\n');
    }
    for (Map.Entry<String, String> e : properties.entrySet()) {
      sb.append(escape(e.getKey(), true)).append('=').append(escape(e.getValue(), false)).append('\n');
    }
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
  }

  /** The file's properties, sorted by key. */
  public static Map<String, String> read(Path file) throws IOException {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(r);
    }
    Map<String, String> out = new TreeMap<>();
    p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k)));
    return out;
  }

  /** A copy that keeps insertion order, for building a config to {@link #write}. */
  public static Map<String, String> ordered(Map<String, String> properties) {
    return new LinkedHashMap<>(properties);
  }

  private static String escape(String s, boolean key) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '=', ':', ' ', '#', '!' -> sb.append(key || (c == ' ' && i == 0) ? "\\" + c : String.valueOf(c));
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }
}
