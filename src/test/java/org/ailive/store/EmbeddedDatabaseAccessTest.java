package org.ailive.store;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.ailive.TestServer;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 15 item 7: the embedded Postgres trusts nobody. A new data directory gets a password for
 * every role (SCRAM, kept in an owner-only file), Postgres listens on 127.0.0.1 only, and the service
 * connects as a role that is no superuser and owns the schema; a data directory made by the old
 * code (any local user trusted as superuser) is upgraded in place at its next start, data intact.
 */
class EmbeddedDatabaseAccessTest {

  @Test
  void aNewDataDirectoryAsksForAPasswordAndTheServiceIsNoSuperuser() throws Exception {
    TestServer server = TestServer.start(Files.createTempDirectory("ailive-db-access"), false);
    try {
      assertLockedDown(server);
      // A restart finds the same secret and the same role.
      server.halt();
      server.boot();
      assertLockedDown(server);
      assertEquals(1, server.query("SELECT count(*) AS n FROM member").getJsonObject(0).getInteger("n"),
        "the first officer, still there");
    } finally {
      server.stop();
      TestServer.deleteQuietly(server.dataDir);
    }
  }

  @Test
  void aDataDirectoryMadeByTheOldCodeIsUpgradedInPlace() throws Exception {
    Path dataDir = Files.createTempDirectory("ailive-db-upgrade");
    // Exactly as the old code made it: zonky's defaults (initdb -A trust), Flyway as postgres, data in it.
    try (EmbeddedPostgres old = EmbeddedPostgres.builder().setDataDirectory(dataDir.resolve("postgres"))
        .setCleanDataDirectory(false).start()) {
      Flyway.configure().dataSource(old.getPostgresDatabase()).locations("classpath:db/migration").load().migrate();
      try (Connection c = old.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
        st.execute("INSERT INTO member (full_name, email, roles) VALUES ('Ann Old', 'ann@old.example', ARRAY['partner'])");
      }
    }
    assertFalse(Files.exists(dataDir.resolve(DatabaseSecret.FILE)));
    TestServer server = TestServer.start(dataDir, false);
    try {
      assertLockedDown(server);
      assertEquals(1, server.query("SELECT count(*) AS n FROM member WHERE email = 'ann@old.example'")
        .getJsonObject(0).getInteger("n"), "the council's data is still there");
      assertTrue(server.query("SELECT count(*) AS n FROM member WHERE 'officer' = ANY(roles)").getJsonObject(0)
        .getInteger("n") >= 1, "and the service wrote to it as its new role");
      server.halt();
      server.boot();
      assertLockedDown(server);
    } finally {
      server.stop();
      TestServer.deleteQuietly(dataDir);
    }
  }

  private static void assertLockedDown(TestServer server) throws Exception {
    Path secretFile = server.dataDir.resolve(DatabaseSecret.FILE);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(secretFile)),
      "the database passwords are readable by their owner only");
    DatabaseSecret secret = DatabaseSecret.read(server.dataDir);
    int port = server.app.db().connectOptions().getPort();
    String url = "jdbc:postgresql://127.0.0.1:" + port + "/postgres";

    for (String user : List.of("postgres", "ailive", "root")) {
      assertThrows(SQLException.class, () -> DriverManager.getConnection(url, user, null).close(),
        user + " without a password is refused");
      SQLException wrong = assertThrows(SQLException.class,
        () -> DriverManager.getConnection(url, user, "not-the-password").close(), user + " with a wrong password");
      assertEquals("28P01", wrong.getSQLState(), "the server refuses the password itself: " + wrong.getMessage());
    }
    try (Connection c = DriverManager.getConnection(url, "postgres", secret.superuser()); Statement st = c.createStatement()) {
      var rs = st.executeQuery("SELECT current_setting('listen_addresses'), current_setting('unix_socket_directories')");
      assertTrue(rs.next(), "the superuser signs in with the secret's password only");
      assertEquals("127.0.0.1", rs.getString(1), "loopback only");
      assertEquals("", rs.getString(2), "and no Unix socket in /tmp");
    }

    JsonObject me = server.query("""
        SELECT current_user AS who, r.rolsuper, r.rolcreaterole, r.rolcreatedb, r.rolbypassrls
        FROM pg_roles r WHERE r.rolname = current_user""").getJsonObject(0);
    assertEquals("ailive", me.getString("who"), "the service connects as its own role");
    assertFalse(me.getBoolean("rolsuper"), "which is no superuser");
    assertFalse(me.getBoolean("rolcreaterole"));
    assertFalse(me.getBoolean("rolcreatedb"));
    assertFalse(me.getBoolean("rolbypassrls"));
    assertEquals("ailive", server.query("SELECT pg_get_userbyid(nspowner) AS owner FROM pg_namespace WHERE nspname = 'public'")
      .getJsonObject(0).getString("owner"), "it owns the schema");
    JsonArray notOurs = server.query("""
        SELECT c.relname FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace
          AND pg_get_userbyid(c.relowner) <> 'ailive'
        UNION ALL SELECT p.proname FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace
          AND pg_get_userbyid(p.proowner) <> 'ailive'""");
    assertEquals(new JsonArray(), notOurs, "and everything in it, Flyway's history included");

    String hba = Files.readString(server.dataDir.resolve("postgres/pg_hba.conf"));
    assertFalse(hba.contains("trust"), hba);
    assertEquals(200, server.client.get("/health").send().await(20, TimeUnit.SECONDS).statusCode());
  }
}
