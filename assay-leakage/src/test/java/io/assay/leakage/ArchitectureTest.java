package io.assay.leakage;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The leakage module is a domain module: it knows nothing of reports, the app or its faces. */
class ArchitectureTest {

    @Test
    void dependsOnlyOnCoreMlAndItsLibraries() {
        var classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.assay.leakage");
        noClasses()
                .that()
                .resideInAPackage("io.assay.leakage..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.assay.app..",
                        "io.assay.cli..",
                        "io.assay.server..",
                        "io.assay.report..",
                        "io.assay.commerce..",
                        "picocli..",
                        "org.springframework..",
                        "java.io.ObjectInputStream",
                        "java.io.ObjectOutputStream")
                .check(classes);
    }
}
