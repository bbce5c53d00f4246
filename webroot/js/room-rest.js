// A&I Live – the live room read over REST, for the preparation and follow-up pages (its commands
// are sent with commands.js).

import { apiFetch } from './api.js';

/**
 * The live room's state (`GET /api/meetings/{id}/room`) with the server's clock: resolves to
 * `{state, offset}` where server time ≈ Date.now() + offset.
 */
export async function loadRoom(meetingId) {
  const t0 = Date.now();
  const data = await apiFetch(`/api/meetings/${encodeURIComponent(meetingId)}/room`);
  const t1 = Date.now();
  const state = data && data.state ? data.state : data;
  const offset = data && Number.isFinite(data.serverTime) ? data.serverTime - (t0 + t1) / 2 : 0;
  return { state, offset };
}
