package org.ailive.export;

import io.vertx.core.buffer.Buffer;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The bridge from a writer on a worker thread (the XLSX and PDF libraries write to an OutputStream)
 * to a streamed HTTP response on the event loop. Bytes go out in 64 KiB chunks and at most four
 * chunks are in flight: the writer blocks, on its worker thread, until the client has taken earlier
 * ones. So at most 256 KiB wait between the two, however large the file.
 */
final class ResponseOutputStream extends OutputStream {

  static final int CHUNK = 64 * 1024;
  static final int IN_FLIGHT = 4;
  /** A client that takes nothing for this long is given up on. */
  private static final long STALL_SECONDS = 120;

  private final StreamedResponse target;
  private final Semaphore permits = new Semaphore(IN_FLIGHT);
  private final byte[] buffer = new byte[CHUNK];
  private int length;
  private volatile Throwable failure;
  private boolean closed;

  ResponseOutputStream(StreamedResponse target) {
    this.target = target;
  }

  @Override
  public void write(int b) throws IOException {
    if (length == CHUNK) {
      send();
    }
    buffer[length++] = (byte) b;
  }

  @Override
  public void write(byte[] bytes, int offset, int count) throws IOException {
    while (count > 0) {
      if (length == CHUNK) {
        send();
      }
      int n = Math.min(count, CHUNK - length);
      System.arraycopy(bytes, offset, buffer, length, n);
      length += n;
      offset += n;
      count -= n;
    }
  }

  /** Chunking is ours: the zip stream's many small flushes would otherwise become tiny HTTP chunks. */
  @Override
  public void flush() {
    // Nothing: a full chunk is sent by write, the rest by close.
  }

  /** Sends what is left and waits until the client has it all. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    send();
    acquire(IN_FLIGHT);
    permits.release(IN_FLIGHT);
    check();
  }

  private void send() throws IOException {
    if (length == 0) {
      return;
    }
    acquire(1);
    Buffer chunk = Buffer.buffer(Arrays.copyOf(buffer, length));
    length = 0;
    target.context().runOnContext(v -> target.write(chunk).onComplete(ar -> {
      if (ar.failed()) {
        failure = ar.cause();
      }
      permits.release();
    }));
  }

  private void acquire(int n) throws IOException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STALL_SECONDS);
    try {
      while (!permits.tryAcquire(n, 200, TimeUnit.MILLISECONDS)) {
        check();
        if (System.nanoTime() > deadline) {
          throw new IOException("The client stopped reading the download.");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("Interrupted while streaming the download.", e);
    }
    check();
  }

  private void check() throws IOException {
    if (failure != null) {
      throw new IOException("The download could not be written.", failure);
    }
    if (target.isGone()) {
      throw new IOException("The client went away during the download.");
    }
  }
}
