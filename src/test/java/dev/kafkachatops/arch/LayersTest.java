package dev.kafkachatops.arch;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The architecture as rules over the compiled main classes (README, "Layout"): a pure core (domain, plan, run, port)
 * that sees no framework or I/O type, an application layer ({@code ops}) that sees no adapter, adapters that do not
 * compose each other, one composition root ({@code app}), and no package cycles.
 */
class LayersTest {
    private static final String ROOT = "dev.kafkachatops";
    private static JavaClasses main;

    @BeforeAll
    static void importMain() {
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(ROOT);
    }

    @Test
    void theCoreSeesNoSlackKafkaClientQuartzJdbcConfigOrAdapter() {
        noClasses().that().resideInAnyPackage(ROOT + ".domain..", ROOT + ".plan..", ROOT + ".run..", ROOT + ".port..")
                .should().dependOnClassesThat().resideInAnyPackage("com.slack..", "org.apache.kafka..", "org.quartz..",
                        "java.sql..", "javax.sql..", "org.flywaydb..", "com.zaxxer..", "org.apache.sshd..",
                        ROOT + ".config..", ROOT + ".adapter..", ROOT + ".ops..", ROOT + ".app..", ROOT + ".sim..",
                        ROOT + ".localkafka..")
                .because("planning and running are pure code over ports and immutable snapshots")
                .check(main);
    }

    @Test
    void theApplicationLayerSeesPortsNotAdapters() {
        noClasses().that().resideInAPackage(ROOT + ".ops..")
                .should().dependOnClassesThat().resideInAnyPackage("com.slack..", "org.apache.kafka..",
                        "org.quartz..", "java.sql..", "javax.sql..", ROOT + ".adapter..", ROOT + ".app..",
                        ROOT + ".sim..", ROOT + ".localkafka..")
                .because("the workflow talks to Slack, Kafka, Quartz and the database only through ports")
                .check(main);
    }

    @Test
    void adaptersDoNotComposeEachOther() {
        slices().matching(ROOT + ".adapter.(*)..").should().notDependOnEachOther()
                .because("one composition root wires adapters together").check(main);
    }

    @Test
    void onlyTheCompositionRootSeesTheApplicationAsAWhole() {
        noClasses().that().resideOutsideOfPackage(ROOT + ".app..")
                .should().dependOnClassesThat().resideInAPackage(ROOT + ".app..")
                .check(main);
    }

    @Test
    void noPackageCycles() {
        slices().matching(ROOT + ".(**)").should().beFreeOfCycles().check(main);
    }
}
