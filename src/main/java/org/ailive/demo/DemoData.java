package org.ailive.demo;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.ailive.protocol.Zone;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A demo county: the five Hertfordshire double districts, the partner agencies from the 2017
 * review, and one fully staffed panel (North Herts &amp; Stevenage) with last month's closed
 * meeting and next month's planned meeting, its six accepted cases and an R1 agenda.
 *
 * <p>Everything is pseudonymous: family references instead of names, made-up staff, and a school
 * and housing association that do not exist. Every account shares one password hash because the
 * point is to let someone sign in as each role, not to protect anything.
 *
 * <p>Seeding is not idempotent: a second run trips the unique double-district code and the
 * transaction rolls back, so a half-seeded county can never exist.
 */
public final class DemoData {

  // Ids are made here rather than with RETURNING so the whole county can be laid out before the
  // transaction starts and the transaction is just a straight run of batches.
  private static final String INSERT_DOUBLE_DISTRICT =
    "INSERT INTO double_district (id, code, name) VALUES ($1, $2, $3)";
  private static final String INSERT_DISTRICT =
    "INSERT INTO district (id, double_district_id, name) VALUES ($1, $2, $3)";
  private static final String INSERT_AGENCY =
    "INSERT INTO agency (id, name, attendance) VALUES ($1, $2, $3)";
  private static final String INSERT_MEMBER =
    "INSERT INTO member (id, full_name, email, agency_id, roles, password_hash) VALUES ($1, $2, $3, $4, $5, $6)";
  private static final String INSERT_PANEL =
    "INSERT INTO panel (id, double_district_id, name, chair_member_id, officer_member_id) VALUES ($1, $2, $3, $4, $5)";
  private static final String INSERT_PANEL_MEMBER =
    "INSERT INTO panel_member (panel_id, member_id) VALUES ($1, $2)";
  private static final String INSERT_MEETING =
    "INSERT INTO meeting (id, panel_id, meeting_date, starts_at, ends_at, location, first_district_id, status)"
      + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
  // Every demo case is in the state the chair sees on the morning of the meeting: an open FFA and
  // consent (R5, R6), accepted onto the agenda.
  private static final String INSERT_CASE =
    "INSERT INTO family_case (id, family_ref, panel_id, district_id, meeting_id, presenter_member_id,"
      + " ffa_open, consent_to_share, consent_recorded_at, reason_for_bringing, summary_of_concerns,"
      + " presenting_needs, voice_of_child, review_date, status, submitted_at, accepted_by_member_id)"
      + " VALUES ($1, $2, $3, $4, $5, $6, true, true, $7, $8, $9, $10, $11, $12, 'accepted', $13, $14)";
  private static final String INSERT_AGENDA_ITEM =
    "INSERT INTO agenda_item (id, meeting_id, position, kind, section, district_id, case_id, title, allotted_seconds)"
      + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";
  private static final String INSERT_NEED_KEY_AGENCY =
    "INSERT INTO need_key_agency (need, agency_id) VALUES ($1, $2)";

  /** A sign-in the caller can print; {@code agency} is the agency's display name. */
  public record DemoAccount(String email, String fullName, List<String> roles, String agency) {
  }

  static final String EMAIL_DOMAIN = "@demo.ailive.test";
  private static final String PANEL_CODE = "NHST";
  private static final String FIRST_DISTRICT = "North Herts";
  private static final String SECOND_DISTRICT = "Stevenage";
  private static final LocalTime STARTS = LocalTime.of(9, 30);
  private static final LocalTime ENDS = LocalTime.of(12, 30);
  private static final String LOCATION = "Stevenage Council Offices, Room 2 / online";
  // 15 minutes a case and 20 for AOB: six cases plus AOB fit the three-hour slot with slack, so the
  // chair has room to rebalance when an early case overruns (R3).
  private static final int CASE_SECONDS = 15 * 60;
  private static final int AOB_SECONDS = 20 * 60;

