package org.ailive.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.ailive.config.SecretFile;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;

/**
 * The key that keeps members' TOTP secrets encrypted in the database (AES-256-GCM, the member's id
 * bound in, so a secret copied to another member's row does not open): {@code dataDir/keys/two-factor.key},
 * beside the token signing keys, made at first use and readable by its owner only. A backup of the
 * database alone does not reveal the secrets; a database restored without this file leaves every
 * enrolled member signing in with a recovery code, or an officer resetting their two-factor sign-in.
 */
final class TwoFactorKey {

  static final String FILE = "two-factor.key";
  private static final int IV_BYTES = 12;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Vertx vertx;
  private final Path file;
  private Future<SecretKey> key;

  TwoFactorKey(Vertx vertx, Path dataDir) {
    this.vertx = vertx;
    this.file = dataDir.resolve("keys").resolve(FILE);
  }

  /** Read (or made) once, on a worker thread. */
  synchronized Future<SecretKey> key() {
    if (key == null || key.failed()) {
      key = vertx.executeBlocking(() -> {
        if (!Files.exists(file)) {
          byte[] fresh = new byte[32];
          RANDOM.nextBytes(fresh);
          SecretFile.write(file, Base64.getEncoder().encodeToString(fresh) + "\n");
        }
        return new SecretKeySpec(Base64.getDecoder().decode(Files.readString(file).trim()), "AES");
      });
    }
    return key;
  }

  Future<byte[]> encrypt(UUID memberId, byte[] secret) {
    return key().map(k -> {
      try {
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, k, new GCMParameterSpec(128, iv));
        cipher.updateAAD(memberId.toString().getBytes(StandardCharsets.US_ASCII));
        byte[] sealed = cipher.doFinal(secret);
        return ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array();
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    });
  }

  /** The secret, or null when it does not open with this key (another key, another member's row). */
  Future<byte[]> decrypt(UUID memberId, byte[] stored) {
    return key().map(k -> {
      try {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, k, new GCMParameterSpec(128, stored, 0, IV_BYTES));
        cipher.updateAAD(memberId.toString().getBytes(StandardCharsets.US_ASCII));
        return cipher.doFinal(stored, IV_BYTES, stored.length - IV_BYTES);
      } catch (GeneralSecurityException | RuntimeException e) {
        return null;
      }
    });
  }
}
