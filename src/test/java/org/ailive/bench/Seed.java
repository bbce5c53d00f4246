package org.ailive.bench;

import io.vertx.core.Vertx;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.ailive.auth.Identity;
import org.ailive.auth.SigningKeys;
import org.ailive.auth.Tokens;
import org.ailive.config.AppConfig;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Members and meetings for a scenario, written by SQL straight into the server's embedded Postgres
 * (sign-in hashes passwords slowly on purpose), and tokens minted with the server's own key from
 * {@code <dataDir>/keys/}. Each meeting is its own panel (double district, two districts), live,
 * with a chair, partners and an agenda of "other" items.
 */
public final class Seed {

  public record Member(UUID id, String name, UUID agencyId, String agency, String role, String token) {
  }

  public record Meeting(UUID id, Member chair, List<Member> partners, UUID firstItemId) {
    public List<Member> everyone() {
      List<Member> all = new ArrayList<>();
      all.add(chair);
      all.addAll(partners);
      return all;
    }
  }

  private static final int AGENCIES = 12;

  private final Vertx vertx;
  private final Pool pool;
  private final Tokens tokens;

  private Seed(Vertx vertx, Pool pool, Tokens tokens) {
    this.vertx = vertx;
    this.pool = pool;
    this.tokens = tokens;
  }

