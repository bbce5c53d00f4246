package org.ailive.web;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.JWTAuthHandler;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;
import org.ailive.AppConfig;
import org.ailive.auth.SignIn;
import org.ailive.auth.Tokens;
import org.ailive.live.LiveBridge;
import org.ailive.meeting.MeetingApi;
import org.ailive.meeting.RoomApi;
import org.ailive.minutes.MinutesApi;
import org.ailive.store.Database;

import static org.ailive.auth.Roles.anyOf;

/** The HTTP face of the service. The route table below is its table of contents. */
public final class HttpVerticle extends VerticleBase {

  private final AppConfig config;
  private final Database db;
  private final Tokens tokens;
  private HttpServer server;

  public HttpVerticle(AppConfig config, Database db, Tokens tokens) {
    this.config = config;
    this.db = db;
    this.tokens = tokens;
  }

  @Override
  public Future<?> start() {
    SignIn signIn = new SignIn(vertx, db.pool(), tokens);
    MeetingApi meetings = new MeetingApi(db.pool());
    RoomApi room = new RoomApi(vertx);
    MinutesApi minutes = new MinutesApi(vertx, meetings);
    Health health = new Health(db.pool());

    Router router = Router.router(vertx);
    router.route().handler(SecurityHeaders::apply);

    router.get("/health").handler(health::check);
    router.get("/metrics").handler(PrometheusScrapingHandler.create());

    router.route("/api/*").handler(BodyHandler.create(false).setBodyLimit(config.bodyLimitBytes()));
    router.post("/api/auth/sign-in").handler(signIn::signIn);
    router.route("/api/*").handler(JWTAuthHandler.create(tokens.jwtAuth()));
    router.get("/api/me").handler(signIn::me);

    router.get("/api/panels").handler(anyOf("officer", "chair")).handler(meetings::listPanels);
    router.get("/api/meetings").handler(meetings::list);
    router.post("/api/meetings").handler(anyOf("officer")).handler(meetings::create);
    router.get("/api/meetings/:meetingId").handler(meetings::get);
    router.get("/api/meetings/:meetingId/room").handler(room::state);
    router.get("/api/meetings/:meetingId/events").handler(room::events);
    router.post("/api/meetings/:meetingId/commands").handler(room::command);
    router.get("/api/meetings/:meetingId/minutes-draft").handler(anyOf("officer", "chair")).handler(minutes::draft);

    router.route("/eventbus/*").subRouter(new LiveBridge(vertx, tokens, config.bridgeMaxFrameBytes()).router());

    router.route("/api/*").handler(ctx -> ctx.fail(ApiError.notFound("The API route " + ctx.request().path())));
    router.route("/api/*").failureHandler(Failures::handle);
    router.route().handler(StaticHandler.create("webroot").setIndexPage("index.html"));
    router.route().failureHandler(Failures::handle);

    HttpServerOptions options = new HttpServerOptions()
      .setHost(config.httpHost())
      .setPort(config.httpPort())
      .setMaxWebSocketFrameSize(config.bridgeMaxFrameBytes())
      .setMaxWebSocketMessageSize(config.bridgeMaxFrameBytes());
    return vertx.createHttpServer(options).requestHandler(router).listen()
      .onSuccess(s -> server = s);
  }

  public int actualPort() {
    return server.actualPort();
  }
}
