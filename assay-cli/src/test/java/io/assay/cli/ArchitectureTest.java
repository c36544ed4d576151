package io.assay.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Dependencies point one way: domain modules know nothing of the app, the CLI, HTTP or Spring. */
class ArchitectureTest {

    private final com.tngtech.archunit.core.domain.JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.assay");

    @Test
    void coreDependsOnNoOtherAssayModuleNorOnFrameworks() {
        noClasses()
                .that()
                .resideInAPackage("io.assay.core..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.assay.app..",
                        "io.assay.cli..",
                        "io.assay.server..",
                        "picocli..",
                        "org.springframework..",
                        "jakarta.servlet..")
                .check(classes);
    }

    @Test
    void theAppKnowsNothingOfItsFaces() {
        noClasses()
                .that()
                .resideInAPackage("io.assay.app..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.assay.cli..", "io.assay.server..", "picocli..", "org.springframework..")
                .check(classes);
    }
}
