package org.ailive.notify;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.MultiMap;
import io.vertx.ext.mail.LoginOption;
import io.vertx.ext.mail.MailAttachment;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.SMTPException;
import io.vertx.ext.mail.StartTLSOptions;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import org.ailive.config.AppConfig;
import org.ailive.protocol.Addresses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Sends the outbox's due notices through the SMTP server, with retries: the first after
 * {@code mailRetryBaseMs}, each further one four times longer (30 s, 2 min, 8 min, 32 min… at most
 * 6 hours), failed after {@code mailMaxAttempts} tries (or at once when the server refuses for good,
 * a 5xx reply) with the reason. Woken when a notice commits ({@link Addresses#OUTBOX_WAKE}), and it
 * looks again at least every {@link #POLL_MS} (other nodes' notices, retries falling due).
 *
 * <p>Never twice: a notice is claimed (status {@code sending}, committed, {@code FOR UPDATE SKIP
 * LOCKED}) before it is sent, and marked sent right after the server accepts it. The one window left:
 * the server accepted it and this node stopped (or lost the database) before marking it; after the
 * lease ({@link #LEASE_SECONDS}) it is sent again, with the same Message-ID ({@code <notice id@domain>})
 * so receivers can tell it is the same message. A clean stop waits for the send in hand (at most 5 s).
 */
public final class MailWorker extends VerticleBase {

  static final long POLL_MS = 5_000;
  static final int LEASE_SECONDS = 600;
  static final long MAX_DELAY_MS = 6 * 3600 * 1000L;
  private static final long STOP_WAIT_MS = 5_000;
  private static final int BATCH = 20;
  private static final Logger log = LoggerFactory.getLogger(MailWorker.class);

  private final Pool pool;
  private final AppConfig config;
  private final Outbox outbox;
  private MailClient mail;
  private MessageConsumer<Object> consumer;
  private long timer = -1;
  private boolean running;
  private boolean again;
  private boolean stopping;
  private Promise<Void> idle = Promise.promise();

  public MailWorker(Pool pool, AppConfig config, Outbox outbox) {
    this.pool = pool;
    this.config = config;
    this.outbox = outbox;
  }

  @Override
  public Future<?> start() {
    MailConfig options = new MailConfig().setHostname(config.smtpHost()).setPort(config.smtpPort())
      .setStarttls(StartTLSOptions.valueOf(config.smtpStarttls().toUpperCase(Locale.ROOT)))
      .setSsl(config.smtpPort() == 465)
      .setOwnHostname(domain(config.mailFrom()))
      .setUserAgent("A&I Live")
      .setConnectTimeout(30_000).setIdleTimeout(120);
    if (!config.smtpUser().isEmpty()) {
      options.setLogin(LoginOption.REQUIRED).setUsername(config.smtpUser()).setPassword(config.smtpPassword());
    } else {
      options.setLogin(LoginOption.DISABLED);
    }
    mail = MailClient.create(vertx, options);
    idle.complete();
    consumer = vertx.eventBus().consumer(Addresses.OUTBOX_WAKE, m -> wake());
    return consumer.completion().onSuccess(v -> wake());
  }

  /** Stops taking notices, waits for the one being sent (so it is marked), then closes the client. */
  @Override
  public Future<?> stop() {
    stopping = true;
    vertx.cancelTimer(timer);
    // At most STOP_WAIT_MS: a mail server that hangs must not hold up the stop (the row is then taken
    // again after the lease).
    return consumer.unregister().transform(v -> Future.any(idle.future(), vertx.timer(STOP_WAIT_MS)))
      .transform(v -> mail.close());
  }

  private void wake() {
    if (stopping) {
      return;
    }
    if (running) {
      again = true;
      return;
    }
    running = true;
    again = false;
    idle = Promise.promise();
    vertx.cancelTimer(timer);
    drain()
      .onFailure(err -> log.warn("Mail: could not read the outbox ({}); trying again shortly", reason(err)))
      .compose(v -> nextDue(), err -> Future.succeededFuture(POLL_MS))
      .onComplete(wait -> {
        running = false;
        idle.tryComplete();
        if (stopping) {
          return;
        }
        if (again) {
          wake();
        } else {
          timer = vertx.setTimer(wait.succeeded() ? wait.result() : POLL_MS, t -> wake());
        }
      });
  }

  /** Claims and sends batches until none is due. */
  private Future<Void> drain() {
    return pool.preparedQuery(OutboxSql.CLAIM).execute(Tuple.of(BATCH, LEASE_SECONDS)).compose(rows -> {
      List<Row> due = new ArrayList<>();
      rows.forEach(due::add);
      Future<Void> chain = Future.succeededFuture();
      for (Row row : due) {
        chain = chain.compose(v -> stopping ? giveBack(row) : send(row));
      }
      return chain.compose(v -> due.size() == BATCH && !stopping ? drain() : Future.succeededFuture());
    });
  }

  private Future<Void> send(Row row) {
    UUID id = row.getUUID("id");
    MailMessage message = new MailMessage().setFrom(config.mailFrom()).setTo(row.getString("to_address"))
      .setSubject(row.getString("subject")).setText(row.getString("text_body")).setHtml(row.getString("html_body"))
      .setHeaders(MultiMap.caseInsensitiveMultiMap()
        .add("Message-ID", messageId(id, config.mailFrom()))
        // RFC 3834: an automatic message, so out-of-office replies are not sent back to it.
        .add("Auto-Submitted", "auto-generated"));
    Buffer file = row.getBuffer("attachment");
    if (file != null) {
      message.setAttachment(List.of(MailAttachment.create().setName(row.getString("attachment_name"))
        .setContentType(row.getString("attachment_type")).setData(file)));
    }
    Future<?> sending;
    try {
      sending = mail.sendMail(message);
    } catch (IllegalArgumentException badAddress) {
      sending = Future.failedFuture(badAddress);
    }
    return sending.transform(sent -> {
      if (sent.succeeded()) {
        log.info("Mail: notice {} ({}) sent", id, row.getString("kind"));
        return pool.preparedQuery(OutboxSql.SENT).execute(Tuple.of(id)).mapEmpty();
      }
      int attempts = row.getInteger("attempts");
      String why = why(sent.cause());
      String addressProblem = addressProblem(sent.cause());
      boolean permanent = addressProblem != null || sent.cause() instanceof SMTPException smtp && smtp.isPermanent();
      if (permanent || attempts >= config.mailMaxAttempts()) {
        log.warn("Mail: notice {} failed after {} tries: {}", id, attempts, why);
        return addressProblem == null ? pool.preparedQuery(OutboxSql.FAIL).execute(Tuple.of(id, why)).mapEmpty()
          : pool.withTransaction(conn -> conn.preparedQuery(OutboxSql.FAIL).execute(Tuple.of(id, why))
            .compose(v -> refused(conn, id, row.getString("kind"), addressProblem)));
      }
      long delay = delayAfter(attempts, config.mailRetryBaseMs());
      log.info("Mail: notice {} not sent (try {}): {}; next try in {} ms", id, attempts, why, delay);
      return pool.preparedQuery(OutboxSql.RETRY).execute(Tuple.of(id, why, delay)).mapEmpty();
    });
  }

  /** A notice claimed while stopping goes back untried, its try not counted. */
  private Future<Void> giveBack(Row row) {
    return pool.preparedQuery(OutboxSql.GIVE_BACK).execute(Tuple.of(row.getUUID("id"))).mapEmpty();
  }

  private Future<Long> nextDue() {
    return pool.preparedQuery(OutboxSql.NEXT_DUE).execute(Tuple.of(LEASE_SECONDS)).map(MailWorker::waitMs);
  }

  private static long waitMs(RowSet<Row> rows) {
    Object wait = rows.iterator().next().getValue("wait_ms");
    if (wait == null) {
      return POLL_MS;
    }
    double ms = Double.parseDouble(wait.toString());
    return Math.max(20, Math.min(POLL_MS, (long) Math.ceil(ms)));
  }

  /** The wait after the {@code attempts}-th failed try: base, 4×base, 16×base…, at most 6 hours. */
  static long delayAfter(int attempts, long baseMs) {
    double delay = baseMs * Math.pow(4, Math.max(0, attempts - 1));
    return (long) Math.min(delay, MAX_DELAY_MS);
  }

  /** A stable Message-ID from the notice's id: a resend after a crash carries the same one. */
  static String messageId(UUID id, String from) {
    return "<" + id + "@" + domain(from) + ">";
  }

  private static String domain(String address) {
    return address.substring(address.lastIndexOf('@') + 1).trim();
  }

  /** Why a try failed, in one plain line: the server's reply or the connection's error, never the body. */
  static String why(Throwable err) {
    String text;
    if (err instanceof IllegalArgumentException) {
      text = "The address is not one mail can be sent to";
    } else if (err instanceof SMTPException smtp) {
      text = "The mail server refused it: " + smtp.getReplyCode() + " " + smtp.getReplyMessage();
    } else {
      text = "Could not reach the mail server: " + (err.getMessage() == null ? err.getClass().getSimpleName()
        : err.getMessage());
    }
    text = text.replaceAll("\\s+", " ").strip();
    return text.length() > 300 ? text.substring(0, 300) : text;
  }

  /**
   * The address refused for good: recorded against its member (while it is still their address) and
   * the officers told, once per failed notice ({@link NoticeKind#MAIL_PROBLEM}). A refused notice
   * that was itself about a refused address tells no one, so one bad officer address cannot loop.
   */
  private Future<Void> refused(io.vertx.sqlclient.SqlConnection conn, UUID noticeId, String kind, String problem) {
    return conn.preparedQuery(OutboxSql.MAIL_PROBLEM).execute(Tuple.of(noticeId, problem)).compose(rows -> {
      if (rows.size() == 0 || NoticeKind.MAIL_PROBLEM.code.equals(kind)) {
        return Future.succeededFuture();
      }
      Row member = rows.iterator().next();
      return conn.preparedQuery(OutboxSql.OFFICERS).execute().compose(officers -> {
        List<Future<Void>> told = new ArrayList<>();
        officers.forEach(o -> told.add(outbox.enqueue(conn, MailProblemNotices.refused(noticeId,
          member.getUUID("id"), member.getString("full_name"),
          new Notices.Recipient(o.getUUID("id"), o.getString("full_name"), o.getString("email"))))));
        return Future.all(told).mapEmpty();
      });
    });
  }

  /**
   * When the try failed because of the address itself, what the officer sees against the member: the
   * server refused the recipient for good (5xx at RCPT), or the address is not one mail can go to.
   * Null for any other failure (the server down, refusing the sender, a full mailbox that may clear).
   */
  static String addressProblem(Throwable err) {
    if (err instanceof SMTPException smtp && smtp.isPermanent()
        && String.valueOf(smtp.getMessage()).startsWith("recipient address not accepted")) {
      String text = ("The mail server refused this address: " + smtp.getReplyCode() + " " + smtp.getReplyMessage())
        .replaceAll("\\s+", " ").strip();
      return text.length() > 300 ? text.substring(0, 300) : text;
    }
    if (err instanceof IllegalArgumentException && String.valueOf(err.getMessage()).startsWith("invalid email address")) {
      return "This is not an e-mail address mail can be sent to.";
    }
    return null;
  }

  private static String reason(Throwable err) {
    return err instanceof PgException pg ? "SQL state " + pg.getSqlState() : err.getClass().getSimpleName();
  }
}
