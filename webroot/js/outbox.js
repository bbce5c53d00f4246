// A&I Live – the offline outbox: commands waiting to reach the server, kept in localStorage so
// they survive a lost connection, a reload or a closed tab. Each entry keeps the idempotency key
// it was made with, so sending it again can never apply it twice.
//
// Storage is read afresh before every change (another tab of the same meeting may share it);
// two tabs sending the same entry is harmless for the same reason.

function defaultStorage() {
  try {
    return window.localStorage;
  } catch {
    return null; // storage blocked: the outbox still works for this page, in memory
  }
}

/**
 * @param {string} storageKey  one outbox per meeting and member, e.g. `ailive.outbox.<meeting>.<member>`
 * @param {Storage|null} [storage]
 */
export function createOutbox(storageKey, storage = defaultStorage()) {
  let memory = [];
  const listeners = new Set();

  function read() {
    if (!storage) return memory.slice();
    try {
      const list = JSON.parse(storage.getItem(storageKey) || '[]');
      return Array.isArray(list) ? list.filter((e) => e && typeof e.key === 'string' && typeof e.type === 'string') : [];
    } catch {
      return [];
    }
  }

  function write(list) {
    memory = list.slice();
    if (storage) {
      try {
        if (list.length === 0) storage.removeItem(storageKey);
        else storage.setItem(storageKey, JSON.stringify(list));
      } catch {
        // quota or privacy mode: keep the in-memory copy
      }
    }
    listeners.forEach((fn) => fn(list.length));
  }

  if (typeof window !== 'undefined' && storage) {
    window.addEventListener('storage', (e) => {
      if (e.key === storageKey) listeners.forEach((fn) => fn(read().length));
    });
  }

  return {
    /** Entries in the order they were made. */
    list: read,
    first: () => read()[0] ?? null,
    size: () => read().length,
    add(entry) {
      const list = read();
      if (!list.some((e) => e.key === entry.key)) list.push(entry);
      write(list);
    },
    remove(key) {
      const list = read();
      const next = list.filter((e) => e.key !== key);
      if (next.length !== list.length) write(next);
    },
    clear: () => write([]),
    /** Calls `fn(size)` after every change, here or in another tab. Returns an unsubscribe function. */
    onChange(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
  };
}
