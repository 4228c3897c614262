// Beat's service worker. Served by the server at /sw.js with this build's id and asset list
// filled in (see pwa/service_worker.rs), so every deploy is a new worker with its own caches.
//
//   * app shell (hashed WASM/JS/CSS, icons, manifest, "/" and "/offline"): precached, cache first;
//   * public pages (home, areas, an area's feed, an update, live days, Q&A): network first,
//     the last good copy kept for when the network is gone;
//   * a signed-in reporter's pages: the same, in a cache the app empties on sign-out;
//   * every other page (staff pages): network only, never cached;
//   * any page opened offline with no copy: the offline page, never the browser's error;
//   * everything else (server functions, feeds): network only, never cached.
"use strict";

const BUILD = "__BUILD_ID__";
const SHELL = `beat-shell-${BUILD}`;
const PAGES = "beat-pages-v1";
const PRIVATE = "beat-private-v1";
const PRECACHE = __PRECACHE__;
const PAGE_LIMIT = 40;

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(SHELL).then((cache) => cache.addAll(PRECACHE)));
  // No skipWaiting here: a page running the old build keeps its worker until the person
  // chooses "Reload" (the app posts "skip-waiting"), so old HTML never meets new WASM.
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith("beat-shell-") && k !== SHELL).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("message", (event) => {
  if (event.data === "skip-waiting") self.skipWaiting();
});

function pageCache(path) {
  if (path === "/" || path === "/areas" || path === "/offline" || path === "/install") return PAGES;
  if (path.startsWith("/area/") && !path.includes(".")) return PAGES;
  if (path.startsWith("/updates/") && !path.includes(".")) return PAGES;
  if (path === "/live" || /^\/live\/[a-z0-9-]+$/.test(path)) return PAGES;
  if (path === "/ask" || /^\/ask\/\d+$/.test(path)) return PAGES;
  // A reporter's list and saved notes, so a note can be opened and finished on patrol.
  // Not /reporter/notes/new: each new note gets its own key from the server.
  if (path === "/reporter" || /^\/reporter\/notes\/\d+$/.test(path)) return PRIVATE;
  return null;
}

async function trim(cache) {
  const keys = await cache.keys();
  for (const old of keys.slice(0, Math.max(0, keys.length - PAGE_LIMIT))) await cache.delete(old);
}

// `cacheName` null: the page is never stored, but offline it still gets the offline page.
async function networkFirst(request, cacheName) {
  try {
    const response = await fetch(request);
    if (cacheName && response.ok && response.type === "basic") {
      const cache = await caches.open(cacheName);
      await cache.put(request, response.clone());
      await trim(cache);
    }
    return response;
  } catch (offline) {
    const cached =
      (cacheName && (await caches.match(request, { cacheName }))) ||
      (await caches.match(request, { cacheName: SHELL }));
    if (cached) return cached;
    // No copy: the offline page, at its own address (the app would take another page's
    // address for that page), told where the person was going so it can go on once online.
    const url = new URL(request.url);
    if (url.pathname === "/offline") {
      const page = await caches.match("/offline", { cacheName: SHELL });
      if (page) return page;
      throw offline;
    }
    return Response.redirect(`/offline?from=${encodeURIComponent(url.pathname + url.search)}`, 303);
  }
}

async function cacheFirst(request) {
  const cached = await caches.match(request, { cacheName: SHELL });
  return cached || fetch(request);
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (PRECACHE.includes(url.pathname) && request.mode !== "navigate") {
    event.respondWith(cacheFirst(request));
    return;
  }
  if (request.mode === "navigate" && !url.pathname.startsWith("/api/")) {
    event.respondWith(networkFirst(request, pageCache(url.pathname)));
  }
});

// Push alerts: the server sends {title, body, url, tag}; a tap opens the update.
self.addEventListener("push", (event) => {
  let message = {};
  try {
    message = event.data ? event.data.json() : {};
  } catch (_) {
    message = { body: event.data ? event.data.text() : "" };
  }
  const title = message.title || "Beat";
  event.waitUntil(
    self.registration.showNotification(title, {
      body: message.body || "",
      tag: message.tag,
      icon: "/icons/icon-192.png",
      badge: "/icons/favicon-48.png",
      data: { url: message.url || "/" },
    }),
  );
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const target = new URL((event.notification.data && event.notification.data.url) || "/", self.location.origin);
  if (target.origin !== self.location.origin) return;
  event.waitUntil(
    self.clients.matchAll({ type: "window", includeUncontrolled: true }).then((windows) => {
      for (const w of windows) {
        if (w.url === target.href && "focus" in w) return w.focus();
      }
      return self.clients.openWindow(target.href);
    }),
  );
});
