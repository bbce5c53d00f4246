package org.ailive.roster;

import java.util.List;

/** The columns of a members file, in the template's order, and the words the notes give each. */
final class ImportColumns {

  static final String FULL_NAME = "full_name";
  static final String EMAIL = "email";
  static final String AGENCY = "agency";
  static final String AGENCY_ATTENDANCE = "agency_attendance";
  static final String ROLES = "roles";
  static final String PANELS = "panels";

  static final List<String> ALL = List.of(FULL_NAME, EMAIL, AGENCY, AGENCY_ATTENDANCE, ROLES, PANELS);
  static final List<String> REQUIRED = List.of(FULL_NAME, EMAIL);

  /** The roles a file may name, in the order the template lists them. */
  static final List<String> ROLE_NAMES = List.of("partner", "presenter", "chair", "observer", "officer");
  static final List<String> ATTENDANCE = List.of("county_wide", "when_relevant");

  /** The template's example row uses this address; a file that still holds it is refused at that row. */
  static final String EXAMPLE_EMAIL = "sam.example@example.org";

  static final List<List<String>> NOTES = List.of(
    List.of(FULL_NAME, "Required. The member's full name, as the agenda and the register show it."),
    List.of(EMAIL, "Required. Their e-mail address; one row per address. A row for someone who is already a member"
      + " updates them."),
    List.of(AGENCY, "The agency they work for, spelt as on the members page. A new agency is made only when"
      + " agency_attendance is filled in. Empty: no agency (for a new member) or unchanged (for a member)."),
    List.of(AGENCY_ATTENDANCE, "Only for a new agency: county_wide (expected at every meeting) or when_relevant"
      + " (invited when a case needs them). Ignored for an agency that exists."),
    List.of(ROLES, "One or more of partner; presenter; chair; observer; officer, separated by semicolons."
      + " Empty: partner (for a new member) or unchanged. The import adds roles, never takes one away."),
    List.of(PANELS, "The panel codes they sit on (e.g. NHST), separated by semicolons. The import adds panels,"
      + " never takes one away: do that on the members page."),
    List.of("#", "Rows whose first cell starts with # are notes and are skipped, as are blank rows. Replace the"
      + " example row with your members; at most 5,000 rows a file."));

  private ImportColumns() {
  }
}