  /** Connects to the server's embedded Postgres and loads its signing key. */
  public static Seed open(Vertx vertx, ServerProcess server) throws Exception {
    Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(4))
      .connectingTo(new PgConnectOptions().setHost("127.0.0.1").setPort(server.pgPort).setDatabase("postgres")
        .setUser("ailive").setPassword(org.ailive.store.DatabaseSecret.read(server.dataDir).service()))
      .using(vertx).build();
    AppConfig config = AppConfig.load(null, Map.of()).with("dataDir", server.dataDir.toString());
    if (!java.nio.file.Files.exists(server.dataDir.resolve("keys").resolve("jwt-es256-private.pem"))) {
      throw new IllegalStateException("the server has no signing key in " + server.dataDir.resolve("keys"));
    }
    // Tokens.issue is the server's own minting (claims, jti, expiry); revocations are not needed to issue.
    Tokens tokens = new Tokens(JWTAuth.create(vertx, SigningKeys.load(config)), config.tokenTtlMinutes(), null);
    return new Seed(vertx, pool, tokens);
  }

  /** A seed through this pool (e.g. a Postgres every node of a cluster shares), minting tokens with these keys. */
  public static Seed using(Vertx vertx, Pool pool, AppConfig keys) throws Exception {
    return new Seed(vertx, pool, new Tokens(JWTAuth.create(vertx, SigningKeys.load(keys)), keys.tokenTtlMinutes(), null));
  }

  public Pool pool() {
    return pool;
  }

  /**
   * {@code meetings} live meetings of {@code membersPerMeeting} members each (one chair, the rest
   * partners), every one a member of only its own meeting's panel. {@code tag} keeps seeds apart.
   */
  public List<Meeting> meetings(String tag, int meetings, int membersPerMeeting, int agendaItems) throws Exception {
    List<UUID> agencyIds = new ArrayList<>();
    List<String> agencyNames = new ArrayList<>();
    List<Tuple> agencyRows = new ArrayList<>();
    for (int a = 1; a <= AGENCIES; a++) {
      agencyRows.add(Tuple.of("Bench agency " + a));
    }
    pool.preparedQuery("INSERT INTO agency (name) VALUES ($1) ON CONFLICT (name) DO NOTHING").executeBatch(agencyRows)
      .await(60, TimeUnit.SECONDS);
    for (Row r : pool.query("SELECT id, name FROM agency WHERE name LIKE 'Bench agency %' ORDER BY name").execute()
      .await(60, TimeUnit.SECONDS)) {
      agencyIds.add(r.getUUID("id"));
      agencyNames.add(r.getString("name"));
    }

    LocalDate today = LocalDate.now(ZoneId.of("Europe/London"));
    List<Tuple> dd = new ArrayList<>();
    List<Tuple> districts = new ArrayList<>();
    List<Tuple> panels = new ArrayList<>();
    List<Tuple> members = new ArrayList<>();
    List<Tuple> panelMembers = new ArrayList<>();
    List<Tuple> meetingRows = new ArrayList<>();
    List<Tuple> items = new ArrayList<>();
    List<Meeting> out = new ArrayList<>();
    String code = tag.toUpperCase().replaceAll("[^A-Z0-9]", "");
    for (int m = 0; m < meetings; m++) {
      String ddCode = (code + String.format("%06d", m));
      ddCode = ddCode.substring(Math.max(0, ddCode.length() - 8));
      UUID ddId = UUID.randomUUID();
      UUID d1 = UUID.randomUUID();
      UUID d2 = UUID.randomUUID();
      UUID panelId = UUID.randomUUID();
      UUID meetingId = UUID.randomUUID();
      dd.add(Tuple.of(ddId, ddCode, "Bench " + ddCode));
      districts.add(Tuple.of(d1, ddId, "North " + ddCode));
      districts.add(Tuple.of(d2, ddId, "South " + ddCode));
      panels.add(Tuple.of(panelId, ddId, "Bench panel " + ddCode));
      meetingRows.add(Tuple.tuple().addValue(meetingId).addValue(panelId).addValue(today).addValue(LocalTime.of(0, 0))
        .addValue(LocalTime.of(23, 59)).addValue("Bench room " + ddCode).addValue(d1).addValue("live"));
      UUID firstItem = null;
      for (int i = 1; i <= agendaItems; i++) {
        UUID itemId = UUID.randomUUID();
        firstItem = firstItem == null ? itemId : firstItem;
        items.add(Tuple.tuple().addValue(itemId).addValue(meetingId).addValue(i).addValue("other")
          .addValue("other").addValue("Item " + i + ": partner updates and any other business for " + ddCode)
          .addValue(900));
      }
      Member chair = null;
      List<Member> partners = new ArrayList<>();
      for (int k = 0; k < membersPerMeeting; k++) {
        UUID id = UUID.randomUUID();
        int agency = (m + k) % agencyIds.size();
        String role = k == 0 ? "chair" : "partner";
        String name = (k == 0 ? "Chair " : "Partner ") + ddCode + "-" + k;
        members.add(Tuple.tuple().addValue(id).addValue(name)
          .addValue("b." + ddCode.toLowerCase() + "." + k + "@bench.test").addValue(agencyIds.get(agency))
          .addValue(new String[] {role}));
        panelMembers.add(Tuple.of(panelId, id));
        String token = tokens.issue(new Identity(id, name, agencyIds.get(agency), agencyNames.get(agency),
          Set.of(role)));
        Member member = new Member(id, name, agencyIds.get(agency), agencyNames.get(agency), role, token);
        if (k == 0) {
          chair = member;
        } else {
          partners.add(member);
        }
      }
      out.add(new Meeting(meetingId, chair, partners, firstItem));
    }
    batch("INSERT INTO double_district (id, code, name) VALUES ($1, $2, $3)", dd);
    batch("INSERT INTO district (id, double_district_id, name) VALUES ($1, $2, $3)", districts);
    batch("INSERT INTO panel (id, double_district_id, name) VALUES ($1, $2, $3)", panels);
    batch("INSERT INTO member (id, full_name, email, agency_id, roles) VALUES ($1, $2, $3, $4, $5)", members);
    batch("INSERT INTO panel_member (panel_id, member_id) VALUES ($1, $2)", panelMembers);
    batch("""
      INSERT INTO meeting (id, panel_id, meeting_date, starts_at, ends_at, location, first_district_id, status)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8)""", meetingRows);
    batch("""
      INSERT INTO agenda_item (id, meeting_id, position, kind, section, title, allotted_seconds)
      VALUES ($1, $2, $3, $4, $5, $6, $7)""", items);
    return out;
  }

  private void batch(String sql, List<Tuple> rows) throws Exception {
    for (int from = 0; from < rows.size(); from += 5000) {
      pool.preparedQuery(sql).executeBatch(rows.subList(from, Math.min(rows.size(), from + 5000)))
        .await(120, TimeUnit.SECONDS);
    }
  }

  /** The last seq of each meeting, as committed. */
  public Map<UUID, Long> lastSeqs(List<Meeting> meetings) throws Exception {
    Map<UUID, Long> out = new java.util.HashMap<>();
    List<UUID> ids = meetings.stream().map(Meeting::id).toList();
    for (Row r : pool.preparedQuery("SELECT id, last_seq FROM meeting WHERE id = ANY($1)")
      .execute(Tuple.of(ids.toArray(new UUID[0]))).await(60, TimeUnit.SECONDS)) {
      out.put(r.getUUID("id"), r.getLong("last_seq"));
    }
    return out;
  }

  public void close() {
    pool.close();
  }
}
