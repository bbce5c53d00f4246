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
import org.ailive.actions.ActionsApi;
import org.ailive.actions.FollowUpApi;
import org.ailive.actions.ReturnedActions;
import org.ailive.auth.JoinLinks;
import org.ailive.auth.PasswordChange;
import org.ailive.auth.Roles;
import org.ailive.auth.SessionCookie;
import org.ailive.auth.SignIn;
import org.ailive.auth.Tokens;
import org.ailive.auth.SecondFactorSignIn;
import org.ailive.auth.TwoFactor;
import org.ailive.auth.TwoFactorApi;
import org.ailive.demo.DemoSetup;
import org.ailive.cases.CaseApi;
import org.ailive.config.AppConfig;
import org.ailive.live.LiveBridge;
import org.ailive.meeting.JoinLinkBatch;
import org.ailive.meeting.CallLinkApi;
import org.ailive.meeting.CallLinks;
import org.ailive.meeting.MeetingApi;
import org.ailive.members.MemberApi;
import org.ailive.minutes.MinutesApi;
import org.ailive.notify.Outbox;
import org.ailive.notify.OutboxApi;
import org.ailive.protocol.ApiError;
import org.ailive.room.RoomApi;
import org.ailive.store.Database;

import java.util.List;

import static org.ailive.auth.Roles.anyOf;

/** The HTTP face of the service. The route table below is its table of contents. */
public final class HttpVerticle extends VerticleBase {

  private final AppConfig config;
  private final Database db;
  private final Tokens tokens;
  private final Outbox outbox;
  private HttpServer server;
  private LiveBridge bridge;

  public HttpVerticle(AppConfig config, Database db, Tokens tokens, Outbox outbox) {
    this.config = config;
    this.outbox = outbox;
    this.db = db;
    this.tokens = tokens;
  }

