package dev.tandem.ingest;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The module rules of DESIGN.md: ingest reads every format without Flink. */
@AnalyzeClasses(
        packages = "dev.tandem.ingest",
        importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule ingestNeverDependsOnFlink =
            noClasses()
                    .that()
                    .resideInAPackage("dev.tandem.ingest..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAPackage("org.apache.flink..")
                    .because(
                            "DESIGN.md: ingest may depend on Jackson, kafka-clients and Parquet, never Flink");

    @ArchTest
    static final ArchRule modelDependsOnNoDecoder =
            noClasses()
                    .that()
                    .resideInAPackage("dev.tandem.ingest.model..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage("com.fasterxml..", "dev.tandem.ingest.decode..")
                    .because("the canonical records are plain values that every module can hold");
}
