package org.ailive.notify;

import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * One notification to one address, before it is rendered: which template ({@code kind}), whom it is
 * for, the one key that makes it idempotent (the same cause always gives the same key, so enqueuing
 * it twice writes one row), and the few fields its template may show ({@link MailGuard} says which).
 * Made by {@link Notices}; written by {@link Outbox#enqueue}.
 *
 * @param memberId the member it is for; null for an address that is no member
 * @param secret   the body carries a sign-in secret (an invitation or reset link): cleared once sent
 */
public record Notice(String kind, UUID memberId, String to, String dedupeKey, Map<String, String> fields,
                     boolean secret, Attachment attachment) {

  /** A file sent with the mail (the meeting's .ics, later). */
  public record Attachment(String name, String contentType, byte[] content) {
  }

  public Notice {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(dedupeKey, "dedupeKey");
    fields = Map.copyOf(fields);
  }
}
