/* The door's phone: scan check-in QR codes with the camera and post each scan.
 *
 * Decoding: the browser's own BarcodeDetector where it reads QR codes (Chrome on Android,
 * macOS), else the barcode-detector ponyfill (ZXing-C++ as WebAssembly) that the app serves
 * itself from static/participants/vendor/ — never a CDN (docs/decisions.md).
 * Each scan gets a fresh nonce, so a retry is the same scan to the server; a scan that
 * cannot be sent is kept on the phone with its time and sent when the connection is back.
 */
(() => {
  "use strict";
  const root = document.getElementById("door");
  if (!root) return;
  const S = JSON.parse(document.getElementById("door-strings").textContent);
  const cfg = root.dataset;
  const activity = Number(cfg.activity);
  const SAME_CODE_MS = 4000; // a code still in view (or shown again at once) is not re-sent
  const FRAME_MS = 120;
  const CODE_MAX = 512; // what the API takes; anything longer is not one of ours
  const video = document.getElementById("door-video");
  const camera = document.getElementById("door-camera");
  const cameraMsg = document.getElementById("door-camera-msg");
  const lastSeen = new Map();

  function nonce() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const h = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }

  function line(cls, text) {
    const p = document.createElement("p");
    p.className = cls;
    p.textContent = text;
    return p;
  }

  // The big answer. Built from text nodes only: a scanned code is never HTML.
  function show(status, reason, head, lines) {
    const box = document.getElementById("door-result"); // htmx may have replaced it
    box.className = `door-result ${status}`;
    box.dataset.status = status;
    box.dataset.reason = reason || "";
    box.replaceChildren(line("door-big", head), ...lines);
  }

  function showAnswer(body) {
    const head = { ok: S.head_ok, already: S.head_already }[body.status] || S.head_refused;
    const lines = [];
    const person = body.registration && body.registration.person;
    if (person) {
      lines.push(line("door-name", person.name));
      if (person.organization) lines.push(line("door-org", person.organization));
    }
    if (body.status !== "ok") lines.push(line("door-msg", body.message));
    show(body.status, body.reason, head, lines);
    if (body.status === "ok") {
      if (navigator.vibrate) navigator.vibrate(150);
      if (window.htmx) window.htmx.trigger("#checkin-counter", "refresh");
    } else if (navigator.vibrate) {
      navigator.vibrate([80, 60, 80]);
    }
  }

  // --- the field kit: the list and the scans kept on the phone (IndexedDB) ------------
  // docs/surveys.md "Offline": the list is this activity's codes and names, downloaded by
  // a signed-in organiser or facilitator, deleted at sign-out and once the activity is over.
  const DB = "cophub-door";
  const FIRST_RETRY_MS = 5000;
  const LAST_RETRY_MS = 300000;
  const chip = document.getElementById("door-chip");
  let list = null;
  let failures = 0;
  let timer = null;

  function idb() {
    return new Promise((resolve, reject) => {
      const req = indexedDB.open(DB, 1);
      req.onupgradeneeded = () => {
        req.result.createObjectStore("lists", { keyPath: "activity" });
        req.result.createObjectStore("scans", { keyPath: "nonce" });
      };
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
  }
  async function tx(store, mode, work) {
    const db = await idb();
    return new Promise((resolve, reject) => {
      const t = db.transaction(store, mode);
      const req = work(t.objectStore(store));
      t.oncomplete = () => resolve(req ? req.result : undefined);
      t.onerror = () => reject(t.error);
    });
  }
  const scans = async () => ((await tx("scans", "readonly", (s) => s.getAll())) || []).filter((x) => x.activity === activity);
  const keep = (scan) => tx("scans", "readwrite", (s) => s.put(scan));
  const drop = (nonce) => tx("scans", "readwrite", (s) => s.delete(nonce));
  const saveList = () => tx("lists", "readwrite", (s) => s.put(list));

  async function loadList() {
    list = (await tx("lists", "readonly", (s) => s.get(activity))) || null;
    if (list && new Date(list.forget_at) < new Date()) {
      await tx("lists", "readwrite", (s) => s.delete(activity)); // the activity is over
      list = null;
    }
  }

  async function download() {
    if (!cfg.list) return;
    try {
      const answer = await fetch(cfg.list, { credentials: "same-origin", cache: "no-store" });
      if (!answer.ok) return;
      const fresh = await answer.json();
      // Check-ins made here and not sent yet stay checked in on this phone.
      const mine = new Map((list ? list.registrations : []).filter((r) => r.local).map((r) => [r.code, r]));
      fresh.registrations = fresh.registrations.map((r) => mine.get(r.code) || r);
      list = fresh;
      await saveList();
    } catch (e) {
      /* offline: keep the copy we have */
    }
    await status();
  }

  function thaiNumber(n) {
    return n.toLocaleString("th-TH-u-nu-thai");
  }

  async function status() {
    const waiting = (await scans()).length;
    let text = navigator.onLine ? S.chip_online : S.chip_offline;
    if (waiting) text = S.chip_waiting.replace("%(n)s", thaiNumber(waiting));
    if (list) text += ` · ${S.chip_list.replace("%(n)s", thaiNumber(list.registrations.length))}`;
    chip.textContent = text;
    chip.dataset.state = waiting ? "waiting" : navigator.onLine ? "online" : "offline";
    chip.dataset.waiting = String(waiting);
    chip.dataset.list = list ? "1" : "";
    return waiting;
  }

  function clockText(iso) {
    const d = new Date(iso);
    const hh = String(d.getHours()).padStart(2, "0");
    const mm = String(d.getMinutes()).padStart(2, "0");
    return `${hh}.${mm} น.`.replace(/[0-9]/g, (c) => "๐๑๒๓๔๕๖๗๘๙"[c]);
  }

  // The server's rules (services/checkin.py ``_decide``), on the downloaded list.
  function decide(code, when) {
    const r = list.registrations.find((x) => x.code === code);
    if (!r) return { status: "refused", reason: "not_registered", person: null };
    const person = { name: r.name, organization: r.organization };
    if (r.status === "cancelled") return { status: "refused", reason: "cancelled", person };
    if (r.status === "waiting") return { status: "refused", reason: "waiting", person };
    if (r.status === "attended") return { status: "already", reason: "already", person, at: r.checked_in_at };
    if ((list.opens_at && when < new Date(list.opens_at)) || (list.closes_at && when > new Date(list.closes_at))) {
      return { status: "refused", reason: "outside_window", person };
    }
    r.status = "attended";
    r.checked_in_at = when.toISOString();
    r.local = true;
    return { status: "ok", reason: "", person };
  }

  async function checkLocally(scan) {
    const when = new Date();
    scan.scanned_at = when.toISOString();
    await keep(scan); // every scan is sent: the server decides, and keeps duplicates
    if (!list) {
      show("offline", "", S.offline, []);
    } else {
      const d = decide(scan.code, when);
      await saveList();
      const message = d.status === "already" && d.at ? S.already_at.replace("%(time)s", clockText(d.at)) : S[`reason_${d.reason}`] || "";
      showAnswer({ status: d.status, reason: d.reason, message, registration: d.person ? { person: d.person } : null });
      document.getElementById("door-result").dataset.local = "1";
    }
    await status();
    later();
  }

  function remember(body) {
    // A server answer updates this phone's list, so an offline scan after it is right.
    if (!list || !body.registration) return;
    const r = list.registrations.find((x) => x.name === body.registration.person.name && x.status !== "attended");
    if (r && (body.status === "ok" || body.status === "already")) {
      r.status = "attended";
      r.checked_in_at = body.registration.checked_in_at;
      saveList();
    }
  }

  async function post(scan) {
    return fetch(cfg.api, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": cfg.csrf },
      body: JSON.stringify(scan),
    });
  }

  function later() {
    clearTimeout(timer);
    timer = setTimeout(flush, Math.min(FIRST_RETRY_MS * 2 ** failures, LAST_RETRY_MS));
  }

  async function sendKept() {
    let duplicates = 0;
    for (const scan of await scans()) {
      let answer;
      try {
        answer = await post({ code: scan.code, nonce: scan.nonce, activity: scan.activity, scanned_at: scan.scanned_at });
      } catch (e) {
        return [false, duplicates]; // still offline
      }
      // Server trouble, or a session that ended: keep the scan for the next try.
      if (answer.status >= 500 || answer.status === 401 || answer.status === 403) return [false, duplicates];
      await drop(scan.nonce);
      if (answer.ok) {
        const body = await answer.json();
        if (body.status === "already") duplicates += 1;
        if (body.status === "ok" && window.htmx) window.htmx.trigger("#checkin-counter", "refresh");
      }
    }
    return [true, duplicates];
  }

  async function flush() {
    if (!(await status())) return;
    const run = () => sendKept();
    const [done, duplicates] = navigator.locks
      ? await navigator.locks.request(`cophub-door-send-${activity}`, { ifAvailable: true }, (lock) => (lock ? run() : [true, 0]))
      : await run();
    failures = done ? 0 : failures + 1;
    if (await status()) later();
    else if (done) {
      cameraMsg.textContent = duplicates ? `${S.sent_later} ${S.duplicates.replace("%(n)s", thaiNumber(duplicates))}` : S.sent_later;
      download(); // the list as the server has it now
    }
  }

  // --- one scan ------------------------------------------------------------------
  async function send(scan) {
    show("pending", "", S.checking, []);
    let answer;
    try {
      answer = await post(scan);
    } catch (e) {
      answer = null;
    }
    if (answer === null || answer.status >= 500) {
      await checkLocally(scan); // the scan happened now, whenever it reaches the server
      return;
    }
    let body = {};
    try {
      body = await answer.json();
    } catch (e) {
      /* not JSON: say so below */
    }
    if (answer.ok) {
      showAnswer(body);
      remember(body);
    } else if (answer.status === 422) {
      show("refused", "unknown", S.head_refused, [line("door-msg", S.not_a_code)]);
    } else {
      show("refused", body.code || "", S.head_refused, [line("door-msg", body.detail || S.error)]);
    }
  }

  // --- the name search with no network: the downloaded list -----------------------------
  const search = document.getElementById("door-q");
  const local = document.getElementById("door-local");
  function localSearch() {
    local.replaceChildren();
    if (navigator.onLine || !list || !search) {
      local.hidden = true;
      return;
    }
    const words = search.value.trim().split(/\s+/).filter(Boolean);
    if (!words.length) return;
    const found = list.registrations.filter((r) => words.every((w) => r.first_name.includes(w) || r.last_name.includes(w))).slice(0, 20);
    for (const r of found) {
      const li = document.createElement("li");
      li.className = "door-person";
      li.dataset.testid = "local-row";
      li.append(line("who", r.name));
      const b = document.createElement("button");
      b.type = "button";
      b.className = "btn primary";
      b.dataset.testid = "local-checkin";
      b.textContent = S.check_in;
      b.addEventListener("click", () => send({ code: r.code, nonce: nonce(), activity }));
      li.append(b);
      local.append(li);
    }
    local.hidden = false;
  }
  if (search) search.addEventListener("input", localSearch);

  function seen(text) {
    const now = Date.now();
    const before = lastSeen.get(text);
    lastSeen.set(text, now);
    if (before && now - before < SAME_CODE_MS) return; // the same code, still in front of the camera
    // eslint-disable-next-line no-control-regex
    if (text.length > CODE_MAX || /[\u0000-\u001f\u007f]/.test(text)) {
      show("refused", "unknown", S.head_refused, [line("door-msg", S.not_a_code)]);
      return;
    }
    send({ code: text, nonce: nonce(), activity });
  }

  // --- the camera ------------------------------------------------------------------
  function cameraOff(message) {
    camera.classList.add("off");
    cameraMsg.textContent = message;
  }

  function loadScript(src) {
    return new Promise((resolve, reject) => {
      const s = document.createElement("script");
      s.src = src;
      s.onload = resolve;
      s.onerror = reject;
      document.head.appendChild(s);
    });
  }

  async function detector() {
    try {
      if ("BarcodeDetector" in window) {
        const formats = await window.BarcodeDetector.getSupportedFormats();
        if (formats.includes("qr_code")) return new window.BarcodeDetector({ formats: ["qr_code"] });
      }
    } catch (e) {
      /* a native detector that cannot read QR codes: use ours */
    }
    await loadScript(cfg.polyfill);
    const api = window.BarcodeDetectionAPI;
    const wasm = new URL(cfg.wasm, window.location.href).href;
    api.prepareZXingModule({
      overrides: { locateFile: (path, prefix) => (path.endsWith(".wasm") ? wasm : prefix + path) },
    });
    return new api.BarcodeDetector({ formats: ["qr_code"] });
  }

  async function scan(reader) {
    if (video.readyState >= 2 && !document.hidden) {
      try {
        for (const code of await reader.detect(video)) seen(code.rawValue);
      } catch (e) {
        if (e && e.name === "NotSupportedError") {
          cameraOff(S.decoder_failed);
          return;
        }
      }
    }
    setTimeout(() => scan(reader), FRAME_MS);
  }

  async function start() {
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      cameraOff(S.camera_off);
      return;
    }
    try {
      video.srcObject = await navigator.mediaDevices.getUserMedia({
        audio: false,
        video: { facingMode: { ideal: "environment" }, width: { ideal: 1280 }, height: { ideal: 720 } },
      });
      await video.play().catch(() => {});
    } catch (e) {
      cameraOff(S.camera_off); // refused, or no camera: the search below still works
      return;
    }
    let reader;
    try {
      reader = await detector();
    } catch (e) {
      cameraOff(S.decoder_failed);
      return;
    }
    cameraMsg.textContent = S.camera_start;
    root.dataset.scanning = "1";
    scan(reader);
  }

  async function begin() {
    try {
      await loadList();
      // Scans an older version of this page kept in localStorage move to IndexedDB.
      const old = JSON.parse(localStorage.getItem(`cophub-checkin-queue-${activity}`) || "[]");
      for (const scan of old) await keep({ ...scan, activity });
      localStorage.removeItem(`cophub-checkin-queue-${activity}`);
    } catch (e) {
      /* no IndexedDB here: scans are sent at once, as before */
    }
    await status();
    download();
    flush();
  }

  window.addEventListener("online", () => {
    failures = 0;
    localSearch();
    flush();
  });
  window.addEventListener("offline", () => {
    status();
    localSearch();
  });
  if ("serviceWorker" in navigator && cfg.sw) {
    navigator.serviceWorker
      .register(cfg.sw, { scope: cfg.scope })
      .then(() => navigator.serviceWorker.ready)
      .then((reg) => {
        const urls = [window.location.pathname, ...performance.getEntriesByType("resource").map((e) => e.name)];
        if (reg.active) reg.active.postMessage({ type: "keep", urls });
      })
      .catch(() => {});
  }
  begin();
  start();
})();
