// Wahana Lapangan service worker: keeps the field pages and their static files so they open
// without signal. Pages: network first (always the freshest when online), cache when offline.
// Static files: cache first (their names carry a content hash). The API is never cached here:
// reference data lives in IndexedDB, per user (luring.js).
"use strict";
var CACHE = "wahana-luring-v1";

function scopePath() {
  return new URL(self.registration.scope).pathname;
}

self.addEventListener("install", function () {
  self.skipWaiting();
});

self.addEventListener("activate", function (event) {
  event.waitUntil(self.clients.claim());
});

function store(url) {
  return fetch(url, { credentials: "same-origin" })
    .then(function (response) {
      if (response.ok && !response.redirected) {
        return caches.open(CACHE).then(function (cache) {
          return cache.put(url, response);
        });
      }
    })
    .catch(function () {});
}

self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.type === "cache") {
    event.waitUntil(Promise.all((data.urls || []).map(store)));
  } else if (data.type === "clear") {
    // Logging out: the cached pages carry the user's name and choices; drop them.
    event.waitUntil(caches.delete(CACHE));
  }
});

// A page served from here says so (sesi.js then leaves the remembered account alone, and
// luring.js refuses to save when the page was cached for another account).
function marked(cached) {
  if (!cached) return cached;
  return cached.text().then(function (html) {
    return new Response(html.replace("<body ", '<body data-luring-cache="1" '), {
      status: 200,
      headers: cached.headers,
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname.indexOf("/api/") === 0) return;
  if (request.mode === "navigate") {
    event.respondWith(
      fetch(request)
        .then(function (response) {
          if (response.ok && !response.redirected && url.pathname.indexOf(scopePath()) === 0) {
            var copy = response.clone();
            caches.open(CACHE).then(function (cache) {
              cache.put(url.pathname, copy);
            });
          }
          return response;
        })
        .catch(function () {
          return caches
            .match(url.pathname)
            .then(function (cached) {
              return cached || caches.match(scopePath());
            })
            .then(marked);
        })
    );
    return;
  }
  if (url.pathname.indexOf("/static/") === 0) {
    event.respondWith(
      caches.match(request).then(function (cached) {
        return (
          cached ||
          fetch(request).then(function (response) {
            if (response.ok) {
              var copy = response.clone();
              caches.open(CACHE).then(function (cache) {
                cache.put(request, copy);
              });
            }
            return response;
          })
        );
      })
    );
  }
});
