package org.ailive.export;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;

/**
 * A download written as it is produced (chunked), never assembled in memory: the producer waits
 * whenever the client reads more slowly than the server writes ({@link #drained()}), and stops as soon
 * as the client goes away.
 */
final class StreamedResponse {

  private static final Logger log = LoggerFactory.getLogger(StreamedResponse.class);

  private final HttpServerResponse response;
  private final Context context;
  private volatile Throwable gone;
  private Promise<Void> drain;

  private StreamedResponse(HttpServerResponse response, Context context) {
    this.response = response;
    this.context = context;
  }

  static StreamedResponse start(RoutingContext ctx, String contentType, String fileName) {
    StreamedResponse out = new StreamedResponse(ctx.response(), ctx.vertx().getOrCreateContext());
    Download.headers(ctx.response(), contentType, fileName);
    ctx.response().setStatusCode(200).setChunked(true);
    ctx.response().closeHandler(v -> out.lost(new IOException("The client closed the connection.")));
    ctx.response().exceptionHandler(out::lost);
    return out;
  }

  Context context() {
    return context;
  }

  boolean isGone() {
    return gone != null;
  }

  Future<Void> write(Buffer chunk) {
    return gone != null ? Future.failedFuture(gone) : response.write(chunk);
  }

  /** Completes when the client has taken what was written, so the producer can go on. */
  Future<Void> drained() {
    if (gone != null) {
      return Future.failedFuture(gone);
    }
    if (!response.writeQueueFull()) {
      return Future.succeededFuture();
    }
    Promise<Void> promise = Promise.promise();
    drain = promise;
    response.drainHandler(v -> {
      drain = null;
      promise.tryComplete();
    });
    return promise.future();
  }

  Future<Void> end() {
    return gone != null ? Future.failedFuture(gone) : response.end();
  }

  /** Ends a download that failed half way: the connection is reset so the client sees it incomplete. */
  void abort(Throwable failure) {
    if (gone == null) {
      log.warn("Download of {} failed part way", response.headers().get("Content-Disposition"), failure);
    }
    if (!response.ended() && !response.closed()) {
      response.reset();
    }
  }

  private void lost(Throwable failure) {
    if (gone == null) {
      gone = failure;
    }
    Promise<Void> waiting = drain;
    if (waiting != null) {
      waiting.tryFail(failure);
    }
  }
}
