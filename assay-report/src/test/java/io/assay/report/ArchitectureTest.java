package io.assay.report;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Reports are written from result records: the module knows nothing of the app or its faces. */
class ArchitectureTest {

    @Test
    void dependsOnlyOnResultsAndItsLibraries() {
        var classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.assay.report");
        noClasses()
                .that()
                .resideInAPackage("io.assay.report..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.assay.app..",
                        "io.assay.cli..",
                        "io.assay.server..",
                        "io.assay.commerce..",
                        "picocli..",
                        "org.springframework..",
                        "java.io.ObjectInputStream",
                        "java.io.ObjectOutputStream")
                .check(classes);
    }
}
