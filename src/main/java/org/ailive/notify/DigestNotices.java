package org.ailive.notify;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.IsoFields;
import java.util.List;
import java.util.Map;

/**
 * The weekly digest of an owner's actions due within 14 days or overdue (issue 19, item 3), each
 * with its one-time progress link (item 6). The links post progress without a sign-in, so the mail
 * is a secret: its body is cleared once sent, as an invitation's is.
 */
public final class DigestNotices {

  public static final String ACTION_DIGEST = "action_digest";

  private DigestNotices() {
  }

  /**
   * One mail per owner per ISO week ({@code weekOf} any day in it): the same week always gives the
   * same key, so running the digest again that week sends nothing more.
   *
   * @param total   how many of the owner's actions are due soon or overdue (the list holds at most
   *                {@link MailList#MAX_LINES})
   * @param allUrl  where they see all their actions
   * @param expires when the progress links stop working
   */
  public static Notice actionDigest(Notices.Recipient owner, LocalDate weekOf, List<MailList.ActionLine> lines,
                                    int total, String allUrl, Instant expires) {
    return new Notice(ACTION_DIGEST, owner.memberId(), owner.email(), key(owner, weekOf),
      Map.of("fullName", owner.fullName(), "actionCount", Integer.toString(total), "actionList", MailList.of(lines),
        "url", allUrl, "expiresAt", Notices.when(expires)), true, null);
  }

  /** {@code action_digest:<member id>:2026-W49}. */
  public static String key(Notices.Recipient owner, LocalDate weekOf) {
    return ACTION_DIGEST + ":" + owner.memberId() + ":" + weekOf.get(IsoFields.WEEK_BASED_YEAR) + "-W"
      + weekOf.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
  }
}
