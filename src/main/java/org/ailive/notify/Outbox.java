package org.ailive.notify;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import io.vertx.sqlclient.Tuple;
import org.ailive.config.AppConfig;
import org.ailive.protocol.Addresses;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

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

  /**
   * Whether mail is on ({@code smtpHost} set). Off: nothing is mailed, the app shows links to copy,
   * and members still get their in-app notices.
   */
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
   * Whether a notice of {@code kind} for the member would be mailed now: mail is on, the kind is
   * mailed and the member's choice includes mail. A feature that makes something only for the mail (the
   * digest's progress links) asks first, so nothing is made for a mail that is never sent.
   */
  public Future<Boolean> wouldMail(SqlClient conn, UUID memberId, String kind) {
    NoticeKind k = NoticeKind.of(kind).orElseThrow(() -> new IllegalArgumentException("'" + kind
      + "' is not a kind of notice"));
    if (!on || !k.mailed) {
      return Future.succeededFuture(false);
    }
    return k.essential ? Future.succeededFuture(true)
      : NoticeChoice.of(conn, memberId, k).map(choice -> choice == NoticeChoice.MAIL);
  }

  /**
   * Writes the notice on {@code conn} (the caller's transaction): rendered from its templates with the
   * council's name, held to {@link MailGuard}, once per {@link Notice#dedupeKey()} (a second enqueue
   * of the same cause is a no-op). A notice for a member is also an in-app notice (the bell), with
   * mail on or off, unless it carries a secret link (never shown in the app) or the member turned
   * its kind off; it is mailed only when mail is on, its kind is mailed and the member's choice
   * includes mail ({@link NoticeChoice}). When the transaction commits, the worker is woken and the
   * member's open pages are told ({@link Addresses#notices}).
   */
  public Future<Void> enqueue(SqlClient conn, Notice notice) {
    NoticeKind kind = NoticeKind.of(notice.kind()).orElse(null);
    if (kind == null) {
      return Future.failedFuture(new IllegalArgumentException("'" + notice.kind() + "' is not a kind of notice"
        + " (add its row to notify/NoticeKind)"));
    }
    boolean inApp = notice.memberId() != null && !notice.secret();
    boolean mailable = on && kind.mailed;
    if (!inApp && !mailable) {
      return Future.succeededFuture();
    }
    Future<NoticeChoice> chosen = kind.essential || notice.memberId() == null
      ? Future.succeededFuture(NoticeChoice.MAIL) : NoticeChoice.of(conn, notice.memberId(), kind);
    return chosen.compose(choice -> {
      boolean mail = mailable && choice == NoticeChoice.MAIL;
      boolean app = inApp && choice != NoticeChoice.OFF;
      return mail || app ? write(conn, notice, mail, app) : Future.succeededFuture();
    });
  }

  private Future<Void> write(SqlClient conn, Notice notice, boolean mail, boolean app) {
    return CouncilName.orFallback(conn).compose(council -> {
      Map<String, String> fields = new HashMap<>();
      // Names are one line in mail: a line break or tab typed into one (or a quoted spreadsheet cell)
      // becomes a space here, so it can neither break the mail nor stop it (MailGuard refuses lines).
      notice.fields().forEach((name, value) -> fields.put(name, value == null ? null
        : value.replaceAll("[\\s\\p{Cntrl}]+", " ").strip()));
      fields.put("councilName", council.replaceAll("[\\s\\p{Cntrl}]+", " ").strip());
      String path = fields.get("url");
      if (path != null) {
        fields.put("url", absolute(path));
      }
      if (fields.containsKey(MailList.FIELD)) {
        fields.put(MailList.FIELD, MailList.absolute(fields.get(MailList.FIELD), this::absolute));
      }
      Map<String, String> shown = MailGuard.fieldsFor(notice.to(), fields, allowedDomains);
      shown.put(MailTemplates.SETTINGS_URL, absolute(MailTemplates.SETTINGS_PATH));
      MailTemplates.Rendered rendered = MailTemplates.render(notice.kind(), shown);
      Notice.Attachment file = notice.attachment() == null || !mail ? null : notice.attachment();
      // An app-only row keeps no body: it is never sent, and the bell shows its subject and link.
      return conn.preparedQuery(OutboxSql.INSERT).execute(Tuple.of(notice.kind(), notice.memberId(),
          notice.to(), rendered.subject(), mail ? rendered.text() : "", mail ? rendered.html() : "",
          file == null ? null : file.name(), file == null ? null : file.contentType(),
          file == null ? null : Buffer.buffer(file.content()), notice.secret(), notice.dedupeKey(),
          mail ? "pending" : "none", app, app ? path : null))
        .onSuccess(rows -> {
          if (mail && rows.size() > 0) {
            onCommit(conn, this::wake);
          }
          if (app && rows.size() > 0) {
            JsonObject live = NoticeCentreApi.live(rows.iterator().next());
            onCommit(conn, () -> vertx.eventBus().publish(Addresses.notices(notice.memberId()), live));
          }
        })
        .mapEmpty();
    });
  }

  /** Tells the worker to look now. */
  void wake() {
    vertx.eventBus().publish(Addresses.OUTBOX_WAKE, null);
  }

  /** Before the commit the row is invisible to others; the worker's own poll is the safety net. */
  private static void onCommit(SqlClient conn, Runnable then) {
    Transaction tx = conn instanceof SqlConnection c ? c.transaction() : null;
    if (tx == null) {
      then.run();
    } else {
      tx.completion().onSuccess(v -> then.run());
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
