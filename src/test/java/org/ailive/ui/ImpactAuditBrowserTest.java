package org.ailive.ui;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 20 item 6 in Chromium: the reports page's impact audit lists a case discussed at last
 * month's meeting by its family reference, its action closed on time, whether its need was met and
 * its time, and its PDF download is audited.
 */
class ImpactAuditBrowserTest {

  private static final String TEST = "impact-audit";

  private static DemoCounty demo;
  private static Browser officer;

  @RegisterExtension
  static final OnFailure ON_FAILURE = new OnFailure(() -> java.util.Arrays.asList(officer));

  @BeforeAll
  static void setUp() throws Exception {
    demo = DemoCounty.start();
    officer = demo.browser("officer");
    officer.signIn(DemoCounty.OFFICER, demo.password);
  }

  @AfterAll
  static void tearDown() throws Exception {
    Browser.closeAll(officer);
    if (demo != null) {
      demo.close();
    }
  }

  @Test
  void theReportsPageShowsTheImpactAuditAndItsPdfDownloadIsAudited() throws Exception {
    String closed = demo.id("SELECT id::text AS id FROM meeting WHERE status = 'closed'");
    String date = demo.server.query("SELECT meeting_date::text AS d FROM meeting WHERE id = $1::uuid", closed)
      .getJsonObject(0).getString("d");
    String caseId = demo.id("INSERT INTO family_case (family_ref, panel_id, district_id, meeting_id, presenter_member_id,"
      + " ffa_open, summary_of_concerns, review_date, need_met, outcome, status)"
      + " SELECT 'AUD-7', m.panel_id, m.first_district_id, m.id, p.id, true, 'Narrative never shown', m.meeting_date,"
      + " true, 'assessment', 'discussed' FROM meeting m, member p WHERE m.id = $1::uuid AND p.email = $2"
      + " RETURNING id::text AS id", closed, DemoCounty.PRESENTER);
    demo.server.query("INSERT INTO agenda_item (meeting_id, position, kind, section, district_id, case_id, title,"
      + " allotted_seconds, used_seconds, done, disposition) SELECT $1::uuid, 90, 'case', 'first_district', fc.district_id,"
      + " fc.id, fc.family_ref, 900, 1200, true, 'discussed' FROM family_case fc WHERE fc.id = $2::uuid", closed, caseId);
    long number = demo.server.query("INSERT INTO action (case_id, meeting_id, description, owner_agency_id, due_date,"
      + " success_measure, status, proposed_by_member_id, confirmed_at, closed_at)"
      + " SELECT $1::uuid, $2::uuid, 'Narrative never shown', ag.id, m.meeting_date + 20, 'Seen', 'closed', p.id, now(),"
      + " (m.meeting_date + 10)::timestamptz FROM meeting m, agency ag, member p"
      + " WHERE m.id = $2::uuid AND ag.name = 'Police' AND p.email = $3 RETURNING number",
      caseId, closed, DemoCounty.CHAIR).getJsonObject(0).getLong("number");

    officer.go("/reports.html?from=" + date + "&to=" + date);
    String cases = officer.waitText(By.id("impact-cases-table"), "the audit's cases", t -> t.contains("AUD-7"));
    assertTrue(cases.contains("Met") && cases.contains("To Assessment") && cases.contains("15 min"), cases);
    String actions = officer.textOf(By.id("impact-actions-table"));
    assertTrue(actions.contains("#" + number) && actions.contains("Police") && actions.contains("Closed on time"), actions);
    assertTrue(officer.textOf(By.id("impact-summary")).contains("1 closed on time"));
    assertFalse(officer.textOf(By.id("impact-section")).contains("Narrative never shown"));

    long before = demo.count("SELECT count(*) AS n FROM audit_entry WHERE subject = 'impact_audit_report'");
    officer.click(By.id("report-impact-pdf"));
    officer.waitText(By.id("page-status"), "the download's status", t -> t.contains("impact-audit-" + date));
    assertEquals(before + 1, demo.count("SELECT count(*) AS n FROM audit_entry WHERE subject = 'impact_audit_report'"));
    officer.screenshot(TEST, "reports-impact-audit");
  }
}
