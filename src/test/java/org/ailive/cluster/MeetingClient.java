package org.ailive.cluster;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.ailive.protocol.Addresses;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** A partner's screen in {@link ClusterTest}: a bus client that joins the meeting, catches up on each {@code joined}, and resends with its key. */
final class MeetingClient {
  final String token;
  final String name;
  final List<org.ailive.live.BusClient> sockets = new ArrayList<>();
  org.ailive.live.BusClient bus;
  /** The node it is connected to now. */
  int node;
  /** Its {@code joined} notices, and its node, when the current stream started. */
  int rejoinsBefore;
  int startNode;
  /** Events got by catch-up ({@code sync}), as the page applies them. */
  final Map<Long, JsonObject> synced = new ConcurrentHashMap<>();
  long first = -1;

  MeetingClient(String token, String name) {
    this.token = token;
    this.name = name;
  }

  void connect(int port) throws Exception {
    bus = org.ailive.live.BusClient.connect(ClusterTest.vertx, port, token);
    String server = bus.handshakeHeader(Balancer.NODE_HEADER);
    node = server == null ? -1 : Integer.parseInt(server.substring("node".length()));
    sockets.add(bus);
    bus.listen(Addresses.events(ClusterTest.meeting.id()));
    long deadline = System.currentTimeMillis() + 4_000;
    while (System.currentTimeMillis() < deadline) {
      for (JsonObject m : bus.received) {
        if ("joined".equals(m.getJsonObject("body").getString("type"))) {
          if (first < 0) {
            first = m.getJsonObject("body").getLong("lastSeq") + 1;
          }
          return;
        }
      }
      Thread.sleep(20);
    }
    // Refused while the meeting was moving (as a page would, it connects again).
    bus.close();
    throw new IllegalStateException(name + " did not join on port " + port + ": " + bus.errors);
  }

  /** Tries until it has joined on that node (its owner may be moving). */
  void reconnect(int port) {
    long deadline = System.currentTimeMillis() + 15_000;
    while (System.currentTimeMillis() < deadline) {
      try {
        connect(port);
        return;
      } catch (Throwable notYet) {
        Loopback.sleep(300);
      }
    }
  }

  boolean closed() {
    return bus.isClosed();
  }

  /** A change, waiting for its answer: {@code status} 200 and {@code seq}, or the error's status. */
  JsonObject send(String type, String key, String body) throws Exception {
    JsonObject ack = trySend(type, key, body);
    for (int i = 0; ack == null || ack.getInteger("status") != 200 && i < 20; i++) {
      Loopback.sleep(200);
      ack = trySend(type, key, body);
    }
    return ack;
  }

  JsonObject trySend(String type, String key, String body) {
    JsonObject command = new JsonObject().put("type", type).put("key", key);
    if (body != null) {
      command.put("body", body);
    }
    try {
      JsonObject reply = bus.requestAsync(Addresses.commands(ClusterTest.meeting.id()), command, token).await(3, TimeUnit.SECONDS);
      if ("rec".equals(reply.getString("type"))) {
        return new JsonObject().put("status", 200).put("seq", reply.getJsonObject("body").getLong("seq"))
          .put("duplicate", reply.getJsonObject("body").getBoolean("duplicate", false));
      }
      return new JsonObject().put("status", reply.getInteger("failureCode", 0)).put("error", reply.getValue("message"));
    } catch (Exception noAnswer) {
      return null;
    }
  }

  long firstSeq() {
    return first;
  }

  /** Seqs of the events received live, on every socket this client had, in arrival order. */
  List<Long> liveSeqs() {
    List<Long> out = new ArrayList<>();
    for (org.ailive.live.BusClient s : sockets) {
      s.events().forEach(e -> out.add(e.getLong("seq")));
    }
    return out;
  }

  List<Long> allSeqs() {
    List<Long> out = liveSeqs();
    out.addAll(synced.keySet());
    return out;
  }

  /** How many {@code joined} notices its sockets got (a join, or the new owner asking to catch up). */
  int rejoins() {
    int n = 0;
    for (org.ailive.live.BusClient s : sockets) {
      n += (int) s.received.stream().filter(m -> "joined".equals(m.getJsonObject("body").getString("type"))).count();
    }
    return n;
  }

  /** What its sockets got without a seq, and the bridge's errors: for a failure's message. */
  String notices() {
    StringBuilder out = new StringBuilder();
    for (org.ailive.live.BusClient s : sockets) {
      out.append("socket closed=").append(s.isClosed()).append(" notices=")
        .append(s.received.stream().map(m -> m.getJsonObject("body")).filter(b -> !b.containsKey("seq")).toList())
        .append(" errors=").append(s.errors).append("; ");
    }
    return out.toString();
  }

  void awaitSeq(long seq, long ms) throws Exception {
    long deadline = System.currentTimeMillis() + ms;
    while (!liveSeqs().contains(seq)) {
      assertTrue(System.currentTimeMillis() < deadline, name + " did not get event " + seq + ": " + liveSeqs());
      Thread.sleep(20);
    }
  }

  /** What the page does on {@code joined}: {@code sync} from the last event it holds in an unbroken run. */
  void catchUp(long last) throws Exception {
    long deadline = System.currentTimeMillis() + 10_000;
    while (System.currentTimeMillis() < deadline) {
      List<Long> have = allSeqs();
      long after = first - 1;
      while (have.contains(after + 1)) {
        after++;
      }
      if (after >= last) {
        return;
      }
      JsonObject reply = bus.requestAsync(Addresses.commands(ClusterTest.meeting.id()), new JsonObject().put("type", "sync")
        .put("after", after), token).await(5, TimeUnit.SECONDS);
      if ("rec".equals(reply.getString("type"))) {
        JsonArray events = reply.getJsonObject("body").getJsonArray("events");
        events.forEach(e -> synced.put(((JsonObject) e).getLong("seq"), (JsonObject) e));
      } else {
        Thread.sleep(200);
      }
    }
  }

  void close() throws Exception {
    for (org.ailive.live.BusClient s : sockets) {
      s.close();
    }
  }
}
