package org.ailive.actions;

import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.UUID;

/** The notifier until e-mail is wanted: the log is where an operator can see who would be told. */
public final class LoggingNotifier implements Notifier {

  private static final Logger log = LoggerFactory.getLogger(LoggingNotifier.class);

  @Override
  public Future<Void> notify(UUID memberId, String subject, String text) {
    log.info("notify member {}: {} - {}", memberId, subject, text);
    return Future.succeededFuture();
  }
}
