package org.ailive.protocol;

import java.util.Map;

/**
 * The one home of the words for request fields: what an error message calls a field
 * ({@code familyRef} is "Family reference"), and the labels the case template gives the form. A
 * field not listed is named from its code ({@code ownerAgencyId} → "Owner agency"), never shown as
 * the code itself.
 */
public final class FieldLabels {

  private FieldLabels() {
  }

  private static final Map<String, String> LABELS = Map.ofEntries(
    // Cases (the template's labels)
    Map.entry("familyRef", "Family reference"),
    Map.entry("districtId", "District"),
    Map.entry("ffaOpen", "Families First Assessment open"),
    Map.entry("consentToShare", "Family consent to share"),
    Map.entry("reasonForBringing", "Reason for bringing"),
    Map.entry("summaryOfConcerns", "Summary of main concerns"),
    Map.entry("presentingNeeds", "Presenting needs"),
    Map.entry("voiceOfChild", "Voice of the child"),
    Map.entry("reviewDate", "Review date"),
    Map.entry("presenterMemberId", "Presenter"),
    Map.entry("outcome", "Outcome"),
    // Meetings and the agenda
    Map.entry("panelId", "Panel"),
    Map.entry("panelIds", "Panels"),
    Map.entry("meetingId", "Meeting"),
    Map.entry("meetingDate", "Meeting date"),
    Map.entry("startsAt", "Start time"),
    Map.entry("endsAt", "End time"),
    Map.entry("location", "Place"),
    Map.entry("callUrl", "Call link"),
    Map.entry("firstDistrictId", "District going first"),
    // A series of meetings (issue 20)
    Map.entry("week", "Week of the month"),
    Map.entry("weekday", "Day of the week"),
    Map.entry("fromDate", "First date"),
    Map.entry("untilDate", "Last date"),
    Map.entry("count", "Number of meetings"),
    Map.entry("dryRun", "Preview only"),
    Map.entry("caseMinutes", "Minutes per case"),
    Map.entry("aobMinutes", "Minutes for AOB"),
    Map.entry("applyToExisting", "Whether the items already on the agenda get the new minutes"),
    Map.entry("confirmed", "Confirmation of the date"),
    Map.entry("discussed", "Whether the item was discussed"),
    Map.entry("half", "District half attended"),
    Map.entry("needMet", "Whether the need was met"),
    Map.entry("summary", "Summary"),
    Map.entry("decisions", "Decisions"),
    Map.entry("minutes", "Minutes"),
    Map.entry("totalMinutes", "Total minutes"),
    Map.entry("itemId", "Agenda item"),
    Map.entry("itemIds", "Order of the agenda items"),
    Map.entry("afterItemId", "Place it after"),
    Map.entry("title", "Title"),
    // Attendance and admission
    Map.entry("memberId", "Member"),
    Map.entry("memberIds", "The chosen members"),
    Map.entry("forMemberId", "Standing in for"),
    Map.entry("substituteForMemberId", "Standing in for"),
    Map.entry("writtenUpdate", "Written update"),
    Map.entry("kind", "Kind of admission"),
    // Actions and contributions
    Map.entry("description", "What will be done"),
    Map.entry("successMeasure", "How the panel will know it is done"),
    Map.entry("ownerAgencyId", "Owning agency"),
    Map.entry("ownerMemberId", "Owner"),
    Map.entry("dueDate", "Due date"),
    Map.entry("lateDueReason", "Why it is due later"),
    Map.entry("completionConfirmed", "Completion confirmed"),
    Map.entry("actionId", "Action"),
    Map.entry("caseId", "Case"),
    Map.entry("contributionId", "Contribution"),
    Map.entry("body", "Text"),
    Map.entry("reason", "Reason"),
    Map.entry("agencyId", "Agency"),
    // Members and signing in
    Map.entry("fullName", "Full name"),
    Map.entry("email", "E-mail address"),
    Map.entry("roles", "Roles"),
    Map.entry("active", "Active"),
    Map.entry("password", "Password"),
    Map.entry("newPassword", "New password"),
    Map.entry("currentPassword", "Current password"),
    // Reports, filters and the minutes
    Map.entry("from", "From date"),
    Map.entry("to", "To date"),
    Map.entry("before", "Before date"),
    Map.entry("overdue", "Overdue only"),
    Map.entry("mine", "Mine only"),
    Map.entry("note", "Note"),
    Map.entry("version", "Version of the minutes"),
    // The live case summary
    Map.entry("field", "Case field"),
    Map.entry("value", "New text"),
    Map.entry("baseValue", "Text your edit started from"),
    // Filters, links and the live channel
    Map.entry("status", "Status"),
    Map.entry("action", "Action"),
    Map.entry("code", "The code from your link"),
    Map.entry("hasPassword", "Has a password"),
    Map.entry("limit", "Limit"),
    Map.entry("id", "The id in the address"),
    Map.entry("token", "Join link"),
    Map.entry("allowed", "Observers allowed"),
    Map.entry("type", "Command"),
    Map.entry("key", "Change key"),
    Map.entry("after", "Last change seen"),
    Map.entry("state", "State wanted"),
    Map.entry("presence", "Presence wanted"),
    Map.entry("socket", "Connection"),
    // Two-factor sign-in (issue 18).
    Map.entry("challenge", "Sign-in step"),
    Map.entry("recoveryCode", "Recovery code"),
    // Council set-up and join links (issue 18).
    Map.entry("agencyIds", "Key agencies"),
    Map.entry("everyCountyWide", "Every county-wide agency"),
    Map.entry("firstDistrict", "District that goes first"),
    Map.entry("retired", "Retired"),
    Map.entry("all", "Everyone on the panel"),
    Map.entry("remote", "Everyone remote"),
    Map.entry("replace", "Replace existing links"),
    Map.entry("mail", "Send by e-mail"),
    Map.entry("choices", "Your choices of notices"),
    Map.entry("olderThan", "The notice to list older ones than"),
    Map.entry("noticeId", "The notice"),
    // Reports (issue 20).
    Map.entry("quarter", "Quarter"),
    // Partners' checks before the meeting (issue 20).
    Map.entry("answer", "Your agency's answer"),
    Map.entry("update", "Short update"),
    // The search box (issue 20).
    Map.entry("q", "Search text"));

  /** The words for a field: "Family reference" for {@code familyRef}. */
  public static String label(String field) {
    String known = LABELS.get(field);
    if (known != null) {
      return known;
    }
    // ownerAgencyId → "Owner agency"; a.b → "A b"
    String words = field.replaceAll("Ids?$", "").replaceAll("([a-z0-9])([A-Z])", "$1 $2").replace('.', ' ').replace('_', ' ')
      .toLowerCase(java.util.Locale.ROOT).trim();
    return words.isEmpty() ? "This field" : Character.toUpperCase(words.charAt(0)) + words.substring(1);
  }

  /** Every field with words of its own (the case template and tests read them). */
  public static Map<String, String> all() {
    return LABELS;
  }
}
