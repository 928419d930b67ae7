package dev.kafkachatops.view;

import dev.kafkachatops.domain.doctor.Check;

import java.util.List;
import java.util.Locale;

/**
 * {@code kafka-chatops doctor}'s checklist as text: one line per check ({@code pass}, {@code FAIL} in capitals so it
 * stands out, {@code skip}), the fix indented under each failure, and a last line with the counts. Pure: the same
 * checks give the same text.
 * <pre>
 * pass  slack: auth.test            bot kafka-chatops in Acme (T012)
 * FAIL  slack: scopes               missing: files:write
 *       fix: add files:write under OAuth &amp; Permissions (or re-create the app from the manifest), reinstall it
 * doctor: 1 passed, 1 failed, 0 skipped
 * </pre>
 */
public final class DoctorView {
    private static final int SUBJECT_WIDTH = 30;

    private DoctorView() {
    }

    /** The lines and the counts. */
    public static String render(List<Check> checks) {
        return lines(checks) + summary(checks);
    }

    /** The checks' lines alone (a section printed as soon as it is known). */
    public static String lines(List<Check> checks) {
        StringBuilder out = new StringBuilder();
        for (Check c : checks) {
            String what = c.area() + ": " + c.subject();
            out.append(String.format(Locale.ROOT, "%-4s  %-" + SUBJECT_WIDTH + "s %s", label(c.outcome()), what,
                    LogText.safe(c.detail(), 400)).stripTrailing()).append('\n');
            if (c.failed()) out.append("      fix: ").append(LogText.safe(c.fix(), 400)).append('\n');
        }
        return out.toString();
    }

    /** The last line: {@code doctor: 12 passed, 1 failed, 2 skipped}. */
    public static String summary(List<Check> checks) {
        StringBuilder out = new StringBuilder();
        long failed = checks.stream().filter(Check::failed).count();
        long skipped = checks.stream().filter(c -> c.outcome() == Check.Outcome.SKIP).count();
        out.append("doctor: ").append(checks.size() - failed - skipped).append(" passed, ").append(failed)
                .append(" failed, ").append(skipped).append(" skipped").append('\n');
        return out.toString();
    }

    /** 0 when nothing failed, else 1 (the command's exit code). */
    public static int exitCode(List<Check> checks) {
        return checks.stream().anyMatch(Check::failed) ? 1 : 0;
    }

    private static String label(Check.Outcome o) {
        return switch (o) {
            case PASS -> "pass";
            case FAIL -> "FAIL";
            case SKIP -> "skip";
        };
    }
}
