package dev.kafkachatops.adapter.host;

import dev.kafkachatops.port.ConfigChange;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Sets and removes keys of a {@code .properties} text the way an operator edits it: every other line, comment
 * and blank line stays as it was. A key to set replaces its first line and drops later duplicates (which
 * {@link Properties} would otherwise let win); a new key is appended; a key to remove loses all its lines,
 * continuation lines included. Values are written escaped as {@link Properties#load(java.io.InputStream)}
 * reads them (ISO-8859-1, so other characters as {@code \\uXXXX}).
 */
final class PropertiesEdit {

    /** The edited text and the properties whose value differs from the original's. */
    record Result(String text, List<ConfigChange.Change> changes, boolean textChanged) {
        Result {
            changes = List.copyOf(changes);
        }
    }

    private record Entry(String text, String key, String value) {
    }

    private PropertiesEdit() {
    }

    static Result apply(String original, Map<String, String> set, Set<String> remove) {
        for (String k : set.keySet()) {
            SafeValues.configKey(k);
            SafeValues.configValue(k, set.get(k));
            if (remove.contains(k)) throw new IllegalArgumentException(k + " is both set and removed");
        }
        remove.forEach(SafeValues::configKey);
        List<Entry> entries = entries(original);
        Map<String, String> before = new LinkedHashMap<>();
        entries.stream().filter(e -> e.key() != null).forEach(e -> before.put(e.key(), e.value()));

        StringBuilder out = new StringBuilder();
        Set<String> written = new TreeSet<>();
        for (Entry e : entries) {
            if (e.key() == null) {
                out.append(e.text());
            } else if (set.containsKey(e.key())) {
                if (written.add(e.key())) out.append(line(e.key(), set.get(e.key()))).append(terminator(e.text()));
            } else if (!remove.contains(e.key())) {
                out.append(e.text());
            }
        }
        for (Map.Entry<String, String> s : new TreeMap<>(set).entrySet()) {
            if (written.contains(s.getKey())) continue;
            if (out.length() > 0 && out.charAt(out.length() - 1) != '\n') out.append('\n');
            out.append(line(s.getKey(), s.getValue())).append('\n');
        }
        List<ConfigChange.Change> changes = new ArrayList<>();
        new TreeMap<>(set).forEach((k, v) -> {
            if (!v.equals(before.get(k))) changes.add(new ConfigChange.Change(k, Optional.ofNullable(before.get(k)), Optional.of(v)));
        });
        new TreeSet<>(remove).forEach(k -> {
            if (before.containsKey(k)) changes.add(new ConfigChange.Change(k, Optional.of(before.get(k)), Optional.empty()));
        });
        String text = out.toString();
        return new Result(text, changes, !text.equals(original));
    }

    /** The properties as Kafka reads them. */
    static Map<String, String> parse(String text) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a properties file: " + e.getMessage(), e);
        }
        Map<String, String> out = new TreeMap<>();
        p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k)));
        return out;
    }

    /** Logical lines (a line ending in an odd number of backslashes continues on the next), with their key. */
    private static List<Entry> entries(String text) {
        List<Entry> out = new ArrayList<>();
        StringBuilder logical = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            int nl = text.indexOf('\n', i);
            int end = nl < 0 ? text.length() : nl + 1;
            String physical = text.substring(i, end);
            i = end;
            boolean first = logical.length() == 0;
            logical.append(physical);
            if (!(first && isCommentOrBlank(physical)) && continues(physical) && i < text.length()) continue;
            out.add(entry(logical.toString()));
            logical.setLength(0);
        }
        return out;
    }

    private static Entry entry(String logical) {
        if (isCommentOrBlank(logical)) return new Entry(logical, null, null);
        Map<String, String> one = parse(logical);
        if (one.isEmpty()) return new Entry(logical, null, null);
        Map.Entry<String, String> kv = one.entrySet().iterator().next();
        return new Entry(logical, kv.getKey(), kv.getValue());
    }

    private static boolean isCommentOrBlank(String line) {
        String t = line.stripLeading();
        return t.isEmpty() || t.startsWith("#") || t.startsWith("!");
    }

    private static boolean continues(String physical) {
        String s = physical.endsWith("\r\n") ? physical.substring(0, physical.length() - 2)
                : physical.endsWith("\n") ? physical.substring(0, physical.length() - 1) : physical;
        int backslashes = 0;
        for (int j = s.length() - 1; j >= 0 && s.charAt(j) == '\\'; j--) backslashes++;
        return backslashes % 2 == 1;
    }

    private static String terminator(String logical) {
        return logical.endsWith("\r\n") ? "\r\n" : logical.endsWith("\n") ? "\n" : "";
    }

    private static String line(String key, String value) {
        StringBuilder sb = new StringBuilder(key).append('=');
        for (int j = 0; j < value.length(); j++) {
            char c = value.charAt(j);
            if (c == '\\') sb.append("\\\\");
            else if (c == ' ' && j == 0) sb.append("\\ ");
            else if (c > 0x7e) sb.append(String.format("\\u%04x", (int) c));
            else sb.append(c);
        }
        return sb.toString();
    }
}
