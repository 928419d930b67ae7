package dev.kafkachatops.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.logging.log4j.ThreadContext;
import org.apache.logging.log4j.core.LoggerContext;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped logging configuration ({@code src/main/resources/log4j2.xml}) with the JSON format selected: one JSON
 * object per line whatever a message holds (quotes, newlines, control characters, mentions), the operation and
 * cluster from the MDC, an exception's stack trace in {@code error} on the same line.
 */
class JsonLogLinesTest {
    @Test
    void everyEventIsOneJsonObjectWithTheOperationAndCluster() throws Exception {
        List<JsonNode> lines = logged(ctx -> {
            var log = ctx.getLogger("dev.kafkachatops.ops.RunSupervisor");
            ThreadContext.put("operation", "R7");
            ThreadContext.put("cluster", "prod-eu");
            try {
                log.info("user typed \"<!channel>\"\nsecond line\u0007 and a tab\t");
                log.warn("failed", new IllegalStateException("boom\nline"));
            } finally {
                ThreadContext.clearMap();
            }
            log.info("outside a run");
        });
        assertThat(lines).hasSize(3);
        JsonNode first = lines.get(0);
        assertThat(first.path("message").asText()).isEqualTo("user typed \"<!channel>\"\nsecond line\u0007 and a tab\t");
        assertThat(first.path("level").asText()).isEqualTo("INFO");
        assertThat(first.path("logger").asText()).isEqualTo("dev.kafkachatops.ops.RunSupervisor");
        assertThat(first.path("time").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(first.path("operation").asText()).isEqualTo("R7");
        assertThat(first.path("cluster").asText()).isEqualTo("prod-eu");
        assertThat(lines.get(1).path("error").asText()).contains("IllegalStateException: boom\nline")
                .contains("at dev.kafkachatops.app.JsonLogLinesTest");
        assertThat(lines.get(2).path("operation").asText()).isEmpty();
        assertThat(lines.get(2).path("cluster").asText()).isEmpty();
    }

    @Test
    void textLinesNameTheOperationAndClusterWhenSet() throws Exception {
        String text = captured("text", ctx -> {
            var log = ctx.getLogger("dev.kafkachatops.ops.RunSupervisor");
            ThreadContext.put("operation", "R7");
            log.info("fired");
            ThreadContext.put("cluster", "prod-eu");
            log.info("starts");
            ThreadContext.clearMap();
            log.info("elsewhere");
        });
        List<String> lines = text.lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).endsWith(" RunSupervisor [R7] - fired");
        assertThat(lines.get(1)).endsWith(" RunSupervisor [R7 prod-eu] - starts");
        assertThat(lines.get(2)).endsWith(" RunSupervisor - elsewhere");
    }

    private interface Body {
        void run(LoggerContext ctx);
    }

    /** Runs {@code body} on a logger context of the shipped config in JSON mode; the lines it wrote to stderr. */
    private static List<JsonNode> logged(Body body) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (String line : captured("json", body).split("\n")) {
            if (line.isBlank()) continue;
            JsonNode n = json.readTree(line);
            assertThat(n.isObject()).as(line).isTrue();
            out.add(n);
        }
        return out;
    }

    /** What {@code body} wrote to stderr through the shipped config with {@code format}. */
    private static String captured(String format, Body body) {
        PrintStream original = System.err;
        String before = System.getProperty(Cli.LOG_FORMAT_PROPERTY);
        var captured = new ByteArrayOutputStream();
        LoggerContext ctx = new LoggerContext("json-lines-test");
        try {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            System.setProperty(Cli.LOG_FORMAT_PROPERTY, format);
            ctx.setConfigLocation(Path.of("src/main/resources/log4j2.xml").toUri());
            body.run(ctx);
        } finally {
            ctx.stop();
            System.setErr(original);
            if (before == null) System.clearProperty(Cli.LOG_FORMAT_PROPERTY);
            else System.setProperty(Cli.LOG_FORMAT_PROPERTY, before);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
