package org.ailive.store;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.ailive.App;
import org.ailive.LiveMeeting;
import org.ailive.TestServer;
import org.ailive.config.AppConfig;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code bin/backup} and {@code bin/restore} as an operator runs them (real processes, Debian's
 * pg_dump and pg_restore) against a real service in the middle of a meeting: the restored data
 * directory serves the same meeting, event for event.
 */
class BackupRestoreTest {

  /** Surefire runs in the project directory, where bin/ is. */
  static final Path ROOT = Path.of("").toAbsolutePath();

  record Run(int code, String output) {
  }

  /** What must survive a backup and restore: the meeting, its log, the members, the Flyway history. */
  record Snapshot(long lastSeq, JsonObject events, JsonObject state, JsonArray members, JsonArray flyway) {
  }

  @Test
  void aMeetingBackedUpWhileItRunsIsRestoredIntact() throws Exception {
    requirePostgresClient();
    LiveMeeting m = LiveMeeting.start();
    Path work = Files.createTempDirectory("ailive-backup");
    List<TestServer> restored = new ArrayList<>();
    boolean halted = false;
    try {
      String camhsId = m.memberId("camhs@demo.ailive.test");
      m.ok(m.police, "attendance.mark", new JsonObject().put("status", "remote"));
      m.ok(m.officer, "attendance.mark", new JsonObject().put("memberId", camhsId).put("status", "apologies_with_update")
        .put("writtenUpdate", "Seen in October; next review in January."));
      m.ok(m.police, "contribution.add", new JsonObject().put("body", "Officers attended twice in October."));
      m.ok(m.chair, "timer.next", new JsonObject());
      Snapshot before = snapshot(m.server, m.meetingId);
      assertTrue(before.lastSeq() >= 7, "the meeting has a log: " + before.lastSeq());
      assertTrue(before.state().getJsonArray("contributions").encode().contains("Officers attended twice in October."));
      assertTrue(before.state().getJsonArray("attendance").encode().contains("Seen in October; next review in January."));

      // 1. Online, the service running and nothing changing meanwhile.
      Path quiet = work.resolve("quiet.dump");
      Run backup = run(Map.of(), "bin/backup", "--data-dir", m.server.dataDir.toString(), quiet.toString());
      assertEquals(0, backup.code(), backup.output());
      assertTrue(backup.output().contains("of the running service"), backup.output());
      assertTrue(backup.output().contains("bin/restore " + quiet), "it says how to restore: " + backup.output());
      assertTrue(backup.output().contains("token signing key"), "it says the key is not in it: " + backup.output());
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(quiet)),
        "the backup holds personal data: its owner's only");

      // 2. Online while partners keep contributing: the backup is one consistent moment of the meeting.
      AtomicBoolean loading = new AtomicBoolean(true);
      AtomicInteger acked = new AtomicInteger();
      Thread load = new Thread(() -> {
        for (int i = 0; loading.get(); i++) {
          try {
            if (m.command(m.police, "contribution.add", new JsonObject().put("body", "update " + i)).statusCode() == 200) {
              acked.incrementAndGet();
            }
            Thread.sleep(150);  // under the 10 commands a second a member may send
          } catch (Exception e) {
            return;
          }
        }
      });
      load.start();
      long waitUntil = System.currentTimeMillis() + 10_000;
      while (acked.get() < 3 && System.currentTimeMillis() < waitUntil) {
        Thread.sleep(50);
      }
      int ackedBefore = acked.get();
      Path busy = work.resolve("busy.dump");
      Run busyBackup = run(Map.of(), "bin/backup", "--data-dir", m.server.dataDir.toString(), busy.toString());
      int ackedDuringBackup = acked.get() - ackedBefore;
      loading.set(false);
      load.join(30_000);
      assertEquals(0, busyBackup.code(), busyBackup.output());
      assertTrue(ackedDuringBackup >= 1, "contributions were saved while bin/backup ran: " + ackedDuringBackup);
      Snapshot after = snapshot(m.server, m.meetingId);

