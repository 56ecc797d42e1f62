// Keeps the door page and its files for use without a connection: every request for the page
// or a static file goes to the network first and falls back to the copy kept here. Nothing is
// posted through it; scans wait in the page's own queue.
const CACHE = "socius-checkin:" + new URL(self.registration.scope).pathname;
const STATIC = "{% get_static_prefix %}";

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));
self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  const scope = new URL(self.registration.scope);
  const isPage = url.pathname === scope.pathname;
  if (!isPage && !url.pathname.startsWith(STATIC)) return;
  const key = isPage ? scope.pathname : request;
  event.respondWith(
    fetch(request).then((response) => {
      if (response.ok && !response.redirected && response.type === "basic") {
        const copy = response.clone();
        event.waitUntil(caches.open(CACHE).then((cache) => cache.put(key, copy)));
      }
      return response;
    }).catch(() => caches.match(key, { cacheName: CACHE }).then((hit) => hit || Response.error()))
  );
});
