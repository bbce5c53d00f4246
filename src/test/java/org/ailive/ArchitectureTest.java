package org.ailive;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The shape of the code, held by tests: the packages under {@code org.ailive} depend on each other
 * one way only; the shared vocabulary ({@code protocol}, {@code config}) imports no feature; the
 * live room imports no client of it; {@code web} is imported by nobody; no main source file is over
 * 400 lines.
 */
class ArchitectureTest {

  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("org.ailive");
  }

  @Test
  void thePackageGraphHasNoCycles() {
    slices().matching("org.ailive.(*)..").should().beFreeOfCycles().check(classes);
  }

  @Test
  void theSharedVocabularyImportsNoFeature() {
    noClasses().that().resideInAnyPackage("org.ailive.protocol..", "org.ailive.config..")
      .should().dependOnClassesThat().resideOutsideOfPackages("org.ailive.protocol..", "org.ailive.config..",
        "java..", "io.vertx..", "io.netty..", "com.fasterxml..")
      .check(classes);
  }

  @Test
  void theRoomKnowsNoneOfItsClients() {
    noClasses().that().resideInAPackage("org.ailive.room..")
      .should().dependOnClassesThat().resideInAnyPackage("org.ailive.web..", "org.ailive.live..",
        "org.ailive.cases..", "org.ailive.actions..", "org.ailive.meeting..", "org.ailive.members..",
        "org.ailive.minutes..", "org.ailive.export..", "org.ailive.reports..", "org.ailive.demo..",
        "org.ailive.store..")
      .check(classes);
  }

  @Test
  void onlyTheEntryPointUsesTheHttpServer() {
    noClasses().that().resideOutsideOfPackages("org.ailive.web..").and().resideOutsideOfPackage("org.ailive")
      .should().dependOnClassesThat().resideInAPackage("org.ailive.web..")
      .check(classes);
  }

  @Test
  void noMainSourceFileIsOver400Lines() throws IOException {
    List<String> tooLong;
    try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
      tooLong = files.filter(p -> p.toString().endsWith(".java")).filter(ArchitectureTest::over400).map(Path::toString)
        .sorted().toList();
    }
    assertEquals(List.of(), tooLong, "main source files over 400 lines");
  }

  private static boolean over400(Path p) {
    try (Stream<String> lines = Files.lines(p)) {
      return lines.count() > 400;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
