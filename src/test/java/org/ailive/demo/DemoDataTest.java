package org.ailive.demo;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Seeds once into a fresh embedded Postgres and checks the facts the demo is meant to show. */
@ExtendWith(VertxExtension.class)
class DemoDataTest {

  private static final String HASH = "pbkdf2-sha256$1$c2FsdA$aGFzaA";
  // Late in the month, so the cases' submitted_at (meeting minus 10 days) is already in the past.
  private static final LocalDate TODAY = LocalDate.of(2026, 3, 25);
  private static final LocalDate NEXT_MEETING = LocalDate.of(2026, 4, 1);

  private static final Set<String> NEED_CODES = Set.of("attendance_school", "other_parenting", "under_fives",
    "parental_mental_health", "yp_mental_health", "neglect", "parental_non_engagement", "domestic_abuse",
    "ill_health", "housing_rent_arrears", "family_breakdown_teen", "parental_substance_misuse",
    "antisocial_behaviour", "young_carer", "yp_substance_misuse");

  private static EmbeddedPostgres pg;
  private static Pool pool;
  private static List<DemoData.DemoAccount> accounts;

  @BeforeAll
  static void start(Vertx vertx, VertxTestContext ctx) throws IOException {
    pg = EmbeddedPostgres.builder().start();
    Flyway.configure().dataSource(pg.getPostgresDatabase()).load().migrate();
    pool = PgBuilder.pool()
      .connectingTo(new PgConnectOptions().setPort(pg.getPort()).setHost("localhost")
        .setDatabase("postgres").setUser("postgres"))
      .using(vertx)
      .build();
    DemoData.seed(pool, HASH, TODAY).onComplete(ctx.succeeding(seeded -> {
      accounts = seeded;
      ctx.completeNow();
    }));
  }

