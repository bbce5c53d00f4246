// A&I Live – this page's address: its query parameters, and the way to sign in and come back.

/** The query parameter `name` of this page's address, or null. */
export function param(name) {
  return new URLSearchParams(window.location.search).get(name);
}

/** Sends the browser to sign in, coming back here afterwards. */
export function goToSignIn(reason = 'expired') {
  const here = `${window.location.pathname.split('/').pop() || 'index.html'}${window.location.search}`;
  window.location.replace(`index.html?next=${encodeURIComponent(here)}&reason=${encodeURIComponent(reason)}`);
}
