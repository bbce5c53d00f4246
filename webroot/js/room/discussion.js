// A&I Live – the discussion of an agenda item: what partners said (author, agency, time), your own
// contributions editable and withdrawable, hidden and withdrawn ones shown as such (their text is
// not sent), the chair's "hide", and the composer: on the current item, or under AOB and partner
// updates. A contribution written while offline waits in the outbox, is listed as "waiting to
// send", and lands once when the connection returns (live.js).

import { h, isAvailable, replaceKeepingFocus, setAvailable, setText } from '../dom.js';
import { londonTime, plural } from '../format.js';
import { hasRole } from '../roles.js';
import { isParticipant, itemName } from '../room-state.js';

const MAX_CHARS = 4000;
const CURRENT = 'current';

export function createDiscussionView({ member, act, send, announcer, connection }, doc = document) {
  const $ = (id) => doc.getElementById(id);
  const select = $('discussion-item');
  const summary = $('contributions-summary');
  const list = $('contributions-list');
  const form = $('contribution-form');
  const textarea = $('contribution-body');
  const submitButton = $('contribution-submit');
  const error = $('contribution-error');
  const target = $('contribution-target');
  const closed = $('contribution-closed');
  const heading = $('discussion-heading');

  const chair = hasRole(member, 'chair');
  const participant = isParticipant(member);
  let model = null;
  let pending = [];          // outbox entries (contribution.add) not yet acknowledged
  let choice = CURRENT;      // what the select shows: 'current' or an item id
  let chosen = false;        // the user picked an item themselves (else it follows the current item)
  let optionsKey = '';
  /** contributionId → {draft, sending, error} for own contributions being edited. */
  const editing = new Map();
  let focusAfterRender = null;
  let unseen = 0;            // contributions from others not yet announced
  let drawn = '';            // what the list showed last: redrawn only when it changes

  // ---------- which item ----------

  function currentItem() {
    return model?.timer?.itemId ? model.agenda.find((i) => i.id === model.timer.itemId) ?? null : null;
  }

  /** The item shown and written to: the select's choice, resolved now. */
  function chosenItem() {
    if (!model) return null;
    if (choice !== CURRENT) return model.agenda.find((i) => i.id === choice) ?? null;
    return currentItem() ?? model.agenda.find((i) => i.kind === 'aob' && !i.done) ?? null;
  }

  function renderOptions() {
    const cur = currentItem();
    const aob = model.agenda.filter((i) => i.kind === 'aob' && i.id !== cur?.id);
    const options = [];
    if (cur) options.push({ value: CURRENT, text: `Current item: ${itemName(cur)}` });
    aob.forEach((i) => options.push({ value: i.id, text: itemName(i) }));
    if (!cur && aob.length === 0) options.push({ value: CURRENT, text: 'No item has started yet' });
    const key = JSON.stringify(options);
    if (!chosen && cur) choice = CURRENT;
    if (!options.some((o) => o.value === choice)) {
      choice = options[0]?.value ?? CURRENT;
      chosen = false;
    }
    if (key !== optionsKey) {
      optionsKey = key;
      select.replaceChildren(...options.map((o) => h('option', { value: o.value, text: o.text })));
    }
    select.value = choice;
    select.disabled = false;
  }

  select.addEventListener('change', () => {
    choice = select.value;
    chosen = choice !== CURRENT;
    render(model, pending);
  });

  // ---------- the composer ----------

  function showError(text) {
    setText(error, text);
    if (text) textarea.setAttribute('aria-invalid', 'true');
    else textarea.removeAttribute('aria-invalid');
  }

  function post() {
    const item = chosenItem();
    const body = textarea.value.trim();
    if (!item) {
      showError('There is no agenda item to add this to yet.');
      textarea.focus();
      return;
    }
    if (!body) {
      showError('Write your contribution first.');
      textarea.focus();
      return;
    }
    if (body.length > MAX_CHARS) {
      showError(`A contribution can be at most 4,000 characters; this is ${body.length}.`);
      textarea.focus();
      return;
    }
    showError('');
    // Named explicitly: sent later from the outbox, it still goes where the partner meant it.
    const fields = { itemId: item.id, body };
    textarea.value = '';
    send('contribution.add', fields).catch((err) => {
      // Never lose what was written: put it back (after anything typed since).
      textarea.value = textarea.value.trim() ? `${textarea.value}\n\n${body}` : body;
      showError(err.code === 'discarded' ? 'Not sent: the waiting change was discarded. Your text is back in the box.'
        : `Your contribution was not added: ${err.message} Your text is back in the box.`);
    });
  }

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (isAvailable(submitButton)) post();
    else showError('Contributions can be added while the meeting is live.');
  });
  textarea.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      form.requestSubmit();
    }
  });

  /** A contribution sent from an earlier page was refused: give its text back. */
  function adoptFailure(err, entry) {
    const body = entry?.fields?.body;
    if (!body) return false;
    textarea.value = textarea.value.trim() ? `${textarea.value}\n\n${body}` : body;
    showError(`A contribution you wrote earlier was not added: ${err.message} Its text is back in the box.`);
    return true;
  }

  // ---------- editing your own ----------

  function startEdit(c) {
    editing.set(c.id, { draft: c.body ?? '', sending: false, error: null });
    focusAfterRender = `contribution-edit-body-${c.id}`;
    render(model, pending);
  }

  function saveEdit(c) {
    const e = editing.get(c.id);
    if (!e || e.sending) return;
    const body = e.draft.trim();
    if (!body || body.length > MAX_CHARS) {
      e.error = body ? `At most 4,000 characters; this is ${body.length}.` : 'A contribution cannot be empty: withdraw it instead.';
      focusAfterRender = `contribution-edit-body-${c.id}`;
      render(model, pending);
      return;
    }
    e.sending = true;
    e.error = null;
    render(model, pending);
    send('contribution.edit', { contributionId: c.id, body }).then(() => {
      editing.delete(c.id);
      focusAfterRender = `contribution-edit-${c.id}`;
      render(model, pending);
    }, (err) => {
      e.sending = false;
      e.error = `Not saved: ${err.message}`;
      focusAfterRender = `contribution-edit-body-${c.id}`;
      render(model, pending);
    });
  }

  function cancelEdit(c) {
    editing.delete(c.id);
    focusAfterRender = `contribution-edit-${c.id}`;
    render(model, pending);
  }

  // ---------- drawing ----------

  function meta(c, mine) {
    return h('p', { class: 'contribution-meta' },
      h('span', { class: 'person-name', text: c.authorName || 'Someone' }),
      mine ? h('span', { class: 'muted', text: ' (you)' }) : null,
      c.agency ? h('span', { class: 'person-agency', text: c.agency }) : null,
      h('span', { class: 'contribution-time' }, ' · ', h('time', { text: londonTime(c.createdAt) })),
      c.editedAt ? h('span', { class: 'muted', text: ` · edited ${londonTime(c.editedAt)}` }) : null);
  }

  function contributionNode(c, live) {
    const mine = c.authorId === member?.id;
    const e = editing.get(c.id);
    let content;
    if (c.status === 'withdrawn') {
      content = h('p', { class: 'contribution-gone' }, h('span', { class: 'flag flag-gone', text: 'Withdrawn' }), ' by its author.');
    } else if (c.status === 'hidden') {
      content = h('p', { class: 'contribution-gone' }, h('span', { class: 'flag flag-gone', text: 'Hidden' }), ' by the chair.');
    } else if (c.body === null || c.body === undefined) {
      content = h('p', { class: 'withheld' }, 'Withheld');
    } else if (e) {
      const errId = `contribution-edit-error-${c.id}`;
      const area = h('textarea', {
        id: `contribution-edit-body-${c.id}`, rows: 3, maxlength: MAX_CHARS, 'aria-describedby': errId,
        'aria-invalid': e.error ? 'true' : null,
        on: {
          input: (ev) => { e.draft = ev.target.value; },
          keydown: (ev) => {
            if (ev.key === 'Enter' && (ev.ctrlKey || ev.metaKey)) {
              ev.preventDefault();
              saveEdit(c);
            } else if (ev.key === 'Escape') {
              cancelEdit(c);
            }
          },
        },
      });
      area.value = e.draft;
      const save = h('button', { id: `contribution-save-${c.id}`, type: 'submit', class: 'button-small' }, e.sending ? 'Saving…' : 'Save');
      setAvailable(save, !e.sending);
      content = h('form', {
        class: 'contribution-edit', novalidate: true,
        on: { submit: (ev) => { ev.preventDefault(); saveEdit(c); } },
      },
      h('label', { for: area.id, text: 'Edit your contribution' }), area,
      h('p', { id: errId, class: 'field-error', text: e.error ?? '' }),
      e.sending && connection().phase !== 'live' ? h('p', { class: 'hint', text: 'Waiting to send: it will be saved when the connection is back.' }) : null,
      h('div', { class: 'button-row' }, save,
        h('button', { id: `contribution-cancel-${c.id}`, type: 'button', class: 'button-secondary button-small', on: { click: () => cancelEdit(c) } }, 'Cancel')));
    } else {
      content = h('p', { class: 'contribution-body', text: c.body });
    }

    const tools = [];
    if (c.status === 'visible' && !e && live) {
      if (mine) {
        tools.push(h('button', {
          id: `contribution-edit-${c.id}`, type: 'button', class: 'button-secondary button-small', on: { click: () => startEdit(c) },
        }, 'Edit', h('span', { class: 'visually-hidden', text: ' your contribution' })));
        tools.push(h('button', {
          id: `contribution-withdraw-${c.id}`, type: 'button', class: 'button-secondary button-small',
          on: {
            click: () => {
              if (window.confirm('Withdraw your contribution? It will show as withdrawn; the log keeps that it was made.')) {
                act('contribution.withdraw', { contributionId: c.id }, { done: 'Contribution withdrawn.' });
              }
            },
          },
        }, 'Withdraw', h('span', { class: 'visually-hidden', text: ' your contribution' })));
      }
    }
    if (chair && c.status === 'visible' && ['open', 'live'].includes(model.meeting?.status)) {
      tools.push(h('button', {
        id: `contribution-hide-${c.id}`, type: 'button', class: 'button-secondary button-small',
        on: {
          click: () => {
            if (window.confirm(`Hide this contribution from ${c.authorName || 'this partner'} from every screen? The log keeps it.`)) {
              act('contribution.hide', { contributionId: c.id }, { done: 'Contribution hidden.' });
            }
          },
        },
      }, 'Hide', h('span', { class: 'visually-hidden', text: ` the contribution from ${c.authorName || 'this partner'}` })));
    }

    return h('li', {
      id: `contribution-${c.id}`,
      class: ['contribution', `contribution-${c.status}`, mine && 'is-mine'],
      data: { status: c.status, authorId: c.authorId },
    }, meta(c, mine), content, tools.length ? h('div', { class: 'button-row contribution-tools' }, tools) : null);
  }

  function pendingNode(entry) {
    return h('li', { id: `pending-${entry.key}`, class: ['contribution', 'is-pending', 'is-mine'], data: { status: 'pending' } },
      h('p', { class: 'contribution-meta' },
        h('span', { class: 'person-name', text: member?.fullName || 'You' }), h('span', { class: 'muted', text: ' (you)' }),
        ' ', h('span', { class: 'flag flag-pending' }, connection().phase === 'live' ? 'Sending' : 'Waiting to send')),
      h('p', { class: 'contribution-body', text: entry.fields?.body ?? '' }));
  }

  function render(next, outboxEntries = pending) {
    model = next;
    if (!model) return;
    pending = outboxEntries.filter((e) => e.type === 'contribution.add');
    renderOptions();
    const item = chosenItem();
    const live = model.meeting?.status === 'live';

    setText(heading, item ? `Discussion: ${itemName(item)}` : 'Discussion');
    const shown = [...model.contributions.values()]
      .filter((c) => item && c.itemId === item.id)
      .sort((a, b) => (a.createdAt ?? 0) - (b.createdAt ?? 0));
    const waiting = pending.filter((e) => item && (e.fields?.itemId ?? model.timer?.itemId) === item.id);
    const visible = shown.filter((c) => c.status === 'visible').length;
    setText(summary, !item ? 'Contributions appear here once an item is being discussed.'
      : shown.length === 0 && waiting.length === 0 ? 'Nothing has been said on this item yet.'
        : `${plural(visible, 'contribution')}${shown.length > visible ? ` (and ${shown.length - visible} withdrawn or hidden)` : ''}${waiting.length ? `, ${waiting.length} of yours waiting to send` : ''}.`);

    // Entries whose contribution has gone (withdrawn, hidden) stop being edited.
    for (const id of editing.keys()) {
      if (model.contributions.get(id)?.status !== 'visible') editing.delete(id);
    }
    const picture = JSON.stringify([item?.id, shown, waiting.map((e) => [e.key, e.fields?.body]), live, model.meeting?.status,
      connection().phase, [...editing.entries()].map(([id, e]) => [id, e.sending, e.error])]);
    if (picture !== drawn || focusAfterRender) {
      drawn = picture;
      replaceKeepingFocus(list, [...shown.map((c) => contributionNode(c, live)), ...waiting.map(pendingNode)],
        { fallback: textarea.isConnected && !form.hidden ? textarea : null });
    }

    const can = participant && live && Boolean(item);
    form.hidden = !participant || !live;
    setAvailable(submitButton, can);
    setText(target, item ? `(on ${itemName(item)})` : '');
    closed.hidden = participant && live;
    setText(closed, !participant ? 'Observers follow the discussion; they do not contribute.'
      : model.meeting?.status === 'closed' ? 'The meeting has ended: no more contributions.'
        : 'You can contribute once the chair starts the meeting.');

    if (focusAfterRender) {
      const el = doc.getElementById(focusAfterRender);
      focusAfterRender = null;
      if (el) el.focus();
    }
  }

  /** New contributions from others: gathered, said at most every 20 seconds. */
  function announceEvent(event) {
    if (event.type !== 'contribution.added' || event.payload?.contribution?.authorId === member?.id) return;
    unseen++;
    const c = event.payload.contribution;
    announcer.batch('contributions', () => {
      const text = unseen === 1 ? `New contribution from ${c.authorName}${c.agency ? `, ${c.agency}` : ''}.`
        : `${unseen} new contributions.`;
      unseen = 0;
      return text;
    }, 20_000);
  }

  return { render, announceEvent, adoptFailure };
}
