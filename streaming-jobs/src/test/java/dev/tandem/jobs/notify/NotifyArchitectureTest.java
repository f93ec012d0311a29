package dev.tandem.jobs.notify;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The notifier is a plain Kafka consumer: it must run (and be read) without Flink, so a chat outage
 * can never back-pressure the correlate job. It reads alerts as JSON and shares no types with the
 * Flink jobs.
 */
@AnalyzeClasses(
        packages = "dev.tandem.jobs.notify",
        importOptions = ImportOption.DoNotIncludeTests.class)
class NotifyArchitectureTest {

    @ArchTest
    static final ArchRule notifyNeverDependsOnFlink =
            noClasses()
                    .that()
                    .resideInAPackage("dev.tandem.jobs.notify..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAPackage("org.apache.flink..")
                    .because("notify is a plain consumer next to the Flink job, not part of it");

    @ArchTest
    static final ArchRule notifyNeverDependsOnTheFlinkJobs =
            noClasses()
                    .that()
                    .resideInAPackage("dev.tandem.jobs.notify..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage(
                            "dev.tandem.jobs.correlate..",
                            "dev.tandem.jobs.alert..",
                            "dev.tandem.jobs.analyze..",
                            "dev.tandem.jobs.kafka..",
                            "dev.tandem.jobs.archive..")
                    .because("their classes carry Flink; notify reads the alert record as JSON");
}
