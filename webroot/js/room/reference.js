// A&I Live – what the room needs besides its live state: the case template (labels of the R6
// fields and of the presenting needs, GET /api/cases/template) and the agencies an action can be
// given to (GET /api/agencies). Kept in sessionStorage so a reload while offline still has them;
// fetched again until it works.

import { apiFetch } from '../api.js';

const RETRY_MS = 15_000;

/** Labels used until the template arrives (the same as the server's). */
export const FIELD_LABELS = {
  reasonForBringing: 'Reason for bringing',
  summaryOfConcerns: 'Summary of main concerns',
  presentingNeeds: 'Presenting needs',
  voiceOfChild: 'Voice of the child',
};

function cached(key) {
  try {
    const raw = window.sessionStorage.getItem(key);
    return raw ? JSON.parse(raw) : null;
  } catch {
    return null;
  }
}

function keep(key, value) {
  try {
    window.sessionStorage.setItem(key, JSON.stringify(value));
  } catch {
    // not kept: fetched again next time
  }
}

/**
 * @param {(ref: {template: object|null, agencies: object[]|null}) => void} onChange
 * @param {(err: object) => boolean} [onAuthError]  a 401: stop trying (the page signs the user out)
 */
export function loadReference(onChange, onAuthError = () => false) {
  const ref = { template: cached('ailive.ref.template'), agencies: cached('ailive.ref.agencies') };

  function load(path, key, name) {
    apiFetch(path).then((value) => {
      ref[name] = value;
      keep(key, value);
      onChange(ref);
    }, (err) => {
      if (err.status === 401 && onAuthError(err)) return;
      setTimeout(() => load(path, key, name), RETRY_MS);
    });
  }
  load('/api/cases/template', 'ailive.ref.template', 'template');
  load('/api/agencies', 'ailive.ref.agencies', 'agencies');
  if (ref.template || ref.agencies) setTimeout(() => onChange(ref), 0);

  return {
    ref,
    fieldLabel(name) {
      const f = ref.template?.fields?.find((x) => x.name === name);
      return f?.label || FIELD_LABELS[name] || name;
    },
    needLabel(code) {
      const n = ref.template?.presentingNeeds?.find((x) => x.code === code);
      return n?.label || String(code).replace(/_/g, ' ');
    },
    needs: () => ref.template?.presentingNeeds ?? [],
    agencies: () => (Array.isArray(ref.agencies) ? ref.agencies.slice().sort((a, b) => a.name.localeCompare(b.name, 'en-GB')) : []),
  };
}