      // 3. The service stopped: bin/backup starts its database under the data directory's lock and stops it again.
      m.server.halt();
      halted = true;
      Path offline = work.resolve("offline.dump");
      Run offlineBackup = run(Map.of(), "bin/backup", "--data-dir", m.server.dataDir.toString(), offline.toString());
      assertEquals(0, offlineBackup.code(), offlineBackup.output());
      assertTrue(offlineBackup.output().contains("service stopped"), offlineBackup.output());
      assertFalse(Files.exists(m.server.dataDir.resolve("postgres/postmaster.pid")), "the database it started is stopped");

      // Restored from 1: the same meeting, the same log, the same people, no migration run again.
      TestServer r1 = restoreAndStart(quiet, work.resolve("restored-quiet"), null, restored);
      Snapshot fromQuiet = snapshot(r1, m.meetingId);
      assertEquals(before.lastSeq(), fromQuiet.lastSeq());
      assertEquals(before.events(), fromQuiet.events(), "the same events");
      assertEquals(before.state(), fromQuiet.state(), "the same room: agenda, timer, attendance, contributions");
      assertEquals(before.members(), fromQuiet.members(), "the same members");
      assertEquals(before.flyway(), fromQuiet.flyway(), "Flyway found its history and migrated nothing again");
      // The demo members sign in with their password; tokens signed with the old key do not (no keys copied).
      Matcher password = Pattern.compile("password: (\\S+)")
        .matcher(Files.readString(m.server.dataDir.resolve("demo-accounts.txt")));
      assertTrue(password.find());
      var signIn = r1.client.post("/api/auth/sign-in").sendJsonObject(new JsonObject()
        .put("email", "police@demo.ailive.test").put("password", password.group(1))).await(20, TimeUnit.SECONDS);
      assertEquals(200, signIn.statusCode(), signIn.bodyAsString());
      assertEquals(401, room(r1, m.meetingId, m.chair).statusCode(), "a new key: everyone signs in again");

      // Restored from 2: exactly the meeting as it was at some event, its state matching its log.
      TestServer r2 = restoreAndStart(busy, work.resolve("restored-busy"), null, restored);
      Snapshot fromBusy = snapshot(r2, m.meetingId);
      long seq = fromBusy.lastSeq();
      assertTrue(seq >= before.lastSeq(), "nothing before the backup is missing: " + seq);
      JsonArray prefix = new JsonArray(after.events().getJsonArray("events").stream()
        .filter(e -> ((JsonObject) e).getLong("seq") <= seq).toList());
      assertEquals(prefix, fromBusy.events().getJsonArray("events"), "the log up to " + seq + ", no more, no less");
      List<String> logged = fromBusy.events().getJsonArray("events").stream().map(e -> (JsonObject) e)
        .filter(e -> e.getString("type").equals("contribution.added"))
        .map(e -> e.getJsonObject("payload").getJsonObject("contribution").getString("body")).toList();
      List<String> shown = fromBusy.state().getJsonArray("contributions").stream()
        .map(c -> ((JsonObject) c).getString("body")).toList();
      assertEquals(logged, shown, "the room's contributions are those of its log");
      System.out.printf("Backup under load: %d contributions acknowledged while bin/backup ran; restored at seq %d"
        + " (before: %d, at the stop: %d)%n", ackedDuringBackup, seq, before.lastSeq(), after.lastSeq());

      // Restored from 3, with the keys copied: everything up to the stop, and current sign-ins still valid.
      TestServer r3 = restoreAndStart(offline, work.resolve("restored-offline"), m.server.dataDir.resolve("keys"), restored);
      Snapshot fromOffline = snapshot(r3, m.meetingId);
      assertEquals(after.lastSeq(), fromOffline.lastSeq());
      assertEquals(after.events(), fromOffline.events());
      assertEquals(after.state(), fromOffline.state());
      assertEquals(after.members(), fromOffline.members());
      assertEquals(200, room(r3, m.meetingId, m.chair).statusCode(), "the key copied: the chair's token still works");

