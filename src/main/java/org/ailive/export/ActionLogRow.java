package org.ailive.export;

import io.vertx.sqlclient.Row;
import org.ailive.room.ActionRag;
import org.ailive.room.VolunteeredAction;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * One line of the action log, in the columns of a council action plan: action no., family reference,
 * description, how success is measured, lead (name – agency), due date, status, progress and updates
 * (oldest first, dated), the meeting that raised it, the panel, and the flags the chair acts on
 * (overdue; R7 consider a full case review) and the RAG rating in words ({@link ActionRag}).
 */
record ActionLogRow(long number, String familyRef, String description, String successMeasure, String lead,
                    LocalDate dueDate, String status, String progress, LocalDate meetingRaised, String panel,
                    String flags, String rag) {

  static final List<String> HEADERS = List.of("Action no.", "Family ref", "Description", "Success measure", "Lead",
    "Due date", "Status", "Progress and updates", "Meeting raised", "Panel", "Flags", "RAG");

  static final String OVERDUE = "Overdue";
  static final String FULL_REVIEW = "Consider full case review";

  /** @param today the day the log is as of (Europe/London) */
  static ActionLogRow from(Row r, LocalDate today) {
    String ownerName = r.getString("owner_name");
    String agency = r.getString("owner_agency");
    String status = VolunteeredAction.label(r.getString("status"));
    if (r.getString("drop_reason") != null && "dropped".equals(r.getString("status"))) {
      status = status + ": " + r.getString("drop_reason");
    }
    String code = r.getString("status");
    LocalDate due = r.getLocalDate("due_date");
    LocalDate since = r.getLocalDate("no_progress_since");
    List<String> flags = new ArrayList<>();
    if (ActionRag.overdue(code, due, today)) {
      flags.add(OVERDUE);
    }
    if (ActionRag.stale(code, since, today)) {
      flags.add(FULL_REVIEW);
    }
    ActionRag rag = ActionRag.of(code, due, since, today);
    String familyRef = r.getString("family_ref");
    String progress = r.getString("progress");
    return new ActionLogRow(r.getLong("number"), familyRef == null ? "AOB" : familyRef, r.getString("description"),
      r.getString("success_measure"), ownerName == null ? agency : ownerName + " – " + agency,
      r.getLocalDate("due_date"), status, progress == null ? "" : progress, r.getLocalDate("meeting_date"),
      r.getString("panel_code"), String.join("; ", flags), rag == null ? "" : rag.text());
  }

  /** The CSV record: text neutralised against formula injection, dates as YYYY-MM-DD. */
  Object[] csv() {
    return new Object[] {number, CellText.forCsv(familyRef), CellText.forCsv(description),
      CellText.forCsv(successMeasure), CellText.forCsv(lead), dueDate.toString(), CellText.forCsv(status),
      CellText.forCsv(progress), meetingRaised.toString(), CellText.forCsv(panel), flags, rag};
  }
}
