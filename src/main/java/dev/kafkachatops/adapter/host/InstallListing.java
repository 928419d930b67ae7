package dev.kafkachatops.adapter.host;

import dev.kafkachatops.port.BrokerInstall;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one command that reads an installation, and the parsing of its output. The command prints tagged lines:
 * {@code kind symlink|missing|not-a-link}, {@code target <link target>}, {@code folder <name>} per directory
 * {@code kafka_*} in the install base, and {@code jar <name>} per {@code <link>/libs/kafka_*.jar}.
 */
final class InstallListing {
    static final int NO_BASE = 10;
    private static final Pattern FOLDER = Pattern.compile("kafka_(\\d+\\.\\d+)-(\\d+\\.\\d+\\.\\d+)");
    private static final Pattern JAR = Pattern.compile("kafka_(\\d+\\.\\d+)-(\\d+\\.\\d+\\.\\d+)\\.jar");

    private InstallListing() {
    }

    static String command(HostPaths paths) {
        String link = ShellQuote.quote(paths.linkName());
        return "cd " + ShellQuote.quote(paths.base()) + " || exit " + NO_BASE + "; "
                + "if [ -L " + link + " ]; then echo 'kind symlink'; printf 'target %s\\n' \"$(readlink " + link + ")\"; "
                + "elif [ -e " + link + " ]; then echo 'kind not-a-link'; else echo 'kind missing'; fi; "
                + "for d in kafka_*; do if [ -d \"$d\" ] && [ ! -L \"$d\" ]; then printf 'folder %s\\n' \"$d\"; fi; done; "
                + "if [ -d " + link + "/libs ]; then for j in " + link + "/libs/kafka_*.jar; do "
                + "if [ -e \"$j\" ]; then printf 'jar %s\\n' \"${j##*/}\"; fi; done; fi; exit 0";
    }

    static BrokerInstall parse(String host, HostPaths paths, String output) {
        String kind = "missing";
        Optional<String> target = Optional.empty();
        List<String> jars = new ArrayList<>();
        TreeSet<String> installed = new TreeSet<>(InstallListing::compareVersions);
        for (String line : output.split("\\R")) {
            int sp = line.indexOf(' ');
            if (sp < 0) continue;
            String tag = line.substring(0, sp);
            String value = line.substring(sp + 1);
            switch (tag) {
                case "kind" -> kind = value;
                case "target" -> target = Optional.of(value);
                case "folder" -> {
                    Matcher m = FOLDER.matcher(value);
                    if (m.matches() && m.group(1).equals(paths.scala())) installed.add(m.group(2));
                }
                case "jar" -> {
                    Matcher m = JAR.matcher(value);
                    if (m.matches()) jars.add(m.group(2));
                }
                default -> { }
            }
        }
        Optional<String> linked = Optional.empty();
        String scalaProblem = null;
        if (target.isPresent()) {
            String name = target.get().replaceAll("/+$", "");
            Matcher m = FOLDER.matcher(name.substring(name.lastIndexOf('/') + 1));
            if (m.matches()) {
                linked = Optional.of(m.group(2));
                if (!m.group(1).equals(paths.scala())) {
                    scalaProblem = "the linked folder is for Scala " + m.group(1) + " but scalaVersion is "
                            + paths.scala() + " in the bot's config";
                }
            }
        }
        BrokerInstall found = BrokerInstall.of(host, paths.link(), kind, target, linked, jars, List.copyOf(installed));
        if (scalaProblem == null) return found;
        List<String> problems = new ArrayList<>(found.problems());
        problems.add(scalaProblem);
        return new BrokerInstall(host, found.linkTarget(), found.linkedVersion(), found.jarVersions(),
                found.installedVersions(), problems);
    }

    /** Numeric order: 3.9.1 before 3.10.0. */
    static int compareVersions(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            int c = Integer.compare(Integer.parseInt(x[i]), Integer.parseInt(y[i]));
            if (c != 0) return c;
        }
        return Integer.compare(x.length, y.length);
    }
}
