package org.ailive.roster;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.ailive.members.Invitations;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A members file checked against the {@link Directory}: what each row would do (create, update,
 * unchanged) or why it is refused, in plain words. Problems name the column and say what is wrong,
 * never what the cell holds (a wrong column pasted in could hold anything). Pure: no I/O.
 */
final class ImportCheck {

  static final int AGENCY_NAME_MAX = 120;

  /** A new member's or an update's agency: one that exists, a new one by name, or none. */
  record AgencyRef(UUID id, String newName) {
    static final AgencyRef NONE = new AgencyRef(null, null);
  }

  record Create(int row, String fullName, String email, AgencyRef agency, String[] roles, List<UUID> panels) {
  }

  record Update(int row, Directory.Existing before, String fullName, AgencyRef agency, String[] roles,
                List<UUID> addPanels, boolean accessChanged) {
  }

  record NewAgency(String name, String attendance, int row) {
  }

  record Plan(JsonArray rows, JsonObject totals, Map<String, NewAgency> newAgencies, List<Create> creates,
              List<Update> updates) {
    boolean refused() {
      return totals.getInteger("refuse") > 0;
    }
  }

  private final Directory dir;
  private final Map<String, NewAgency> newAgencies = new LinkedHashMap<>();
  private final Map<String, Integer> seenEmails = new HashMap<>();
  private final List<Create> creates = new ArrayList<>();
  private final List<Update> updates = new ArrayList<>();
  private final JsonArray rows = new JsonArray();
  private final Map<String, Integer> counts = new LinkedHashMap<>(Map.of("create", 0, "update", 0, "unchanged", 0,
    "refuse", 0));

  private ImportCheck(Directory dir) {
    this.dir = dir;
  }

  static Plan check(List<ImportFile.Line> lines, Directory dir) {
    ImportCheck check = new ImportCheck(dir);
    lines.forEach(check::row);
    JsonObject totals = new JsonObject().put("rows", lines.size());
    check.counts.forEach(totals::put);
    totals.put("agenciesCreated", check.newAgencies.size());
    return new Plan(check.rows, totals, check.newAgencies, check.creates, check.updates);
  }

  private void row(ImportFile.Line line) {
    JsonArray problems = new JsonArray();
    JsonArray changes = new JsonArray();
    String name = line.get(ImportColumns.FULL_NAME).replaceAll("\\s+", " ");
    String email = line.get(ImportColumns.EMAIL);
    String lower = email.toLowerCase(Locale.ROOT);
    boolean emailOk = Invitations.isEmail(email);
    if (name.isEmpty()) {
      problem(problems, ImportColumns.FULL_NAME, "is missing: every member needs a full name");
    } else if (name.length() > Invitations.NAME_MAX) {
      problem(problems, ImportColumns.FULL_NAME, "is longer than " + Invitations.NAME_MAX + " characters");
    }
    if (email.isEmpty()) {
      problem(problems, ImportColumns.EMAIL, "is missing: every member needs an e-mail address");
    } else if (!emailOk) {
      problem(problems, ImportColumns.EMAIL, "is not an e-mail address");
    } else if (lower.equals(ImportColumns.EXAMPLE_EMAIL)) {
      problem(problems, ImportColumns.EMAIL, "is the template's example row: replace it with a real member or delete it");
    } else if (seenEmails.containsKey(lower)) {
      problem(problems, ImportColumns.EMAIL, "is in the file twice: row " + seenEmails.get(lower)
        + " has the same e-mail address");
    } else {
      seenEmails.put(lower, line.row());
    }
    Directory.Existing existing = emailOk ? dir.members().get(lower) : null;
    if (existing != null && !existing.active()) {
      problem(problems, ImportColumns.EMAIL, "belongs to a deactivated member: reactivate them on the members page first");
    }
    AgencyRef agency = agency(line, problems);
    List<String> roles = roles(line, problems);
    List<UUID> panels = panels(line, problems);

    String outcome;
    if (!problems.isEmpty()) {
      outcome = "refuse";
    } else if (existing == null) {
      outcome = "create";
      if (agency.newName() != null) {
        changes.add(change(ImportColumns.AGENCY, "creates the agency " + agency.newName() + " ("
          + attendanceWords(newAgencies.get(Directory.key(agency.newName())).attendance()) + ")"));
      }
      creates.add(new Create(line.row(), name, email, agency, (roles.isEmpty() ? List.of("partner") : roles)
        .toArray(new String[0]), panels));
    } else {
      outcome = update(line.row(), existing, name, agency, roles, panels, changes);
    }
    counts.merge(outcome, 1, Integer::sum);
    rows.add(new JsonObject().put("row", line.row()).put("email", emailOk ? email : null)
      .put("fullName", name.isEmpty() || name.length() > Invitations.NAME_MAX ? null : name)
      .put("outcome", outcome).put("changes", changes).put("problems", problems));
  }

