package dev.kafkachatops.plan.upgrade;

import java.util.List;
import java.util.Optional;

/** A built hop (empty when nothing is left to do in it) and the findings that only building it reveals. */
record HopResult(Optional<HopPlan> hop, List<Finding> findings) {
    HopResult {
        findings = List.copyOf(findings);
    }
}
