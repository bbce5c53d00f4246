package org.ailive.cases;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.ailive.auth.Identity;
import org.ailive.protocol.ApiError;
import org.ailive.retention.Retention;

import java.time.LocalDate;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A family's cases across meetings and panels (issue 20), as the case rules ({@link CaseAccess}) let
 * one caller read them: the family page lists them, the search box finds their references, and
 * bringing a family back starts a new draft from the latest one. A case the caller may not read is
 * left out as if it did not exist.
 */
public final class FamilyCases {

  /** What the family page shows of a case: where and when it went and how it ended, never its narrative. */
  private static final List<String> SHOWN = List.of("id", "meetingId", "meetingDate", "panelId", "districtId",
    "district", "familyRef", "presenter", "status", "late", "presentingNeeds", "reviewDate", "outcome", "needMet",
    "deferredFromMeetingDate");
  /** What a new case takes from the last one; consent and the assessment must be confirmed again. */
  private static final List<String> CARRIED = List.of("reasonForBringing", "summaryOfConcerns", "voiceOfChild");
  /** The longest family reference a case may have. */
  public static final int FAMILY_REF_MAX = CaseFields.FAMILY_REF_MAX;
  /** Search candidates read before filtering by access: enough for any real county. */
  private static final int CANDIDATES = 500;

  private final CaseStore store;
  private final CaseApi api;

  FamilyCases(CaseStore store, CaseApi api) {
    this.store = store;
    this.api = api;
  }

  /** The family's cases this caller may read, newest meeting first, as the family page shows them. */
  public Future<List<JsonObject>> readable(Identity who, String familyRef) {
    return readableCases(who, familyRef).map(cases -> cases.stream().map(FamilyCases::summary).toList());
  }

  /** Up to {@code cap} family references containing {@code text} (any case) that have a case the caller may read. */
  public Future<List<String>> referencesLike(Identity who, String text, int cap) {
    LocalDate today = CaseCalendar.today();
    return store.familiesLike(who, "%" + likeEscaped(text) + "%", CANDIDATES).map(cases -> {
      Set<String> refs = new LinkedHashSet<>();
      for (StoredCase c : cases) {
        if (refs.size() < cap && CaseAccess.readRefusal(who, c, today).isEmpty()) {
          refs.add(c.fields().familyRef());
        }
      }
      return List.copyOf(refs);
    });
  }

  /**
   * Brings the family back: a new draft for the meeting in {@code body} ({@code meetingId}; optional
   * {@code districtId}, {@code presenterMemberId} as for a new case), pre-filled from the caller's
   * latest readable case of the family: its reason, concerns, voice of the child and presenting
   * needs, and its district unless another is given. Consent to share and the open assessment are
   * never carried over: they are given again. Narrative is carried only from a case the new case's
   * presenter presented themselves (their own words): another presenter's narrative, read in a pack,
   * would otherwise travel to a new draft, perhaps of another panel, beyond those it was shared with.
   * Narrative the caller may not see, or that retention has removed, is left blank. 404 when the
   * caller may read no case of the family.
   */
  public Future<Brought> bringBack(Identity who, String familyRef, JsonObject body) {
    return readableCases(who, familyRef).compose(cases -> {
      if (cases.isEmpty()) {
        return Future.failedFuture(notFound());
      }
      StoredCase last = cases.get(0);
      JsonObject draft = prefilled(who, last, familyRef, body);
      return api.createCase(who, draft).map(created -> new Brought(created.toJson(), last.id(), last.meetingDate()));
    });
  }

  /** The new case, and the case it was pre-filled from. */
  public record Brought(JsonObject created, UUID fromCaseId, LocalDate fromMeetingDate) {
  }

  /** The same answer for a family that does not exist and one whose cases the caller may not read. */
  public static ApiError notFound() {
    return ApiError.notFound("The family reference");
  }

  private JsonObject prefilled(Identity who, StoredCase last, String familyRef, JsonObject body) {
    JsonObject seen = api.shown(who, last);
    JsonObject draft = new JsonObject()
      .put("meetingId", body.getValue("meetingId"))
      .put("familyRef", familyRef)
      .put("districtId", body.containsKey("districtId") ? body.getValue("districtId") : last.fields().districtId().toString())
      .put("ffaOpen", false)
      .put("consentToShare", false)
      .put("presentingNeeds", seen.getJsonArray("presentingNeeds"));
    boolean ownWords = last.presenterId() != null && last.presenterId().equals(newPresenter(who, body));
    for (String field : CARRIED) {
      String text = ownWords ? seen.getString(field) : null;
      draft.put(field, text == null || text.equals(Retention.STUB) ? "" : text);
    }
    if (body.containsKey("presenterMemberId")) {
      draft.put("presenterMemberId", body.getValue("presenterMemberId"));
    }
    return draft;
  }

  /** Who will present the new case: the one the officer names, else the caller (a bad id is refused later). */
  private static UUID newPresenter(Identity who, JsonObject body) {
    if (body.getValue("presenterMemberId") instanceof String named) {
      try {
        return UUID.fromString(named);
      } catch (IllegalArgumentException notAnId) {
        return null;
      }
    }
    return who.memberId();
  }

  private Future<List<StoredCase>> readableCases(Identity who, String familyRef) {
    LocalDate today = CaseCalendar.today();
    return store.ofFamily(who, familyRef)
      .map(all -> all.stream().filter(c -> CaseAccess.readRefusal(who, c, today).isEmpty()).toList());
  }

  private static JsonObject summary(StoredCase c) {
    JsonObject all = c.toJson();
    JsonObject out = new JsonObject();
    SHOWN.forEach(name -> out.put(name, all.getValue(name)));
    return out;
  }

  /** The text as a LIKE pattern matches it literally ({@code \} is the escape of {@link CaseSql#FAMILY_LIKE}). */
  public static String likeEscaped(String text) {
    StringBuilder out = new StringBuilder();
    for (char ch : text.toCharArray()) {
      if (ch == '%' || ch == '_' || ch == '\\') {
        out.append('\\');
      }
      out.append(ch);
    }
    return out.toString();
  }
}
