package io.assay.commerce;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The commerce module is a domain module: it knows nothing of the app, its faces or other domain packs. */
class ArchitectureTest {

    @Test
    void dependsOnlyOnCoreAndItsLibraries() {
        var classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.assay.commerce");
        noClasses()
                .that()
                .resideInAPackage("io.assay.commerce..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.assay.app..",
                        "io.assay.cli..",
                        "io.assay.server..",
                        "io.assay.leakage..",
                        "io.assay.anomaly..",
                        "picocli..",
                        "org.springframework..",
                        "java.io.ObjectInputStream",
                        "java.io.ObjectOutputStream")
                .check(classes);
    }
}
