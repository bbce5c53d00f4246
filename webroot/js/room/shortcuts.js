// A&I Live – the chair's single-key shortcuts: Space start/pause/resume, N next, B back, = (or
// numpad +) add 1 minute, Shift and + add 5 minutes, T take the next hand. They never fire while
// the user types in a field or holds Ctrl, Alt or Meta, and Space is left to a focused button,
// link or checkbox. WCAG 2.1.4: they can be turned off (the choice is remembered in this browser).

const STORE_KEY = 'ailive.chairShortcuts';

/** Where a key press belongs to the control, not to us. */
function isTyping(target) {
  if (!target || !(target instanceof Element)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') {
    const type = (target.getAttribute('type') || 'text').toLowerCase();
    return !['button', 'submit', 'reset', 'checkbox', 'radio', 'range', 'color', 'file', 'image'].includes(type);
  }
  return false;
}

/** Space activates these natively: leave it to them. */
function ownsSpace(target) {
  if (!target || !(target instanceof Element)) return false;
  return Boolean(target.closest('button, a[href], summary, input, select, textarea, [role="button"], [role="switch"], [role="checkbox"], [tabindex]:not([tabindex="-1"])'));
}

/**
 * The command a key press means, or null. Exported for tests.
 * @param {{key: string, code?: string, shiftKey?: boolean, ctrlKey?: boolean, altKey?: boolean, metaKey?: boolean}} e
 */
export function shortcutFor(e) {
  if (e.ctrlKey || e.altKey || e.metaKey) return null;
  const key = e.key;
  if (key === ' ' || key === 'Spacebar') return e.shiftKey ? null : 'toggle';
  if (key === '=') return 'extend1';
  // "+" without Shift: the number pad, or keyboards where + is a key of its own.
  if (key === '+') return e.shiftKey ? 'extend5' : 'extend1';
  if (e.shiftKey) return null;
  switch (key.toLowerCase()) {
    case 'n': return 'next';
    case 'b': return 'back';
    case 't': return 'takeHand';
    default: return null;
  }
}

/**
 * @param {object} options
 * @param {() => boolean} options.active  whether the shortcuts apply now (the chair, timer shown)
 * @param {(command: string) => void} options.run
 * @param {HTMLInputElement} [options.toggle]  the "use single-key shortcuts" checkbox
 */
export function installShortcuts({ active, run, toggle }, doc = document) {
  let enabled = true;
  try {
    enabled = window.localStorage.getItem(STORE_KEY) !== 'off';
  } catch {
    // storage blocked: on for this page
  }
  if (toggle) {
    toggle.checked = enabled;
    toggle.addEventListener('change', () => {
      enabled = toggle.checked;
      try {
        window.localStorage.setItem(STORE_KEY, enabled ? 'on' : 'off');
      } catch {
        // not remembered
      }
    });
  }

  doc.addEventListener('keydown', (e) => {
    if (!enabled || e.defaultPrevented || e.repeat || !active()) return;
    if (isTyping(e.target)) return;
    const command = shortcutFor(e);
    if (!command) return;
    if (command === 'toggle' && ownsSpace(e.target)) return;
    e.preventDefault();
    run(command);
  });

  return { enabled: () => enabled };
}
