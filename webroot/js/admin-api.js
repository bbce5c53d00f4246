// A&I Live – the council's own set-up over the officer's admin routes (`/api/admin/…`, docs/PROTOCOL.md):
// its name, panels with their two districts, agencies, key agencies per presenting need, panel
// chairs, and finishing the first start. The set-up wizard (setup.js) and the settings page
// (settings.js) call these; requests go through api.js's one request helper.

import { apiFetch } from './api.js';
import { hasRole } from './roles.js';

const path = (...parts) => `/api/admin/${parts.map(encodeURIComponent).join('/')}`;
const put = (url, body) => apiFetch(url, { method: 'PUT', body });
const post = (url, body) => apiFetch(url, { method: 'POST', body });

/** `{councilName, version, complete, counts: {panels, agencies, keyAgencyNeeds, panelsWithChair}}`. */
export const getSetup = () => apiFetch(path('setup'));
export const saveCouncilName = (name, version) => put(path('council'), { name, version });
/** 200 `{complete: true}`, or 409 `setup_incomplete` whose message names what is missing. */
export const completeSetup = () => post(path('setup', 'complete'), {});

export const listPanels = () => apiFetch(path('panels'));
/** `{name, code, districts: [a, b], firstDistrict}` → the new panel. */
export const createPanel = (panel) => post(path('panels'), panel);
/** `{name, districts: [{id, name}, {id, name}], firstDistrictId, version}` → the panel. */
export const updatePanel = (id, panel) => put(path('panels', id), panel);
/** `{memberId}` (null removes the chair) or `{fullName, email, agencyId}` (invites; answer has `invitation`). */
export const setChair = (id, chair) => put(path('panels', id, 'chair'), chair);

export const listAgencies = () => apiFetch(path('agencies'));
export const createAgency = (agency) => post(path('agencies'), agency);
/** `{name, attendance, retired, version}`: also reinstates a retired agency (`retired: false`). */
export const updateAgency = (id, agency) => put(path('agencies', id), agency);
/** Deletes an agency never used (resolves null, 204), or retires one in use (resolves it, `retired: true`). */
export const removeAgency = (id) => apiFetch(path('agencies', id), { method: 'DELETE' });

/** `{version, needs: [{need, label, everyCountyWide, agencyIds}]}`. */
export const getKeyAgencies = () => apiFetch(path('key-agencies'));
/** `{everyCountyWide, agencyIds, version}` → `{version, need: {…}}` (the new overall version). */
export const saveKeyAgencies = (need, row) => put(path('key-agencies', need), row);

export const listMembers = () => apiFetch('/api/members');

/** What the pages say about this copy of the service (no sign-in): `{demo, councilName, setupRequired}`. */
export const getInstance = () => apiFetch('/api/instance', { auth: false });

/** Someone else saved the thing since this page read it. */
export const isVersionConflict = (err) => Boolean(err && err.status === 409 && err.code === 'version_conflict');

export const ATTENDANCE_LABELS = {
  county_wide: 'County-wide: expected at every meeting',
  when_relevant: 'Attends when relevant to a case',
};

/**
 * The set-up page when this member is an officer and the service is not set up yet (the home page
 * sends them there after signing in), otherwise null. Never rejects: if the answer cannot be had,
 * the member simply stays where they are.
 */
export async function setupPageFor(member) {
  if (!hasRole(member, 'officer')) return null;
  try {
    const instance = await getInstance();
    return instance && instance.setupRequired === true ? 'setup.html' : null;
  } catch {
    return null;
  }
}
