/* The respondent page with no signal (docs/surveys.md, "Offline"). Progressive: without
 * JavaScript the form posts as it always did, and with it an online post is that same
 * post. Only when the network fails is the answer kept in IndexedDB (with its client_id
 * and the time it was made) and sent later to the JSON API, one at a time, removed only
 * once the server accepted it. A Web Lock keeps two tabs from sending at once; the
 * client_id makes the server count a repeat once anyway. It is sent with the phone's
 * cookies, so the server ties it to this device as it ties the form's post (an edit
 * later is an edit), and with made_at, the time it was made.
 */
(() => {
  "use strict";
  const box = document.getElementById("field");
  const form = document.getElementById("respond-form");
  if (!box || !form || !window.indexedDB) return;
  const S = box.dataset;
  const chip = document.getElementById("field-chip");
  const saved = document.getElementById("field-saved");
  const DB = "cophub-survey";
  const STORE = "answers";
  const FIRST_RETRY_MS = 5000;
  const LAST_RETRY_MS = 300000;
  let failures = 0;
  let timer = null;

  function uuid() {
    if (crypto.randomUUID) return crypto.randomUUID();
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const h = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }

  // --- IndexedDB, promised -----------------------------------------------------------
  function open() {
    return new Promise((resolve, reject) => {
      const req = indexedDB.open(DB, 1);
      req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: "client_id" });
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
  }
  async function tx(mode, work) {
    const db = await open();
    return new Promise((resolve, reject) => {
      const t = db.transaction(STORE, mode);
      const result = work(t.objectStore(STORE));
      t.oncomplete = () => resolve(result && "result" in result ? result.result : undefined);
      t.onerror = () => reject(t.error);
    });
  }
  const all = () => tx("readonly", (s) => s.getAll());
  const put = (item) => tx("readwrite", (s) => s.put(item));
  const remove = (key) => tx("readwrite", (s) => s.delete(key));

  // --- what the page says --------------------------------------------------------------
  async function status() {
    const items = (await all()).filter((i) => i.api === S.api);
    const waiting = items.filter((i) => !i.refused).length;
    const refused = items.filter((i) => i.refused);
    let text = navigator.onLine ? S.sOnline : S.sOffline;
    if (waiting) text = S.sWaiting.replace("{n}", waiting.toLocaleString("th-TH-u-nu-thai"));
    if (refused.length) {
      text += ` · ${S.sRefused.replace("{n}", refused.length.toLocaleString("th-TH-u-nu-thai")).replace("{reason}", refused[0].refused)}`;
    }
    chip.textContent = text;
    chip.dataset.state = waiting ? "waiting" : navigator.onLine ? "online" : "offline";
    chip.dataset.waiting = String(waiting);
    box.hidden = false;
    return waiting;
  }

  // --- the answers, as the API takes them (the same shape the form posts) ---------------
  function answers() {
    const out = {};
    for (const field of form.querySelectorAll("fieldset.question")) {
      const inputs = field.querySelectorAll("input, textarea");
      if (!inputs.length) continue;
      const name = inputs[0].name;
      if (inputs[0].type === "checkbox") out[name] = Array.from(inputs).filter((i) => i.checked).map((i) => i.value);
      else if (inputs[0].type === "radio") out[name] = (Array.from(inputs).find((i) => i.checked) || { value: "" }).value;
      else out[name] = inputs[0].value;
    }
    return out;
  }

  // A shared phone: the next person must not see the answer just kept, nor send it again.
  function blank() {
    for (const input of form.querySelectorAll("input, textarea")) {
      if (input.type === "checkbox" || input.type === "radio") input.checked = false;
      else if (input.type !== "hidden") input.value = "";
    }
    form.elements.client_id.value = uuid();
    for (const note of document.querySelectorAll("[data-testid=answered-note]")) note.hidden = true;
  }

  async function keep() {
    // The first answer waiting is this device's; one kept after it on the same phone is
    // the next person's (the form was emptied for them), sent without the device cookie
    // so that it does not replace the first as that device's edit.
    const own = !(await all()).some((i) => i.api === S.api && !i.refused && i.own !== false);
    await put({ client_id: form.elements.client_id.value, api: S.api, answers: answers(), made_at: new Date().toISOString(), own, refused: "" });
    blank();
    saved.textContent = S.sSaved;
    saved.hidden = false;
    saved.scrollIntoView({ block: "center" });
    await status();
    later();
  }

  form.addEventListener("submit", async (event) => {
    if (form.dataset.native) return; // the page's own post, let through
    event.preventDefault();
    let answer;
    try {
      answer = await fetch(form.action || window.location.href, { method: "POST", body: new URLSearchParams(new FormData(form)), credentials: "same-origin" });
    } catch (e) {
      await keep(); // no network: keep it on the phone
      return;
    }
    if (answer.redirected && answer.ok) {
      window.location.assign(answer.url); // accepted: the thanks page
    } else if (answer.status >= 500) {
      await keep();
    } else {
      // Refused (a missing answer, closed, too many): nothing was stored, so the page's
      // own post shows the server's Thai message on the form.
      form.dataset.native = "1";
      form.submit();
    }
  });

  // --- sending what was kept ------------------------------------------------------------
  function later() {
    clearTimeout(timer);
    const wait = Math.min(FIRST_RETRY_MS * 2 ** failures, LAST_RETRY_MS);
    timer = setTimeout(flush, wait);
  }

  async function sendAll() {
    for (const item of await all()) {
      if (item.refused) continue;
      let answer;
      try {
        answer = await fetch(item.api, {
          method: "POST",
          credentials: item.own === false ? "omit" : "same-origin",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ client_id: item.client_id, answers: item.answers, made_at: item.made_at }),
        });
      } catch (e) {
        return false; // still offline
      }
      if (answer.status === 200 || answer.status === 201) {
        await remove(item.client_id);
      } else if (answer.status === 429 || answer.status >= 500) {
        return false; // try again later, as it is
      } else {
        // The server will never take it (closed, changed questions): kept, and said.
        let detail = String(answer.status);
        try {
          detail = (await answer.json()).detail || detail;
        } catch (e) {
          /* not JSON */
        }
        await put({ ...item, refused: detail });
      }
    }
    return true;
  }

  async function flush() {
    const before = await status();
    if (!before) return;
    const run = async () => ((await sendAll()) ? 0 : 1);
    const failed = navigator.locks ? await navigator.locks.request("cophub-survey-send", { ifAvailable: true }, (lock) => (lock ? run() : 0)) : await run();
    failures = failed ? failures + 1 : 0;
    const left = await status();
    if (left) later();
    else if (before) {
      saved.textContent = S.sSent;
      saved.hidden = false;
    }
  }

  window.addEventListener("online", () => {
    failures = 0;
    flush();
  });
  window.addEventListener("offline", status);

  // A page opened from the worker's kept copy carries the client_id of the copy, the same
  // at every reload: two answers kept from it would be one answer (the second replacing
  // the first on the phone, a replay on the server). Each page view gets its own.
  form.elements.client_id.value = uuid();

  // --- the service worker: keep this page and what it loaded ----------------------------
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker
      .register(S.sw, { scope: S.scope })
      .then(() => navigator.serviceWorker.ready)
      .then((reg) => {
        const urls = [window.location.pathname, ...performance.getEntriesByType("resource").map((e) => e.name)];
        if (reg.active) reg.active.postMessage({ type: "keep", urls });
      })
      .catch(() => {
        /* no worker (private mode, http on another host): the queue still works */
      });
  }
  flush();
})();
