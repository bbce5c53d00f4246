// A&I Live – settings.html (officer): what the set-up wizard made, editable later: the council's
// name, panels and their districts, agencies (retire and reinstate, how much each is in use), key
// agencies per presenting need, panel chairs. The editors are the wizard's (js/council/*.js); a
// version conflict shows the server's message and a Reload button, and keeps what was typed.

import { getInstance } from './admin-api.js';
import { showError, startPage } from './ui.js';
import { councilNameEditor } from './council/name.js';
import { panelsEditor } from './council/panels.js';
import { agenciesEditor } from './council/agencies.js';
import { keyAgenciesEditor } from './council/key-agencies.js';
import { chairsEditor } from './council/chairs.js';

const el = (id) => document.getElementById(id);
const member = startPage({ key: 'settings', roles: ['officer'] });

if (member) {
  const keyAgencies = keyAgenciesEditor(el('key-agencies-body'));
  const chairs = chairsEditor(el('chairs-body'));
  const quietly = (editor) => editor.load({ keep: true }).catch((err) => showError(err));
  const editors = [
    councilNameEditor(el('council-body')),
    panelsEditor(el('panels-body'), { onChange: () => quietly(chairs) }),
    agenciesEditor(el('agencies-body'), { onChange: () => { quietly(keyAgencies); quietly(chairs); } }),
    keyAgencies,
    chairs,
  ];
  el('main').setAttribute('aria-busy', 'true');
  Promise.all([getInstance(), ...editors.map((e) => e.load({ keep: false }))])
    .then(([instance]) => { el('setup-unfinished').hidden = !(instance && instance.setupRequired); })
    .catch((err) => showError(err, undefined, 'The settings could not be loaded.'))
    .finally(() => el('main').removeAttribute('aria-busy'));
}
