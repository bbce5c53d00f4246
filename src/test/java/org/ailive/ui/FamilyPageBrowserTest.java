package org.ailive.ui;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 20 item 1 in Chromium: the presenter finds a family with the search box in the navigation,
 * opens its family page (the case discussed last month, its outcome, review date and actions), and
 * brings the family back for the coming meeting: the case form opens on a new draft pre-filled from
 * the last case, without consent. axe-core finds no serious fault on the search results, the family
 * page or the pre-filled form.
 */
class FamilyPageBrowserTest {

  static final String FAMILY = "FAM-UI-001";
  static final String REASON = "School attendance fell again after the summer; the family asked for help.";

  private static DemoCounty demo;
  private static Browser browser;
  private static String caseId;
  private static String actionId;

  @RegisterExtension
  static final OnFailure ON_FAILURE = new OnFailure(() -> java.util.Arrays.asList(browser));

  @BeforeAll
  static void setUp() throws Exception {
    demo = DemoCounty.start();
    // Last month's meeting of the demo panel, its discussed case for the family, and one open action.
    String meeting = demo.id("""
      INSERT INTO meeting (panel_id, meeting_date, first_district_id, status)
      SELECT m.panel_id, current_date - 35, m.first_district_id, 'closed' FROM meeting m WHERE m.id = $1
      RETURNING id::text AS id""", UUID.fromString(demo.meetingId));
    caseId = demo.id("""
      INSERT INTO family_case (family_ref, panel_id, district_id, meeting_id, presenter_member_id, ffa_open,
        consent_to_share, consent_recorded_at, reason_for_bringing, summary_of_concerns, presenting_needs,
        voice_of_child, status, submitted_at, review_date, outcome)
      SELECT $2, m.panel_id, m.first_district_id, m.id, (SELECT id FROM member WHERE email = $3), true, true,
        now() - interval '45 days', $4, 'Mum is struggling with her own health.', ARRAY['attendance_school'],
        'I do not like school because nobody talks to me at break time and I get tired.', 'discussed',
        now() - interval '40 days', m.meeting_date + 120, 'assessment'
      FROM meeting m WHERE m.id = $1 RETURNING id::text AS id""", UUID.fromString(meeting), FAMILY,
      DemoCounty.PRESENTER, REASON);
    actionId = demo.id("""
      INSERT INTO action (case_id, meeting_id, description, owner_agency_id, owner_member_id, due_date,
        success_measure, status, proposed_by_member_id, confirmed_by_member_id, confirmed_at)
      SELECT $1, $2, 'Arrange a school nurse visit', m.agency_id, m.id, current_date + 20,
        'The nurse has seen the child', 'open', m.id, m.id, now() - interval '34 days'
      FROM member m WHERE m.email = $3 RETURNING id::text AS id""", UUID.fromString(caseId),
      UUID.fromString(meeting), DemoCounty.POLICE);
    browser = demo.browser("family-page");
  }

  @AfterAll
  static void tearDown() throws Exception {
    Browser.closeAll(browser);
    if (demo != null) {
      demo.close();
    }
  }

  @Test
  void theSearchBoxFindsTheFamilyAndBringingItBackOpensThePreFilledCaseForm() throws Exception {
    Axe axe = new Axe("family-page");
    browser.signIn(DemoCounty.PRESENTER, demo.password);

    // The search box in the navigation finds the family.
    browser.type(By.id("nav-search-q"), "fam-ui");
    browser.click(By.id("nav-search-go"));
    browser.waitText(By.id("nav-search-status"), "the results counted", t -> t.startsWith("1 result"));
    assertEquals("Family " + FAMILY, browser.textOf(By.id("search-family-" + FAMILY)));
    browser.settle();
    browser.screenshot("family-page", "search-results");
    axe.checkWithKeyboard(browser, "search-results");
    browser.click(By.id("search-family-" + FAMILY));

    // The family page: the case, where it went, its review date and its action.
    browser.visible(By.id("family-case-" + caseId));
    assertEquals("Family " + FAMILY, browser.textOf(By.id("page-heading")));
    String card = browser.textOf(By.id("family-case-" + caseId));
    assertTrue(card.contains("Stepped up to assessment"), card);
    assertTrue(card.contains("Attendance/school concern"), card);
    assertTrue(card.contains("Not reviewed yet"), card);
    assertTrue(browser.textOf(By.id("family-action-" + actionId)).contains("Arrange a school nurse visit"));
    assertFalse(card.contains(REASON), "the family page carries no narrative");
    assertEquals(1, demo.count("SELECT count(*) AS n FROM audit_entry WHERE action = 'family_viewed'"
      + " AND subject = $1", "family:" + FAMILY), "the read is recorded");
    browser.settle();
    browser.screenshot("family-page", "family");
    axe.checkWithKeyboard(browser, "family-page");
    axe.checkWithKeyboardOnPhone(browser, "family-page-phone");

    // Bringing the family back opens the case form on a new draft, pre-filled, consent not copied.
    browser.visible(By.id("bring-back"));
    new Select(browser.visible(By.id("bring-back-meeting"))).selectByValue(demo.meetingId);
    browser.click(By.id("bring-back-start"));
    browser.until("the case form", d -> d.getCurrentUrl().contains("case-form.html?case=") ? true : null);
    browser.visible(By.id("case-form"));
    browser.waitText(By.id("page-status"), "the pre-filled notice", t -> t.contains("never copied"));
    assertEquals(REASON, browser.visible(By.id("case-reason")).getAttribute("value"));
    assertEquals(FAMILY, browser.visible(By.id("case-family-ref")).getAttribute("value"));
    assertFalse(browser.driver.findElement(By.id("case-consent")).isSelected(), "consent is given again");
    assertFalse(browser.driver.findElement(By.id("case-ffa-open")).isSelected());
    String newCase = browser.driver.getCurrentUrl().replaceAll(".*case=([0-9a-f-]+).*", "$1");
    assertEquals("draft", demo.server.query("SELECT status FROM family_case WHERE id = $1", UUID.fromString(newCase))
      .getJsonObject(0).getString("status"));
    assertEquals(demo.meetingId, demo.server.query("SELECT meeting_id FROM family_case WHERE id = $1",
      UUID.fromString(newCase)).getJsonObject(0).getString("meeting_id"));
    browser.settle();
    browser.screenshot("family-page", "case-form-prefilled");
    axe.checkWithKeyboard(browser, "case-form-prefilled");
    axe.assertClean();
  }

  @Test
  void aFamilyNobodyMayReadSaysNotFound() throws Exception {
    Axe axe = new Axe("family-page-missing");
    browser.signIn(DemoCounty.OBSERVER, demo.password);
    browser.go("/family.html?ref=" + FAMILY);
    browser.waitText(By.id("page-error"), "the refusal", t -> t.contains("No case for this family reference"));
    assertEquals("Family " + FAMILY + " not found", browser.textOf(By.id("page-heading")));
    assertFalse(browser.isShown(By.id("bring-back")));
    browser.settle();
    axe.check(browser, "family-not-found");
    axe.assertClean();
  }
}
