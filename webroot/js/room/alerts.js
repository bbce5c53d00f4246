// A&I Live – the room's messages: refusals in the alert region (`#room-alert`), confirmations in
// the notice region (`#room-notice`, for a few seconds), and stopping the page with a reason.

import { setText } from '../dom.js';

const NOTICE_MS = 8_000;

const $ = (id) => document.getElementById(id);
const alertBox = $('room-alert');
const noticeBox = $('room-notice');
const layout = document.querySelector('.room-layout');
const nav = $('room-nav');

export function showAlert(...content) {
  alertBox.replaceChildren();
  // Set after emptying, so the same message twice is announced twice.
  setTimeout(() => alertBox.replaceChildren(...content), 50);
}

export const clearAlert = () => alertBox.replaceChildren();

let noticeTimer = null;
export function showNotice(text) {
  setText(noticeBox, text);
  clearTimeout(noticeTimer);
  noticeTimer = setTimeout(() => setText(noticeBox, ''), NOTICE_MS);
}

export function stopWith(...content) {
  layout.hidden = true;
  nav.hidden = true;
  // The bar keeps only the connection state.
  document.querySelectorAll('#cockpit > .cockpit-cell:not(.cockpit-status)').forEach((cell) => { cell.hidden = true; });
  showAlert(...content);
}
