package org.ailive.roster;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import org.ailive.audit.AuditAction;
import org.ailive.audit.AuditTrail;
import org.ailive.auth.Identity;
import org.ailive.auth.Roles;
import org.ailive.auth.Tokens;
import org.ailive.export.Download;
import org.ailive.members.MemberChanges;
import org.ailive.notify.Outbox;
import org.ailive.protocol.ApiError;
import org.ailive.protocol.Http;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Members and agencies from a spreadsheet (issue 18), officer only: the template, a dry run that says
 * what each row would do, and an all-or-nothing apply that makes the members with their invitations.
 */
public final class ImportApi {

  private final Vertx vertx;
  private final Pool pool;
  private final Tokens tokens;
  private final Outbox outbox;

  public ImportApi(Vertx vertx, Pool pool, Tokens tokens, Outbox outbox) {
    this.outbox = outbox;
    this.vertx = vertx;
    this.pool = pool;
    this.tokens = tokens;
  }

  /** The body limit of the two upload routes, larger than the general one; register it before that one. */
  public static BodyHandler bodyHandler() {
    return BodyHandler.create(false).setBodyLimit(ImportFile.MAX_BODY_BYTES);
  }

  /** A body over the upload limit gets words that say the limit (the body handler fails with a bare 413). */
  public static Handler<RoutingContext> tooLarge() {
    return ctx -> {
      if (ctx.statusCode() == 413 && ctx.failure() == null && !ctx.response().headWritten()) {
        Http.ok(ctx, 413, new ApiError(413, "import_too_large", "The file is larger than "
          + ImportFile.MAX_BODY_BYTES / (1024 * 1024) + " MB. Split it into smaller files (at most "
          + String.format(Locale.UK, "%,d", ImportFile.MAX_ROWS) + " rows each) and import each.").toJson());
      } else {
        ctx.next();
      }
    };
  }

  /** {@code GET /api/admin/import/template.csv} */
  public void templateCsv(RoutingContext ctx) {
    example()
      .onSuccess(row -> Download.send(ctx, Download.CSV, "members-template.csv", ImportTemplate.csv(row)))
      .onFailure(ctx::fail);
  }

  /** {@code GET /api/admin/import/template.xlsx} */
  public void templateXlsx(RoutingContext ctx) {
    example()
      .compose(row -> vertx.executeBlocking(() -> ImportTemplate.xlsx(row)))
      .onSuccess(bytes -> Download.send(ctx, Download.XLSX, "members-template.xlsx", Buffer.buffer(bytes)))
      .onFailure(ctx::fail);
  }

  private Future<List<String>> example() {
    return pool.query(RosterSql.EXAMPLE).execute().map(rows -> {
      var r = rows.iterator().next();
      return ImportTemplate.example(r.getString("agency"), r.getString("panel"));
    });
  }

  /** {@code POST /api/admin/import/dry-run}: the file as the body; nothing is written but the audit row. */
  public void dryRun(RoutingContext ctx) {
    Identity officer = Roles.identity(ctx);
    parse(ctx).compose(file -> Directory.load(pool, emails(file))
        .map(dir -> ImportCheck.check(file.lines(), dir))
        .compose(plan -> AuditTrail.record(pool, officer.memberId(), AuditAction.MEMBERS_IMPORT_CHECKED, "members",
          plan.totals().copy().put("format", format(file))).map(v -> report(file, plan))))
      .onSuccess(out -> Http.ok(ctx, 200, out))
      .onFailure(ctx::fail);
  }

  /**
   * {@code POST /api/admin/import/apply}: checks the file again on the transaction that writes it; one
   * refused row and nothing is written (422 with the same report).
   */
  public void apply(RoutingContext ctx) {
    Identity officer = Roles.identity(ctx);
    parse(ctx).compose(file -> pool.withTransaction(conn -> Directory.load(conn, emails(file))
          .map(dir -> ImportCheck.check(file.lines(), dir))
          .compose(plan -> {
            if (plan.refused()) {
              int refused = plan.totals().getInteger("refuse");
              JsonObject report = report(file, plan);
              return Future.failedFuture(new ApiError(422, "import_refused", (refused == 1 ? "1 row is" : refused + " rows are")
                + " refused, so nothing was imported. Fix " + (refused == 1 ? "it" : "them") + " and try again.")
                .with("format", report.getString("format")).with("totals", report.getJsonObject("totals"))
                .with("rows", report.getJsonArray("rows")));
            }
            return ImportApply.apply(conn, outbox, officer.memberId(), plan, format(file))
              .map(done -> new Applied(report(file, plan).put("invitations", done.invitations()), done.updates()));
          }))
        .recover(ImportApi::conflicts))
      .compose(applied -> announce(applied.updates()).map(applied.answer()))
      .onSuccess(out -> Http.ok(ctx, 200, out))
      .onFailure(ctx::fail);
  }

  private record Applied(JsonObject answer, List<ImportCheck.Update> updates) {
  }

  /** After the commit: live rooms reload; members whose roles or agency changed sign in again. */
  private Future<Void> announce(List<ImportCheck.Update> updates) {
    Future<Void> chain = Future.succeededFuture();
    for (ImportCheck.Update u : updates) {
      chain = chain.compose(v -> MemberChanges.announce(vertx, tokens, u.before().id(), u.accessChanged()));
    }
    return chain;
  }

  private Future<ImportFile.Parsed> parse(RoutingContext ctx) {
    Buffer body = ctx.body() == null ? null : ctx.body().buffer();
    if (body == null || body.length() == 0) {
      return Future.failedFuture(new ApiError(422, "import_unreadable",
        "The file is empty. Start from the template: its first row names the columns."));
    }
    ImportFile.Format format;
    try {
      format = ImportFile.format(ctx.request().getHeader("Content-Type"), body);
    } catch (ApiError e) {
      return Future.failedFuture(e);
    }
    return vertx.executeBlocking(() -> ImportFile.read(format, body), false);
  }

  private static Set<String> emails(ImportFile.Parsed file) {
    Set<String> out = new LinkedHashSet<>();
    file.lines().forEach(l -> out.add(l.get(ImportColumns.EMAIL).toLowerCase(Locale.ROOT)));
    return out;
  }

  private static String format(ImportFile.Parsed file) {
    return file.format().name().toLowerCase(Locale.ROOT);
  }

  private static JsonObject report(ImportFile.Parsed file, ImportCheck.Plan plan) {
    return new JsonObject().put("format", format(file)).put("totals", plan.totals()).put("rows", plan.rows());
  }

  /** Someone else added one of these members or agencies meanwhile: nothing was written. */
  private static <T> Future<T> conflicts(Throwable failure) {
    if (failure instanceof PgException pg && "23505".equals(pg.getSqlState())) {
      return Future.failedFuture(ApiError.conflict("import_conflict", "Someone added one of these members or agencies"
        + " while the file was being imported, so nothing was imported. Check the file again."));
    }
    return Future.failedFuture(failure);
  }
}
