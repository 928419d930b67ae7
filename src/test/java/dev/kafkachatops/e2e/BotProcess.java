package dev.kafkachatops.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/** The packaged bot ({@code target/kafka-chatops.jar}) as its own JVM on the harness's YAML file. */
final class BotProcess implements ChatBot {
    private final Process process;
    private final Path log;

    private BotProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * Each launch a new JVM, its output in {@code logDir/bot-<n>.log} (n = 1, 2, ...), on the harness's YAML file or,
     * for another instance of the bot, on that instance's own.
     */
    static Launcher jar(Path logDir) {
        AtomicInteger launches = new AtomicInteger();
        return new Launcher() {
            @Override
            public ChatBot launch(ChatBotHarness h) throws Exception {
                return launch(h, h.yamlFile);
            }

            @Override
            public ChatBot launch(ChatBotHarness h, Path yamlFile) throws Exception {
                return start(h, yamlFile, logDir.resolve("bot-" + launches.incrementAndGet() + ".log"));
            }
        };
    }

    /**
     * Each launch a new JVM on the command line {@code command} makes for the harness (e.g. a container image's
     * entrypoint), with {@code env} added to its environment; output in {@code logDir/bot-<n>.log}.
     */
    static Launcher command(Path logDir, Function<ChatBotHarness, List<String>> command, Map<String, String> env) {
        int[] launches = {0};
        return h -> start(h, command.apply(h), env, logDir.resolve("bot-" + ++launches[0] + ".log"));
    }

    /** The JVM's process id. */
    long pid() {
        return process.pid();
    }

    /** What the bot has written to its log so far. */
    String log() throws IOException {
        return Files.readString(log);
    }

    private static BotProcess start(ChatBotHarness h, Path yamlFile, Path log) throws Exception {
        Path jar = Path.of("target/kafka-chatops.jar").toAbsolutePath();
        assertThat(jar).exists();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return start(h, List.of(java, "-Xmx256m", "-jar", jar.toString(), "run", "--config", yamlFile.toString()),
                Map.of(), log);
    }

    private static BotProcess start(ChatBotHarness h, List<String> command, Map<String, String> env, Path log)
            throws Exception {
        var pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        pb.environment().put("SLACK_BOT_TOKEN", h.sim.botToken());
        pb.environment().put("SLACK_APP_TOKEN", h.sim.appToken());
        long before = connectionsOpened(h);
        BotProcess bot = new BotProcess(pb.start(), log);
        // Bolt opens two connections and uses the second
        Await.value("the bot process connects to the simulator", Duration.ofSeconds(60), () -> {
            if (!bot.process.isAlive()) throw new AssertionError("the bot exited" + bot.diagnostics());
            return connectionsOpened(h) >= before + 2 ? Optional.of(bot) : Optional.empty();
        }, bot::diagnostics);
        Thread.sleep(500);
        return bot;
    }

    private static long connectionsOpened(ChatBotHarness h) {
        return h.sim.apiCalls().stream().filter(c -> c.method().equals("apps.connections.open")).count();
    }

    @Override
    public void stop() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }

    @Override
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    @Override
    public String diagnostics() {
        try {
            String text = Files.readString(log);
            return "\nbot log tail: " + text.substring(Math.max(0, text.length() - 4000));
        } catch (Exception e) {
            return "\nbot log: " + e;
        }
    }
}
