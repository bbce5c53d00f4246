// A&I Live – the cockpit bar at the top of the room (room.html #cockpit): its own small parts (the
// count of actions waiting, "Add an update", the participant's bar) and keeping the page's scroll
// padding equal to what is pinned, so a focused control or a section jumped to never hides under
// the bar (WCAG 2.4.11). The timer, the hands and who is connected are drawn by their own views.

import { isAvailable, setAvailable, setText } from '../dom.js';
import { hasRole } from '../roles.js';
import { isParticipant } from '../room-state.js';

export function createCockpitView({ member, act }, doc = document) {
  const $ = (id) => doc.getElementById(id);
  const cockpit = $('cockpit');
  const quickBar = $('quick-bar');
  const updateJump = $('update-jump');
  const pendingBox = $('pending-jump-box');
  const pendingJump = $('pending-jump');
  const pendingCount = $('pending-jump-count');
  const composer = $('contribution-form');
  const composerBody = $('contribution-body');
  const pendingSection = $('pending-actions');

  const chair = hasRole(member, 'chair');
  const participant = isParticipant(member);
  let model = null;

  // The officer keeps the register: it comes first in the side column, beside the current item.
  if (hasRole(member, 'officer') && !chair) {
    const register = $('attendance-section');
    const console = $('chair-console');
    if (register && console) console.after(register);
  }

  /**
   * Scrolls `el` to the middle of what the pinned bars leave free (its top just below the bar if it
   * is taller than that), then focuses it.
   */
  function bringIntoView(el, focusTarget = el) {
    // Twice: the first scroll may pin the bar (or unpin it), which changes what is free.
    for (let pass = 0; pass < 2; pass++) {
      const pinned = getComputedStyle(cockpit).position === 'sticky';
      const bottomBar = !quickBar.hidden && getComputedStyle(quickBar).position === 'fixed';
      const free = {
        top: (pinned ? Math.max(0, cockpit.getBoundingClientRect().bottom) : 0) + 8,
        bottom: window.innerHeight - (bottomBar ? quickBar.getBoundingClientRect().height : 0) - 8,
      };
      const r = el.getBoundingClientRect();
      const room = free.bottom - free.top;
      const want = r.height >= room ? free.top : free.top + (room - r.height) / 2;
      if (Math.abs(r.top - want) < 2) break;
      window.scrollBy(0, r.top - want);
    }
    focusTarget.focus({ preventScroll: true });
  }

  updateJump.addEventListener('click', () => {
    if (!isAvailable(updateJump)) {
      act.fail(model?.meeting?.status === 'closed' ? 'The meeting has ended: no more updates.'
        : 'You can add an update once the chair starts the meeting.');
      return;
    }
    bringIntoView(composerBody);
  });

  pendingJump.addEventListener('click', (event) => {
    event.preventDefault();
    if (!pendingSection.hidden) bringIntoView(pendingSection);
  });

  function render(next) {
    model = next;
    const closed = model.meeting?.status === 'closed';
    quickBar.hidden = !participant || closed;
    setAvailable(updateJump, !composer.hidden);
    pendingBox.hidden = !chair || pendingSection.hidden;
    const waiting = [...model.actions.values()].filter((a) => a.status === 'proposed').length;
    setText(pendingCount, String(waiting));
    pendingCount.dataset.count = String(waiting);
    pendingJump.classList.toggle('has-waiting', waiting > 0);
  }

  // What is pinned (the bar at the top, the participant's bar at the bottom of a phone) is kept
  // out of the way of scrolling to a focused control or an in-page link.
  const root = doc.documentElement;
  function measure() {
    const pinnedTop = getComputedStyle(cockpit).position === 'sticky';
    root.style.setProperty('--cockpit-height', `${pinnedTop ? Math.ceil(cockpit.getBoundingClientRect().height) : 0}px`);
    const pinnedBottom = !quickBar.hidden && getComputedStyle(quickBar).position === 'fixed';
    root.style.setProperty('--quick-bar-height', `${pinnedBottom ? Math.ceil(quickBar.getBoundingClientRect().height) : 0}px`);
  }
  if (typeof ResizeObserver === 'function') {
    const observer = new ResizeObserver(measure);
    observer.observe(cockpit);
    observer.observe(quickBar);
  }
  window.addEventListener('resize', measure);
  measure();

  return { render, measure };
}
