package org.ailive.notify;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.SqlConnection;
import jakarta.mail.internet.MimeMessage;
import org.ailive.App;
import org.ailive.TestServer;
import org.ailive.protocol.Zone;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 19 item 3: the daily scheduler against the real service, its database and a real SMTP
 * server, with a clock the test moves (no waiting for 07:00). A day missed while the service was
 * down is caught up at the next start, each day once and in order; a day run again sends nothing
 * new; the service stopped in the middle of a day leaves that day to run again, and its mail arrives
 * once; two nodes never run the same day; a catch-up goes 14 days back at most; nothing runs before
 * the configured time; the service itself runs its jobs at start; and a bad setting stops the start.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SchedulerTest {

  static final String ADDRESS = "days@council.example";
  static final UUID MEETING = UUID.randomUUID();
  static SmtpInbox inbox;
  static TestServer server;
  static MovableClock clock = new MovableClock();
  static DayJob job;
  static DailyScheduler scheduler;
  static String deployment;

  @BeforeAll
  static void start() throws Exception {
    inbox = new SmtpInbox();
    Map<String, Object> settings = new HashMap<>(inbox.settings("council.example"));
    settings.put("remindersAt", "00:00");
    server = TestServer.start(Files.createTempDirectory("ailive-days"), false, settings);
    job = new DayJob(server.vertx, new Outbox(server.vertx, server.config));
  }

  @AfterAll
  static void stop() throws Exception {
    server.stop();
    inbox.close();
    TestServer.deleteQuietly(server.dataDir);
  }

  @Test
  @Order(1)
  void theServiceRunsItsJobsForTodayAtStart() throws Exception {
    SmtpInbox.waitFor(() -> count("SELECT name FROM daily_job WHERE last_day = $1", Zone.today()) == 6,
      "the five reminder jobs and the weekly action digest ran today");
    JsonArray names = server.query("SELECT name FROM daily_job ORDER BY name");
    assertEquals(List.of("action_digest", "apology_updates", "case_deadlines", "pack_opens", "reviews_due", "stalled_actions"),
      names.stream().map(o -> ((io.vertx.core.json.JsonObject) o).getString("name")).toList());

    // The officer's view of it.
    var res = server.client.get("/api/admin/scheduler").bearerTokenAuthentication(server.demoToken(TestServer.OFFICER_EMAIL))
      .send().await(20, TimeUnit.SECONDS);
    assertEquals(200, res.statusCode(), res.bodyAsString());
    io.vertx.core.json.JsonObject view = res.bodyAsJsonObject();
    assertEquals("00:00", view.getString("remindersAt"));
    assertEquals(6, view.getJsonArray("jobs").size());
    assertEquals("action_digest", view.getJsonArray("jobs").getJsonObject(0).getString("name"));
    io.vertx.core.json.JsonObject first = view.getJsonArray("jobs").getJsonObject(1);
    assertEquals("apology_updates", first.getString("name"));
    assertEquals(Zone.today().toString(), first.getString("lastDay"));
    assertEquals(0, first.getInteger("lastCount"));
  }

  @Test
  @Order(2)
  void aJobNeverRunStartsTodayAndNothingRunsBeforeTheTime() throws Exception {
    clock.set(LocalDateTime.of(2027, 3, 1, 6, 59));
    deploy();
    assertEquals(0, scheduler.lookNow().await(10, TimeUnit.SECONDS));
    assertEquals(List.of(), job.runs);
    clock.set(LocalDateTime.of(2027, 3, 1, 7, 0));
    assertEquals(1, scheduler.lookNow().await(10, TimeUnit.SECONDS));
    assertEquals(List.of(day(1)), job.runs);
    assertEquals(List.of("Monday 1 March 2027"), mailedDays());
  }

  @Test
  @Order(3)
  void daysMissedWhileTheServiceWasDownAreCaughtUpAtStartEachOnce() throws Exception {
    undeploy();
    clock.set(LocalDateTime.of(2027, 3, 4, 8, 15));
    deploy(); // its first look is at start
    SmtpInbox.waitFor(() -> lastDay().equals(day(4)), "the catch-up to reach 4 March");
    assertEquals(List.of(day(1), day(2), day(3), day(4)), job.runs);
    assertEquals(List.of("Monday 1 March 2027", "Tuesday 2 March 2027", "Wednesday 3 March 2027",
      "Thursday 4 March 2027"), mailedDays());
    assertEquals(0, scheduler.lookNow().await(10, TimeUnit.SECONDS), "a later look the same day runs nothing");
  }

  @Test
  @Order(4)
  void aDayRunAgainSendsNothingNew() throws Exception {
    // As if the record of 4 March were lost after its notices committed: after a restart the day runs again.
    undeploy();
    server.query("UPDATE daily_job SET last_day = $1 WHERE name = 'test_days'", day(3));
    deploy();
    SmtpInbox.waitFor(() -> job.runs.size() == 5, "4 March run again");
    assertEquals(List.of(day(1), day(2), day(3), day(4), day(4)), job.runs);
    assertEquals(4, count("SELECT id FROM notice WHERE to_address = $1", ADDRESS));
    assertEquals(4, mailedDays().size(), mailedDays().toString());
  }

  @Test
  @Order(5)
  void theServiceStoppedInTheMiddleOfADayRunsThatDayAgainAndMailsItOnce() throws Exception {
    clock.set(LocalDateTime.of(2027, 3, 6, 9, 0));
    job.hangOn = day(6);
    scheduler.lookNow();
    assertTrue(job.hanging.await(20, TimeUnit.SECONDS), "the job is in the middle of 6 March");
    // 5 March committed; 6 March's notice is written but not committed when the service stops.
    server.halt();
    server.vertx.undeploy(deployment).await(20, TimeUnit.SECONDS);
    job.hangOn = null;
    server.boot();
    deploy();
    SmtpInbox.waitFor(() -> lastDay().equals(day(6)), "6 March run again after the restart");
    assertEquals(List.of(day(5), day(6), day(6)), job.runs.subList(5, 8));
    assertEquals(List.of("Monday 1 March 2027", "Tuesday 2 March 2027", "Wednesday 3 March 2027",
      "Thursday 4 March 2027", "Friday 5 March 2027", "Saturday 6 March 2027"), mailedDays());
  }

  @Test
  @Order(6)
  void twoNodesNeverRunTheSameDay() throws Exception {
    // Counted before the second node starts: its own first look may already run 7 March.
    int before = job.runs.size();
    job.slowMs = 300;
    clock.set(LocalDateTime.of(2027, 3, 9, 7, 30));
    DailyScheduler other = new DailyScheduler(server.app.db().pool(), LocalTime.of(7, 0), List.of(job), clock, 3_600_000);
    String otherId = server.vertx.deployVerticle(other).await(10, TimeUnit.SECONDS);
    Future.all(scheduler.lookNow(), other.lookNow(), scheduler.lookNow()).await(30, TimeUnit.SECONDS);
    Future.all(scheduler.lookNow(), other.lookNow()).await(30, TimeUnit.SECONDS);
    job.slowMs = 0;
    server.vertx.undeploy(otherId).await(10, TimeUnit.SECONDS);
    assertEquals(List.of(day(7), day(8), day(9)), job.runs.subList(before, job.runs.size()));
    assertEquals(9, mailedDays().size());
  }

  @Test
  @Order(7)
  void aCatchUpGoesFourteenDaysBackAtMost() throws Exception {
    clock.set(LocalDateTime.of(2027, 4, 10, 7, 0));
    int before = job.runs.size();
    assertEquals(14, scheduler.lookNow().await(30, TimeUnit.SECONDS));
    List<LocalDate> ran = job.runs.subList(before, job.runs.size());
    assertEquals(IntStream.rangeClosed(28, 31).mapToObj(SchedulerTest::day).toList(), ran.subList(0, 4));
    assertEquals(LocalDate.of(2027, 4, 10), ran.get(13));
    assertEquals(LocalDate.of(2027, 4, 10), lastDay());
  }

  @Test
  @Order(8)
  void aBadTimeStopsTheStartWithItsReason() {
    Vertx vertx = server.vertx;
    Exception e = assertThrows(Exception.class, () -> App.start(vertx, server.config.with("remindersAt", "7am"))
      .await(30, TimeUnit.SECONDS));
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    assertEquals("AILIVE_REMINDERS_AT must be a time of day from 00:00 to 23:59 (London time, e.g. 07:00), or off,"
      + " got '7am'", root.getMessage());
    assertEquals(LocalTime.of(7, 5), server.config.with("remindersAt", "7:05").remindersAt().orElseThrow());
    assertTrue(server.config.with("remindersAt", "off").remindersAt().isEmpty());
  }

  static LocalDate day(int dayOfMarch) {
    return LocalDate.of(2027, 3, 1).plusDays(dayOfMarch - 1);
  }

  private static void deploy() throws Exception {
    scheduler = new DailyScheduler(server.app.db().pool(), LocalTime.of(7, 0), List.of(job), clock, 3_600_000);
    deployment = server.vertx.deployVerticle(scheduler).await(10, TimeUnit.SECONDS);
  }

  private static void undeploy() throws Exception {
    server.vertx.undeploy(deployment).await(10, TimeUnit.SECONDS);
  }

  private static LocalDate lastDay() {
    try {
      JsonArray rows = server.query("SELECT last_day::text AS d FROM daily_job WHERE name = 'test_days'");
      return rows.isEmpty() ? LocalDate.MIN : LocalDate.parse(rows.getJsonObject(0).getString("d"));
    } catch (Exception e) {
      return LocalDate.MIN;
    }
  }

  private static int count(String sql, Object... params) {
    try {
      return server.query(sql, params).size();
    } catch (Exception e) {
      return -1;
    }
  }

  /** The day each mail to the test address names, in the order received. */
  private static List<String> mailedDays() throws Exception {
    List<String> days = new ArrayList<>();
    for (MimeMessage m : inbox.to(server, ADDRESS)) {
      days.add(SmtpInbox.subject(m).replace("The papers for the A&I meeting on ", "").replace(" are ready", ""));
    }
    return days;
  }

  /** A job that mails one notice a day, keyed by the day, and can be made slow or made to hang mid-day. */
  static final class DayJob implements DailyJob {
    final List<LocalDate> runs = Collections.synchronizedList(new ArrayList<>());
    final CountDownLatch hanging = new CountDownLatch(1);
    final Vertx vertx;
    final Outbox outbox;
    volatile LocalDate hangOn;
    volatile long slowMs;

    DayJob(Vertx vertx, Outbox outbox) {
      this.vertx = vertx;
      this.outbox = outbox;
    }

    @Override
    public String name() {
      return "test_days";
    }

    @Override
    public Future<Integer> run(SqlConnection conn, LocalDate day) {
      runs.add(day);
      Notice notice = ReminderNotices.packOpen(new Notices.Recipient(null, "Dee Tester", ADDRESS), MEETING,
        "Test panel", day);
      return outbox.enqueue(conn, notice).compose(v -> {
        if (day.equals(hangOn)) {
          hanging.countDown();
          return Promise.<Integer>promise().future();
        }
        return slowMs > 0 ? vertx.timer(slowMs).map(1) : Future.succeededFuture(1);
      });
    }
  }

  /** A clock the test sets, in London time. */
  static final class MovableClock extends Clock {
    private volatile Instant now = Instant.now();

    void set(LocalDateTime london) {
      now = london.atZone(Zone.LONDON).toInstant();
    }

    @Override
    public ZoneId getZone() {
      return Zone.LONDON;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
