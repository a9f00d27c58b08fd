package dev.asiscope;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.codeUnits;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
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

    /**
     * What {@code sim} may not do to make text: call {@code String.format} or {@code String.formatted}, use
     * {@code java.util.Formatter} or anything of {@code java.text}. Allowed: {@code toString()} (for debugging) and
     * string concatenation (exception messages name what a programming error broke); the rule sees calls, not
     * concatenation.
     */
    private static final ArchCondition<JavaCodeUnit> FORMAT_NO_TEXT = new ArchCondition<>(
            "call no String.format, String.formatted, java.util.Formatter or java.text") {
        @Override
        public void check(JavaCodeUnit unit, ConditionEvents events) {
            for (JavaAccess<?> a : unit.getAccessesFromSelf()) {
                JavaClass owner = a.getTargetOwner();
                String name = a.getTarget().getName();
                boolean formats = owner.isEquivalentTo(String.class) && (name.equals("format") || name.equals("formatted"))
                        || owner.getName().equals("java.util.Formatter") || owner.getPackageName().startsWith("java.text");
                if (formats) {
                    events.add(SimpleConditionEvent.violated(unit, unit.getFullName() + " calls " + owner.getName() + "."
                            + name + " in " + a.getSourceCodeLocation()));
                }
            }
        }
    };

    private static final String SIM_MAKES_NO_TEXT = "the engine keeps values; the words a person reads are made in"
            + " scenario (EventText and the renderer classes next to it), only when something shows them"
            + " (docs/architecture.md, \"Where text is made\")";

    /**
     * {@code sim} renders no text: no code of it but {@code toString()} formats (see {@link #FORMAT_NO_TEXT}), it
     * uses nothing of {@code java.text}, and no public method of it named {@code describe*}, {@code render*},
     * {@code text*}, {@code format*} or {@code title*} returns a String. Names of scenario things ({@code name()},
     * {@code id()}, a region's or handler's name) are values and stay.
     */
    @Test
    void simulatorFormatsNoText() {
        codeUnits().that().areDeclaredInClassesThat().resideInAPackage("dev.asiscope.sim..")
                .and().doNotHaveName("toString")
                .should(FORMAT_NO_TEXT)
                .because(SIM_MAKES_NO_TEXT)
                .check(classes);
    }

    /** See {@link #simulatorFormatsNoText()}. */
    @Test
    void simulatorUsesNoJavaText() {
        noClasses().that().resideInAPackage("dev.asiscope.sim..")
                .should().dependOnClassesThat().resideInAnyPackage("java.text..")
                .because(SIM_MAKES_NO_TEXT)
                .check(classes);
    }

    /** See {@link #simulatorFormatsNoText()}. */
    @Test
    void simulatorHasNoTextMethods() {
        noMethods().that().areDeclaredInClassesThat().resideInAPackage("dev.asiscope.sim..")
                .and().arePublic().and().haveNameMatching("(describe|render|text|format|title).*")
                .should().haveRawReturnType(String.class)
                .because(SIM_MAKES_NO_TEXT)
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
