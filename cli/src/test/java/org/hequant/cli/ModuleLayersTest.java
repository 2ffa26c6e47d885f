package org.hequant.cli;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The build rule that keeps the code layered. Maven already refuses a cycle between modules; this test refuses
 * one between packages, across every module: this module's test class path holds them all (main classes
 * only). A package that needs another's classes must not be needed by it, directly or through others.
 */
class ModuleLayersTest {
    /** Every hequant main class: test folders and test jars (the evaluator's, which this module reuses) left out. */
    static JavaClasses mainClasses() {
        return new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("-tests.jar"))
                .importPackages("org.hequant");
    }

    @Test
    void packagesDependOnEachOtherWithoutCycles() {
        slices().matching("org.hequant.(**)").should().beFreeOfCycles().check(mainClasses());
    }
}
