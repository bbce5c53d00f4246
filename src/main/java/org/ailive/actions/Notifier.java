package org.ailive.actions;

import io.vertx.core.Future;

import java.util.UUID;

/**
 * Tells one member about something that needs them. An interface so that e-mail (or anything
 * else) can be plugged in later without touching the code that decides who is told what.
 * Callers never put case details in the text: it may leave the service (R12).
 */
public interface Notifier {

  Future<Void> notify(UUID memberId, String subject, String text);
}
