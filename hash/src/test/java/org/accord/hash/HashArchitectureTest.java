package org.accord.hash;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The hash module is pure computation over pixels and hashes: no HTTP, no SQL, no other Accord module; its bank
 * package maps banks to STIX objects and so may use the {@code stix} module, and nothing else of Accord's.
 */
class HashArchitectureTest {
  @Test
  void hashKnowsNothingOfHttpSqlOrOtherModules() {
    JavaClasses classes = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("org.accord.hash");
    noClasses()
        .that()
        .resideInAnyPackage("org.accord.hash", "org.accord.hash.index..", "org.accord.hash.video..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.accord.stix..", "org.accord.store..", "org.accord.taxii..", "org.accord.node..", "org.accord.cli..",
            "org.accord.rules..", "org.accord.ledger..", "org.accord.cases..", "org.accord.sensor..",
            "java.sql..", "javax.sql..", "java.net.http..", "io.javalin..", "org.eclipse.jetty..")
        .check(classes);
  }

  @Test
  void banksUseStixAndNothingElseOfAccordsHttpOrSql() {
    JavaClasses classes = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("org.accord.hash");
    noClasses()
        .that()
        .resideInAPackage("org.accord.hash.bank..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.accord.store..", "org.accord.taxii..", "org.accord.node..", "org.accord.cli..",
            "org.accord.rules..", "org.accord.ledger..", "org.accord.cases..", "org.accord.sensor..",
            "java.sql..", "javax.sql..", "java.net.http..", "io.javalin..", "org.eclipse.jetty..")
        .check(classes);
  }
}
