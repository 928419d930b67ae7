package dev.kafkachatops.run.upgrade;

import dev.kafkachatops.domain.version.ConfigRule;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** How the config-copy step turns the plan's config rules into options to set and remove. */
class ConfigRulesTest {
    private static final List<ConfigRule> RULES = List.of(
            new ConfigRule("delegation.token.master.key", List.of("delegation.token.secret.key")),
            new ConfigRule("log.message.timestamp.difference.max.ms", List.of("log.message.timestamp.before.max.ms",
                    "log.message.timestamp.after.max.ms")),
            new ConfigRule("log.message.format.version", List.of()));

    @Test
    void aRenamedKeysValueMovesToEveryNewKeyAndARemovedKeyIsDropped() {
        Map<String, String> set = new TreeMap<>();
        Set<String> remove = new TreeSet<>();
        StepActions.applyRules(RULES, Map.of("delegation.token.master.key", "s3cret",
                "log.message.timestamp.difference.max.ms", "3600000", "log.message.format.version", "3.0",
                "num.io.threads", "8"), set, remove);
        assertThat(set).containsExactlyInAnyOrderEntriesOf(Map.of("delegation.token.secret.key", "s3cret",
                "log.message.timestamp.before.max.ms", "3600000", "log.message.timestamp.after.max.ms", "3600000"));
        assertThat(remove).containsExactly("delegation.token.master.key", "log.message.format.version",
                "log.message.timestamp.difference.max.ms");
    }

    @Test
    void aNewKeyAlreadySetKeepsItsValueAndAbsentKeysChangeNothing() {
        Map<String, String> set = new TreeMap<>();
        Set<String> remove = new TreeSet<>();
        StepActions.applyRules(RULES, Map.of("delegation.token.master.key", "old",
                "delegation.token.secret.key", "new"), set, remove);
        assertThat(set).isEmpty();
        assertThat(remove).containsExactly("delegation.token.master.key");
        Map<String, String> none = new TreeMap<>();
        Set<String> nothing = new TreeSet<>();
        StepActions.applyRules(RULES, Map.of("num.io.threads", "8"), none, nothing);
        assertThat(none).isEmpty();
        assertThat(nothing).isEmpty();
    }
}
