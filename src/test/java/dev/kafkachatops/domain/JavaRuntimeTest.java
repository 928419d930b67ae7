package dev.kafkachatops.domain;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JavaRuntimeTest {

    @Test
    void readsTheFeatureReleaseFromJavaVersionOutput() {
        assertThat(JavaRuntime.parse("/usr/bin/java", "openjdk version \"11.0.22\" 2024-01-16\nOpenJDK Runtime"))
                .contains(new JavaRuntime("/usr/bin/java", "11.0.22", 11));
        assertThat(JavaRuntime.parse("j", "java version \"1.8.0_392\"\nJava(TM) SE")).map(JavaRuntime::major).contains(8);
        assertThat(JavaRuntime.parse("j", "openjdk version \"21\" 2023-09-19")).map(JavaRuntime::major).contains(21);
        assertThat(JavaRuntime.parse("j", "openjdk version \"25-ea\" 2025-09-16")).map(JavaRuntime::major).contains(25);
        assertThat(JavaRuntime.parse("j", "Picked up JAVA_TOOL_OPTIONS: -Xmx1g\nopenjdk version \"17.0.9\" 2023"))
                .map(JavaRuntime::major).contains(17);
    }

    @Test
    void outputThatIsNoJavaVersionGivesNothing() {
        assertThat(JavaRuntime.parse("j", "sh: java: not found")).isEmpty();
        assertThat(JavaRuntime.parse("j", "")).isEmpty();
        assertThat(JavaRuntime.parse("j", "version \"x.y\"")).isEmpty();
    }
}
