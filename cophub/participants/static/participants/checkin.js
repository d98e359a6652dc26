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
  const RETRY_MS = 10000;
  const CODE_MAX = 512; // what the API takes; anything longer is not one of ours
  const QUEUE_KEY = `cophub-checkin-queue-${activity}`;
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

  // --- scans kept on the phone while offline ---------------------------------------
  function queue() {
    try {
      return JSON.parse(localStorage.getItem(QUEUE_KEY) || "[]");
    } catch (e) {
      return [];
    }
  }

  function saveQueue(items) {
    try {
      localStorage.setItem(QUEUE_KEY, JSON.stringify(items));
    } catch (e) {
      /* private mode: the scan stays in memory only */
    }
    const note = document.getElementById("door-queue");
    note.hidden = items.length === 0;
    note.textContent = S.queued.replace("%(n)s", String(items.length));
  }

  function keep(scan) {
    const items = queue().filter((s) => s.nonce !== scan.nonce);
    items.push(scan);
    saveQueue(items);
  }

  async function post(scan) {
    return fetch(cfg.api, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": cfg.csrf },
      body: JSON.stringify(scan),
    });
  }

  let flushing = false;
  async function flush() {
    if (flushing || !navigator.onLine) return;
    flushing = true;
    try {
      for (const scan of queue()) {
        let answer;
        try {
          answer = await post(scan);
        } catch (e) {
          break; // still offline
        }
        // Server trouble, or a session that ended: keep the scan for the next try.
        if (answer.status >= 500 || answer.status === 401 || answer.status === 403) break;
        saveQueue(queue().filter((s) => s.nonce !== scan.nonce));
        if (answer.ok) {
          const body = await answer.json();
          const who = body.registration ? `${body.registration.person.name}: ` : "";
          cameraMsg.textContent = `${S.sent_later} ${who}${body.message}`;
          if (body.status === "ok" && window.htmx) window.htmx.trigger("#checkin-counter", "refresh");
        }
      }
    } finally {
      flushing = false;
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
      // The scan happened now, whenever it reaches the server: keep its time.
      keep({ ...scan, scanned_at: new Date().toISOString() });
      show("offline", "", S.offline, []);
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
    } else if (answer.status === 422) {
      show("refused", "unknown", S.head_refused, [line("door-msg", S.not_a_code)]);
    } else {
      show("refused", body.code || "", S.head_refused, [line("door-msg", body.detail || S.error)]);
    }
  }

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

  saveQueue(queue());
  window.addEventListener("online", flush);
  setInterval(flush, RETRY_MS);
  flush();
  start();
})();
