package org.ailive.notify;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;

import static org.ailive.notify.SmtpInbox.part;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 19: every path that mails, against a real SMTP server and the real service: a reset the
 * member asks for (and none for a stranger), a re-invitation (the older link refused), a reset the
 * officer issues, an import (none when refused).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MailPathsTest extends MailOutboxFixture {

  @Test
  @Order(5)
  void aMemberWhoAsksForAResetGetsOneMailWhoseLinkSetsTheirPasswordAndAStrangerGetsNone() throws Exception {
    String email = "rosa.diaz@police.example";
    JsonObject rosa = invite("Rosa Diaz", email);
    accept(onlyMailTo(email), rosa, "invite.html", "first chosen passphrase 11");
    HttpResponse<Buffer> asked = askForReset(email);
    assertEquals(202, asked.statusCode(), asked.bodyAsString());
    assertTrue(asked.bodyAsJsonObject().getString("message").contains("we have sent it a link"), asked.bodyAsString());
    MimeMessage mail = nthMailTo(email, 2);
    assertEquals("Choose a new A&I Live password", mail.getSubject());
    String text = part(mail, "text/plain");
    assertTrue(text.contains("Dear Rosa Diaz,"), text);
    Matcher link = link(text, "reset.html");
    assertTrue(part(mail, "text/html").contains("<a href=\"" + link.group() + "\">Choose a new password</a>"));
    HttpResponse<Buffer> reset = server.client.post("/api/auth/reset-password").sendJsonObject(new JsonObject()
      .put("code", link.group(2)).put("newPassword", "harbour lights after rain")).await(10, TimeUnit.SECONDS);
    assertEquals(204, reset.statusCode(), reset.bodyAsString());
    assertEquals(200, signIn(email, "harbour lights after rain").statusCode());
    assertEquals(401, signIn(email, "first chosen passphrase 11").statusCode(), "the old password is gone");

    long notices = server.query("SELECT id FROM notice").size();
    HttpResponse<Buffer> stranger = askForReset("nobody.here@police.example");
    assertEquals(202, stranger.statusCode());
    assertEquals(asked.bodyAsString(), stranger.bodyAsString(), "the same answer, member or not");
    Thread.sleep(500);
    assertEquals(0, mailsTo("nobody.here@police.example"));
    assertEquals(notices, server.query("SELECT id FROM notice").size(), "no outbox row for a stranger");
  }

  @Test
  @Order(5)
  void aReinvitationIsMailedAndOnlyItsLinkWorks() throws Exception {
    String email = "omar.haddad@housing.example";
    JsonObject first = invite("Omar Haddad", email);
    Matcher earlier = link(part(onlyMailTo(email), "text/plain"), "invite.html");
    HttpResponse<Buffer> again = post("/api/members/" + first.getString("memberId") + "/invitations");
    assertEquals(201, again.statusCode(), again.bodyAsString());
    assertEquals(Boolean.TRUE, again.bodyAsJsonObject().getBoolean("mailed"));
    MimeMessage mail = nthMailTo(email, 2);
    assertEquals("Set up your A&I Live account", mail.getSubject());
    Matcher later = link(part(mail, "text/plain"), "invite.html");
    assertTrue(later.group().endsWith(again.bodyAsJsonObject().getString("invitationUrl")), later.group());
    HttpResponse<Buffer> refused = server.client.post("/api/auth/accept-invitation").sendJsonObject(new JsonObject()
      .put("code", earlier.group(2)).put("password", "an earlier link that no longer works")).await(10, TimeUnit.SECONDS);
    assertEquals(400, refused.statusCode(), refused.bodyAsString());
    assertEquals("invalid_invitation", refused.bodyAsJsonObject().getString("error"));
    accept(mail, again.bodyAsJsonObject(), "invite.html", "the later link is the one that works");
  }

  @Test
  @Order(5)
  void aResetTheOfficerIssuesIsMailed() throws Exception {
    String email = "una.byrne@school.example";
    JsonObject member = invite("Una Byrne", email);
    onlyMailTo(email);
    HttpResponse<Buffer> issued = post("/api/members/" + member.getString("memberId") + "/password-reset");
    assertEquals(201, issued.statusCode(), issued.bodyAsString());
    assertEquals(Boolean.TRUE, issued.bodyAsJsonObject().getBoolean("mailed"), issued.bodyAsString());
    MimeMessage mail = nthMailTo(email, 2);
    assertEquals("Choose a new A&I Live password", mail.getSubject());
    Matcher link = link(part(mail, "text/plain"), "reset.html");
    assertTrue(link.group().endsWith(issued.bodyAsJsonObject().getString("url")), link.group());
  }

  @Test
  @Order(5)
  void anImportMailsEachNewMemberAndARefusedImportMailsNoOne() throws Exception {
    String header = "full_name,email,agency,agency_attendance,roles,panels\n";
    long notices = server.query("SELECT id FROM notice").size();
    HttpResponse<Buffer> refused = importCsv(header + "Vic Amos,vic.amos@x.example,Police,,partner,\n"
      + "Wyn Bell,wyn.bell@x.example,Police,,wizard,\n");
    assertEquals(422, refused.statusCode(), refused.bodyAsString());
    Thread.sleep(500);
    assertEquals(0, mailsTo("vic.amos@x.example"), "a refused import mails no one");
    assertEquals(notices, server.query("SELECT id FROM notice").size(), "and leaves no outbox row");

    List<String> people = List.of("Xia Chen", "Yusuf Ali", "Zoe Park");
    StringBuilder file = new StringBuilder(header);
    people.forEach(p -> file.append(p).append(',').append(address(p)).append(",Police,,partner,\n"));
    HttpResponse<Buffer> applied = importCsv(file.toString());
    assertEquals(200, applied.statusCode(), applied.bodyAsString());
    assertEquals(3, applied.bodyAsJsonObject().getJsonArray("invitations").size());
    MimeMessage mail = null;
    for (String p : people) {
      mail = onlyMailTo(address(p));
      assertEquals("Set up your A&I Live account", mail.getSubject());
      assertTrue(part(mail, "text/plain").contains("Dear " + p + ","));
    }
    assertEquals(notices + 3, server.query("SELECT id FROM notice").size());
    JsonObject zoe = applied.bodyAsJsonObject().getJsonArray("invitations").stream().map(o -> (JsonObject) o)
      .filter(i -> "Zoe Park".equals(i.getString("fullName"))).findFirst().orElseThrow();
    accept(mail, zoe, "invite.html", "imported and invited by mail");
  }
}
