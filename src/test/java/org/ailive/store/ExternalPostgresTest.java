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
import static org.junit.jupiter.api.Assertions.assertTrue;

/** With {@code dbUrl} set the service uses that Postgres (here a separate server), migrates it, and starts no embedded one. */
class ExternalPostgresTest {

  @Test
  void aConfiguredUrlIsUsedInsteadOfTheEmbeddedDatabase() throws Exception {
    try (EmbeddedPostgres external = EmbeddedPostgres.builder().start()) {
      Path dataDir = Files.createTempDirectory("ailive-external");
      AppConfig config = AppConfig.load(null, Map.of(
          "AILIVE_DB_URL", "postgresql://localhost:" + external.getPort() + "/postgres",
          "AILIVE_DB_USER", "postgres"))
        .with("httpPort", 0).with("dataDir", dataDir.toString())
        .with("firstOfficerEmail", TestServer.OFFICER_EMAIL).with("firstOfficerPassword", TestServer.OFFICER_PASSWORD);
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
}