  private record DoubleDistrict(String code, String name, String first, String second) {
  }

  private static final List<DoubleDistrict> DOUBLE_DISTRICTS = List.of(
    new DoubleDistrict("NHST", "North Herts & Stevenage", "North Herts", "Stevenage"),
    new DoubleDistrict("WHH", "Welwyn Hatfield & Hertsmere", "Welwyn Hatfield", "Hertsmere"),
    new DoubleDistrict("DASA", "Dacorum & St Albans", "Dacorum", "St Albans"),
    new DoubleDistrict("EHBX", "East Herts & Broxbourne", "East Herts", "Broxbourne"),
    new DoubleDistrict("WA3R", "Watford & Three Rivers", "Watford", "Three Rivers"));

  // The slug is spelled out rather than derived from the name so e-mails stay stable if a
  // display name is reworded.
  private record Agency(String slug, String name, String attendance) {
  }

  private static final String FAMILIES_FIRST = "families-first";
  private static final String SCHOOL = "larkspur-lane-primary";

  // Specialist services and the presenting school come only when a case needs them; the rest
  // are expected at every panel, which is what the attendance report (R11) measures against.
  private static final List<Agency> AGENCIES = List.of(
    new Agency(FAMILIES_FIRST, "Families First", "county_wide"),
    new Agency("police", "Police", "county_wide"),
    new Agency("camhs", "CAMHS", "county_wide"),
    new Agency("cmht", "CMHT (Adult Community Mental Health)", "county_wide"),
    new Agency("housing", "Pinebrook Housing Association", "county_wide"),
    new Agency("schools-partnerships", "Schools Partnerships", "county_wide"),
    new Agency("health-visiting", "Health Visiting", "county_wide"),
    new Agency("school-nursing", "School Nursing", "county_wide"),
    new Agency("targeted-youth-support", "Targeted Youth Support", "county_wide"),
    new Agency("ifst", "IFST (Intensive Family Support Team)", "county_wide"),
    new Agency("childrens-centres", "Children's Centres", "county_wide"),
    new Agency("childrens-social-care", "Children's Social Care", "county_wide"),
    new Agency("isl", "ISL (Inclusion and Skills)", "county_wide"),
    new Agency("district-council-asb", "District Council ASB team", "county_wide"),
    new Agency("domestic-abuse", "Domestic abuse service", "county_wide"),
    new Agency("probation", "Probation", "county_wide"),
    new Agency("dwp-jobcentre", "DWP/Jobcentre", "county_wide"),
    new Agency("cgl-spectrum", "CGL Spectrum", "when_relevant"),
    new Agency("young-carers", "Young Carers", "when_relevant"),
    new Agency("af-dash", "AF-DASH", "when_relevant"),
    new Agency(SCHOOL, "Larkspur Lane Primary School", "when_relevant"));

  // The key agency for each presenting need (DOMAIN.md), by agency, so the chair can see whether the
  // right people are coming. The review names none for domestic abuse: the demo's domestic abuse
  // service and the police (who attended the demo's incident) stand in. "Health" for ill health is
  // read as the community health services on the panel.
  private static final Map<String, List<String>> KEY_FOR_NEEDS = Map.ofEntries(
    Map.entry("isl", List.of("attendance_school")),
    Map.entry("schools-partnerships", List.of("attendance_school")),
    Map.entry("childrens-centres", List.of("under_fives")),
    Map.entry("health-visiting", List.of("under_fives", "ill_health")),
    Map.entry("school-nursing", List.of("ill_health")),
    Map.entry("cmht", List.of("parental_mental_health")),
    Map.entry("camhs", List.of("yp_mental_health")),
    Map.entry("childrens-social-care", List.of("neglect")),
    Map.entry("domestic-abuse", List.of("domestic_abuse")),
    Map.entry("police", List.of("domestic_abuse", "antisocial_behaviour")),
    Map.entry("housing", List.of("housing_rent_arrears")),
    Map.entry("targeted-youth-support", List.of("family_breakdown_teen")),
    Map.entry("cgl-spectrum", List.of("parental_substance_misuse")),
    Map.entry("district-council-asb", List.of("antisocial_behaviour")),
    Map.entry("young-carers", List.of("young_carer")),
    Map.entry("af-dash", List.of("yp_substance_misuse")));

