// A&I Live – the server clock as seen from this browser. Countdowns are computed from server
// instants (startedAt), so every screen must agree on "now": we measure our offset from the
// server with the `time` command, as NTP does in miniature, and never tick over the network.

const SAMPLES = 5;

/**
 * @param {() => Promise<number>} askServerTime  resolves to the server's `serverTime` (ms)
 * @param {{samples?: number, now?: () => number}} [options]
 */
export function createClock(askServerTime, { samples = SAMPLES, now = () => Date.now() } = {}) {
  let offset = 0;
  let bestRoundTrip = Infinity; // of the measurement in force; Infinity while only seeded
  let measuring = null;

  return {
    /** Server time now, in ms since the epoch. */
    serverNow: () => now() + offset,
    offset: () => offset,
    measured: () => Number.isFinite(bestRoundTrip),

    /** A rough first guess (one-way: off by the network delay) until a measurement is done. */
    seed(serverTime) {
      if (!Number.isFinite(bestRoundTrip) && Number.isFinite(serverTime)) offset = serverTime - now();
    },

    /**
     * Takes a few samples one after another: offset = serverTime − (t0 + t1) / 2, keeping the one
     * with the shortest round trip (the least room for asymmetric delay). Resolves to the offset;
     * keeps the previous one if every sample failed.
     */
    measure() {
      if (measuring) return measuring;
      measuring = (async () => {
        let best = null;
        for (let i = 0; i < samples; i++) {
          const t0 = now();
          let serverTime;
          try {
            serverTime = await askServerTime();
          } catch {
            continue;
          }
          const t1 = now();
          if (!Number.isFinite(serverTime)) continue;
          const sample = { roundTrip: t1 - t0, offset: serverTime - (t0 + t1) / 2 };
          if (!best || sample.roundTrip < best.roundTrip) best = sample;
        }
        if (best) {
          offset = best.offset;
          bestRoundTrip = best.roundTrip;
        }
        return offset;
      })().finally(() => {
        measuring = null;
      });
      return measuring;
    },
  };
}
