// A&I Live – files and links a page hands over: a download made with the session's token (a
// plain link cannot send it), copying to the clipboard, a one-time link with a Copy button.

import { apiDownload } from './api.js';
import { h } from './dom.js';
import { clearError, showError, showStatus } from './messages.js';
import { withBusy } from './page-parts.js';

/** Downloads a file from the API with the session's token, then says so in the status region. */
export async function download(path, fallbackName, { region } = {}) {
  const { blob, filename } = await apiDownload(path, fallbackName);
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: filename, class: 'visually-hidden', tabindex: '-1', text: filename });
  document.body.append(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
  showStatus(`Downloaded ${filename}.`, region);
  return filename;
}

/** A button that downloads `path()`; errors go to the page's alert region. */
export function downloadButton({ id, text, hiddenText = '', path, fallbackName, secondary = true }) {
  const button = h('button', { id, type: 'button', class: secondary ? 'button-secondary' : null }, text,
    hiddenText ? h('span', { class: 'visually-hidden', text: hiddenText }) : null);
  button.addEventListener('click', () => withBusy(button, 'Downloading…', async () => {
    clearError();
    try {
      await download(typeof path === 'function' ? path() : path, fallbackName);
    } catch (err) {
      showError(err, undefined, `${text} failed.`);
    }
  }));
  return button;
}

/** Copies text to the clipboard; falls back to selecting the given input. */
export async function copyText(text, input) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    if (input) {
      input.focus();
      input.select();
      try {
        return document.execCommand('copy');
      } catch {
        return false;
      }
    }
    return false;
  }
}

/**
 * A read-only field holding a one-time link, with a Copy button: `{wrap, input, button}`.
 * The link is made absolute (the server answers a path).
 */
export function linkBox({ id, label, url, hint }) {
  const absolute = new URL(url, window.location.origin).href;
  const input = h('input', { id, type: 'text', readonly: true, value: absolute, spellcheck: 'false', class: 'link-input' });
  const said = h('span', { class: 'copy-status', role: 'status' });
  const button = h('button', {
    id: `${id}-copy`, type: 'button', class: 'button-secondary', text: 'Copy link',
    'aria-describedby': hint ? `${id}-hint` : null,
  });
  button.addEventListener('click', async () => {
    const ok = await copyText(absolute, input);
    said.textContent = ok ? 'Copied.' : 'Select the link and copy it yourself (Ctrl+C).';
  });
  const wrap = h('div', { class: 'field link-box' },
    h('label', { for: id, text: label }),
    hint ? h('p', { id: `${id}-hint`, class: 'hint', text: hint }) : null,
    h('div', { class: 'link-row' }, input, button),
    said);
  return { wrap, input, button };
}
