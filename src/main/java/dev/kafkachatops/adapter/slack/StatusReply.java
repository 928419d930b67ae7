package dev.kafkachatops.adapter.slack;

import com.slack.api.app_backend.slash_commands.payload.SlashCommandPayload;
import com.slack.api.bolt.context.builtin.SlashCommandContext;
import com.slack.api.model.block.LayoutBlock;
import dev.kafkachatops.config.BotConfig;
import dev.kafkachatops.ops.ClusterStatusQuery;
import dev.kafkachatops.port.ClusterReader;
import dev.kafkachatops.view.StatusText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Optional;

import static dev.kafkachatops.view.LogText.safe;

/**
 * {@code status}: the cluster's status posted in the channel; where Slack refuses the bot's message (e.g.
 * {@code not_in_channel}) it is logged and the status goes through the command's {@code response_url} instead.
 */
final class StatusReply {
    private static final Logger log = LoggerFactory.getLogger(StatusReply.class);

    private StatusReply() {
    }

    static void post(ClusterStatusQuery status, BotConfig.Cluster cluster, SlashCommandPayload p,
                     SlashCommandContext ctx) {
        try {
            var report = status.read(cluster);
            String text = StatusText.summary(report.status());
            List<LayoutBlock> blocks = StatusView.render(report.status(), Optional.of(p.getUserId()),
                    report.versions(), report.notes());
            var r = ctx.client().chatPostMessage(m -> m.channel(p.getChannelId()).text(text).blocks(blocks));
            if (r.isOk()) return;
            log.warn("chat.postMessage to {} failed: {}; answering through response_url", safe(p.getChannelId()),
                    safe(r.getError()));
            ctx.respond(m -> m.responseType("in_channel").text(text).blocks(blocks));
        } catch (ClusterReader.ClusterUnavailableException e) {
            log.warn("status of {} failed: {}", cluster.name(), e.getMessage());
            SlackBot.respond(ctx, ":x: " + e.getMessage());
        } catch (Exception e) {
            log.error("status of {} failed", cluster.name(), e);
            SlackBot.respond(ctx, ":x: Reading the status of `" + cluster.name() + "` failed unexpectedly ("
                    + e.getClass().getSimpleName() + "). The bot's log has the details.");
        }
    }
}