  // "(all)" in DOMAIN.md: stored once without an agency, meaning every county-wide agency.
  private static final List<String> NEEDS_FOR_ALL = List.of("other_parenting", "parental_non_engagement");

  private record Person(String slug, String fullName, List<String> roles, String agencySlug) {
    String email() {
      return slug + EMAIL_DOMAIN;
    }
  }

  private static final Person OFFICER = new Person("officer", "Helen Marsh", List.of("officer"), FAMILIES_FIRST);
  private static final Person CHAIR = new Person("chair", "David Okafor", List.of("chair"), FAMILIES_FIRST);
  // Presenters get a "presenter-" prefix because Health Visiting also sends a partner, and the
  // two need distinct e-mails.
  private static final Person PRESENTER_FF =
    new Person("presenter-families-first", "Sarah Whitfield", List.of("presenter"), FAMILIES_FIRST);
  private static final Person PRESENTER_SCHOOL =
    new Person("presenter-school", "Tom Braddock", List.of("presenter"), SCHOOL);
  private static final Person PRESENTER_HV =
    new Person("presenter-health-visiting", "Amira Haddad", List.of("presenter"), "health-visiting");

  private static final List<Person> PEOPLE = List.of(
    OFFICER,
    CHAIR,
    PRESENTER_FF,
    PRESENTER_SCHOOL,
    PRESENTER_HV,
    partner("police", "Gemma Rowe"),
    partner("camhs", "Nikhil Varma"),
    partner("cmht", "Fiona McLeod"),
    partner("housing", "Marcus Bell"),
    partner("schools-partnerships", "Joanne Pike"),
    partner("health-visiting", "Ruth Adeyemi"),
    partner("school-nursing", "Beth Lawson"),
    partner("targeted-youth-support", "Liam Carter"),
    partner("ifst", "Sophie Turnbull"),
    partner("childrens-centres", "Kerry Walsh"),
    partner("childrens-social-care", "Oliver Grant"),
    partner("isl", "Karen Doyle"),
    partner("district-council-asb", "Rachel Osei"),
    partner("domestic-abuse", "Natalie Singh"),
    partner("probation", "Simon Frost"),
    partner("dwp-jobcentre", "Angela Moss"),
    partner("cgl-spectrum", "Dean Hollis"),
    partner("young-carers", "Megan Price"),
    partner("af-dash", "Jamal Ahmed"),
    // A newly qualified social worker on the shadowing programme.
    new Person("observer", "Chloe Bennett", List.of("observer"), "childrens-social-care"));

  private static Person partner(String agencySlug, String fullName) {
    return new Person(agencySlug, fullName, List.of("partner"), agencySlug);
  }

  // The six cases together use every presenting-needs code once or more, so needs filters and the
  // R11 themes report have something to show. Children are never named (R12), and the voice of the
  // child is in their own words, or observed behaviour for the ones too young to talk (R6).
  private record CaseSeed(String district, String prefix, int number, Person presenter, List<String> needs,
                          String reason, String summary, String voice) {
  }

