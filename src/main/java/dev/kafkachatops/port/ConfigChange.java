package dev.kafkachatops.port;

import java.util.List;
import java.util.Optional;

/**
 * What {@link BrokerHost#writeConfig} did.
 *
 * @param file       the config file written (or left alone)
 * @param copiedFrom the file it was copied from, when that is another file
 * @param backup     the backup made of the previous {@code file}, if it existed and was replaced
 * @param changes    the properties whose value differs between the source and the result
 * @param written    false when nothing had to change
 */
public record ConfigChange(String file, Optional<String> copiedFrom, Optional<String> backup,
                           List<Change> changes, boolean written) {

    public ConfigChange {
        changes = List.copyOf(changes);
    }

    /** One property: absent before means added, absent after means removed. */
    public record Change(String key, Optional<String> before, Optional<String> after) {
        @Override
        public String toString() {
            return key + ": " + before.orElse("(unset)") + " -> " + after.orElse("(removed)");
        }
    }
}
