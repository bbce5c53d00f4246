package org.ailive.auth;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.User;

import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Who is calling, as carried by a verified token. A token from a meeting join link is scoped to
 * that one meeting ({@code meetingScope}); a sign-in token is not.
 */
public record Identity(UUID memberId, String fullName, UUID agencyId, String agency, Set<String> roles,
                       UUID meetingScope) {

  public Identity(UUID memberId, String fullName, UUID agencyId, String agency, Set<String> roles) {
    this(memberId, fullName, agencyId, agency, roles, null);
  }

  public static final List<String> ALL_ROLES = List.of("officer", "chair", "presenter", "partner", "observer");

  public static Identity of(User user) {
    return fromClaims(user.principal());
  }

  public static Identity fromClaims(JsonObject claims) {
    String agencyId = claims.getString("agencyId");
    String scope = claims.getString("meeting");
    JsonArray roles = claims.getJsonArray("roles", new JsonArray());
    return new Identity(UUID.fromString(claims.getString("sub")), claims.getString("name", ""),
      agencyId == null ? null : UUID.fromString(agencyId), claims.getString("agency"),
      Set.copyOf(roles.stream().map(String::valueOf).toList()), scope == null ? null : UUID.fromString(scope));
  }

  public Identity scopedTo(UUID meetingId) {
    return new Identity(memberId, fullName, agencyId, agency, roles, meetingId);
  }

  /** Whether this identity may reach the given meeting at all (join-link tokens reach only theirs). */
  public boolean reaches(UUID meetingId) {
    return meetingScope == null || meetingScope.equals(meetingId);
  }

  public JsonObject claims() {
    return new JsonObject()
      .put("name", fullName)
      .put("agencyId", agencyId == null ? null : agencyId.toString())
      .put("agency", agency)
      .put("roles", new JsonArray(List.copyOf(roles)))
      .put("meeting", meetingScope == null ? null : meetingScope.toString());
  }

  public boolean hasAnyRole(Set<String> wanted) {
    return roles.stream().anyMatch(wanted::contains);
  }

  public boolean is(String role) {
    return roles.contains(role);
  }

  /** An observer and nothing else: watches, never changes anything, sees case details only when allowed. */
  public boolean isObserverOnly() {
    return roles.equals(Set.of("observer"));
  }

  public JsonObject toJson() {
    return new JsonObject()
      .put("id", memberId.toString())
      .put("fullName", fullName)
      .put("agencyId", agencyId == null ? null : agencyId.toString())
      .put("agency", agency)
      .put("roles", new JsonArray(List.copyOf(roles)))
      .put("meetingScope", meetingScope == null ? null : meetingScope.toString());
  }
}
