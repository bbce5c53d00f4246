package org.ailive.family;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.ailive.actions.ActionLookup;
import org.ailive.actions.FollowedAction;
import org.ailive.auth.Identity;
import org.ailive.auth.PanelReach;
import org.ailive.auth.Roles;
import org.ailive.cases.FamilyCases;
import org.ailive.protocol.ApiError;
import org.ailive.protocol.Http;
import org.ailive.protocol.Query;

import java.time.LocalDate;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code GET /api/search?q=} (issue 20): the search box in the navigation. It finds family
 * references with a case the caller may read, an action by its number if the caller may read it,
 * and members by name within the caller's reach; each list is capped.
 */
public final class FamilySearch {

  static final int MIN_LENGTH = 2;
  static final int MAX_LENGTH = 100;
  /** Results of each kind: a search box, not an export. */
  static final int CAP = 10;

  // "12", "#12", "A12", "action 12": how people write an action's number.
  private static final Pattern ACTION_NUMBER = Pattern.compile("(?i)^(?:action\\s*|a\\s*|#)?(\\d{1,15})$");
  private static final List<String> ACTION_SHOWN = List.of("id", "number", "familyRef", "caseId", "description",
    "ownerAgency", "dueDate", "status");

  private final Pool pool;
  private final FamilyCases cases;
  private final ActionLookup actions;

  public FamilySearch(Pool pool, FamilyCases cases) {
    this.pool = pool;
    this.cases = cases;
    this.actions = new ActionLookup(pool);
  }

  public void search(RoutingContext ctx) {
    Identity who = Roles.identity(ctx);
    String q = text(ctx);
    Matcher number = ACTION_NUMBER.matcher(q);
    Future<List<String>> families = cases.referencesLike(who, q, CAP + 1);
    Future<List<FollowedAction>> found = number.matches()
      ? actions.numbered(who, Long.parseLong(number.group(1))) : Future.succeededFuture(List.of());
    Future<JsonArray> members = members(who, q);
    LocalDate today = FollowedAction.today();
    Future.all(families, found, members)
      .map(v -> {
        List<String> refs = families.result();
        JsonArray people = members.result();
        JsonArray fams = new JsonArray();
        refs.stream().limit(CAP).forEach(ref -> fams.add(new JsonObject().put("familyRef", ref)));
        JsonArray acts = new JsonArray();
        found.result().forEach(a -> acts.add(FamilyApi.pick(a.toJson(today), ACTION_SHOWN)));
        boolean more = refs.size() > CAP || people.size() > CAP;
        return new JsonObject().put("q", q).put("families", fams).put("actions", acts)
          .put("members", people.size() > CAP ? new JsonArray(people.getList().subList(0, CAP)) : people)
          .put("more", more);
      })
      .onSuccess(out -> Http.ok(ctx, 200, out))
      .onFailure(ctx::fail);
  }

  private Future<JsonArray> members(Identity who, String q) {
    Tuple params = Tuple.tuple().addValue(who.memberId()).addValue("%" + FamilyCases.likeEscaped(q) + "%")
      .addValue(PanelReach.countyWide(who)).addValue(CAP + 1);
    return pool.preparedQuery(FamilySql.MEMBERS_LIKE).execute(params).map(rows -> {
      JsonArray out = new JsonArray();
      rows.forEach(r -> out.add(new JsonObject().put("memberId", r.getUUID("id").toString())
        .put("fullName", r.getString("full_name")).put("agency", r.getString("agency"))));
      return out;
    });
  }

  /** At least two characters (an action's number may be one digit), at most a hundred. */
  private static String text(RoutingContext ctx) {
    String raw = Query.text(ctx, "q", MAX_LENGTH);
    if (raw == null) {
      throw ApiError.invalid("q", "is needed: what to search for");
    }
    String q = raw.strip();
    if (q.length() < MIN_LENGTH && !q.matches("\\d")) {
      throw ApiError.invalid("q", "must be at least " + MIN_LENGTH + " characters (or an action number)");
    }
    return q;
  }
}
