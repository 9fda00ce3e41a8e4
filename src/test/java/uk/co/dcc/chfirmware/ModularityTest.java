package uk.co.dcc.chfirmware;

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

    @Test
    void shouldDocumentTheModules() {
        new Documenter(MODULES, Documenter.Options.defaults().withOutputFolder("docs/modules"))
                .writeDocumentation();
    }
}
