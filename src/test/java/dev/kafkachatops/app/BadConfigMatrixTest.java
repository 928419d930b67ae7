package dev.kafkachatops.app;

import dev.kafkachatops.config.ConfigException;
import dev.kafkachatops.config.ConfigLoader;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Bad configuration files, one row each: the loader reports exactly one problem, in one line naming the file and the
 * key (no stack trace, no exception class, no secret), and {@code kafka-chatops run --config} on the same file exits 1
 * with that line on stderr before anything starts (its data folder is never created). Part of the bad-input matrix
 * of issue 14 (configuration surface).
 */
class BadConfigMatrixTest {
    private static final String HEAD = """
            storage:
              dataDir: DATA
            """;
    private static final String CLUSTER = """
            clusters:
              - name: prod
                bootstrapServers: kafka1:9092
                channels: [general]
            """;

    @TempDir
    Path dir;

    static Stream<Arguments> cases() {
        return Stream.of(
                arguments("YAML that does not parse", "clusters:\n  - name: [unclosed\n", "not valid YAML"),
                arguments("tab-indented YAML", "clusters:\n\t- name: prod\n", "not valid YAML"),
                arguments("an empty file", "", "the file is empty"),
                arguments("a list at the top", "- prod\n- stage\n", ": must be"),
                arguments("an unknown top-level key", CLUSTER + "cluster: prod\n", "cluster: unknown key"),
                arguments("no clusters", "slack:\n  mode: socket\n", "clusters: is required"),
                arguments("an unknown cluster key", CLUSTER + "    bootstrapServer: x:1\n",
                        "bootstrapServer: unknown key"),
                arguments("a key given twice", CLUSTER + "    bootstrapServers: other:9092\n",
                        "not valid YAML: Duplicate field 'bootstrapServers'"),
                arguments("a bootstrap server without a port", CLUSTER.replace("kafka1:9092", "kafka1"),
                        "bootstrapServers: must be host:port"),
                arguments("a bootstrap port out of range", CLUSTER.replace("kafka1:9092", "kafka1:99999"),
                        "bootstrapServers: must be host:port"),
                arguments("no channels", CLUSTER.replace("    channels: [general]\n", ""), "channels: is required"),
                arguments("a cron with 5 fields", CLUSTER + "    windows: [ { cron: \"0 2 * * *\", duration: 2h } ]\n",
                        "windows[0].cron: must be a Quartz cron expression"),
                arguments("a cron that is prose", CLUSTER + "    windows: [ { cron: \"every night\", duration: 2h } ]\n",
                        "windows[0].cron: "),
                arguments("a window lasting forever", CLUSTER
                        + "    windows: [ { cron: \"0 0 2 * * ?\", duration: forever } ]\n",
                        "windows[0].duration: `forever` is not a duration"),
                arguments("a negative window", CLUSTER + "    windows: [ { cron: \"0 0 2 * * ?\", duration: -2h } ]\n",
                        "windows[0].duration: "),
                arguments("an unknown time zone", CLUSTER
                        + "    windows: [ { cron: \"0 0 2 * * ?\", duration: 2h, timezone: Mars/Olympus } ]\n",
                        "windows[0].timezone: "),
                arguments("zero approvals required", CLUSTER + "    approvals: { users: [U0BOB], required: 0 }\n",
                        "approvals.required: "),
                arguments("approvals required in words", CLUSTER
                        + "    approvals: { users: [U0BOB], required: two }\n", "approvals.required: "),
                arguments("an approval expiry that is not a duration", CLUSTER
                        + "    approvals: { users: [U0BOB], expiry: a fortnight }\n", "approvals.expiry: "),
                arguments("a mention as an approver", CLUSTER + "    approvals: { users: [\"<!channel>\"] }\n",
                        "approvals.users: `<!channel>` is not a Slack user id"),
                arguments("a mention as an operator", CLUSTER + "    operators: { users: [\"<@U0ALICE>\"] }\n",
                        "operators.users: `<@U0ALICE>` is not a Slack user id"),
                arguments("a disk cap over 100%", CLUSTER + "    rebalance: { maxDiskUse: 120% }\n",
                        "rebalance.maxDiskUse: must be a percentage"),
                arguments("a negative disk cap", CLUSTER + "    rebalance: { maxDiskUse: \"-5%\" }\n",
                        "rebalance.maxDiskUse: must be a percentage"),
                arguments("a gate poll of a minute", CLUSTER + "    upgrade: { poll: 1m }\n",
                        "upgrade.poll: must be at most 30s"),
                arguments("a gate timeout in words", CLUSTER + "    upgrade: { safetyTimeout: soon }\n",
                        "upgrade.safetyTimeout: "),
                arguments("a JAAS config written inline", CLUSTER + "    clientProperties:\n      sasl.jaas.config: "
                        + "\"org.apache.kafka.common.security.scram.ScramLoginModule required password=hunter2;\"\n",
                        "sasl.jaas.config: holds a secret and must not be written in the file: use ${env:VARIABLE}"),
                arguments("a keystore password written inline", CLUSTER
                        + "    clientProperties:\n      ssl.keystore.password: hunter2\n",
                        "ssl.keystore.password: holds a secret and must not be written in the file"),
                arguments("an environment reference to nothing", CLUSTER
                        + "    clientProperties:\n      ssl.truststore.password: ${env:KCO_NO_SUCH_VARIABLE_9}\n",
                        "environment variable KCO_NO_SUCH_VARIABLE_9 is not set"),
                arguments("an unknown Slack mode", "slack:\n  mode: carrier-pigeon\n" + CLUSTER,
                        "slack.mode: must be `socket` or `http`"),
                arguments("no concurrency", "slack:\n  concurrency: 0\n" + CLUSTER, "slack.concurrency: "),
                arguments("a retry time in words", "slack:\n  retryFor: a while\n" + CLUSTER, "slack.retryFor: "),
                arguments("a cluster check-in of half a second", "  clusterCheckinInterval: 500ms\n" + CLUSTER,
                        "storage.clusterCheckinInterval: must be between 1s and 60s"),
                arguments("a cluster check-in in words", "  clusterCheckinInterval: often\n" + CLUSTER,
                        "storage.clusterCheckinInterval: "),
                arguments("an HTTP port out of range", "slack:\n  mode: http\n  httpPort: 70000\n" + CLUSTER,
                        "slack.httpPort: "),
                arguments("two clusters of one name", CLUSTER + CLUSTER.replace("clusters:\n", ""),
                        "clusters[1].name: duplicate cluster name `prod`"),
                arguments("a default cluster that does not exist", CLUSTER + "defaultCluster: stage\n",
                        "defaultCluster: names no cluster defined under clusters: `stage`"),
                arguments("an unknown host driver", CLUSTER
                        + "    hosts: { defaults: { driver: telnet, sshKey: /etc/k }, brokers: { 1: { host: kafka1 } } }\n",
                        "hosts.defaults.driver: "));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("cases")
    void oneClearLineAndNothingStarts(String name, String yaml, String expected) throws Exception {
        Path data = dir.resolve("data");
        Path file = dir.resolve("bot.yaml");
        // a file that is a list or empty has no room for the storage section
        String text = yaml.isEmpty() || yaml.startsWith("- ") ? yaml : HEAD.replace("DATA", data.toString()) + yaml;
        Files.writeString(file, text);

        var e = catchThrowableOfType(ConfigException.class, () -> new ConfigLoader(Map.of()).parse(file, text));
        assertThat(e).as(name + ": refused").isNotNull();
        assertThat(e.problems()).as(name).singleElement().asString()
                .startsWith(file + ": ").contains(expected).doesNotContain("\n")
                .doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("hunter2")
                .doesNotContainIgnoringCase("unexpectedly");

        Run run = runBot(file);
        assertThat(run.code()).as(name + ": exit code").isEqualTo(1);
        assertThat(run.err()).as(name).isEqualTo("error: " + e.problems().get(0) + "\n");
        assertThat(run.out()).isEmpty();
        assertThat(data).as(name + ": nothing started, no data folder").doesNotExist();
    }

    private record Run(int code, String out, String err) {
    }

    /** {@code kafka-chatops run --config file} through the real command line, stderr captured. */
    private static Run runBot(Path file) {
        PrintStream before = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        StringWriter out = new StringWriter();
        StringWriter picocliErr = new StringWriter();
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            var cl = Main.commandLine();
            cl.setOut(new PrintWriter(out, true));
            cl.setErr(new PrintWriter(picocliErr, true));
            int code = cl.execute("run", "--config", file.toString());
            return new Run(code, out.toString(), err.toString(StandardCharsets.UTF_8) + picocliErr);
        } finally {
            System.setErr(before);
        }
    }
}
