package org.ailive.actions;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 15, 11g: the log says who would be told, never what (the text names the family). */
class LoggingNotifierTest {

  @Test
  void theLogHasTheMemberIdButNoFamilyReferenceOrNarrative() {
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    Logger logger = (Logger) LoggerFactory.getLogger(LoggingNotifier.class);
    logger.setLevel(Level.INFO);
    logger.addAppender(log);
    log.start();
    try {
      UUID member = UUID.randomUUID();
      new LoggingNotifier().notify(member, "Action 7 (NH-0042) is reported done",
        "Action 7 (NH-0042) was reported done by Gemma Rowe (Police): the child has moved to his grandmother's.")
        .await();
      assertEquals(1, log.list.size());
      String line = log.list.get(0).getFormattedMessage();
      assertTrue(line.contains(member.toString()), line);
      assertFalse(line.contains("NH-0042"), line);
      assertFalse(line.contains("grandmother"), line);
      assertFalse(line.contains("Gemma"), line);
    } finally {
      logger.detachAppender(log);
    }
  }
}
