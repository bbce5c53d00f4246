package org.ailive.store;

import io.vertx.core.json.JsonObject;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.ailive.App;
import org.ailive.TestServer;
import org.ailive.config.AppConfig;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** With {@code dbUrl} set the service uses that Postgres (here a separate server), migrates it, and starts no embedded one. */
class ExternalPostgresTest {

  @Test
  void aConfiguredUrlIsUsedInsteadOfTheEmbeddedDatabase() throws Exception {
    try (EmbeddedPostgres external = EmbeddedPostgres.builder().start()) {
      Path dataDir = Files.createTempDirectory("ailive-external");
      AppConfig config = config(external, dataDir);
      var vertx = App.newVertx();
      try {
        App app = App.start(vertx, config).await(2, TimeUnit.MINUTES);
        assertFalse(app.db().isEmbedded());
        assertFalse(Files.exists(dataDir.resolve("postgres")), "no embedded database was made");
        var client = io.vertx.ext.web.client.WebClient.create(vertx);
        assertEquals(200, client.get(app.httpPort(), "localhost", "/health").send().await(20, TimeUnit.SECONDS)
          .statusCode());
        var signIn = client.post(app.httpPort(), "localhost", "/api/auth/sign-in")
          .sendJsonObject(new JsonObject().put("email", TestServer.OFFICER_EMAIL).put("password", TestServer.OFFICER_PASSWORD))
          .await(20, TimeUnit.SECONDS);
        assertEquals(200, signIn.statusCode(), signIn.bodyAsString());
        app.stop().await(1, TimeUnit.MINUTES);
      } finally {
        vertx.close().await(30, TimeUnit.SECONDS);
        TestServer.deleteQuietly(dataDir);
      }
      try (var conn = external.getPostgresDatabase().getConnection(); var st = conn.createStatement();
           var rs = st.executeQuery("SELECT count(*) FROM flyway_schema_history WHERE success")) {
        assertTrue(rs.next() && rs.getInt(1) >= 1, "the external database was migrated");
      }
      try (var conn = external.getPostgresDatabase().getConnection(); var st = conn.createStatement();
           var rs = st.executeQuery("SELECT count(*) FROM member WHERE email = '" + TestServer.OFFICER_EMAIL + "'")) {
        assertTrue(rs.next() && rs.getInt(1) == 1, "and holds the data");
      }
    }
  }

  /**
   * A database a newer release has migrated further (here: one more row in Flyway's history) is
   * refused at start with the reason, rather than written to by code that does not know its tables.
   */
  @Test
  void aDatabaseMigratedByANewerReleaseIsRefused() throws Exception {
    try (EmbeddedPostgres external = EmbeddedPostgres.builder().start()) {
      Path dataDir = Files.createTempDirectory("ailive-external");
      AppConfig config = config(external, dataDir);
      var vertx = App.newVertx();
      try {
        App.start(vertx, config).await(2, TimeUnit.MINUTES).stop().await(1, TimeUnit.MINUTES);
        try (var conn = external.getPostgresDatabase().getConnection(); var st = conn.createStatement()) {
          st.executeUpdate("INSERT INTO flyway_schema_history (installed_rank, version, description, type, script,"
            + " checksum, installed_by, execution_time, success) SELECT max(installed_rank) + 1, '999',"
            + " 'from a newer release', 'SQL', 'V999__newer.sql', 0, 'test', 0, true FROM flyway_schema_history");
        }
        Throwable refused = assertThrows(Exception.class, () -> App.start(vertx, config).await(2, TimeUnit.MINUTES));
        String message = String.valueOf(refused.getMessage()) + " " + String.valueOf(refused.getCause());
        assertTrue(message.contains("schema is at version 999, newer than this release knows"), message);
      } finally {
        vertx.close().await(30, TimeUnit.SECONDS);
        TestServer.deleteQuietly(dataDir);
      }
    }
  }

  /** The service on {@code external} as its database, with a data directory of its own. */
  private static AppConfig config(EmbeddedPostgres external, Path dataDir) throws Exception {
    return AppConfig.load(null, Map.of(
        "AILIVE_DB_URL", "postgresql://localhost:" + external.getPort() + "/postgres",
        "AILIVE_DB_USER", "postgres"))
      .with("httpPort", 0).with("dataDir", dataDir.toString())
      .with("firstOfficerEmail", TestServer.OFFICER_EMAIL).with("firstOfficerPassword", TestServer.OFFICER_PASSWORD);
  }
}
