package org.ailive.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.UUID;

/**
 * A file only its owner can read (a generated password, the demo accounts): made with owner-only
 * permissions from its first byte, never made readable and narrowed afterwards, and put in place
 * whole (a crash leaves the old file or the new one, never half of one). Blocking I/O: call from
 * a worker thread or before the event loops run.
 */
public final class SecretFile {

  public static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

  private SecretFile() {
  }

  public static void write(Path file, String text) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path partial = dir.resolve("." + file.getFileName() + "." + UUID.randomUUID() + ".partial");
    try (FileChannel out = FileChannel.open(partial, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
        ownerOnly())) {
      out.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
      out.force(true);
    }
    try {
      Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(partial);
    }
  }

  /** True when no one but the owner may read or write the file (always true off POSIX). */
  public static boolean isOwnerOnly(Path file) throws IOException {
    return !posix() || OWNER_ONLY.containsAll(Files.getPosixFilePermissions(file));
  }

  private static FileAttribute<?>[] ownerOnly() {
    // Off POSIX (Windows) the directory's own access list applies.
    return posix() ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)} : new FileAttribute<?>[0];
  }

  private static boolean posix() {
    return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  }
}
