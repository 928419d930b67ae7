package dev.kafkachatops.sim;

import java.net.URI;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the simulator on its own until Ctrl-C:
 * {@code java -cp kafka-chatops.jar dev.kafkachatops.sim.SlackSimulatorMain [--http-port N] [--ws-port N]
 * [--request-url URL --signing-secret S]}.
 */
public final class SlackSimulatorMain {
    private SlackSimulatorMain() {
    }

    public static void main(String[] args) throws Exception {
        SimOptions.Builder b = SimOptions.builder().httpPort(3333).wsPort(3334);
        URI requestUrl = null;
        String secret = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (a) {
                case "--http-port" -> { b.httpPort(Integer.parseInt(v)); i++; }
                case "--ws-port" -> { b.wsPort(Integer.parseInt(v)); i++; }
                case "--request-url" -> { requestUrl = URI.create(v); i++; }
                case "--signing-secret" -> { secret = v; i++; }
                case "--help", "-h" -> {
                    System.out.println("usage: SlackSimulatorMain [--http-port N] [--ws-port N] "
                            + "[--request-url URL --signing-secret SECRET]");
                    return;
                }
                default -> throw new IllegalArgumentException("unknown argument " + a);
            }
        }
        if (requestUrl != null) {
            b.http(requestUrl, secret == null ? "sim-signing-secret" : secret);
        }
        SlackSimulator sim = SlackSimulator.start(b.build());
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sim.close();
            done.countDown();
        }, "slack-sim-shutdown"));
        System.out.println("Slack simulator running");
        System.out.println("  page:       " + sim.pageUrl());
        System.out.println("  Web API:    " + sim.apiUrlPrefix());
        System.out.println("  bot token:  " + sim.botToken());
        System.out.println("  app token:  " + sim.appToken());
        if (sim.wsPort() > 0) {
            System.out.println("  socket:     ws://127.0.0.1:" + sim.wsPort() + "/link/");
        }
        done.await();
    }
}
