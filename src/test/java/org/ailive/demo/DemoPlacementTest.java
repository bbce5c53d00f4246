package org.ailive.demo;

import io.vertx.core.json.JsonObject;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.ailive.App;
import org.ailive.TestServer;
import org.ailive.config.AppConfig;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 15 item 8: the demo county goes only into a data directory that the same start has just
 * made, never into an external database or a directory that already holds one, and while its
 * accounts can sign in {@code GET /api/instance} (no sign-in) says so, for the pages' banner.
 */
class DemoPlacementTest {

  @Test
  void aNewDataDirectoryGetsTheDemoAndSaysSoUntilItsAccountsAreDeactivated() throws Exception {
    TestServer server = TestServer.start(Files.createTempDirectory("ailive-demo-new"), false,
      config -> config.with("demo", "auto"));
    try {
      assertEquals(1, count(server, "SELECT count(*) AS n FROM panel"), "seeded: the default on a new directory");
      assertEquals(new JsonObject().put("demo", true).putNull("councilName").put("setupRequired", false), instance(server),
        "the demo county is there to try: no set-up asked for");
      // --demo again on the demo's own directory starts as usual.
      server.halt();
      TestServer again = TestServer.start(server.dataDir, true);
      try {
        assertEquals(1, count(again, "SELECT count(*) AS n FROM panel"), "not seeded twice");
        again.query("UPDATE member SET active = false WHERE email LIKE '%@demo.ailive.test'");
        assertFalse(instance(again).getBoolean("demo"), "no demo account can sign in now");
      } finally {
        again.stop();
      }
    } finally {
      server.vertx.close().await(30, TimeUnit.SECONDS);
      TestServer.deleteQuietly(server.dataDir);
    }
  }

  @Test
  void aDataDirectoryThatAlreadyHoldsADatabaseGetsNoDemo() throws Exception {
    Path dataDir = Files.createTempDirectory("ailive-demo-existing");
    TestServer first = TestServer.start(dataDir, false);
    first.stop();
    try {
      TestServer auto = TestServer.start(dataDir, false, config -> config.with("demo", "auto"));
      try {
        assertEquals(0, count(auto, "SELECT count(*) AS n FROM panel"), "auto seeds only a new directory");
        assertEquals(new JsonObject().put("demo", false).putNull("councilName").put("setupRequired", true), instance(auto));
      } finally {
        auto.stop();
      }
      Exception refused = assertThrows(Exception.class, () -> TestServer.start(dataDir, true));
      assertTrue(messages(refused).contains("already holds a database without the demo"), messages(refused));
      TestServer after = TestServer.start(dataDir, false);
      try {
        assertEquals(0, count(after, "SELECT count(*) AS n FROM panel"), "nothing was seeded by the refused start");
      } finally {
        after.stop();
      }
    } finally {
      TestServer.deleteQuietly(dataDir);
    }
  }

  @Test
  void theDemoIsRefusedWithAnExternalDatabaseBeforeAnythingIsTouched() throws Exception {
    Path dataDir = Files.createTempDirectory("ailive-demo-external");
    try (EmbeddedPostgres external = EmbeddedPostgres.builder().start()) {
      AppConfig config = AppConfig.load(null, Map.of(
          "AILIVE_DB_URL", "postgresql://localhost:" + external.getPort() + "/postgres",
          "AILIVE_DB_USER", "postgres", "AILIVE_DEMO", "true"))
        .with("httpPort", 0).with("dataDir", dataDir.toString())
        .with("firstOfficerEmail", TestServer.OFFICER_EMAIL).with("firstOfficerPassword", TestServer.OFFICER_PASSWORD);
      var vertx = App.newVertx();
      try {
        Exception refused = assertThrows(Exception.class, () -> App.start(vertx, config).await(2, TimeUnit.MINUTES));
        assertTrue(messages(refused).contains("external database"), messages(refused));
        assertTrue(messages(refused).contains("AILIVE_DEMO"), messages(refused));
      } finally {
        vertx.close().await(30, TimeUnit.SECONDS);
      }
      try (Connection c = external.getPostgresDatabase().getConnection();
           ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")) {
        assertTrue(rs.next());
        assertEquals(0, rs.getInt(1), "the external database was not even migrated");
      }
      assertFalse(Files.exists(dataDir.resolve("demo-accounts.txt")));
    } finally {
      TestServer.deleteQuietly(dataDir);
    }
  }

  /** The messages of a failure and its causes (a start's failure may come wrapped). */
  static String messages(Throwable failure) {
    StringBuilder out = new StringBuilder();
    for (Throwable t = failure; t != null; t = t.getCause()) {
      out.append(t.getMessage()).append(" / ");
    }
    return out.toString();
  }

  private static JsonObject instance(TestServer server) throws Exception {
    var res = server.client.get("/api/instance").send().await(20, TimeUnit.SECONDS);
    assertEquals(200, res.statusCode(), res.bodyAsString());
    return res.bodyAsJsonObject();
  }

  private static long count(TestServer server, String sql) throws Exception {
    return server.query(sql).getJsonObject(0).getLong("n");
  }
}
