package org.ailive.store;

import org.ailive.config.SecretFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * The two passwords of a data directory's embedded Postgres, generated at its first start and kept
 * in {@code <dataDir>/database.secret}, readable by its owner only: the superuser's ({@code postgres},
 * used only at start to set up the service's role) and the service role's ({@code ailive}, what the
 * service, {@code bin/backup} and {@code bin/restore} connect as). Not in a backup: a restore makes
 * new ones for its new directory.
 */
public record DatabaseSecret(String superuser, String service) {

  public static final String FILE = "database.secret";

  private static final SecureRandom RANDOM = new SecureRandom();

  /** The secret of a data directory; fails when there is none (a directory made by an older version has none). */
  public static DatabaseSecret read(Path dataDir) throws IOException {
    Map<String, String> values = new HashMap<>();
    for (String line : Files.readAllLines(dataDir.resolve(FILE))) {
      int eq = line.indexOf('=');
      if (!line.startsWith("#") && eq > 0) {
        values.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
      }
    }
    String superuser = values.get("superuser");
    String service = values.get("service");
    if (superuser == null || superuser.isEmpty() || service == null || service.isEmpty()) {
      throw new IOException(dataDir.resolve(FILE) + " is damaged: it must hold superuser=… and service=…");
    }
    return new DatabaseSecret(superuser, service);
  }

  /** New passwords, written to the data directory before anything uses them. */
  static DatabaseSecret create(Path dataDir) throws IOException {
    DatabaseSecret secret = new DatabaseSecret(random(), random());
    SecretFile.write(dataDir.resolve(FILE), """
      # A&I Live: the passwords of the embedded Postgres in postgres/ (made at its first start).
      # Keep this file readable by its owner only. Deleting it makes new ones at the next start.
      superuser=%s
      service=%s
      """.formatted(secret.superuser(), secret.service()));
    return secret;
  }

  /** 192 random bits in URL-safe Base64: no character that needs quoting in SQL or a shell. */
  private static String random() {
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  @Override
  public String toString() {
    return "DatabaseSecret[hidden]";
  }
}
