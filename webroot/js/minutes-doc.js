// A&I Live – minutes laid out in the page from the server's document blocks (the same document the
// PDF and the Word file are written from): headings, labelled paragraphs, lists and tables. Text is
// always set as text, never as HTML.

import { h } from './dom.js';
import { table } from './ui.js';

/**
 * The blocks as page content. `top`: the heading level the document's own title takes (the page
 * has its h1 already, so 2); each deeper level follows it. `idPrefix` names the tables.
 */
export function minutesNodes(blocks, { top = 2, idPrefix = 'minutes-doc' } = {}) {
  const nodes = [];
  let lastHeading = 'Minutes';
  let tables = 0;
  for (const block of blocks || []) {
    if (block.type === 'heading') {
      lastHeading = block.text;
      nodes.push(h(`h${Math.min(6, top + block.level - 1)}`, { class: 'minutes-doc-heading', text: block.text }));
    } else if (block.type === 'para') {
      nodes.push(h('p', { class: `minutes-doc-${block.style || 'normal'}` },
        block.label ? h('strong', { text: `${block.label}: ` }) : null, block.text || ''));
    } else if (block.type === 'list') {
      nodes.push(h('ul', { class: 'minutes-doc-list' }, (block.items || []).map((item) => h('li', { text: item }))));
    } else if (block.type === 'table') {
      tables += 1;
      nodes.push(table({
        id: `${idPrefix}-table-${tables}`,
        caption: lastHeading,
        captionHidden: true,
        head: block.headers || [],
        rows: (block.rows || []).map((row) => row.map((cell) => h('span', { class: 'minutes-doc-cell', text: cell }))),
      }));
    }
  }
  return nodes;
}
