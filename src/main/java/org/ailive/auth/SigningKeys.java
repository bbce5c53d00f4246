package org.ailive.auth;

import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import org.ailive.config.AppConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

/**
 * The ES256 key pair that signs tokens: given by configuration (two PEM files), or generated at the
 * first start into {@code <dataDir>/keys/} readable by the owner only. Never in the repository.
 * Blocking file I/O: call from a worker thread.
 */
public final class SigningKeys {

  private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);

  private SigningKeys() {
  }

  public static JWTAuthOptions load(AppConfig config) throws IOException, GeneralSecurityException {
    Path privateFile;
    Path publicFile;
    if (!config.jwtPrivateKeyFile().isBlank() || !config.jwtPublicKeyFile().isBlank()) {
      privateFile = Path.of(config.jwtPrivateKeyFile());
      publicFile = Path.of(config.jwtPublicKeyFile());
      if (!Files.isReadable(privateFile) || !Files.isReadable(publicFile)) {
        throw new IOException("jwtPrivateKeyFile and jwtPublicKeyFile must both name readable PEM files");
      }
    } else {
      Path dir = config.dataDir().resolve("keys");
      privateFile = dir.resolve("jwt-es256-private.pem");
      publicFile = dir.resolve("jwt-es256-public.pem");
      if (!Files.exists(privateFile)) {
        generate(dir, privateFile, publicFile);
      }
    }
    return new JWTAuthOptions()
      .addPubSecKey(new PubSecKeyOptions().setAlgorithm("ES256").setBuffer(Files.readString(publicFile)))
      .addPubSecKey(new PubSecKeyOptions().setAlgorithm("ES256").setBuffer(Files.readString(privateFile)));
  }

  private static void generate(Path dir, Path privateFile, Path publicFile)
    throws IOException, GeneralSecurityException {
    Files.createDirectories(dir);
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair pair = generator.generateKeyPair();
    writeOwnerOnly(privateFile, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
    writeOwnerOnly(publicFile, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
    log.info("Generated a new token signing key in {}", dir);
  }

  private static String pem(String type, byte[] der) {
    String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }

  private static void writeOwnerOnly(Path file, String content) throws IOException {
    Path tmp = Files.createTempFile(file.getParent(), "key", ".tmp");
    try {
      Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException ignored) {
      // Not a POSIX file system: the directory's own permissions apply.
    }
    Files.writeString(tmp, content);
    Files.move(tmp, file);
  }
}
