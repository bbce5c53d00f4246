package org.ailive;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.ailive.auth.Identity;
import org.ailive.config.AppConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * The real service for a test: its own data directory (so its own embedded Postgres), a free port,
 * and a web client pointed at it. Stop it in {@code @AfterAll}.
 */
public final class TestServer {

  public static final String OFFICER_EMAIL = "officer@test.example";
  public static final String OFFICER_PASSWORD = "correct horse battery staple";

  public final Vertx vertx;
  public final Path dataDir;
  public final AppConfig config;
  public App app;
  public WebClient client;

  private TestServer(Vertx vertx, Path dataDir, AppConfig config) {
    this.vertx = vertx;
    this.dataDir = dataDir;
    this.config = config;
  }

  /** Starts on a new data directory with the demo county seeded. */
  public static TestServer start() throws Exception {
    return start(Files.createTempDirectory("ailive-test"), true);
  }

  public static TestServer start(Path dataDir, boolean demo) throws Exception {
    return start(dataDir, demo, config -> config);
  }

  /** Starts on a new data directory with the demo county and these settings changed (e.g. "metricsToken"). */
  public static TestServer startWith(Map<String, Object> settings) throws Exception {
    return start(Files.createTempDirectory("ailive-test"), true, settings);
  }

  public static TestServer start(Path dataDir, boolean demo, Map<String, Object> settings) throws Exception {
    return start(dataDir, demo, config -> {
      AppConfig changed = config;
      for (Map.Entry<String, Object> setting : settings.entrySet()) {
        changed = changed.with(setting.getKey(), setting.getValue());
      }
      return changed;
    });
  }

  /** As above, with settings changed (e.g. an empty firstOfficerPassword: a one-time one is made). */
  public static TestServer start(Path dataDir, boolean demo, UnaryOperator<AppConfig> settings) throws Exception {
    AppConfig config = settings.apply(AppConfig.load(null, Map.of())
      .with("httpPort", 0)
      .with("dataDir", dataDir.toString())
      .with("firstOfficerEmail", OFFICER_EMAIL)
      .with("firstOfficerPassword", OFFICER_PASSWORD)
      .with("demo", demo ? "true" : "false")
      // The daily reminders would mail the demo panel on the real day: tests that want them say so.
      .with("remindersAt", "off"));
    TestServer server = new TestServer(App.newVertx(), dataDir, config);
    server.boot();
    return server;
  }

  public void boot() throws Exception {
    app = App.start(vertx, config).await(2, TimeUnit.MINUTES);
    client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("localhost")
      .setDefaultPort(app.httpPort()));
  }

  /** Stops the service and its database but keeps the data directory (for restart tests). */
  public void halt() throws Exception {
    client.close();
    app.stop().await(1, TimeUnit.MINUTES);
  }

  public void stop() throws Exception {
    halt();
    vertx.close().await(30, TimeUnit.SECONDS);
  }

  public int port() {
    return app.httpPort();
  }

  /** A token signed by the server's key, as sign-in would issue it. */
  public String tokenFor(UUID memberId, String name, String... roles) {
    return app.tokens().issue(new Identity(memberId, name, null, null, Set.of(roles)));
  }

  /**
   * A new member on no panel (a row in the member table: a token's member must exist) and their
   * token, as sign-in would issue it.
   */
  public String newMemberToken(String name, String... roles) throws Exception {
    var rows = app.db().pool().preparedQuery("INSERT INTO member (full_name, email, roles) VALUES ($1, $2, $3) RETURNING id")
      .execute(io.vertx.sqlclient.Tuple.of(name, UUID.randomUUID() + "@test.example", roles)).await(10, TimeUnit.SECONDS);
    return tokenFor(rows.iterator().next().getUUID("id"), name, roles);
  }

  /** Looks a demo member up by e-mail and issues their token. */
  public String demoToken(String email) throws Exception {
    var rows = app.db().pool().preparedQuery("""
        SELECT m.id, m.full_name, m.agency_id, a.name AS agency, m.roles FROM member m
        LEFT JOIN agency a ON a.id = m.agency_id WHERE lower(email) = lower($1)""")
      .execute(io.vertx.sqlclient.Tuple.of(email)).await(10, TimeUnit.SECONDS);
    if (rows.size() == 0) {
      throw new IllegalArgumentException("no demo member " + email);
    }
    var row = rows.iterator().next();
    return app.tokens().issue(new Identity(row.getUUID("id"), row.getString("full_name"),
      row.getUUID("agency_id"), row.getString("agency"), Set.of(row.getArrayOfStrings("roles"))));
  }

  public JsonArray query(String sql, Object... params) throws Exception {
    var rows = app.db().pool().preparedQuery(sql).execute(io.vertx.sqlclient.Tuple.wrap(params))
      .await(10, TimeUnit.SECONDS);
    JsonArray out = new JsonArray();
    rows.forEach(r -> out.add(r.toJson()));
    return out;
  }

  public static void deleteQuietly(Path dir) {
    try (var walk = Files.walk(dir)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // A temp directory: the OS cleans what is left.
    }
  }

  public static JsonObject json(String s) {
    return new JsonObject(s);
  }
}
