package org.ailive.notify;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import io.vertx.sqlclient.Tuple;
import org.ailive.config.AppConfig;
import org.ailive.protocol.Addresses;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The durable outbox (issue 19). A feature writes its notice with {@link #enqueue} on the connection
 * of the transaction that makes the change, so the change and its notice commit together or not at
 * all; {@link MailWorker} sends it later. Nothing here talks to the mail server, so a mail server
 * that refuses or is down never delays or fails the change.
 */
public final class Outbox {

  private final Vertx vertx;
  private final boolean on;
  private final List<String> allowedDomains;
  private volatile String linkBase;

  public Outbox(Vertx vertx, AppConfig config) {
    this.vertx = vertx;
    this.on = config.mailOn();
    this.allowedDomains = config.mailAllowedDomains();
    this.linkBase = stripSlash(config.publicUrl().trim());
  }

  /** Whether mail is on ({@code smtpHost} set). Off: nothing is enqueued and the app shows links to copy. */
  public boolean on() {
    return on;
  }

  /** Where links in mail point when {@code publicUrl} is empty: the address the service listens on. */
  public void defaultLinkBase(String base) {
    if (linkBase.isEmpty()) {
      linkBase = stripSlash(base);
    }
  }

  /**
   * Writes the notice on {@code conn} (the caller's transaction): rendered from its templates with the
   * council's name, held to {@link MailGuard}, once per {@link Notice#dedupeKey()} (a second enqueue
   * of the same cause is a no-op). When the transaction commits, the worker is woken.
   */
  public Future<Void> enqueue(SqlClient conn, Notice notice) {
    if (!on) {
      return Future.succeededFuture();
    }
    return CouncilName.orFallback(conn).compose(council -> {
      Map<String, String> fields = new HashMap<>();
      // Names are one line in mail: a line break or tab typed into one (or a quoted spreadsheet cell)
      // becomes a space here, so it can neither break the mail nor stop it (MailGuard refuses lines).
      notice.fields().forEach((name, value) -> fields.put(name, value == null ? null
        : value.replaceAll("[\\s\\p{Cntrl}]+", " ").strip()));
      fields.put("councilName", council.replaceAll("[\\s\\p{Cntrl}]+", " ").strip());
      if (fields.containsKey("url")) {
        fields.put("url", absolute(fields.get("url")));
      }
      if (fields.containsKey(MailList.FIELD)) {
        fields.put(MailList.FIELD, MailList.absolute(fields.get(MailList.FIELD), this::absolute));
      }
      MailTemplates.Rendered mail = MailTemplates.render(notice.kind(),
        MailGuard.fieldsFor(notice.to(), fields, allowedDomains));
      Notice.Attachment file = notice.attachment();
      // A kind that is never mailed (NoticeKind.mailed false) is written for the app only: never sent.
      boolean mailed = NoticeKind.of(notice.kind()).map(k -> k.mailed).orElse(true);
      return conn.preparedQuery(mailed ? OutboxSql.INSERT : OutboxSql.INSERT_APP_ONLY).execute(Tuple.of(notice.kind(), notice.memberId(), notice.to(),
          mail.subject(), mail.text(), mail.html(), file == null ? null : file.name(),
          file == null ? null : file.contentType(), file == null ? null : Buffer.buffer(file.content()),
          notice.secret(), notice.dedupeKey()))
        .<Void>mapEmpty()
        .onSuccess(v -> wakeOnCommit(conn));
    });
  }

  /** Tells the worker to look now. */
  void wake() {
    vertx.eventBus().publish(Addresses.OUTBOX_WAKE, null);
  }

  private void wakeOnCommit(SqlClient conn) {
    Transaction tx = conn instanceof SqlConnection c ? c.transaction() : null;
    if (tx == null) {
      wake();
    } else {
      // Before the commit the row is invisible to the worker; the worker's own poll is the safety net.
      tx.completion().onSuccess(v -> wake());
    }
  }

  /** A link as mail shows it: a path made absolute with {@code publicUrl} (for an attachment's links). */
  public String link(String url) {
    return absolute(url);
  }

  private String absolute(String url) {
    return url.startsWith("/") ? linkBase + url : url;
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
