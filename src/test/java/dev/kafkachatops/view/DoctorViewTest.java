package dev.kafkachatops.view;

import dev.kafkachatops.domain.doctor.Check;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DoctorViewTest {

    @Test
    void oneLinePerCheckTheFixUnderAFailureAndTheCounts() {
        List<Check> checks = List.of(Check.pass("slack", "auth.test", "bot @kb (U1) in Acme (T1)"),
                Check.fail("slack", "scopes", "missing: files:write", "add it and reinstall the app"),
                Check.skip("kafka a", "authorized", "no authorizer: not checked"));
        assertThat(DoctorView.render(checks)).isEqualTo("""
                pass  slack: auth.test               bot @kb (U1) in Acme (T1)
                FAIL  slack: scopes                  missing: files:write
                      fix: add it and reinstall the app
                skip  kafka a: authorized            no authorizer: not checked
                doctor: 1 passed, 1 failed, 1 skipped
                """);
        assertThat(DoctorView.exitCode(checks)).isEqualTo(1);
        assertThat(DoctorView.exitCode(List.of(checks.get(0), checks.get(2)))).isZero();
    }

    @Test
    void aFailureWithoutItsFixIsRefusedAndTextStaysOnOneEscapedLine() {
        assertThatThrownBy(() -> Check.fail("a", "b", "broken", " ")).isInstanceOf(IllegalArgumentException.class);
        String out = DoctorView.lines(List.of(Check.pass("config", "parses", "a\nb\u001b[31m")));
        assertThat(out.lines()).hasSize(1);
        assertThat(out).doesNotContain("\u001b");
    }
}
