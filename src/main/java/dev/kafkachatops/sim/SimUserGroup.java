package dev.kafkachatops.sim;

import java.util.List;
import java.util.Objects;

/**
 * A user group (Slack "subteam").
 *
 * @param id      e.g. {@code S0APPROVERS}
 * @param handle  e.g. {@code kafka-approvers}
 * @param name    human readable name
 * @param members user names or ids (resolved when the simulator starts)
 */
public record SimUserGroup(String id, String handle, String name, List<String> members) {
    public SimUserGroup {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(handle, "handle");
        if (name == null) {
            name = handle;
        }
        members = List.copyOf(members == null ? List.of() : members);
    }
}