      // Never over a database: a directory with anything in it is refused and left alone.
      Run again = run(Map.of(), "bin/restore", quiet.toString(), work.resolve("restored-quiet").toString());
      assertNotEquals(0, again.code(), again.output());
      assertTrue(again.output().contains("is not empty"), again.output());
      assertEquals(before.events(), snapshot(r1, m.meetingId).events());
    } finally {
      for (TestServer s : restored) {
        stopQuietly(s);
      }
      if (halted) {
        m.server.vertx.close().await(30, TimeUnit.SECONDS);
        TestServer.deleteQuietly(m.server.dataDir);
      } else {
        m.stop();
      }
      TestServer.deleteQuietly(work);
    }
  }

  @Test
  void anExternalPostgresIsBackedUpThroughItsUrlAndRestoresIntoAnEmbeddedDirectory() throws Exception {
    requirePostgresClient();
    Path work = Files.createTempDirectory("ailive-backup-ext");
    List<TestServer> restored = new ArrayList<>();
    try (EmbeddedPostgres external = EmbeddedPostgres.builder().start()) {
      Map<String, String> env = Map.of("AILIVE_DB_URL", "postgresql://localhost:" + external.getPort() + "/postgres",
        "AILIVE_DB_USER", "postgres");
      AppConfig config = AppConfig.load(null, env).with("httpPort", 0).with("dataDir", work.resolve("service").toString())
        .with("firstOfficerEmail", TestServer.OFFICER_EMAIL).with("firstOfficerPassword", TestServer.OFFICER_PASSWORD)
        .with("demo", "false");  // the service never seeds the demo into an external database: the test does
      var vertx = App.newVertx();
      JsonArray members;
      JsonArray flyway;
      Path dump = work.resolve("external.dump");
      try {
        App app = App.start(vertx, config).await(2, TimeUnit.MINUTES);
        org.ailive.demo.DemoData.seed(app.db().pool(), "pbkdf2-sha256$1$c2FsdA$aGFzaA", java.time.LocalDate.now())
          .await(1, TimeUnit.MINUTES);
        members = rows(app, "SELECT email, full_name, roles FROM member ORDER BY email");
        flyway = rows(app, "SELECT installed_rank, version, checksum, installed_on, success FROM flyway_schema_history"
          + " ORDER BY installed_rank");
        assertTrue(members.size() > 10, "the demo county is there: " + members.size());
        // While the service runs on it, and with no embedded database to find.
        Run backup = run(env, "bin/backup", "--data-dir", work.resolve("nothing-here").toString(), dump.toString());
        assertEquals(0, backup.code(), backup.output());
        assertTrue(backup.output().contains("the external Postgres postgres@localhost:" + external.getPort() + "/postgres"),
          backup.output());
        app.stop().await(1, TimeUnit.MINUTES);
      } finally {
        vertx.close().await(30, TimeUnit.SECONDS);
      }
      TestServer r = restoreAndStart(dump, work.resolve("restored"), null, restored);
      assertEquals(members, r.query("SELECT email, full_name, roles FROM member ORDER BY email"));
      assertEquals(flyway, r.query("SELECT installed_rank, version, checksum, installed_on, success"
        + " FROM flyway_schema_history ORDER BY installed_rank"), "no migration ran again");
    } finally {
      for (TestServer s : restored) {
        stopQuietly(s);
      }
      TestServer.deleteQuietly(work);
    }
  }

  @Test
  void whatCannotBeBackedUpOrRestoredIsRefusedWithAReason() throws Exception {
    requirePostgresClient();
    Path work = Files.createTempDirectory("ailive-backup-refused");
    try {
      Run noDatabase = run(Map.of(), "bin/backup", "--data-dir", work.resolve("no-such-dir").toString(),
        work.resolve("x.dump").toString());
      assertNotEquals(0, noDatabase.code(), noDatabase.output());
      assertTrue(noDatabase.output().contains("there is no A&I Live database in"), noDatabase.output());
      assertFalse(Files.exists(work.resolve("no-such-dir")), "nothing is made where there was nothing");
      try (Stream<Path> left = Files.list(work)) {
        assertEquals(List.of(), left.toList(), "no partial backup is left behind");
      }

      Path notABackup = Files.writeString(work.resolve("notes.txt"), "not a dump");
      Run bad = run(Map.of(), "bin/restore", notABackup.toString(), work.resolve("restored").toString());
      assertNotEquals(0, bad.code(), bad.output());
      assertTrue(bad.output().contains("is not a readable pg_dump archive"), bad.output());
      assertFalse(Files.exists(work.resolve("restored")), "no data directory is made from a bad file");
    } finally {
      TestServer.deleteQuietly(work);
    }
  }

  // ----------------------------------------------------------------------------------------- helpers

  /** The tests need Debian's postgresql-client; a missing one is a failure to fix, never a skip. */
  static void requirePostgresClient() {
    for (String tool : List.of("pg_dump", "pg_restore")) {
      boolean found = Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
        .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, tool)));
      if (!found) {
        fail(tool + " is not installed, so backup and restore cannot be tested. It comes with Debian's"
          + " postgresql-client, which bin/test installs when missing (or: sudo apt-get install postgresql-client).");
      }
    }
  }

  /** Runs one of the scripts in bin/ as an operator would, with no AILIVE_* settings but the given ones. */
  static Run run(Map<String, String> env, String... command) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true);
    pb.command().set(0, ROOT.resolve(command[0]).toString());
    pb.environment().keySet().removeIf(k -> k.startsWith("AILIVE_"));
    // The scripts run on this test's own classpath: no Maven build inside the test run.
    pb.environment().put("AILIVE_CLASSPATH", System.getProperty("java.class.path"));
    pb.environment().putAll(env);
    Process p = pb.start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      fail(String.join(" ", command) + " did not finish: " + output);
    }
    return new Run(p.exitValue(), String.join(" ", command) + "\n" + output);
  }

  /** bin/restore into a new directory, then the service on it (no demo seeding: the data is the backup's). */
  static TestServer restoreAndStart(Path dump, Path dataDir, Path keysToCopy, List<TestServer> started) throws Exception {
    Run restore = run(Map.of(), "bin/restore", dump.toString(), dataDir.toString());
    assertEquals(0, restore.code(), restore.output());
    assertTrue(restore.output().contains("AILIVE_DATA_DIR=" + dataDir + " bin/start"), restore.output());
    assertTrue(restore.output().contains("token signing key is not in it"), restore.output());
    assertFalse(Files.exists(dataDir.resolve("postgres/postmaster.pid")), "the restore's database is stopped");
    assertFalse(Files.exists(dataDir.resolve("keys")), "no key is made by a restore");
    if (keysToCopy != null) {
      Files.createDirectories(dataDir.resolve("keys"));
      try (Stream<Path> keys = Files.list(keysToCopy)) {
        for (Path key : keys.toList()) {
          Files.copy(key, dataDir.resolve("keys").resolve(key.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
    TestServer server = TestServer.start(dataDir, false);
    started.add(server);
    return server;
  }

  static Snapshot snapshot(TestServer s, String meetingId) throws Exception {
    String chair = s.demoToken("chair@demo.ailive.test");
    var events = s.client.get("/api/meetings/" + meetingId + "/events?after=0").bearerTokenAuthentication(chair).send()
      .await(20, TimeUnit.SECONDS);
    assertEquals(200, events.statusCode(), events.bodyAsString());
    assertFalse(events.bodyAsJsonObject().getBoolean("more"), "the whole log in one page");
    JsonObject log = events.bodyAsJsonObject();
    log.remove("serverTime");  // a reading of the clock, not data
    var room = room(s, meetingId, chair);
    assertEquals(200, room.statusCode(), room.bodyAsString());
    JsonObject state = room.bodyAsJsonObject().getJsonObject("state");
    state.remove("presence");  // who is connected now, and
    state.remove("projectedEnd");  // now + what remains: readings of the moment, not data
    return new Snapshot(state.getLong("lastSeq"), log, state,
      s.query("SELECT email, full_name, roles, agency_id FROM member ORDER BY email"),
      s.query("SELECT installed_rank, version, checksum, installed_on, success FROM flyway_schema_history"
        + " ORDER BY installed_rank"));
  }

  static io.vertx.ext.web.client.HttpResponse<io.vertx.core.buffer.Buffer> room(TestServer s, String meetingId,
                                                                               String token) throws Exception {
    return s.client.get("/api/meetings/" + meetingId + "/room").bearerTokenAuthentication(token).send()
      .await(20, TimeUnit.SECONDS);
  }

  static JsonArray rows(App app, String sql) throws Exception {
    JsonArray out = new JsonArray();
    app.db().pool().query(sql).execute().await(10, TimeUnit.SECONDS).forEach(r -> out.add(r.toJson()));
    return out;
  }

  static void stopQuietly(TestServer s) {
    try {
      s.stop();
    } catch (Exception e) {
      // Best effort at the end of a test.
    }
    TestServer.deleteQuietly(s.dataDir);
  }
}