  private static final List<CaseSeed> CASES = List.of(
    new CaseSeed(FIRST_DISTRICT, "NH", 14, PRESENTER_FF,
      List.of("attendance_school", "parental_mental_health", "young_carer"),
      "Boy, 13, whose attendance has fallen to 61% this term. Mum's depression has worsened since the"
        + " winter and he is doing much of the care for his younger sister. Key work has stalled and we"
        + " need partners' help with support for mum and a young carers assessment.",
      "Persistent lateness and absence, mostly Mondays and after mum's bad nights. Mum is on a GP waiting"
        + " list for talking therapy and has stopped answering school calls. No other adult at home;"
        + " dad has no contact.",
      "\"I don't mind helping Mum but I'm tired at school and I get told off for being late. I want"
        + " someone to check on Mum in the day so I don't have to worry. I'd like to go back to football"
        + " on Thursdays.\""),
    new CaseSeed(FIRST_DISTRICT, "NH", 17, PRESENTER_HV,
      List.of("under_fives", "domestic_abuse", "housing_rent_arrears"),
      "Mum with two children under three who left her partner after a police-attended domestic abuse"
        + " incident. The family is in temporary accommodation with rent arrears from the old tenancy"
        + " blocking a move.",
      "Mum is engaging well with health visiting but is isolated and anxious about the ex-partner finding"
        + " the new address. Arrears of about £1,400 on the joint tenancy. The younger child is behind on"
        + " immunisations.",
      "The older child (2) is too young to explain in words. At home visits she stays close to mum,"
        + " startles at raised voices and has started saying \"no shouting\". She lights up at the"
        + " children's centre stay-and-play and asks for \"the bubbles room\"."),
    new CaseSeed(FIRST_DISTRICT, "NH", 21, PRESENTER_SCHOOL,
      List.of("neglect", "parental_substance_misuse", "other_parenting"),
      "Girl, 8, arriving hungry and in unwashed uniform most days. Dad, a single parent, has told staff"
        + " he is drinking more since losing his job. School's support has not changed things at home.",
      "Breakfast club every day and often asks for seconds. Head lice untreated for several weeks."
        + " Dad is warm with her and wants help but has missed two GP appointments about his drinking.",
      "\"I like school because breakfast club has toast. Dad sleeps a lot in the day. I wish our washing"
        + " machine worked. I want to keep living with Dad but I want him to stop drinking the cans.\""),
    new CaseSeed(SECOND_DISTRICT, "ST", 22, PRESENTER_FF,
      List.of("family_breakdown_teen", "antisocial_behaviour", "yp_substance_misuse"),
      "Boy, 15, staying out overnight after arguments at home; mum says she is close to asking him to"
        + " leave. He has had two police warnings for anti-social behaviour in the town centre.",
      "Daily cannabis use by his own account. Excluded twice this year for fixed terms. Mum and her"
        + " partner disagree about boundaries and the arguments are getting physical.",
      "\"Home is just shouting. I stay at my mate's because it's calmer. I smoke a bit to chill out,"
        + " it's not a big deal. I'd talk to someone if they didn't tell my mum everything. I want to do"
        + " a mechanics course.\""),
    new CaseSeed(SECOND_DISTRICT, "ST", 25, PRESENTER_SCHOOL,
      List.of("yp_mental_health", "attendance_school", "parental_non_engagement"),
      "Girl, 14, with anxiety and recent self-harm who is now missing about two days a week. Parents have"
        + " not come to three school meetings, and the CAMHS referral is on the waiting list.",
      "Panic attacks in lessons, refuses to eat in the canteen. School nurse has seen her twice. Parents"
        + " say it is a phase and decline an early help conversation.",
      "\"I feel sick every morning before school. I can't explain it to my parents, they think I'm being"
        + " dramatic. I'd like a quiet place to go at break and someone to talk to who isn't a teacher.\""),
    new CaseSeed(SECOND_DISTRICT, "ST", 29, PRESENTER_HV,
      List.of("under_fives", "ill_health", "parental_mental_health"),
      "Baby of 9 months and a brother of 6; mum has a long-term health condition that has flared since"
        + " the birth and shows signs of postnatal depression. Dad works nights and the family have no"
        + " support nearby.",
      "Baby is gaining weight but rarely out of the cot during visits. Mum has had two hospital stays"
        + " this year, and on both the brother missed school. Mum scored high on the depression screen.",
      "The baby is too young to speak; at visits he is settled but quiet and makes little eye contact."
        + " His brother (6) says: \"Mummy is tired all the time and I have to be quiet. I want to go to the"
        + " park after school like my friends.\""));

