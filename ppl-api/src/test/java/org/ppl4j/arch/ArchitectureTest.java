package org.ppl4j.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module boundary of ppl-api, checked on its compiled classes: the packages form no cycle, the
 * layers under the tensor API depend only downwards, no backend or native library is reachable from
 * it, and the module descriptor exports exactly the API packages.
 */
class ArchitectureTest {
    private static final Path CLASSES = Path.of("target/classes");
    private static JavaClasses api;

    @BeforeAll
    static void importApi() {
        api =
                new ClassFileImporter()
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPath(CLASSES);
        assertThat(api.size()).as("classes of ppl-api found under " + CLASSES).isGreaterThan(100);
    }

    /** Each package is one slice, the root package included. */
    private static final SliceAssignment BY_PACKAGE =
            new SliceAssignment() {
                @Override
                public SliceIdentifier getIdentifierOf(JavaClass c) {
                    return c.getPackageName().startsWith("org.ppl4j")
                            ? SliceIdentifier.of(c.getPackageName())
                            : SliceIdentifier.ignore();
                }

                @Override
                public String getDescription() {
                    return "packages of ppl-api";
                }
            };

    @Test
    void packagesFormNoCycle() {
        slices().assignedFrom(BY_PACKAGE).should().beFreeOfCycles().check(api);
    }

    @Test
    void noBackendOrNativeLibraryIsReachable() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.ppl4j.backend..",
                        "org.nd4j..",
                        "org.tensorflow..",
                        "org.bytedeco..",
                        "org.apache.spark..")
                .check(api);
    }

    @Test
    void theLowLayersDependOnlyDownwards() {
        noClasses()
                .that()
                .resideInAPackage("org.ppl4j.core")
                .should()
                .dependOnClassesThat()
                .resideOutsideOfPackages("org.ppl4j.core", "java..")
                .check(api);
        noClasses()
                .that()
                .resideInAPackage("org.ppl4j.spi")
                .should()
                .dependOnClassesThat()
                .resideOutsideOfPackages("org.ppl4j.core", "org.ppl4j.spi", "java..")
                .check(api);
        noClasses()
                .that()
                .resideInAPackage("org.ppl4j.tensor")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.ppl4j",
                        "org.ppl4j.distributions",
                        "org.ppl4j.handlers",
                        "org.ppl4j.infer..",
                        "org.ppl4j.nn",
                        "org.ppl4j.optim",
                        "org.ppl4j.params",
                        "org.ppl4j.random")
                .check(api);
    }

    @Test
    void descriptorExportsTheApiPackagesAndNoInternalOneToAll() throws IOException {
        ModuleDescriptor d;
        try (InputStream in = Files.newInputStream(CLASSES.resolve("module-info.class"))) {
            d = ModuleDescriptor.read(in);
        }
        assertThat(d.name()).isEqualTo("org.ppl4j.api");
        Set<String> withPublicTypes =
                api.stream()
                        .filter(c -> c.getModifiers().contains(JavaModifier.PUBLIC))
                        .map(JavaClass::getPackageName)
                        .filter(p -> !p.startsWith("org.ppl4j.internal"))
                        .collect(Collectors.toCollection(TreeSet::new));
        Set<String> toAll =
                d.exports().stream()
                        .filter(e -> !e.isQualified())
                        .map(ModuleDescriptor.Exports::source)
                        .collect(Collectors.toCollection(TreeSet::new));
        assertThat(toAll).as("packages exported to every module").isEqualTo(withPublicTypes);
        assertThat(d.exports())
                .filteredOn(e -> e.source().startsWith("org.ppl4j.internal"))
                .allSatisfy(e -> assertThat(e.isQualified()).as(e.source()).isTrue());
        assertThat(d.uses()).contains("org.ppl4j.spi.BackendProvider");
    }

    @Test
    void everyExportedPackageIsDocumented() throws IOException {
        ModuleDescriptor d;
        try (InputStream in = Files.newInputStream(CLASSES.resolve("module-info.class"))) {
            d = ModuleDescriptor.read(in);
        }
        for (ModuleDescriptor.Exports e : d.exports()) {
            Path info = CLASSES.resolve(e.source().replace('.', '/')).resolve("package-info.class");
            assertThat(info).as("package-info of " + e.source()).exists();
        }
    }
}
