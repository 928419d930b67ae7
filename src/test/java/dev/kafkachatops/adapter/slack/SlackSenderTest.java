package dev.kafkachatops.adapter.slack;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import dev.kafkachatops.port.ChatSender;
import dev.kafkachatops.sim.SimMessage;
import dev.kafkachatops.sim.SimOptions;
import dev.kafkachatops.sim.SlackSimulator;
import dev.kafkachatops.view.DiskChart;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link SlackSender}: one attempt per write, Slack's answer typed, with the real Slack SDK against the simulator. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SlackSenderTest {
    private static final long GB = 1_000_000_000L;

    private SlackSimulator sim;
    private Slack slack;
    private SlackSender sender;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        sim = SlackSimulator.start(SimOptions.defaults());
        SlackConfig config = new SlackConfig();
        config.setMethodsEndpointUrlPrefix(sim.apiUrlPrefix());
        config.getMethodsConfig().setStatsEnabled(false);
        slack = Slack.getInstance(config);
        sender = new SlackSender(slack.methods(sim.botToken()));
    }

    @AfterEach
    void stop() throws Exception {
        slack.close();
        sim.close();
    }

    private byte[] download(String url) throws Exception {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(sim.pageUrl() + url.substring(1)))
                .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("image/png");
        return r.body();
    }

    @Test
    void aPngChartLandsInTheThreadByteForByte() throws Exception {
        String channel = sim.channels().get(0).id();
        ChatSender.Result posted = sender.post(channel, Optional.empty(), "Rebalance plan", null);
        assertThat(posted).isInstanceOf(ChatSender.Result.Sent.class);
        String parent = ((ChatSender.Result.Sent) posted).ts().orElseThrow();
        byte[] png = DiskChart.png("Disk per broker", List.of(
                new DiskChart.Bar(1, 900 * GB, 600 * GB, OptionalLong.of(2000 * GB)),
                new DiskChart.Bar(2, 300 * GB, 600 * GB, OptionalLong.empty())));

        assertThat(sender.upload(channel, Optional.of(parent), "disk-per-broker.png", "Disk per broker", png, false))
                .isEqualTo(new ChatSender.Result.Sent(Optional.empty()));

        List<SimMessage> top = sim.messages(channel);
        assertThat(top).singleElement().satisfies(m -> assertThat(m.ts()).isEqualTo(parent));
        SimMessage reply = top.get(0).replies().stream().filter(r -> !r.files().isEmpty()).findFirst().orElseThrow();
        assertThat(reply.threadTs()).isEqualTo(parent);
        SimMessage.File f = reply.files().get(0);
        assertThat(f.name()).isEqualTo("disk-per-broker.png");
        assertThat(f.title()).isEqualTo("Disk per broker");
        assertThat(f.mimetype()).isEqualTo("image/png");
        assertThat(f.size()).isEqualTo(png.length);
        assertThat(download(f.url())).as("the bytes the simulator serves").isEqualTo(png);
    }

    @Test
    void aRefusedWriteIsAnAnswerNotAnException() {
        assertThat(sender.upload("C0NOSUCH", Optional.empty(), "x.png", "x", new byte[] {1, 2}, false))
                .isEqualTo(new ChatSender.Result.Refused("channel_not_found"));
        assertThat(sender.upload("C0NOSUCH", Optional.of("1.2"), "x.txt", "x", "text".getBytes(), true))
                .isEqualTo(new ChatSender.Result.Refused("channel_not_found"));
        assertThat(sender.post("C0NOSUCH", Optional.empty(), "x", null))
                .isEqualTo(new ChatSender.Result.Refused("channel_not_found"));
        assertThat(sim.messages(sim.channels().get(0).id())).isEmpty();
    }
}
