package org.ailive.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.ailive.config.AppConfig.envName;

/**
 * The cluster's key store ({@code clusterKeystore}): one PKCS12 file, the same on every node, whose
 * key and certificate each node both shows and trusts, so the event bus between nodes is TLS that
 * only holders of the file can speak. Opened at start (blocking: before the event loops run, or on a
 * worker), refusing with the setting's name a file that is missing, not PKCS12, locked with another
 * password, or holding no key, several keys, or a certificate out of date.
 */
public record ClusterKeystore(Path file, String password, Instant notAfter) {

  private static final String FILE = envName("clusterKeystore");
  private static final String PASSWORD = envName("clusterKeystorePassword");

  public static ClusterKeystore open(String file, String password) {
    Path path = Path.of(file).toAbsolutePath();
    if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
      throw new IllegalArgumentException(FILE + " names a file that cannot be read: " + file);
    }
    if (password.isEmpty()) {
      throw new IllegalArgumentException(PASSWORD + " is needed when " + FILE + " is set: the key store's password");
    }
    KeyStore store = load(path, password);
    try {
      List<String> keys = new ArrayList<>();
      for (String alias : Collections.list(store.aliases())) {
        if (store.isKeyEntry(alias)) {
          keys.add(alias);
        }
      }
      if (keys.size() != 1) {
        throw new IllegalArgumentException(FILE + " (" + file + ") must hold one key and its certificate, the same on"
          + " every node, but holds " + keys.size() + ": make it with keytool -genkeypair (README, Clustered deployment)");
      }
      try {
        store.getKey(keys.get(0), password.toCharArray());
      } catch (UnrecoverableKeyException e) {
        throw new IllegalArgumentException(FILE + " (" + file + "): its key is locked with a password other than "
          + PASSWORD + "; give the key the store's password (keytool does when it makes a PKCS12 store)");
      }
      if (!(store.getCertificate(keys.get(0)) instanceof X509Certificate cert)) {
        throw new IllegalArgumentException(FILE + " (" + file + ") holds a key without an X.509 certificate");
      }
      try {
        cert.checkValidity();
      } catch (CertificateExpiredException | CertificateNotYetValidException e) {
        throw new IllegalArgumentException(FILE + " (" + file + "): its certificate is valid from " + cert.getNotBefore()
          .toInstant() + " to " + cert.getNotAfter().toInstant() + ", not now: make a new key store and copy it to"
          + " every node (README, Clustered deployment)");
      }
      return new ClusterKeystore(path, password, cert.getNotAfter().toInstant());
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(FILE + " (" + file + ") cannot be read as a key store: " + e.getMessage());
    }
  }

  private static KeyStore load(Path path, String password) {
    try (InputStream in = Files.newInputStream(path)) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, password.toCharArray());
      return store;
    } catch (IOException e) {
      if (e.getCause() instanceof UnrecoverableKeyException) {
        throw new IllegalArgumentException(PASSWORD + " does not open " + FILE + " (" + path + "): the password is wrong");
      }
      throw notPkcs12(path);
    } catch (GeneralSecurityException e) {
      throw notPkcs12(path);
    }
  }

  private static IllegalArgumentException notPkcs12(Path path) {
    return new IllegalArgumentException(FILE + " must be a PKCS12 key store (keytool -storetype PKCS12: README,"
      + " Clustered deployment), and " + path + " is not one");
  }

  @Override
  public String toString() {
    return "ClusterKeystore[" + file + ", valid until " + notAfter + "]";
  }
}
