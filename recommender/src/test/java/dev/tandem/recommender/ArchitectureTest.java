package dev.tandem.recommender;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The module rules of DESIGN.md: the recommender reads the archive without Flink. */
@AnalyzeClasses(
        packages = "dev.tandem.recommender",
        importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule recommenderNeverDependsOnFlink =
            noClasses()
                    .that()
                    .resideInAPackage("dev.tandem.recommender..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAPackage("org.apache.flink..")
                    .because("DESIGN.md: the recommender depends on ingest, never Flink");

    @ArchTest
    static final ArchRule recommenderNeverDependsOnKafka =
            noClasses()
                    .that()
                    .resideInAPackage("dev.tandem.recommender..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAPackage("org.apache.kafka..")
                    .because("the recommender reads the Parquet archive, not the topics");
}