  @Override
  public Future<?> start() {
    SessionCookie cookie = new SessionCookie(db.pool(), tokens, config.publicUrl().startsWith("https://"));
    TwoFactor twoFactor = new TwoFactor(vertx, db.pool(), tokens, cookie, config.dataDir(),
      email -> DemoSetup.exemptFromTwoFactor(db.pool(), email));
    SignIn signIn = new SignIn(vertx, db.pool(), tokens, cookie, twoFactor);
    // Issue 19: meetings scheduled, moved and cancelled are mailed to the panel with a calendar entry.
    var meetingMail = new org.ailive.meeting.MeetingMail(outbox, new org.ailive.notify.MeetingNotices(config, outbox));
    CallLinks callLinks = new CallLinks(config.callLinkHosts());
    MeetingApi meetings = new MeetingApi(db.pool(), meetingMail).withCallLinks(callLinks);
    CallLinkApi callLink = new CallLinkApi(db.pool(), meetings, callLinks);
    RoomApi room = new RoomApi(vertx);
    MemberApi members = new MemberApi(vertx, db.pool(), tokens, cookie, twoFactor, outbox);
    JoinLinks joinLinks = new JoinLinks(db.pool(), tokens, cookie, twoFactor, outbox);
    JoinLinkBatch joinLinkBatch = new JoinLinkBatch(db.pool(), tokens, outbox);
    MinutesApi minutes = new MinutesApi(vertx, db.pool(), meetings);
    CaseApi cases = new CaseApi(db.pool(), meetings, outbox).retainingFor(config.caseRetentionDays());
    ActionsApi actions = new ActionsApi(db.pool(), outbox);
    FollowUpApi followUp = new FollowUpApi(db.pool());
    Health health = new Health(db.pool());
    Instance instance = new Instance(db.pool());
    PasswordChange passwordChange = new PasswordChange(vertx, db.pool(), tokens, twoFactor);

    Router router = Router.router(vertx);
    router.route().handler(new SecurityHeaders(config));

    router.get("/health").handler(health::check);
    router.get("/api/instance").handler(instance::describe);
    router.get("/metrics").handler(new MetricsGuard(config.metricsToken())).handler(PrometheusScrapingHandler.create());

    // Member import (issue 18): its two uploads have a larger body limit; the general one below then
    // finds the body read and passes it on. Only an officer's upload is read that far: who is asking
    // is settled first (the router holds the body back until a body handler asks for it).
    var importBody = org.ailive.roster.ImportApi.bodyHandler();
    for (String upload : List.of("/api/admin/import/dry-run", "/api/admin/import/apply")) {
      router.post(upload).handler(JWTAuthHandler.create(tokens.jwtAuth())).handler(Roles.validToken(tokens))
        .handler(PasswordChange.guard()).handler(TwoFactorApi.guard()).handler(anyOf("officer"));
      router.post(upload).handler(importBody);
    }
    router.route("/api/*").handler(BodyHandler.create(false).setBodyLimit(config.bodyLimitBytes()));
    router.post("/api/auth/sign-in").handler(signIn::signIn);
    // Two-factor sign-in (issue 18).
    router.post("/api/auth/sign-in/second-factor").handler(new SecondFactorSignIn(twoFactor)::verify);
    router.post("/api/auth/accept-invitation").handler(members::acceptInvitation);
    router.post("/api/auth/join").handler(joinLinks::exchange);
    // Account recovery (issue 18): no sign-in.
    var resets = new org.ailive.auth.PasswordResets(vertx, db.pool(), tokens, outbox);
    router.post("/api/auth/password-reset").handler(resets::request);
    router.post("/api/auth/reset-password").handler(resets::reset);
    // One-time progress links from the weekly digest (issue 19): no sign-in, the code is the credential.
    var progressLinks = new org.ailive.actions.ProgressLinks(db.pool(), actions, config.mailAllowedDomains());
    router.get("/api/progress-links/:code").handler(progressLinks::show);
    router.post("/api/progress-links/:code").handler(progressLinks::post);
    // The browser's sign-in (its HttpOnly cookie) for a tab's session token: no bearer token.
    router.post("/api/auth/session").handler(cookie::resume);
    router.route("/api/*").handler(JWTAuthHandler.create(tokens.jwtAuth())).handler(Roles.validToken(tokens))
      .handler(PasswordChange.guard()).handler(TwoFactorApi.guard());
    router.get("/api/me").handler(signIn::me);
    // Two-factor enrolment (issue 18).
    TwoFactorApi twoFactorApi = new TwoFactorApi(twoFactor);
    router.get("/api/auth/two-factor").handler(twoFactorApi::status);
    router.post("/api/auth/two-factor/enrol").handler(twoFactorApi::enrol);
    router.post("/api/auth/two-factor/confirm").handler(twoFactorApi::confirm);
    router.post("/api/auth/two-factor/recovery-codes").handler(twoFactorApi::renewRecoveryCodes);
    router.delete("/api/auth/two-factor").handler(twoFactorApi::disable);
    router.post("/api/members/:memberId/two-factor/reset").handler(anyOf("officer")).handler(twoFactorApi::reset);
    router.post("/api/auth/change-password").handler(passwordChange::change);
    router.post("/api/auth/sign-out").handler(signIn::signOut);
    router.post("/api/auth/sign-out-everywhere").handler(signIn::signOutEverywhere);
    router.post("/api/auth/refresh").handler(signIn::refresh);
    // Account recovery (issue 18).
    var recovery = new org.ailive.members.MemberRecovery(db.pool(), outbox);
    router.post("/api/members/:memberId/invitations").handler(anyOf("officer")).handler(recovery::reinvite);
    router.post("/api/members/:memberId/password-reset").handler(anyOf("officer")).handler(recovery::issueReset);

    router.get("/api/members").handler(anyOf("officer", "chair")).handler(members::list);
    router.post("/api/members/invitations").handler(anyOf("officer")).handler(members::invite);
    router.patch("/api/members/:memberId").handler(anyOf("officer")).handler(members::update);
    router.get("/api/audit").handler(anyOf("officer")).handler(members::auditTrail);
    router.get("/api/audit.csv").handler(anyOf("officer")).handler(members::auditTrailCsv);
    // Council set-up (issue 18): officer only.
    var council = new org.ailive.admin.CouncilApi(db.pool());
    var panelAdmin = new org.ailive.admin.PanelAdmin(db.pool());
    var panelChair = new org.ailive.admin.PanelChair(vertx, db.pool(), tokens, outbox);
    var agencyAdmin = new org.ailive.admin.AgencyAdmin(db.pool());
    var keyAgencyAdmin = new org.ailive.admin.KeyAgencyAdmin(db.pool());
    router.get("/api/admin/setup").handler(anyOf("officer")).handler(council::setup);
    router.put("/api/admin/council").handler(anyOf("officer")).handler(council::rename);
    router.post("/api/admin/setup/complete").handler(anyOf("officer")).handler(council::complete);
    router.get("/api/admin/panels").handler(anyOf("officer")).handler(panelAdmin::list);
    router.post("/api/admin/panels").handler(anyOf("officer")).handler(panelAdmin::create);
    router.put("/api/admin/panels/:panelId").handler(anyOf("officer")).handler(panelAdmin::update);
    router.put("/api/admin/panels/:panelId/chair").handler(anyOf("officer")).handler(panelChair::set);
    router.get("/api/admin/agencies").handler(anyOf("officer")).handler(agencyAdmin::list);
    router.post("/api/admin/agencies").handler(anyOf("officer")).handler(agencyAdmin::create);
    router.put("/api/admin/agencies/:agencyId").handler(anyOf("officer")).handler(agencyAdmin::update);
    router.delete("/api/admin/agencies/:agencyId").handler(anyOf("officer")).handler(agencyAdmin::delete);
    router.get("/api/admin/key-agencies").handler(anyOf("officer")).handler(keyAgencyAdmin::list);
    router.put("/api/admin/key-agencies/:need").handler(anyOf("officer")).handler(keyAgencyAdmin::set);

    router.get("/api/agencies").handler(meetings::listAgencies);
    router.get("/api/panels").handler(anyOf("officer", "chair")).handler(meetings::listPanels);
    // Issue 20: a panel's meetings made as a series (the officer; a dry run previews the dates).
    var series = new org.ailive.meeting.MeetingSeries(db.pool(), meetingMail);
    router.post("/api/panels/:panelId/meeting-series").handler(anyOf("officer")).handler(series::create);
    router.get("/api/panels/:panelId/meeting-series").handler(anyOf("officer", "chair")).handler(series::list);
    router.post("/api/panels/:panelId/members").handler(anyOf("officer")).handler(members::addToPanel);
    router.delete("/api/panels/:panelId/members/:memberId").handler(anyOf("officer")).handler(members::removeFromPanel);
    // Member import (issue 18): officer only.
    var imports = new org.ailive.roster.ImportApi(vertx, db.pool(), tokens, outbox);
    router.get("/api/admin/import/template.csv").handler(anyOf("officer")).handler(imports::templateCsv);
    router.get("/api/admin/import/template.xlsx").handler(anyOf("officer")).handler(imports::templateXlsx);
    router.post("/api/admin/import/dry-run").handler(anyOf("officer")).handler(imports::dryRun);
    router.post("/api/admin/import/apply").handler(anyOf("officer")).handler(imports::apply);
    router.route("/api/admin/import/*").failureHandler(org.ailive.roster.ImportApi.tooLarge());
    router.get("/api/meetings").handler(meetings::list);
    router.post("/api/meetings").handler(anyOf("officer")).handler(meetings::create);
    router.get("/api/meetings/:meetingId").handler(meetings::get);
    // Issue 19: moving or cancelling a meeting tells its panel.
    var meetingChanges = new org.ailive.meeting.MeetingChanges(vertx, db.pool(), meetingMail, tokens);
    router.patch("/api/meetings/:meetingId").handler(anyOf("officer")).handler(meetingChanges::move);
    router.post("/api/meetings/:meetingId/cancel").handler(anyOf("officer")).handler(meetingChanges::cancel);
    // Issue 20: the meeting's video-call link (R13), set or cleared by the officer or its chair.
    router.put("/api/meetings/:meetingId/call-link").handler(anyOf("officer", "chair")).handler(callLink::put);
    router.post("/api/meetings/:meetingId/join-links").handler(anyOf("officer")).handler(joinLinks::create);
    router.get("/api/meetings/:meetingId/join-links").handler(anyOf("officer")).handler(joinLinkBatch::list);
    router.delete("/api/meetings/:meetingId/join-links/:linkId").handler(anyOf("officer")).handler(joinLinks::revoke);
    // Issue 18: join links for the whole meeting at once (make for several members, withdraw all).
    router.post("/api/meetings/:meetingId/join-links/batch").handler(anyOf("officer")).handler(joinLinkBatch::create);
    router.delete("/api/meetings/:meetingId/join-links").handler(anyOf("officer")).handler(joinLinkBatch::withdrawAll);
    router.get("/api/meetings/:meetingId/room").handler(room::state);
    router.get("/api/meetings/:meetingId/events").handler(room::events);
    router.post("/api/meetings/:meetingId/commands").handler(room::command);
    router.get("/api/meetings/:meetingId/minutes-draft").handler(anyOf("officer", "chair")).handler(minutes::draft);

    router.get("/api/cases/template").handler(cases::template);
    router.get("/api/cases").handler(anyOf("presenter", "officer")).handler(cases::mine);
    router.post("/api/cases").handler(anyOf("presenter", "officer")).handler(cases::create);
    router.get("/api/cases/:caseId").handler(cases::get);
    router.put("/api/cases/:caseId").handler(anyOf("presenter", "officer")).handler(cases::update);
    router.post("/api/cases/:caseId/submit").handler(anyOf("presenter", "officer")).handler(cases::submit);
    router.post("/api/cases/:caseId/accept").handler(anyOf("chair")).handler(cases::accept);
    router.post("/api/cases/:caseId/decline").handler(anyOf("chair")).handler(cases::decline);
    router.get("/api/cases/:caseId/key-agencies").handler(cases::keyAgencies);
    router.get("/api/meetings/:meetingId/cases").handler(cases::pack);
    // Issue 20: the partners' checks before the meeting, and who has read the pack.
    var packCases = new org.ailive.cases.PackCases(db.pool(), meetings, config.caseRetentionDays());
    var packChecks = new org.ailive.packchecks.PackCheckApi(db.pool(), packCases);
    router.put("/api/cases/:caseId/pack-check").handler(anyOf("partner", "presenter")).handler(packChecks::put);
    router.get("/api/cases/:caseId/pack-checks").handler(packChecks::forCase);
    router.get("/api/meetings/:meetingId/pack-checks").handler(packChecks::forMeeting);
    router.get("/api/meetings/:meetingId/pack-readers").handler(anyOf("officer", "chair"))
      .handler(new org.ailive.packchecks.PackReaders(db.pool(), packCases)::grid);
    // The family page and the search box (issue 20): who reads what is the cases' and actions' rule.
    var family = new org.ailive.family.FamilyApi(db.pool(), cases.families());
    var search = new org.ailive.family.FamilySearch(db.pool(), cases.families());
    router.get("/api/families/:familyRef").handler(family::page);
    router.post("/api/families/:familyRef/cases").handler(anyOf("presenter", "officer")).handler(family::bringBack);
    router.get("/api/search").handler(search::search);

    router.get("/api/actions").handler(actions::list);
    router.get("/api/actions/:actionId").handler(actions::get);
    router.post("/api/actions/:actionId/progress").handler(actions::progress);
    router.post("/api/actions/:actionId/drop").handler(anyOf("chair")).handler(actions::drop);
    ReturnedActions returned = new ReturnedActions(vertx, db.pool(), outbox);
    router.post("/api/actions/:actionId/revise").handler(returned::revise);
    router.post("/api/actions/:actionId/withdraw").handler(returned::withdraw);
    router.get("/api/meetings/:meetingId/follow-up").handler(followUp::followUp);
    router.get("/api/panels/:panelId/agenda-suggestions").handler(followUp::agendaSuggestions);

    // Mail outbox (issue 19): officer only.
    OutboxApi outboxApi = new OutboxApi(db.pool(), outbox);
    router.get("/api/admin/outbox").handler(anyOf("officer"))
      .handler(ctx -> outboxApi.list(ctx, Roles.identity(ctx).memberId()));
    router.post("/api/admin/outbox/:noticeId/resend").handler(anyOf("officer"))
      .handler(ctx -> outboxApi.resend(ctx, Roles.identity(ctx).memberId()));
    router.get("/api/admin/scheduler").handler(anyOf("officer"))
      .handler(new org.ailive.notify.DailyJobsApi(db.pool(), config)::list);
    // The member's own notice centre (issue 19): the bell and what they get of each kind.
    var notices = new org.ailive.notify.NoticeCentreApi(db.pool());
    router.get("/api/notices").handler(ctx -> notices.list(ctx, Roles.identity(ctx).memberId()));
    router.post("/api/notices/read-all").handler(ctx -> notices.readAll(ctx, Roles.identity(ctx).memberId()));
    router.get("/api/notices/preferences").handler(ctx -> notices.preferences(ctx, Roles.identity(ctx).memberId()));
    router.put("/api/notices/preferences").handler(ctx -> notices.savePreferences(ctx, Roles.identity(ctx).memberId()));
    router.post("/api/notices/:noticeId/read").handler(ctx -> notices.read(ctx, Roles.identity(ctx).memberId()));

    // Exports and reports (issue 8): officer and chair; each file download is audited.
    var actionLog = new org.ailive.export.ActionLogExport(vertx, db.pool());
    var minutesVersions = new org.ailive.minutes.MinutesVersions(vertx, db.pool(), meetings);
    var reports = new org.ailive.reports.ReportsApi(vertx, db.pool());
    var caseOutcome = new org.ailive.reports.CaseOutcomeApi(db.pool());
    router.get("/api/exports/actions.csv").handler(anyOf("officer", "chair")).handler(actionLog::csv);
    router.get("/api/exports/actions.xlsx").handler(anyOf("officer", "chair")).handler(actionLog::xlsx);
    router.post("/api/exports/meetings/:meetingId/minutes").handler(anyOf("officer", "chair")).handler(minutesVersions::draft);
    router.get("/api/exports/meetings/:meetingId/minutes").handler(anyOf("officer", "chair")).handler(minutesVersions::list);
    router.get("/api/exports/meetings/:meetingId/minutes/:version").handler(anyOf("officer", "chair")).handler(minutesVersions::get);
    router.get("/api/exports/meetings/:meetingId/minutes/:version/pdf").handler(anyOf("officer", "chair")).handler(minutesVersions::pdf);
    router.get("/api/exports/meetings/:meetingId/minutes/:version/docx").handler(anyOf("officer", "chair")).handler(minutesVersions::docx);
    router.post("/api/exports/meetings/:meetingId/minutes/:version/approve").handler(anyOf("chair")).handler(minutesVersions::approve);
    var minutesEdits = new org.ailive.minutes.MinutesEdits(db.pool(), minutesVersions);
    var minutesPublished = new org.ailive.minutes.MinutesPublished(db.pool(), meetings, minutesVersions,
      config.caseRetentionDays(), outbox);
    router.get("/api/exports/meetings/:meetingId/minutes-edits").handler(anyOf("officer", "chair")).handler(minutesEdits::list);
    router.put("/api/exports/meetings/:meetingId/minutes/:version/items/:itemId").handler(anyOf("officer", "chair")).handler(minutesEdits::save);
    router.post("/api/exports/meetings/:meetingId/minutes/:version/publish").handler(anyOf("chair")).handler(minutesPublished::publish);
    router.get("/api/meetings/:meetingId/minutes").handler(minutesPublished::read);
    router.get("/api/reports/attendance").handler(anyOf("officer", "chair")).handler(reports::attendance);
    router.get("/api/reports/attendance.csv").handler(anyOf("officer", "chair")).handler(reports::attendance);
    router.get("/api/reports/attendance.xlsx").handler(anyOf("officer", "chair")).handler(reports::attendance);
    router.get("/api/reports/needs").handler(anyOf("officer", "chair")).handler(reports::needs);
    router.get("/api/reports/needs.csv").handler(anyOf("officer", "chair")).handler(reports::needs);
    router.get("/api/reports/needs.xlsx").handler(anyOf("officer", "chair")).handler(reports::needs);
    router.get("/api/reports/outcomes").handler(anyOf("officer", "chair")).handler(reports::outcomes);
    router.get("/api/reports/outcomes.csv").handler(anyOf("officer", "chair")).handler(reports::outcomes);
    router.get("/api/reports/outcomes.xlsx").handler(anyOf("officer", "chair")).handler(reports::outcomes);
    router.get("/api/reports/timing").handler(anyOf("officer", "chair")).handler(reports::timing);
    router.get("/api/reports/timing.csv").handler(anyOf("officer", "chair")).handler(reports::timing);
    router.get("/api/reports/timing.xlsx").handler(anyOf("officer", "chair")).handler(reports::timing);
    var impactAudit = new org.ailive.reports.ImpactAuditApi(vertx, db.pool());
    router.get("/api/reports/impact-audit").handler(anyOf("officer", "chair")).handler(impactAudit::audit);
    router.get("/api/reports/impact-audit.pdf").handler(anyOf("officer", "chair")).handler(impactAudit::audit);
    router.get("/api/reports/impact-audit.xlsx").handler(anyOf("officer", "chair")).handler(impactAudit::audit);
    router.post("/api/cases/:caseId/outcome").handler(anyOf("officer", "chair")).handler(caseOutcome::record);
    var quarterly = new org.ailive.reports.QuarterlyPackApi(vertx, db.pool(), reports);
    router.get("/api/reports/quarterly").handler(anyOf("officer", "chair")).handler(quarterly::pack);
    router.get("/api/reports/quarterly.pdf").handler(anyOf("officer", "chair")).handler(quarterly::pack);
    router.get("/api/reports/quarterly.xlsx").handler(anyOf("officer", "chair")).handler(quarterly::pack);

    bridge = new LiveBridge(vertx, tokens, config.bridgeMaxFrameBytes()).closeRevokedSockets()
      .rejoinMovedMeetings();
    // Only the WebSocket transports are served (LiveBridge): SockJS's iframe page and chunking test
    // belong to the fallbacks, and anything the bridge does not answer is a plain JSON 404.
    router.routeWithRegex("/eventbus/(iframe[^/]*\\.html|chunking_test)").handler(ctx -> ctx.fail(404));
    router.route("/eventbus/*").subRouter(bridge.router());
    router.route("/eventbus/*").handler(ctx -> ctx.fail(404));

    router.route("/api/*").handler(ctx -> ctx.fail(ApiError.notFound("The API route " + ctx.request().path())));
    router.route("/api/*").failureHandler(Failures::handle);
    router.route().handler(StaticHandler.create("webroot").setIndexPage("index.html"));
    router.route().failureHandler(Failures::handle);
    // A request the router refuses before any route runs (e.g. a URL that cannot be decoded) gets
    // the same JSON error as the rest.
    router.errorHandler(400, Failures.refusedByTheRouter(400));

    HttpServerOptions options = new HttpServerOptions()
      .setHost(config.httpHost())
      .setPort(config.httpPort())
      .setMaxWebSocketFrameSize(config.bridgeMaxFrameBytes())
      .setMaxWebSocketMessageSize(config.bridgeMaxFrameBytes())
      // Live messages are small JSON: deflating them per socket cost more CPU and memory (a
      // compressor of ~250 KB per connection) than it saved; see docs/BENCHMARKS.md.
      .setPerMessageWebSocketCompressionSupported(false)
      .setPerFrameWebSocketCompressionSupported(false);
    return vertx.createHttpServer(options).requestHandler(router).listen()
      .onSuccess(s -> server = s);
  }

  /** Clients are told to reconnect, given a moment to read it, then the server closes. */
  @Override
  public Future<?> stop() {
    bridge.goodbye(1000);
    return vertx.timer(200).compose(v -> server.close());
  }

  public int actualPort() {
    return server.actualPort();
  }
}