  private DemoData() {
  }

  /** Seeds the demo county in one transaction. Returns the accounts to print. */
  public static Future<List<DemoAccount>> seed(Pool pool, String passwordHash, LocalDate today) {
    Map<String, UUID> doubleDistrictIds = new HashMap<>();
    Map<String, UUID> districtIds = new HashMap<>();
    List<Tuple> doubleDistricts = new ArrayList<>();
    List<Tuple> districts = new ArrayList<>();
    for (DoubleDistrict dd : DOUBLE_DISTRICTS) {
      UUID id = UUID.randomUUID();
      doubleDistrictIds.put(dd.code(), id);
      doubleDistricts.add(Tuple.of(id, dd.code(), dd.name()));
      for (String name : List.of(dd.first(), dd.second())) {
        UUID districtId = UUID.randomUUID();
        districtIds.put(name, districtId);
        districts.add(Tuple.of(districtId, id, name));
      }
    }

    Map<String, UUID> agencyIds = new HashMap<>();
    Map<String, String> agencyNames = new HashMap<>();
    List<Tuple> agencies = new ArrayList<>();
    for (Agency agency : AGENCIES) {
      UUID id = UUID.randomUUID();
      agencyIds.put(agency.slug(), id);
      agencyNames.put(agency.slug(), agency.name());
      agencies.add(Tuple.of(id, agency.name(), agency.attendance()));
    }
    List<Tuple> keyAgencies = new ArrayList<>();
    KEY_FOR_NEEDS.forEach((slug, needs) -> needs.forEach(need ->
      keyAgencies.add(Tuple.of(need, Objects.requireNonNull(agencyIds.get(slug), slug)))));
    NEEDS_FOR_ALL.forEach(need -> keyAgencies.add(Tuple.tuple().addString(need).addValue(null)));

    UUID panelId = UUID.randomUUID();
    Map<Person, UUID> memberIds = new HashMap<>();
    List<Tuple> members = new ArrayList<>();
    List<Tuple> panelMembers = new ArrayList<>();
    List<DemoAccount> accounts = new ArrayList<>();
    for (Person person : PEOPLE) {
      UUID id = UUID.randomUUID();
      memberIds.put(person, id);
      members.add(Tuple.of(id, person.fullName(), person.email(), agencyIds.get(person.agencySlug()),
        person.roles().toArray(new String[0]), passwordHash));
      panelMembers.add(Tuple.of(panelId, id));
      accounts.add(new DemoAccount(person.email(), person.fullName(), person.roles(),
        agencyNames.get(person.agencySlug())));
    }
    UUID chairId = memberIds.get(CHAIR);
    Tuple panel = Tuple.of(panelId, doubleDistrictIds.get(PANEL_CODE), "North Herts & Stevenage A&I panel",
      chairId, memberIds.get(OFFICER));

    // R2: last month Stevenage went first, so this month it is North Herts' turn.
    UUID lastMeetingId = UUID.randomUUID();
    UUID nextMeetingId = UUID.randomUUID();
    LocalDate nextDate = nextMeetingDate(today);
    List<Tuple> meetings = List.of(
      Tuple.of(lastMeetingId, panelId, lastMeetingDate(today), STARTS, ENDS, LOCATION,
        districtIds.get(SECOND_DISTRICT), "closed"),
      Tuple.of(nextMeetingId, panelId, nextDate, STARTS, ENDS, LOCATION,
        districtIds.get(FIRST_DISTRICT), "planned"));

    // Submitted ten days out so the papers could go to partners 5 working days before (R4), but never
    // in the future when the meeting is weeks away; consent was recorded a few days before that.
    LocalDate submittedOn = nextDate.minusDays(10).isAfter(today) ? today : nextDate.minusDays(10);
    OffsetDateTime submittedAt = submittedOn.atTime(10, 0).atZone(Zone.LONDON).toOffsetDateTime();
    OffsetDateTime consentAt = submittedAt.minusDays(3).minusMinutes(45);
    LocalDate reviewDate = nextDate.plusMonths(4); // R9: 3-6 months
    List<Tuple> cases = new ArrayList<>();
    List<PlacedCase> firstHalf = new ArrayList<>();
    List<PlacedCase> secondHalf = new ArrayList<>();
    for (CaseSeed c : CASES) {
      UUID caseId = UUID.randomUUID();
      UUID districtId = districtIds.get(c.district());
      String familyRef = String.format("%s-%d-%03d", c.prefix(), nextDate.getYear(), c.number());
      cases.add(Tuple.of(caseId, familyRef, panelId, districtId, nextMeetingId, memberIds.get(c.presenter()),
        consentAt, c.reason(), c.summary(), c.needs().toArray(new String[0]), c.voice(), reviewDate,
        submittedAt, chairId));
      boolean first = c.district().equals(FIRST_DISTRICT);
      (first ? firstHalf : secondHalf).add(new PlacedCase(caseId, districtId, familyRef,
        first ? "first_district" : "second_district"));
    }

    // R1: first district's cases, AOB and partner updates in the middle so each district's partners
    // can come for their own half only, then the second district's cases.
    List<Tuple> agenda = new ArrayList<>();
    for (PlacedCase item : firstHalf) {
      agenda.add(caseItem(nextMeetingId, agenda.size() + 1, item));
    }
    agenda.add(Tuple.of(UUID.randomUUID(), nextMeetingId, agenda.size() + 1, "aob", "aob", null, null,
      "AOB and partner updates", AOB_SECONDS));
    for (PlacedCase item : secondHalf) {
      agenda.add(caseItem(nextMeetingId, agenda.size() + 1, item));
    }

    return pool.withTransaction(conn -> batch(conn, INSERT_DOUBLE_DISTRICT, doubleDistricts)
      .compose(v -> batch(conn, INSERT_DISTRICT, districts))
      .compose(v -> batch(conn, INSERT_AGENCY, agencies))
      .compose(v -> batch(conn, INSERT_NEED_KEY_AGENCY, keyAgencies))
      .compose(v -> batch(conn, INSERT_MEMBER, members))
      .compose(v -> batch(conn, INSERT_PANEL, List.of(panel)))
      .compose(v -> batch(conn, INSERT_PANEL_MEMBER, panelMembers))
      .compose(v -> batch(conn, INSERT_MEETING, meetings))
      .compose(v -> batch(conn, INSERT_CASE, cases))
      .compose(v -> batch(conn, INSERT_AGENDA_ITEM, agenda))
      .map(v -> List.copyOf(accounts)));
  }

  private record PlacedCase(UUID caseId, UUID districtId, String familyRef, String section) {
  }

  private static Tuple caseItem(UUID meetingId, int position, PlacedCase c) {
    return Tuple.of(UUID.randomUUID(), meetingId, position, "case", c.section(), c.districtId(), c.caseId(),
      c.familyRef(), CASE_SECONDS);
  }

  private static Future<Void> batch(SqlConnection conn, String sql, List<Tuple> rows) {
    return conn.preparedQuery(sql).executeBatch(rows).mapEmpty();
  }

  /** Panels meet on the first Wednesday of the month; the demo's next one is next month's. */
  static LocalDate nextMeetingDate(LocalDate today) {
    return today.plusMonths(1).with(TemporalAdjusters.firstInMonth(DayOfWeek.WEDNESDAY));
  }

  /** A Wednesday about a month ago, so the closed meeting reads as the previous one in the cycle. */
  static LocalDate lastMeetingDate(LocalDate today) {
    return today.minusMonths(1).with(TemporalAdjusters.previousOrSame(DayOfWeek.WEDNESDAY));
  }
}
