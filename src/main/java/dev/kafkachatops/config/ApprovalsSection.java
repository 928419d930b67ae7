package dev.kafkachatops.config;

import dev.kafkachatops.command.Values;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads {@code clusters[].approvals} (who may approve, how many must, with which reactions, for how long) and
 * {@code clusters[].operators} (who may plan: users and user groups, read the same way as the approvers).
 */
final class ApprovalsSection {
    private static final Pattern REACTION = Pattern.compile("[a-z0-9_+'-]{1,64}");

    private ApprovalsSection() {
    }

    static BotConfig.Approvals read(YamlNode n) {
        n.expectObject();
        n.allowOnly(Set.of("users", "groups", "required", "allowSelfApproval", "reaction", "rejectReaction",
                "expiry"));
        List<String> users = users(n.get("users"));
        List<String> groups = n.get("groups").stringList();
        int required = n.get("required").integer(1, 10).orElse(1);
        boolean self = n.get("allowSelfApproval").bool().orElse(false);
        String approve = reaction(n.get("reaction"), "white_check_mark");
        String reject = reaction(n.get("rejectReaction"), "x");
        if (approve.equals(reject)) n.get("rejectReaction").problem("must differ from reaction");
        Duration expiry = n.get("expiry").parsed(Values::duration).orElse(Duration.ofHours(24));
        return new BotConfig.Approvals(users, groups, required, self, approve, reject, expiry);
    }

    /** {@code operators: {users: [U0ALICE], groups: [S0OPS]}}; absent when the cluster does not name any. */
    static Optional<BotConfig.Operators> operators(YamlNode n) {
        if (n.isMissing() || !n.expectObject()) return Optional.empty();
        n.allowOnly(Set.of("users", "groups"));
        return Optional.of(new BotConfig.Operators(users(n.get("users")), n.get("groups").stringList()));
    }

    private static List<String> users(YamlNode n) {
        List<String> users = n.stringList();
        for (String u : users) {
            if (!u.matches("[UW][A-Z0-9]{2,20}") && !ClusterSection.NAME.matcher(u).matches()) {
                n.problem("`" + u + "` is not a Slack user id (U...) or user name");
            }
        }
        return users;
    }

    private static String reaction(YamlNode n, String def) {
        return n.parsed(s -> {
            String name = s.replace(":", "");
            if (!REACTION.matcher(name).matches()) throw new IllegalArgumentException("not an emoji name: `" + s + "`");
            return name;
        }).orElse(def);
    }
}
