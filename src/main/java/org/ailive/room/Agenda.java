package org.ailive.room;

import io.vertx.core.json.JsonArray;
import org.ailive.protocol.ApiError;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;

/** The ordered agenda and the chair's changes to it (R1, R3). Immutable. */
public record Agenda(List<AgendaItem> items) {

  public static final int MAX_ITEM_MINUTES = 240;

  public Agenda {
    items = List.copyOf(items);
  }

  public Optional<AgendaItem> find(UUID id) {
    return items.stream().filter(i -> i.id().equals(id)).findFirst();
  }

  public AgendaItem require(UUID id) {
    return find(id).orElseThrow(() -> ApiError.invalid("itemId", "is not an item of this agenda"));
  }

  public int indexOf(UUID id) {
    for (int i = 0; i < items.size(); i++) {
      if (items.get(i).id().equals(id)) {
        return i;
      }
    }
    return -1;
  }

  public Agenda replace(UUID id, UnaryOperator<AgendaItem> change) {
    return new Agenda(items.stream().map(i -> i.id().equals(id) ? change.apply(i) : i).toList());
  }

  /** The chair's new order: every item exactly once. */
  public Agenda reorder(List<UUID> order) {
    if (order.size() != items.size() || !new HashSet<>(order).equals(ids())) {
      throw ApiError.invalid("itemIds", "must list every agenda item exactly once");
    }
    List<AgendaItem> out = new ArrayList<>();
    for (int p = 0; p < order.size(); p++) {
      out.add(require(order.get(p)).withPosition(p + 1));
    }
    return new Agenda(out);
  }

  public Agenda setMinutes(UUID id, int minutes) {
    require(id);
    return replace(id, i -> i.withAllotted(minutes * 60));
  }

  public Agenda addMinutes(UUID id, int minutes) {
    AgendaItem item = require(id);
    int seconds = item.allottedSeconds() + minutes * 60;
    if (seconds < 0 || seconds > MAX_ITEM_MINUTES * 60) {
      throw ApiError.invalid("minutes", "would make the item's time less than 0 or more than " + MAX_ITEM_MINUTES
        + " minutes");
    }
    return replace(id, i -> i.withAllotted(seconds));
  }

  /** Inserts after the given item (or at the end) and renumbers. */
  public Agenda add(AgendaItem item, UUID afterId) {
    List<AgendaItem> out = new ArrayList<>(items);
    int at = afterId == null ? out.size() : indexOf(afterId) + 1;
    if (afterId != null && at == 0) {
      throw ApiError.invalid("afterItemId", "is not an item of this agenda");
    }
    out.add(at, item);
    return renumber(out);
  }

  /**
   * R1: the first district's cases, then AOB and partner updates, then the second district's cases,
   * then anything else. Cases already on the agenda keep their item and minutes, unless
   * {@code retime}: then every case not yet done gets {@code caseSeconds} and the AOB item
   * {@code aobSeconds}; newly accepted cases are added; nothing is removed, so a rebuild loses no
   * time already recorded.
   */
  public Agenda build(List<AgendaItem> acceptedCases, int caseSeconds, int aobSeconds, boolean retime) {
    List<AgendaItem> all = new ArrayList<>(retime ? items.stream()
      .map(i -> i.done() ? i : i.isCase() ? i.withAllotted(caseSeconds) : "aob".equals(i.kind()) ? i.withAllotted(aobSeconds) : i)
      .toList() : items);
    for (AgendaItem c : acceptedCases) {
      if (all.stream().noneMatch(i -> c.caseId().equals(i.caseId()))) {
        all.add(c);
      }
    }
    if (all.stream().noneMatch(i -> "aob".equals(i.kind()))) {
      all.add(new AgendaItem(UUID.randomUUID(), 0, "aob", "aob", null, null, null, null, "AOB and partner updates",
        aobSeconds, 0, false));
    }
    List<String> order = List.of("first_district", "aob", "second_district", "other");
    List<AgendaItem> sorted = new ArrayList<>(all);
    // Stable: within a section the existing order (then submission order) is kept.
    sorted.sort(java.util.Comparator.comparingInt(i -> order.indexOf(i.section())));
    return renumber(sorted);
  }

  /** The case items after the given one (or all of them when none is current) that are not done. */
  public List<AgendaItem> remainingCases(UUID currentId) {
    int from = currentId == null ? 0 : indexOf(currentId) + 1;
    return items.subList(from, items.size()).stream().filter(i -> i.isCase() && !i.done()).toList();
  }

  /**
   * R3: shares {@code availableSeconds} evenly across the remaining cases, in whole minutes; the
   * minutes that do not divide evenly go one each to the earliest cases, so nothing is lost.
   */
  public Agenda shareEvenly(UUID currentId, long availableSeconds) {
    List<AgendaItem> remaining = remainingCases(currentId);
    if (remaining.isEmpty()) {
      throw ApiError.badRequest("no_remaining_cases", "There are no cases left to share time across.");
    }
    long totalMinutes = Math.max(0, availableSeconds / 60);
    long each = totalMinutes / remaining.size();
    long extra = totalMinutes % remaining.size();
    if (each > MAX_ITEM_MINUTES) {
      throw ApiError.invalid("totalMinutes", "gives more than " + MAX_ITEM_MINUTES + " minutes a case");
    }
    Agenda out = this;
    for (int i = 0; i < remaining.size(); i++) {
      int minutes = (int) (each + (i < extra ? 1 : 0));
      out = out.replace(remaining.get(i).id(), item -> item.withAllotted(minutes * 60));
    }
    return out;
  }

  /** Seconds still planned after the current item, for items not done (cases and others). */
  public long plannedAfter(UUID currentId) {
    int from = currentId == null ? 0 : indexOf(currentId) + 1;
    return items.subList(from, items.size()).stream().filter(i -> !i.done())
      .mapToLong(AgendaItem::allottedSeconds).sum();
  }

  /** Seconds planned for items after the current one that are not cases (AOB and others). */
  public long plannedNonCasesAfter(UUID currentId) {
    int from = currentId == null ? 0 : indexOf(currentId) + 1;
    return items.subList(from, items.size()).stream().filter(i -> !i.done() && !i.isCase())
      .mapToLong(AgendaItem::allottedSeconds).sum();
  }

  /** When the meeting will end if every item from now on takes its planned time. */
  public Instant projectedEnd(Instant now, UUID currentId, long currentRemainingSeconds) {
    return now.plusSeconds(Math.max(0, currentRemainingSeconds) + plannedAfter(currentId));
  }

  public Optional<AgendaItem> after(UUID id) {
    int i = indexOf(id);
    return i >= 0 && i + 1 < items.size() ? Optional.of(items.get(i + 1)) : Optional.empty();
  }

  public Optional<AgendaItem> before(UUID id) {
    int i = indexOf(id);
    return i > 0 ? Optional.of(items.get(i - 1)) : Optional.empty();
  }

  public Optional<AgendaItem> firstNotDone() {
    return items.stream().filter(i -> !i.done()).findFirst();
  }

  public JsonArray toJson() {
    JsonArray out = new JsonArray();
    items.forEach(i -> out.add(i.toJson()));
    return out;
  }

  private Set<UUID> ids() {
    Set<UUID> ids = new HashSet<>();
    items.forEach(i -> ids.add(i.id()));
    return ids;
  }

  private static Agenda renumber(List<AgendaItem> list) {
    List<AgendaItem> out = new ArrayList<>();
    for (int p = 0; p < list.size(); p++) {
      out.add(list.get(p).withPosition(p + 1));
    }
    return new Agenda(out);
  }
}
