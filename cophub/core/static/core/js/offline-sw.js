/* The field kit's service worker (docs/surveys.md, "Offline"): served by the app from
 * /offline-sw.js with Service-Worker-Allowed, registered by the respondent page for its own
 * /s/<token> and by the door page for its /activities/<id>/checkin/.
 *
 * It keeps pages and their static files so they open with no signal; it never keeps an
 * API answer, and never touches a POST (answers and scans are queued by the pages
 * themselves, in IndexedDB, and sent by them).
 */
"use strict";
const STATIC = "cophub-static-v1";
const SURVEY = "cophub-survey-v1";
const DOOR = "cophub-door-v1";
const KEPT = [STATIC, SURVEY, DOOR];

// The pages worth keeping: a survey's form (and its kiosk form), the door page.
const SURVEY_PAGE = /^\/s\/[A-Za-z0-9_-]+(\/kiosk\/[A-Za-z0-9_:-]+)?$/;
const DOOR_PAGE = /^\/activities\/\d+\/checkin\/$/;

function cacheFor(path) {
  if (path.startsWith("/static/")) return STATIC;
  if (SURVEY_PAGE.test(path)) return SURVEY;
  if (DOOR_PAGE.test(path)) return DOOR;
  return null;
}

self.addEventListener("install", () => self.skipWaiting());

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((n) => n.startsWith("cophub-") && !KEPT.includes(n)).map((n) => caches.delete(n))))
      .then(() => self.clients.claim()),
  );
});

// A page tells us what it loaded before we controlled it: itself and its static files.
self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type === "keep" && Array.isArray(data.urls)) {
    event.waitUntil(
      Promise.all(
        data.urls.map(async (url) => {
          const u = new URL(url, self.location.origin);
          const name = u.origin === self.location.origin ? cacheFor(u.pathname) : null;
          if (!name) return;
          const cache = await caches.open(name);
          if (name === STATIC && (await cache.match(u.href))) return;
          try {
            const answer = await fetch(u.href, { credentials: "same-origin" });
            if (answer.ok && !answer.redirected) await cache.put(u.href, answer);
          } catch (e) {
            /* offline already: kept next time */
          }
        }),
      ),
    );
  } else if (data.type === "forget-door") {
    event.waitUntil(caches.delete(DOOR));
  }
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  const name = cacheFor(url.pathname);
  if (!name) return; // the API and every other page: the network only
  if (name === STATIC) {
    event.respondWith(
      caches.open(STATIC).then(async (cache) => {
        const kept = await cache.match(request);
        if (kept) return kept;
        const answer = await fetch(request);
        if (answer.ok) cache.put(request, answer.clone());
        return answer;
      }),
    );
    return;
  }
  // A page: the network first (it is the truth), the kept copy when there is none.
  event.respondWith(
    (async () => {
      const cache = await caches.open(name);
      try {
        const answer = await fetch(request);
        if (answer.status === 200 && !answer.redirected) cache.put(url.origin + url.pathname, answer.clone());
        return answer;
      } catch (e) {
        const kept = await cache.match(url.origin + url.pathname);
        if (kept) return kept;
        throw e;
      }
    })(),
  );
});
