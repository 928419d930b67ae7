package dev.kafkachatops.e2e;

import dev.kafkachatops.adapter.kafka.KafkaClusters;
import dev.kafkachatops.adapter.store.InMemoryOutboxStore;
import dev.kafkachatops.app.RunCommand;
import dev.kafkachatops.app.Wiring;
import dev.kafkachatops.ops.OperationService;
import dev.kafkachatops.port.JobScheduler;
import dev.kafkachatops.port.OperationStore;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/** A bot {@link ChatBotHarness} started against its simulator; how it runs is up to its {@link Launcher}. */
interface ChatBot {
    /** Stops the bot as an operator would. */
    void stop() throws Exception;

    /** Stops it at once (a process: SIGKILL, no shutdown hook); in this JVM the same as {@link #stop}. */
    default void kill() throws Exception {
        stop();
    }

    /** The bot's own store, where the bot runs in this JVM. */
    default OperationStore store() {
        throw new UnsupportedOperationException("the store of " + this + " is not reachable from the test");
    }

    /** The bot's workflow, where the bot runs in this JVM. */
    default OperationService service() {
        throw new UnsupportedOperationException("the workflow of " + this + " is not reachable from the test");
    }

    /** What to show when a test waits in vain (e.g. the tail of the bot's log). */
    default String diagnostics() {
        return "";
    }

    /** Starts the bot on the harness's config and credentials. */
    interface Launcher {
        ChatBot launch(ChatBotHarness harness) throws Exception;

        /** Starts another instance on {@code yamlFile} (its own data folder); by default not supported. */
        default ChatBot launch(ChatBotHarness harness, Path yamlFile) throws Exception {
            throw new UnsupportedOperationException("this launcher starts one bot on the harness's own YAML");
        }
    }

    /** The whole bot ({@link RunCommand.Bot}: H2 store, Quartz, sweepers) in this JVM. */
    static Launcher inProcess() {
        return h -> {
            RunCommand.Bot bot = RunCommand.Bot.start(h.config, h.credentials);
            return new ChatBot() {
                @Override
                public void stop() {
                    bot.close();
                }

                @Override
                public OperationStore store() {
                    return bot.service().store();
                }

                @Override
                public OperationService service() {
                    return bot.service();
                }
            };
        };
    }

    /** The bot's wiring in this JVM over Socket Mode, with a store and a scheduler of the test's choosing. */
    static Launcher wired(OperationStore store, JobScheduler scheduler) {
        return h -> {
            KafkaClusters clusters = new KafkaClusters(h.config.clusters(), Duration.ofSeconds(1), Clock.systemUTC());
            Wiring wiring = new Wiring(h.config, h.credentials, clusters, store, new InMemoryOutboxStore(), scheduler,
                    Clock.systemUTC());
            wiring.bot().startSocketMode();
            return new ChatBot() {
                @Override
                public void stop() {
                    wiring.close();
                    clusters.close();
                }

                @Override
                public OperationStore store() {
                    return store;
                }

                @Override
                public OperationService service() {
                    return wiring.service();
                }
            };
        };
    }
}
