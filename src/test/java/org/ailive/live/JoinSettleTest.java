package org.ailive.live;

import com.hazelcast.multimap.MultiMap;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.web.Router;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import io.vertx.spi.cluster.hazelcast.impl.SubsMapHelper;
import org.ailive.TestServer;
import org.ailive.auth.Identity;
import org.ailive.auth.Revocations;
import org.ailive.auth.SigningKeys;
import org.ailive.auth.Tokens;
import org.ailive.cluster.ClusterNode;
import org.ailive.config.AppConfig;
import org.ailive.protocol.Addresses;
import org.ailive.store.Database;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A new listener in a cluster that the meeting's owner has not yet heard of ({@link Audience}). Two
 * real Hazelcast nodes in this JVM: node B serves the real live channel (LiveBridge over HTTP, its
 * tokens checked against a real embedded Postgres) to a real WebSocket client; node A holds a
 * stand-in owner of the meeting that answers {@code presence.join} and {@code sync} as the room
 * does and publishes numbered events. To make A miss B's new consumer for certain, A's listener on
 * the cluster's subscription map is removed (vertx-hazelcast's, private: reached by reflection) after
 * A has published once to an address someone already listened to: A's cached list of who listens
 * then never changes.
 *
 * <p>The tests run in order: the first needs A's listener intact, the second removes it for good.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JoinSettleTest {

  /** Events the meeting had before anyone on B joined: the first {@code joined}'s lastSeq. */
  private static final long BEFORE = 3;

  private Vertx a;
  private Vertx b;
  private HazelcastClusterManager managerA;
  private Path dataDir;
  private Database db;
  private Tokens tokens;
  private int port;
  private String token;

  @BeforeAll
  void start() throws Exception {
    int[] ports = {freePort(), freePort()};
    String members = "127.0.0.1:" + ports[0] + ",127.0.0.1:" + ports[1];
    String name = "settle-" + UUID.randomUUID();
    managerA = new HazelcastClusterManager(ClusterNode.hazelcast(clusterConfig(ports[0], members, name)));
    HazelcastClusterManager managerB = new HazelcastClusterManager(ClusterNode.hazelcast(clusterConfig(ports[1], members,
      name)));
    a = clustered(managerA);
    b = clustered(managerB);
    for (long until = System.currentTimeMillis() + 60_000; managerB.getNodes().size() < 2; Thread.sleep(100)) {
      assertTrue(System.currentTimeMillis() < until, "the two nodes did not form a cluster");
    }
    // What the bridge's ensure asks; here the stand-in owner on A is always there.
    a.eventBus().<JsonObject>consumer(Addresses.ROOMS_ENSURE, msg -> msg.reply(new JsonObject().put("ok", true)))
      .completion().await(20, TimeUnit.SECONDS);

    dataDir = Files.createTempDirectory("ailive-settle");
    AppConfig store = AppConfig.load(null, Map.of()).with("dataDir", dataDir.toString());
    db = Database.start(b, store).await(2, TimeUnit.MINUTES);
    Revocations revocations = Revocations.load(b, db.pool()).await(30, TimeUnit.SECONDS);
    tokens = new Tokens(JWTAuth.create(b, SigningKeys.load(store)), store.tokenTtlMinutes(), revocations);
    UUID member = db.pool().preparedQuery("INSERT INTO member (full_name, email, roles) VALUES ($1, $2, $3) RETURNING id")
      .execute(io.vertx.sqlclient.Tuple.of("Settle Officer", UUID.randomUUID() + "@test.example",
        new String[] {"officer"})).await(10, TimeUnit.SECONDS).iterator().next().getUUID("id");
    token = tokens.issue(new Identity(member, "Settle Officer", null, null, Set.of("officer")));
    int maxFrame = store.bridgeMaxFrameBytes();
    // As HttpVerticle serves it: one verticle, so the bridge's state lives on one event loop.
    AtomicLong listening = new AtomicLong();
    b.deployVerticle(new VerticleBase() {
      @Override
      public Future<?> start() {
        Router router = Router.router(vertx);
        router.route("/eventbus/*").subRouter(new LiveBridge(vertx, tokens, maxFrame).router());
        return vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
          .onSuccess(server -> listening.set(server.actualPort()));
      }
    }).await(30, TimeUnit.SECONDS);
    port = (int) listening.get();
  }

  @AfterAll
  void stop() throws Exception {
    if (db != null) {
      db.close(b).await(60, TimeUnit.SECONDS);
    }
    if (b != null) {
      b.close().await(60, TimeUnit.SECONDS);
    }
    if (a != null) {
      a.close().await(60, TimeUnit.SECONDS);
    }
    if (dataDir != null) {
      TestServer.deleteQuietly(dataDir);
    }
  }

  /** Nothing was missed (A heard of B's consumer and every event reached B): no second joined. */
  @Test
  @Order(1)
  void whenEveryEventArrivesJoinedComesOnce() throws Exception {
    Owner owner = new Owner(UUID.randomUUID());
    BusClient client = BusClient.connect(b, port, token);
    try {
      client.listen(owner.events());
      JsonObject first = joined(client, 1);
      assertEquals(BEFORE, first.getLong("lastSeq"));
      long joinedAt = System.currentTimeMillis();
      // The next event again and again until it arrives: A may hear of B a moment after B's first
      // joined (that moment is what Audience watches for); once heard, every event reaches B.
      owner.seq++;
      while (client.events().isEmpty()) {
        owner.publishLast();
        Thread.sleep(50);
      }
      owner.publishNext();
      client.await(m -> m.getJsonObject("body").getLong("seq", 0L) == BEFORE + 2, "the second event");
      Thread.sleep(Math.max(0, joinedAt + Audience.SETTLE_MS + 1_000 - System.currentTimeMillis()));
      // The audience asked the owner where it was (so this shows a check that found nothing missed);
      // on a busy machine the answer may take longer, so it is waited for, and a moment after it.
      for (long until = System.currentTimeMillis() + 10_000; owner.syncs.isEmpty(); Thread.sleep(50)) {
        assertTrue(System.currentTimeMillis() < until, "the audience asked the owner where it was");
      }
      Thread.sleep(300);
      assertEquals(1, joinedCount(client), "joined once: " + client.received);
      assertEquals(List.of(BEFORE + 1, BEFORE + 2), client.events().stream().map(e -> e.getLong("seq")).distinct()
        .toList());
    } finally {
      client.close();
    }
  }

  /** A publishes after B joined but never hears of B: B's client is told joined again, at the owner's seq. */
  @Test
  @Order(2)
  void whenTheOwnerHasNotHeardOfTheNewListenerItIsToldJoinedAgain() throws Exception {
    Owner owner = new Owner(UUID.randomUUID());
    // Someone on A already listens (as A's own sockets would): A's first publish looks up who does and
    // keeps the list (an empty one is not kept); then A stops hearing of changes to it.
    List<Object> onA = new CopyOnWriteArrayList<>();
    a.eventBus().consumer(owner.events(), msg -> onA.add(msg.body())).completion().await(20, TimeUnit.SECONDS);
    a.eventBus().publish(owner.events(), new JsonObject().put("type", "looked.up"));
    for (long until = System.currentTimeMillis() + 10_000; onA.isEmpty(); Thread.sleep(20)) {
      assertTrue(System.currentTimeMillis() < until, "A's own listener got nothing");
    }
    missSubscriptionChanges(managerA);
    BusClient client = BusClient.connect(b, port, token);
    try {
      client.listen(owner.events());
      assertEquals(BEFORE, joined(client, 1).getLong("lastSeq"));
      long joinedAt = System.currentTimeMillis();
      owner.publishNext();
      owner.publishNext();
      JsonObject again = joined(client, 2);
      assertTrue(System.currentTimeMillis() - joinedAt < Audience.SETTLE_MS + 3_000, "told soon after settling");
      assertEquals(BEFORE + 2, again.getLong("lastSeq"), "the owner's last seq");
      assertTrue(onA.stream().anyMatch(m -> ((JsonObject) m).getLong("seq", 0L) == BEFORE + 2), "published: " + onA);
      assertTrue(client.events().isEmpty(), "the events never reached B (else this test shows nothing): "
        + client.received);
      // The client then catches up from the last seq it applied, as docs/PROTOCOL.md says.
      JsonObject sync = client.request(Addresses.commands(owner.meetingId), new JsonObject().put("type", "sync")
        .put("after", BEFORE));
      assertEquals(List.of(BEFORE + 1, BEFORE + 2), sync.getJsonObject("body").getJsonArray("events").stream()
        .map(e -> ((JsonObject) e).getLong("seq")).toList());
    } finally {
      client.close();
    }
  }

  /** The n-th {@code joined} the client got (waiting up to 15 s), its body. */
  private static JsonObject joined(BusClient client, int n) throws Exception {
    client.await(m -> joinedCount(client) >= n, "joined #" + n);
    return client.received.stream().map(m -> m.getJsonObject("body"))
      .filter(body -> body != null && "joined".equals(body.getString("type"))).skip(n - 1).findFirst().orElseThrow();
  }

  private static long joinedCount(BusClient client) {
    return client.received.stream().map(m -> m.getJsonObject("body"))
      .filter(body -> body != null && "joined".equals(body.getString("type"))).count();
  }

  /**
   * A stand-in for the meeting's room on A: answers the bridge's {@code presence.join} and
   * {@code sync} in the room's shapes (MeetingRoom, CatchUp) and publishes its events on the
   * meeting's events address.
   */
  private final class Owner {
    final UUID meetingId;
    final List<JsonObject> log = new CopyOnWriteArrayList<>();
    final List<JsonObject> syncs = new CopyOnWriteArrayList<>();
    volatile long seq = BEFORE;

    Owner(UUID meetingId) throws Exception {
      this.meetingId = meetingId;
      for (long s = 1; s <= BEFORE; s++) {
        log.add(event(s));
      }
      a.eventBus().<JsonObject>consumer(Addresses.commands(meetingId), this::command).completion()
        .await(20, TimeUnit.SECONDS);
    }

    String events() {
      return Addresses.events(meetingId);
    }

    private void command(Message<JsonObject> msg) {
      String type = msg.body().getString("type");
      if ("sync".equals(type)) {
        syncs.add(msg.body());
        long after = msg.body().getLong("after", 0L);
        JsonArray events = new JsonArray();
        log.stream().filter(e -> e.getLong("seq") > after && e.getLong("seq") <= seq).forEach(events::add);
        msg.reply(new JsonObject().put("ok", true).put("serverTime", System.currentTimeMillis()).put("storage", "ok")
          .put("lastSeq", seq).put("events", events).put("more", false));
      } else {
        // presence.join (answered with the seq it joined at), presence.leave
        msg.reply(new JsonObject().put("ok", true).put("lastSeq", seq).put("serverTime", System.currentTimeMillis()));
      }
    }

    void publishNext() {
      seq++;
      publishLast();
    }

    /** Publishes the event of the current seq (again, if it was published before). */
    void publishLast() {
      if (log.size() < seq) {
        log.add(event(seq));
      }
      a.eventBus().publish(events(), event(seq).put("serverTime", System.currentTimeMillis()));
    }

    private JsonObject event(long s) {
      return new JsonObject().put("seq", s).put("type", "hand.raised").put("at", System.currentTimeMillis())
        .put("actor", new JsonObject().put("memberId", UUID.randomUUID().toString()).put("name", "Someone"))
        .put("payload", new JsonObject());
    }
  }

  /** The node's listener on the subscriptions map removed, as MergeAwareClusterManagerTest does. */
  private static void missSubscriptionChanges(HazelcastClusterManager manager) throws Exception {
    Object helper = field(HazelcastClusterManager.class, "subsMapHelper").get(manager);
    MultiMap<?, ?> subs = (MultiMap<?, ?>) field(SubsMapHelper.class, "map").get(helper);
    assertTrue(subs.removeEntryListener((UUID) field(SubsMapHelper.class, "listenerId").get(helper)));
  }

  private static Field field(Class<?> owner, String name) throws Exception {
    Field f = owner.getDeclaredField(name);
    f.setAccessible(true);
    return f;
  }

  private static Vertx clustered(HazelcastClusterManager manager) throws Exception {
    VertxOptions options = new VertxOptions();
    options.getEventBusOptions().setHost("127.0.0.1").setPort(0);
    return Vertx.builder().with(options).withClusterManager(manager).buildClustered().await(60, TimeUnit.SECONDS);
  }

  private static AppConfig clusterConfig(int port, String members, String name) throws Exception {
    AppConfig config = AppConfig.load(null, Map.of("AILIVE_CLUSTER", "true", "AILIVE_CLUSTER_NAME", name,
      "AILIVE_CLUSTER_HOST", "127.0.0.1", "AILIVE_CLUSTER_PORT", String.valueOf(port),
      "AILIVE_CLUSTER_MEMBERS", members, "AILIVE_DB_URL", "postgresql://db.example/ailive"));
    config.checkCluster();
    return config;
  }

  private static int freePort() throws Exception {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