  /** What a row changes for a member who exists: name, agency, roles and panels added, never taken away. */
  private String update(int row, Directory.Existing before, String name, AgencyRef agency, List<String> roles,
                        List<UUID> panels, JsonArray changes) {
    if (!name.equals(before.fullName())) {
      changes.add(change(ImportColumns.FULL_NAME, "changes the name from " + before.fullName() + " to " + name));
    }
    AgencyRef after = agency == AgencyRef.NONE ? new AgencyRef(before.agencyId(), null) : agency;
    boolean agencyChanged = after.newName() != null || !java.util.Objects.equals(after.id(), before.agencyId());
    if (agencyChanged) {
      String to = after.newName() != null ? "the new agency " + after.newName() : dir.agencyName(after.id());
      changes.add(change(ImportColumns.AGENCY, "moves them from " + dir.agencyName(before.agencyId()) + " to " + to));
    }
    Set<String> allRoles = new LinkedHashSet<>(before.roles());
    List<String> added = roles.stream().filter(r -> !before.roles().contains(r)).toList();
    allRoles.addAll(added);
    if (!added.isEmpty()) {
      changes.add(change(ImportColumns.ROLES, "adds the role" + (added.size() > 1 ? "s " : " ") + String.join(", ", added)));
    }
    List<UUID> addPanels = panels.stream().filter(p -> !before.panels().contains(p)).toList();
    if (!addPanels.isEmpty()) {
      changes.add(change(ImportColumns.PANELS, "adds them to the panel" + (addPanels.size() > 1 ? "s " : " ")
        + String.join(", ", addPanels.stream().map(dir::panelCode).toList())));
    }
    if (changes.isEmpty()) {
      return "unchanged";
    }
    updates.add(new Update(row, before, name, after, allRoles.toArray(new String[0]), addPanels,
      agencyChanged || !added.isEmpty()));
    return "update";
  }

  private AgencyRef agency(ImportFile.Line line, JsonArray problems) {
    String name = line.get(ImportColumns.AGENCY).replaceAll("\\s+", " ");
    if (name.isEmpty()) {
      return AgencyRef.NONE;
    }
    if (name.length() > AGENCY_NAME_MAX) {
      problem(problems, ImportColumns.AGENCY, "is longer than " + AGENCY_NAME_MAX + " characters");
      return AgencyRef.NONE;
    }
    Directory.Agency known = dir.agencies().get(Directory.key(name));
    if (known != null) {
      if (known.retired()) {
        problem(problems, ImportColumns.AGENCY, "names a retired agency: reinstate it first, or choose another");
      }
      return new AgencyRef(known.id(), null);
    }
    String attendance = line.get(ImportColumns.AGENCY_ATTENDANCE).toLowerCase(Locale.ROOT).replaceAll("[\\s-]+", "_");
    if (attendance.isEmpty()) {
      problem(problems, ImportColumns.AGENCY, "names no agency we have: check the spelling against the members page, or fill"
        + " in agency_attendance (county_wide or when_relevant) to create it");
      return AgencyRef.NONE;
    }
    if (!ImportColumns.ATTENDANCE.contains(attendance)) {
      problem(problems, ImportColumns.AGENCY_ATTENDANCE, "must be county_wide or when_relevant");
      return AgencyRef.NONE;
    }
    NewAgency earlier = newAgencies.putIfAbsent(Directory.key(name), new NewAgency(name, attendance, line.row()));
    if (earlier != null && !earlier.attendance().equals(attendance)) {
      problem(problems, ImportColumns.AGENCY_ATTENDANCE, "differs from row " + earlier.row()
        + ", which creates the same agency");
    }
    return new AgencyRef(null, earlier == null ? name : earlier.name());
  }

  private static List<String> roles(ImportFile.Line line, JsonArray problems) {
    List<String> out = new ArrayList<>();
    for (String part : split(line.get(ImportColumns.ROLES))) {
      String role = part.toLowerCase(Locale.ROOT);
      if (!ImportColumns.ROLE_NAMES.contains(role)) {
        problem(problems, ImportColumns.ROLES, "lists something that is not a role; the roles are "
          + String.join("; ", ImportColumns.ROLE_NAMES));
        return List.of();
      }
      if (!out.contains(role)) {
        out.add(role);
      }
    }
    return out;
  }

  private List<UUID> panels(ImportFile.Line line, JsonArray problems) {
    List<UUID> out = new ArrayList<>();
    for (String part : split(line.get(ImportColumns.PANELS))) {
      UUID id = dir.panels().get(part.toUpperCase(Locale.ROOT));
      if (id == null) {
        List<String> codes = dir.panels().keySet().stream().limit(20).toList();
        problem(problems, ImportColumns.PANELS, "lists a panel code that no panel has" + (codes.isEmpty()
          ? " (there are no panels yet)" : "; the codes are " + String.join(", ", codes)));
        return List.of();
      }
      if (!out.contains(id)) {
        out.add(id);
      }
    }
    return out;
  }

  /** A cell listing several things: semicolons (or commas) between them. */
  private static List<String> split(String cell) {
    List<String> out = new ArrayList<>();
    for (String part : cell.split("[;,]")) {
      if (!part.isBlank()) {
        out.add(part.strip());
      }
    }
    return out;
  }

  static String attendanceWords(String attendance) {
    return "county_wide".equals(attendance) ? "expected at every meeting" : "invited when a case needs them";
  }

  private static void problem(JsonArray problems, String field, String message) {
    problems.add(new JsonObject().put("field", field).put("message", message));
  }

  private static JsonObject change(String field, String message) {
    return new JsonObject().put("field", field).put("message", message);
  }
}
