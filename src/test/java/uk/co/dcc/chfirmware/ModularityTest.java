package uk.co.dcc.chfirmware;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/**
 * The application's modules (its top-level packages) depend on each other one way only, and reach into another
 * module only through what it exposes: its top-level package or a named interface it declares in a package-info.
 * <p>
 * Each run also writes the module documentation, {@code docs/modules/}: the module canvases and the component
 * diagrams (PlantUML, C4). To regenerate it after changing the modules, run this test alone and commit the files:
 * {@code ./mvnw -B -ntp verify -Dtest=ModularityTest -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class ModularityTest {

    private static final ApplicationModules MODULES = ApplicationModules.of(ChFirmwareApplication.class);

    @Test
    void shouldHaveOneWayDependenciesBetweenModulesThroughTheirExposedTypesOnly() {
        MODULES.verify();
    }

    /** Within a module too: no package, sub-packages included, depends on another that depends back on it. */
    @Test
    void shouldHaveNoPackageLoopAtAnyDepth() {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(ChFirmwareApplication.class.getPackageName());
        slices().matching(ChFirmwareApplication.class.getPackageName() + ".(**)").should().beFreeOfCycles()
                .check(classes);
    }

    @Test
    void shouldDocumentTheModules() {
        new Documenter(MODULES, Documenter.Options.defaults().withOutputFolder("docs/modules"))
                .writeDocumentation();
    }
}
