package dev.asiscope.ui.annotate;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The annotation model and the workspace file stay free of JavaFX; only the editor uses it. */
class AnnotationArchitectureTest {
    @Test
    void modelAndWorkspaceDoNotUseJavaFx() {
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.asiscope.ui.annotate", "dev.asiscope.ui.workspace");
        noClasses().that().resideInAnyPackage("dev.asiscope.ui.annotate", "dev.asiscope.ui.workspace")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "com.sun.javafx..")
                .because("annotations and workspaces are read and written by the headless command line and tests")
                .check(classes);
    }
}
