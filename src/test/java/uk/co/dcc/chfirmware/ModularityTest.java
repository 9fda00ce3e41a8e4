package uk.co.dcc.chfirmware;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/**
 * The application's modules (its top-level packages) depend on each other one way only, and reach into another
 * module only through what it exposes: its top-level package or a named interface it declares in a package-info.
 * <p>
 * Each run also writes the module documentation, {@code docs/modules/} (described in {@code docs/modules.md}): the
 * module canvases and the component diagrams (PlantUML, C4), their relations sorted so that a run changes the files only
 * when the modules changed. To regenerate it after changing the modules, run this test alone and commit the files:
 * {@code ./mvnw -B -ntp verify -Dtest=ModularityTest -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class ModularityTest {

    private static final ApplicationModules MODULES = ApplicationModules.of(ChFirmwareApplication.class);
    private static final Path DOCUMENTATION = Path.of("docs/modules");

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
    void shouldDocumentTheModules() throws IOException {
        new Documenter(MODULES, Documenter.Options.defaults().withOutputFolder(DOCUMENTATION.toString()))
                .writeDocumentation();
        try (Stream<Path> files = Files.list(DOCUMENTATION)) {
            for (Path diagram : files.filter(file -> file.toString().endsWith(".puml")).toList()) {
                Files.write(diagram, withSortedRelations(Files.readAllLines(diagram)));
            }
        }
    }

    /** The diagram with its relations (one {@code Rel(...)} line each, written in no fixed order) sorted. */
    private static List<String> withSortedRelations(List<String> lines) {
        List<String> relations = lines.stream().filter(line -> line.startsWith("Rel(")).sorted().toList();
        List<String> sorted = new ArrayList<>(lines.size());
        int next = 0;
        for (String line : lines) {
            sorted.add(line.startsWith("Rel(") ? relations.get(next++) : line);
        }
        return sorted;
    }
}
