package org.ailive.admin;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.ailive.TestServer;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The admin routes over real HTTP, for the set-up tests. */
final class AdminHttp {

  private final TestServer server;

  AdminHttp(TestServer server) {
    this.server = server;
  }

  HttpResponse<Buffer> send(HttpMethod method, String path, String token, JsonObject body) throws Exception {
    var req = server.client.request(method, path);
    if (token != null) {
      req.bearerTokenAuthentication(token);
    }
    return (body == null ? req.send() : req.sendJsonObject(body)).await(20, TimeUnit.SECONDS);
  }

  /** The answer's JSON, after checking its status. */
  JsonObject expect(int status, HttpMethod method, String path, String token, JsonObject body) throws Exception {
    var res = send(method, path, token, body);
    assertEquals(status, res.statusCode(), method + " " + path + ": " + res.bodyAsString());
    return res.body() == null || res.body().length() == 0 || res.bodyAsString().startsWith("[") ? null
      : res.bodyAsJsonObject();
  }

  io.vertx.core.json.JsonArray list(String path, String token) throws Exception {
    var res = send(HttpMethod.GET, path, token, null);
    assertEquals(200, res.statusCode(), path + ": " + res.bodyAsString());
    return res.bodyAsJsonArray();
  }

  /** A refusal: its status, its code and the field it names (null: no field). */
  JsonObject refused(int status, String error, String field, HttpMethod method, String path, String token,
                     JsonObject body) throws Exception {
    JsonObject out = expect(status, method, path, token, body);
    assertEquals(error, out.getString("error"), out.encode());
    assertEquals(field, out.getString("field"), out.encode());
    return out;
  }

  long count(String sql, Object... params) throws Exception {
    return server.query(sql, params).getJsonObject(0).getLong("n");
  }
}
