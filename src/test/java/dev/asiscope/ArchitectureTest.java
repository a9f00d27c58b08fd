package dev.asiscope;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The layering of docs/architecture.md, enforced: sim <- scenario <- {ui, cli}. */
class ArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.asiscope");
    }

    @Test
    void simulatorDoesNotDependOnJavaFx() {
        noClasses().that().resideInAPackage("dev.asiscope.sim..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "com.sun.javafx..", "com.sun.glass..")
                .because("the simulator must run headless and be testable without a toolkit")
                .check(classes);
    }

    @Test
    void scenarioLayerDoesNotDependOnJavaFx() {
        noClasses().that().resideInAPackage("dev.asiscope.scenario..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "com.sun.javafx..", "com.sun.glass..")
                .because("formats, importers and reports are used by the headless command line")
                .check(classes);
    }

    @Test
    void simulatorDoesNotDependOnUpperLayers() {
        noClasses().that().resideInAPackage("dev.asiscope.sim..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.asiscope.scenario..", "dev.asiscope.ui..",
                        "dev.asiscope.cli..")
                .because("sim is the bottom layer")
                .check(classes);
    }

    @Test
    void scenarioLayerDoesNotDependOnUiOrCli() {
        noClasses().that().resideInAPackage("dev.asiscope.scenario..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.asiscope.ui..", "dev.asiscope.cli..")
                .check(classes);
    }

    /**
     * The window's packages depend one way: the window (dev.asiscope.ui) on its parts (views, annotate,
     * export, present, workspace), the parts on ui.core (the session, theme and view contract) and
     * ui.draw, never back. Each package is a slice of its own, so a cycle between the root and a
     * sub-package counts as well as one between two sub-packages.
     */
    @Test
    void uiPackagesHaveNoCycles() {
        com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices()
                .assignedFrom(new com.tngtech.archunit.library.dependencies.SliceAssignment() {
                    @Override
                    public com.tngtech.archunit.library.dependencies.SliceIdentifier getIdentifierOf(
                            com.tngtech.archunit.core.domain.JavaClass c) {
                        String p = c.getPackageName();
                        return p.equals("dev.asiscope.ui") || p.startsWith("dev.asiscope.ui.")
                                ? com.tngtech.archunit.library.dependencies.SliceIdentifier.of(p)
                                : com.tngtech.archunit.library.dependencies.SliceIdentifier.ignore();
                    }

                    @Override
                    public String getDescription() {
                        return "each package of dev.asiscope.ui";
                    }
                })
                .should().beFreeOfCycles()
                .because("shared window types live in ui.core so that dependencies point one way")
                .check(classes);
    }

    @Test
    void uiDoesNotDependOnCli() {
        noClasses().that().resideInAPackage("dev.asiscope.ui..")
                .should().dependOnClassesThat().resideInAPackage("dev.asiscope.cli..")
                .check(classes);
    }

    /**
     * No package of the headless layers depends on itself through others: every package of {@code sim}
     * ({@code sim.engine}, {@code sim.kernel}, {@code sim.vmx}, ...), {@code scenario}, {@code scenario.importer}
     * and {@code cli} is its own slice, and the slices form no cycle. (Page-table building lives in
     * {@code sim.paging} and frame allocation in {@code sim.mem}, so the host kernel ({@code sim.kernel}) and VMX
     * ({@code sim.vmx}) both use them without depending on each other's package.)
     */
    @Test
    void headlessPackagesAreFreeOfCycles() {
        JavaClasses headless = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.asiscope.sim", "dev.asiscope.scenario", "dev.asiscope.cli");
        slices().matching("dev.asiscope.(**)").should().beFreeOfCycles()
                .because("each package is a layer of its own; a cycle makes two of them one")
                .check(headless);
    }
}
