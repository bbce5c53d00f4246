package org.ailive.web;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.ailive.TestServer;
import org.ailive.config.AppConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 15, 11c–f: only the WebSocket transports of the live channel are served (the HTTP fallbacks
 * answered 500 with a stack trace, and JSONP is a script gadget); no JSESSIONID cookie; HSTS when
 * the service is reached over https, and a Permissions-Policy; /metrics behind a token when one is set.
 */
class HardeningTest {

  static final String METRICS_TOKEN = "scrape-only-0123456789";
  static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.startWith(Map.of("publicUrl", "https://ailive.council.example", "metricsToken", METRICS_TOKEN));
  }

  @AfterAll
  static void stop() throws Exception {
    server.stop();
    TestServer.deleteQuietly(server.dataDir);
  }

  static io.vertx.ext.web.client.HttpResponse<io.vertx.core.buffer.Buffer> send(HttpMethod method, String path,
                                                                              String body) throws Exception {
    var req = server.client.request(method, path);
    return (body == null ? req.send() : req.putHeader("Content-Type", "text/plain").sendBuffer(
      io.vertx.core.buffer.Buffer.buffer(body))).await(20, TimeUnit.SECONDS);
  }

  @Test
  void theFallbackTransportsAreNotServed() throws Exception {
    String session = "/eventbus/123/abcdefgh";
    Map<String, HttpMethod> fallbacks = Map.of(
      session + "/xhr_send", HttpMethod.POST,
      session + "/xhr", HttpMethod.POST,
      session + "/xhr_streaming", HttpMethod.POST,
      session + "/eventsource", HttpMethod.GET,
      session + "/htmlfile?c=alert", HttpMethod.GET,
      session + "/jsonp?c=alert", HttpMethod.GET,
      session + "/jsonp_send", HttpMethod.POST,
      "/eventbus/iframe.html", HttpMethod.GET,
      "/eventbus/iframe-1.6.1.html", HttpMethod.GET);
    for (Map.Entry<String, HttpMethod> f : fallbacks.entrySet()) {
      var res = send(f.getValue(), f.getKey(), f.getValue() == HttpMethod.POST ? "[\"{\\\"type\\\":\\\"ping\\\"}\"]" : null);
      assertEquals(404, res.statusCode(), f.getValue() + " " + f.getKey() + ": " + res.bodyAsString());
      assertEquals("not_found", new JsonObject(res.bodyAsString()).getString("error"), f.getKey());
      assertFalse(res.bodyAsString().contains("alert"), "no script: " + res.bodyAsString());
    }
  }

  @Test
  void theSockJsHandshakeSetsNoCookie() throws Exception {
    for (HttpMethod method : new HttpMethod[] {HttpMethod.GET, HttpMethod.OPTIONS}) {
      var info = send(method, "/eventbus/info", null);
      assertTrue(info.statusCode() == 200 || info.statusCode() == 204, method + " " + info.statusCode());
      assertNull(info.getHeader("Set-Cookie"), method + " /eventbus/info sets " + info.getHeader("Set-Cookie"));
      if (method == HttpMethod.GET) {
        JsonObject body = new JsonObject(info.bodyAsString());
        assertEquals(Boolean.FALSE, body.getBoolean("cookie_needed"));
        assertEquals(Boolean.TRUE, body.getBoolean("websocket"));
      }
    }
  }

  @Test
  void everyAnswerCarriesHstsOverHttpsAndAPermissionsPolicy() throws Exception {
    for (String path : new String[] {"/", "/index.html", "/api/me", "/health", "/eventbus/info"}) {
      var res = send(HttpMethod.GET, path, null);
      assertEquals(SecurityHeaders.HSTS, res.getHeader("Strict-Transport-Security"), path);
      String policy = res.getHeader("Permissions-Policy");
      assertTrue(policy != null && policy.contains("camera=()") && policy.contains("microphone=()")
        && policy.contains("geolocation=()"), path + ": " + policy);
    }
    // Served over plain http (no https publicUrl): no HSTS, which would be ignored or lock a host out.
    assertFalse(SecurityHeaders.servedOverHttps(AppConfig.load(null, Map.of())));
    assertTrue(SecurityHeaders.servedOverHttps(AppConfig.load(null, Map.of("AILIVE_PUBLIC_URL", "HTTPS://a.example"))));
  }

  @Test
  void metricsNeedTheirTokenWhenOneIsSet() throws Exception {
    assertEquals(401, send(HttpMethod.GET, "/metrics", null).statusCode());
    var wrong = server.client.get("/metrics").bearerTokenAuthentication(METRICS_TOKEN + "x").send().await(20, TimeUnit.SECONDS);
    assertEquals(401, wrong.statusCode());
    assertEquals("unauthorized", new JsonObject(wrong.bodyAsString()).getString("error"));
    var member = server.client.get("/metrics").bearerTokenAuthentication(server.demoToken("officer@demo.ailive.test"))
      .send().await(20, TimeUnit.SECONDS);
    assertEquals(401, member.statusCode(), "a member's token is not the scraper's");
    var right = server.client.get("/metrics").bearerTokenAuthentication(METRICS_TOKEN).send().await(20, TimeUnit.SECONDS);
    assertEquals(200, right.statusCode());
    assertTrue(right.bodyAsString().contains("vertx_"), "Prometheus text");
  }
}
