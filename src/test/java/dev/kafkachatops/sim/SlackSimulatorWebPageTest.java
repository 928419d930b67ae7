package dev.kafkachatops.sim;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

class SlackSimulatorWebPageTest {
    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(SlackSimulator sim, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(sim.pageUrl() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesThePageAndItsAssets() throws Exception {
        try (SlackSimulator sim = SlackSimulator.start(SimOptions.defaults())) {
            assertThat(sim.pageUrl()).isEqualTo("http://127.0.0.1:" + sim.httpPort() + "/");
            assertThat(sim.apiUrlPrefix()).isEqualTo(sim.pageUrl() + "api/");

            HttpResponse<String> page = get(sim, "");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
            assertThat(page.body()).contains("<script src=\"app.js\"></script>", "app.css", "composer-input");

            HttpResponse<String> js = get(sim, "app.js");
            assertThat(js.statusCode()).isEqualTo(200);
            assertThat(js.headers().firstValue("Content-Type").orElse("")).startsWith("text/javascript");
            assertThat(js.body()).contains("/api/sim/messages", "/api/sim/command", "/api/sim/action",
                    "/api/sim/reaction");
            assertThat(js.body()).as("image files shown inline").contains("'file-image'", "image\\/(png|jpeg|gif)");

            HttpResponse<String> css = get(sim, "app.css");
            assertThat(css.statusCode()).isEqualTo(200);
            assertThat(css.headers().firstValue("Content-Type").orElse("")).startsWith("text/css");

            assertThat(get(sim, "nope.js").statusCode()).isEqualTo(404);
            assertThat(get(sim, "sim/../../etc/passwd").statusCode()).isEqualTo(404);
            assertThat(get(sim, "api/sim/nope").statusCode()).isEqualTo(404);
        }
    }
}
