/* Signed out: this phone forgets the door's downloaded lists (names and codes) and the
 * door page kept for offline use (docs/surveys.md, "Offline"). Scans not sent yet stay to
 * be sent at the next sign-in: nothing scanned is lost. A survey's queued answers are a
 * respondent's, not the account's, and stay too. */
(() => {
  "use strict";
  if (window.caches) caches.delete("cophub-door-v1");
  if (!window.indexedDB) return;
  const req = indexedDB.open("cophub-door");
  req.onupgradeneeded = () => req.transaction.abort(); // never had one: do not make it
  req.onsuccess = () => {
    const db = req.result;
    if (db.objectStoreNames.contains("lists")) db.transaction("lists", "readwrite").objectStore("lists").clear();
  };
})();
