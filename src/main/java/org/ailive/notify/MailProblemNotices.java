package org.ailive.notify;

import java.util.Map;
import java.util.UUID;

/** The notice that a member's address refuses mail (issue 19, "bounces are shown against the member"). */
final class MailProblemNotices {

  private MailProblemNotices() {
  }

  /** To one officer: whose address was refused, with a link to the members page. Once per failed notice. */
  static Notice refused(UUID failedNoticeId, UUID memberId, String memberName, Notices.Recipient officer) {
    String kind = NoticeKind.MAIL_PROBLEM.code;
    return new Notice(kind, officer.memberId(), officer.email(), kind + ":" + failedNoticeId + ":" + officer.memberId(),
      Map.of("fullName", memberName, "url", "/members.html?member=" + memberId + "#members-section"), false, null);
  }
}
