package org.accord.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module map of docs/architecture.md as executable rules: lower modules never import higher ones, and the STIX
 * core knows nothing of HTTP or SQL. Maven already keeps a module from seeing modules its POM does not name; these
 * rules also catch a dependency added to a POM against the design.
 */
class ArchitectureTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.accord");
  }

  @Test
  void stixKnowsNothingOfStorageHttpOrHigherModules() {
    noClasses()
        .that()
        .resideInAPackage("org.accord.stix..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.accord.store..", "org.accord.taxii..", "org.accord.node..", "org.accord.cli..",
            "java.sql..", "javax.sql..", "io.javalin..", "org.eclipse.jetty..")
        .check(classes);
  }

  @Test
  void sensorKnowsNothingOfStorageHttpOrTheRulebook() {
    // The sensor is the hot path and the unit a Kafka Streams topology will run: pure computation over telemetry.
    noClasses()
        .that()
        .resideInAPackage("org.accord.sensor..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.accord.store..", "org.accord.taxii..", "org.accord.node..", "org.accord.cli..", "org.accord.rules..",
            "org.accord.ledger..", "java.sql..", "javax.sql..", "io.javalin..", "org.eclipse.jetty..")
        .check(classes);
  }

  @Test
  void storeKnowsNothingOfHttpOrHigherModules() {
    noClasses()
        .that()
        .resideInAPackage("org.accord.store..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.accord.taxii..", "org.accord.node..", "org.accord.cli..", "io.javalin..", "org.eclipse.jetty..")
        .check(classes);
  }

  @Test
  void taxiiDoesNotReachIntoTheNodeOrTheCommandLine() {
    noClasses()
        .that()
        .resideInAPackage("org.accord.taxii..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.accord.node..", "org.accord.cli..", "java.sql..")
        .check(classes);
  }

  @Test
  void taxiiClientKnowsNothingOfTheServer() {
    // The federation client is written from the specification, so that client and server cannot share a misreading.
    noClasses()
        .that()
        .resideInAPackage("org.accord.taxii.client..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.accord.taxii.server..", "io.javalin..", "org.eclipse.jetty..")
        .check(classes);
  }

  @Test
  void nodeDoesNotDependOnTheCommandLine() {
    noClasses()
        .that()
        .resideInAPackage("org.accord.node..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.accord.cli..")
        .check(classes);
  }

  @Test
  void casesKnowsNothingOfHttpSqlOrTheNode() {
    // Requests and clocks are domain logic over the store's CaseRecords: the node maps them to REST and federation.
    noClasses()
        .that()
        .resideInAPackage("org.accord.cases..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.accord.taxii..", "org.accord.node..", "org.accord.cli..", "org.accord.sensor..", "java.sql..",
            "javax.sql..", "io.javalin..", "org.eclipse.jetty..")
        .check(classes);
  }

  @Test
  void hashKnowsNothingOfHttpSqlOrTheNodeAndLowerModulesNeverImportIt() {
    // Perceptual hashing, the index and banks as STIX: the node maps them to REST and federation (issue 11).
    noClasses()
        .that()
        .resideInAPackage("org.accord.hash..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.accord.store..", "org.accord.taxii..", "org.accord.node..", "org.accord.cli..", "org.accord.rules..",
            "org.accord.ledger..", "org.accord.cases..", "org.accord.sensor..", "java.sql..", "javax.sql..",
            "java.net.http..", "io.javalin..", "org.eclipse.jetty..")
        .check(classes);
    noClasses()
        .that()
        .resideInAnyPackage(
            "org.accord.stix..", "org.accord.ledger..", "org.accord.rules..", "org.accord.store..",
            "org.accord.sensor..", "org.accord.taxii..", "org.accord.cases..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.accord.hash..")
        .check(classes);
  }

  @Test
  void lowerModulesNeverImportCases() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "org.accord.stix..", "org.accord.ledger..", "org.accord.rules..", "org.accord.store..",
            "org.accord.sensor..", "org.accord.taxii..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.accord.cases..")
        .check(classes);
  }
}