  @AfterAll
  static void stop(Vertx vertx, VertxTestContext ctx) {
    // Close the pool before the server, and stop the server off the event loop.
    pool.close()
      .compose(v -> vertx.executeBlocking(() -> {
        pg.close();
        return null;
      }))
      .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void nextMeetingHasSixAcceptedCasesFromThreePresenters(VertxTestContext ctx) {
    query(ctx, """
        SELECT c.family_ref, c.status, c.ffa_open, c.consent_to_share, c.consent_recorded_at, c.submitted_at,
               c.review_date, c.presenting_needs, c.voice_of_child, c.reason_for_bringing, c.summary_of_concerns,
               d.name AS district, p.roles AS presenter_roles, a.roles AS accepter_roles,
               c.panel_id = m.panel_id AS same_panel, m.meeting_date
          FROM family_case c
          JOIN meeting m ON m.id = c.meeting_id
          JOIN district d ON d.id = c.district_id
          JOIN member p ON p.id = c.presenter_member_id
          JOIN member a ON a.id = c.accepted_by_member_id
         WHERE m.status = 'planned'
         ORDER BY c.family_ref""", Tuple.tuple(), rows -> {
      assertEquals(6, rows.size());
      Set<String> needsSeen = new HashSet<>();
      int northHerts = 0;
      for (Row r : rows) {
        String ref = r.getString("family_ref");
        assertEquals("accepted", r.getString("status"), ref);
        assertTrue(r.getBoolean("ffa_open"), ref);
        assertTrue(r.getBoolean("consent_to_share"), ref);
        assertTrue(r.getBoolean("same_panel"), ref);
        assertEquals(NEXT_MEETING, r.getLocalDate("meeting_date"));
        assertTrue(r.getOffsetDateTime("consent_recorded_at").isBefore(r.getOffsetDateTime("submitted_at")), ref);
        assertEquals(NEXT_MEETING.minusDays(10), r.getOffsetDateTime("submitted_at").toLocalDate(), ref);
        assertEquals(NEXT_MEETING.plusMonths(4), r.getLocalDate("review_date"), ref);
        assertFalse(r.getString("voice_of_child").isBlank(), ref);
        assertFalse(r.getString("reason_for_bringing").isBlank(), ref);
        assertFalse(r.getString("summary_of_concerns").isBlank(), ref);
        assertEquals(List.of("presenter"), List.of(r.getArrayOfStrings("presenter_roles")), ref);
        assertEquals(List.of("chair"), List.of(r.getArrayOfStrings("accepter_roles")), ref);
        String[] needs = r.getArrayOfStrings("presenting_needs");
        assertTrue(needs.length > 0, ref);
        needsSeen.addAll(List.of(needs));
        String district = r.getString("district");
        assertTrue(ref.startsWith(district.equals("North Herts") ? "NH-2026-" : "ST-2026-"), ref);
        if (district.equals("North Herts")) {
          northHerts++;
        }
      }
      assertEquals(3, northHerts);
      // The demo is meant to exercise every presenting-needs code, and only known ones.
      assertEquals(NEED_CODES, needsSeen);
    });
  }

  @Test
  void meetingsRotateWhichDistrictGoesFirst(VertxTestContext ctx) {
    query(ctx, """
        SELECT m.status, m.meeting_date, m.starts_at, m.ends_at, m.location, d.name AS first_district
          FROM meeting m JOIN district d ON d.id = m.first_district_id
         ORDER BY m.meeting_date""", Tuple.tuple(), rows -> {
      assertEquals(2, rows.size());
      Row last = rows.iterator().next();
      Row next = null;
      for (Row r : rows) {
        next = r;
      }
      assertEquals("closed", last.getString("status"));
      assertEquals("Stevenage", last.getString("first_district"));
      LocalDate lastDate = last.getLocalDate("meeting_date");
      assertTrue(lastDate.isBefore(TODAY.minusWeeks(3)) && lastDate.isAfter(TODAY.minusWeeks(6)), lastDate::toString);
      assertEquals(DayOfWeek.WEDNESDAY, lastDate.getDayOfWeek());

      assertEquals("planned", next.getString("status"));
      assertEquals("North Herts", next.getString("first_district"));
      assertEquals(NEXT_MEETING, next.getLocalDate("meeting_date"));
      assertEquals(LocalTime.of(9, 30), next.getLocalTime("starts_at"));
      assertEquals(LocalTime.of(12, 30), next.getLocalTime("ends_at"));
      assertEquals("Stevenage Council Offices, Room 2 / online", next.getString("location"));
    });
  }

  @Test
  void agendaIsFirstDistrictThenAobThenSecondDistrict(VertxTestContext ctx) {
    query(ctx, """
        SELECT i.position, i.kind, i.section, i.title, i.allotted_seconds, d.name AS district,
               c.family_ref, c.district_id = i.district_id AS case_district_matches
          FROM agenda_item i
          JOIN meeting m ON m.id = i.meeting_id
          LEFT JOIN district d ON d.id = i.district_id
          LEFT JOIN family_case c ON c.id = i.case_id
         WHERE m.status = 'planned'
         ORDER BY i.position""", Tuple.tuple(), rows -> {
      List<String> layout = new ArrayList<>();
      int position = 0;
      for (Row r : rows) {
        assertEquals(++position, r.getInteger("position"));
        layout.add(r.getString("kind") + "/" + r.getString("section") + "/" + r.getString("district"));
        if (r.getString("kind").equals("case")) {
          assertEquals(r.getString("family_ref"), r.getString("title"));
          assertTrue(r.getBoolean("case_district_matches"));
          assertEquals(900, r.getInteger("allotted_seconds"));
        } else {
          assertEquals("AOB and partner updates", r.getString("title"));
          assertNull(r.getString("family_ref"));
          assertEquals(1200, r.getInteger("allotted_seconds"));
        }
      }
      String nh = "case/first_district/North Herts";
      String st = "case/second_district/Stevenage";
      assertEquals(List.of(nh, nh, nh, "aob/aob/null", st, st, st), layout);
    });
  }

  @Test
  void everyMemberIsOnTheNhstPanelWithChairAndOfficerSet(VertxTestContext ctx) {
    query(ctx, """
        SELECT p.name, dd.code, ch.email AS chair, o.email AS officer,
               (SELECT count(*) FROM member) AS members,
               (SELECT count(*) FROM panel_member pm WHERE pm.panel_id = p.id AND pm.left_at IS NULL) AS on_panel,
               (SELECT count(*) FROM member m WHERE NOT EXISTS
                  (SELECT 1 FROM panel_member pm WHERE pm.panel_id = p.id AND pm.member_id = m.id)) AS missing
          FROM panel p
          JOIN double_district dd ON dd.id = p.double_district_id
          JOIN member ch ON ch.id = p.chair_member_id
          JOIN member o ON o.id = p.officer_member_id""", Tuple.tuple(), rows -> {
      assertEquals(1, rows.size());
      Row r = rows.iterator().next();
      assertEquals("North Herts & Stevenage A&I panel", r.getString("name"));
      assertEquals("NHST", r.getString("code"));
      assertEquals("chair@demo.ailive.test", r.getString("chair"));
      assertEquals("officer@demo.ailive.test", r.getString("officer"));
      assertEquals((long) accounts.size(), r.getLong("members"));
      assertEquals((long) accounts.size(), r.getLong("on_panel"));
      assertEquals(0L, r.getLong("missing"));
    });
  }

  @Test
  void emailsAreUniqueAndEveryoneSharesTheDemoHash(VertxTestContext ctx) {
    query(ctx, """
        SELECT count(*) AS n, count(DISTINCT lower(email)) AS distinct_emails,
               count(*) FILTER (WHERE password_hash = $1) AS with_hash,
               count(*) FILTER (WHERE email = lower(email) AND email LIKE '%@demo.ailive.test') AS demo_emails
          FROM member""", Tuple.of(HASH), rows -> {
      Row r = rows.iterator().next();
      long n = r.getLong("n");
      assertEquals(accounts.size(), n);
      assertEquals(n, r.getLong("distinct_emails"));
      assertEquals(n, r.getLong("with_hash"));
      assertEquals(n, r.getLong("demo_emails"));
      assertEquals(accounts.size(), accounts.stream().map(DemoData.DemoAccount::email).distinct().count());
    });
  }

  @Test
  void everyRoleIsPresentAndAccountsAreInPrintOrder(VertxTestContext ctx) {
    query(ctx, """
        SELECT r.role, count(*) AS n
          FROM member, unnest(roles) AS r(role)
         GROUP BY r.role""", Tuple.tuple(), rows -> {
      java.util.Map<String, Long> counts = new java.util.HashMap<>();
      rows.forEach(r -> counts.put(r.getString("role"), r.getLong("n")));
      assertEquals(1L, counts.get("officer"));
      assertEquals(1L, counts.get("chair"));
      assertEquals(3L, counts.get("presenter"));
      assertTrue(counts.get("partner") >= 15, () -> "partners: " + counts.get("partner"));
      assertEquals(1L, counts.get("observer"));

      assertEquals("officer@demo.ailive.test", accounts.get(0).email());
      assertEquals(List.of("chair"), accounts.get(1).roles());
      assertEquals("Families First", accounts.get(1).agency());
      for (int i = 2; i < 5; i++) {
        assertEquals(List.of("presenter"), accounts.get(i).roles());
      }
      for (int i = 5; i < accounts.size() - 1; i++) {
        assertEquals(List.of("partner"), accounts.get(i).roles());
      }
      assertEquals(List.of("observer"), accounts.get(accounts.size() - 1).roles());
    });
  }

  @Test
  void countyHasFiveDoubleDistrictsOfTwoAndAgenciesWithBothAttendanceKinds(VertxTestContext ctx) {
    query(ctx, """
        SELECT (SELECT string_agg(dd.code || ':' || (SELECT count(*) FROM district d WHERE d.double_district_id = dd.id),
                                  ',' ORDER BY dd.code) FROM double_district dd) AS layout,
               (SELECT count(*) FROM agency) AS agencies,
               (SELECT count(*) FROM agency WHERE attendance = 'when_relevant') AS when_relevant,
               (SELECT attendance FROM agency WHERE name = 'AF-DASH') AS af_dash""", Tuple.tuple(), rows -> {
      Row r = rows.iterator().next();
      assertEquals("DASA:2,EHBX:2,NHST:2,WA3R:2,WHH:2", r.getString("layout"));
      assertTrue(r.getLong("agencies") >= 18, () -> "agencies: " + r.getLong("agencies"));
      assertTrue(r.getLong("when_relevant") >= 3);
      assertEquals("when_relevant", r.getString("af_dash"));
    });
  }

  @Test
  void seedingTwiceFailsWithoutLeavingHalfACounty(VertxTestContext ctx) {
    DemoData.seed(pool, HASH, TODAY)
      .onComplete(ctx.failing(err -> pool.query("SELECT (SELECT count(*) FROM member) AS m,"
          + " (SELECT count(*) FROM double_district) AS dd").execute()
        .onComplete(ctx.succeeding(rows -> ctx.verify(() -> {
          Row r = rows.iterator().next();
          assertEquals(accounts.size(), r.getLong("m"));
          assertEquals(5L, r.getLong("dd"));
          ctx.completeNow();
        })))));
  }

  @Test
  void meetingDatesFollowTheMonthlyCycle() {
    // Year boundary, and a month whose first day is itself a Wednesday.
    assertEquals(LocalDate.of(2027, 1, 6), DemoData.nextMeetingDate(LocalDate.of(2026, 12, 31)));
    assertEquals(LocalDate.of(2026, 4, 1), DemoData.nextMeetingDate(LocalDate.of(2026, 3, 1)));
    assertEquals(LocalDate.of(2025, 12, 31), DemoData.lastMeetingDate(LocalDate.of(2026, 1, 31)));
    assertEquals(LocalDate.of(2026, 2, 25), DemoData.lastMeetingDate(TODAY));
  }

  private static void query(VertxTestContext ctx, String sql, Tuple args, Consumer<RowSet<Row>> check) {
    pool.preparedQuery(sql).execute(args).onComplete(ctx.succeeding(rows -> ctx.verify(() -> {
      check.accept(rows);
      ctx.completeNow();
    })));
  }
}
