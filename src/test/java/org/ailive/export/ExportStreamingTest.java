package org.ailive.export;

import io.vertx.core.Promise;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.ailive.TestServer;
import org.apache.commons.csv.CSVRecord;
import org.dhatim.fastexcel.reader.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 8, part 6: a large action log leaves the server as a chunked stream read from a cursor, in
 * full and in order; a client that goes away part way stops the export, releases its database
 * connection and still leaves an audit row saying how far it got.
 */
class ExportStreamingTest {

  static final int ACTIONS = 50_000;

  static TestServer server;
  static String officer;

  @BeforeAll
  static void seed() throws Exception {
    server = TestServer.start();
    officer = server.demoToken("officer@demo.ailive.test");
    Generated.actions(server, ACTIONS);
  }

  @AfterAll
  static void stop() throws Exception {
    server.stop();
    TestServer.deleteQuietly(server.dataDir);
  }

  @Test
  void aLargeCsvIsStreamedWholeAndInOrder() throws Exception {
    var res = Downloaded.get(server, "/api/exports/actions.csv?status=all", officer);
    assertEquals(200, res.statusCode());
    assertEquals("chunked", res.getHeader("Transfer-Encoding"), "streamed, not assembled");
    assertNull(res.getHeader("Content-Length"));
    List<CSVRecord> records = Downloaded.csv(res.body());
    assertEquals(ACTIONS + 1, records.size());
    long previous = 0;
    for (CSVRecord r : records.subList(1, records.size())) {
      long number = Long.parseLong(r.get(0));
      assertTrue(number > previous, "by action number");
      previous = number;
    }
    long withUpdates = records.stream().skip(1).filter(r -> !r.get(7).isEmpty()).count();
    assertEquals(server.query("SELECT count(DISTINCT action_id) AS n FROM action_update").getJsonObject(0).getLong("n"),
      withUpdates);
  }

  @Test
  void aLargeXlsxIsStreamedWhole() throws Exception {
    var res = Downloaded.get(server, "/api/exports/actions.xlsx?status=open", officer);
    assertEquals(200, res.statusCode());
    assertEquals("chunked", res.getHeader("Transfer-Encoding"));
    List<Row> rows = Downloaded.xlsx(res.body());
    long open = server.query("SELECT count(*) AS n FROM action WHERE status = 'open'").getJsonObject(0).getLong("n");
    assertEquals(open + 1, rows.size());
    assertEquals("Open", rows.get(rows.size() - 1).getCellText(6));
  }

  @Test
  void aClientThatGoesAwayStopsTheExportAndItIsStillAudited() throws Exception {
    long before = server.query("SELECT count(*) AS n FROM audit_entry WHERE action = 'export' AND subject = 'action_log'"
      + " AND NOT (detail ->> 'completed')::boolean").getJsonObject(0).getLong("n");
    HttpClient http = server.vertx.createHttpClient();
    try {
      Promise<Void> firstChunk = Promise.promise();
      HttpClientResponse response = http.request(HttpMethod.GET, server.port(), "localhost",
          "/api/exports/actions.csv?status=all")
        .compose(req -> req.putHeader("Authorization", "Bearer " + officer).send())
        .await(20, TimeUnit.SECONDS);
      response.handler(chunk -> {
        response.pause(); // stop reading: the server must wait, not buffer the rest
        firstChunk.tryComplete();
      });
      firstChunk.future().await(20, TimeUnit.SECONDS);
      Thread.sleep(500);
      response.request().reset();
    } finally {
      http.close();
    }
    JsonObject detail = null;
    for (int i = 0; i < 100 && detail == null; i++) {
      var rows = server.query("SELECT detail FROM audit_entry WHERE action = 'export' AND subject = 'action_log'"
        + " AND NOT (detail ->> 'completed')::boolean ORDER BY id DESC");
      if (rows.size() > before) {
        detail = rows.getJsonObject(0).getJsonObject("detail");
      } else {
        Thread.sleep(100);
      }
    }
    assertTrue(detail != null, "the abandoned export is audited");
    assertFalse(detail.getBoolean("completed"));
    assertTrue(detail.getLong("rows") < ACTIONS, "it stopped part way: " + detail.getLong("rows") + " rows");
    assertEquals(0, server.query("SELECT count(*) AS n FROM pg_stat_activity WHERE state LIKE 'idle in transaction%'")
      .getJsonObject(0).getLong("n"), "its transaction was rolled back");
    // The pool is whole: more exports than it has connections all complete.
    for (int i = 0; i < 10; i++) {
      assertEquals(200, Downloaded.get(server, "/api/exports/actions.csv?overdue=true&status=closed", officer)
        .statusCode());
    }
  }
}
