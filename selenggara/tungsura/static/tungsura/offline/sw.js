/* The service worker of the KPPS offline app (issue 14). Served by tungsura.offline, which
   writes self.LURING = {versi, shell, lingkup} above this file.

   - The app shell (CSS, JS, icon) is cached at install, in a cache named after the release;
     activating a new release deletes every older cache of the app.
   - The offline page of a TPS, its data.json and its manifest are fetched from the network
     first and kept for offline use; caching a TPS's page removes any other TPS's pages from
     the cache, so the cache never holds data of another TPS.
   - One visit online is enough: the first visit's page and data.json were fetched before this
     worker controlled the page, so the page then asks the worker (message {simpan: [urls]})
     to fetch and keep them, and is told on the message's port when they are kept.
   - Nothing else is touched: the API calls, the other pages and uploads go to the network.

   Oldest Chrome: 57 (README "Browsers"), set here by Response.redirected (57); also
   ExtendableMessageEvent.waitUntil (51), Cache.addAll (46) and clients.claim (42). */
"use strict";

var PREFIX = "selenggara-luring-";
var CACHE = PREFIX + self.LURING.versi;
var TPS_PAGE = new RegExp(
  "^" + self.LURING.lingkup + "([0-9]+)/luring/(data\\.json|manifest\\.webmanifest)?$");

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(CACHE).then(function (cache) {
      return cache.addAll(self.LURING.shell);
    }).then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf(PREFIX) === 0 && name !== CACHE;
      }).map(function (name) { return caches.delete(name); }));
    }).then(function () { return self.clients.claim(); })
  );
});

function forgetOtherTps(cache, kode) {
  return cache.keys().then(function (requests) {
    return Promise.all(requests.map(function (request) {
      var match = TPS_PAGE.exec(new URL(request.url).pathname);
      return match && match[1] !== kode ? cache.delete(request) : null;
    }));
  });
}

// Keep a good answer of a TPS's page, dropping every other TPS's pages first. Kept and looked
// up by URL alone: the answers vary on Cookie and Accept-Language, which a page's request and
// the worker's own differ in, and this cache only ever holds the signed-in user's one TPS.
function keep(request, response, kode) {
  if (!response.ok || response.redirected) { return Promise.resolve(false); }
  return caches.open(CACHE).then(function (cache) {
    return forgetOtherTps(cache, kode).then(function () { return cache.put(request.url, response); });
  }).then(function () { return true; });
}

function networkFirst(request, kode) {
  return fetch(request).then(function (response) {
    keep(request, response.clone(), kode);
    return response;
  }).catch(function () {
    return caches.open(CACHE).then(function (cache) {
      return cache.match(request.url).then(function (hit) {
        return hit || Response.error();
      });
    });
  });
}

// Fetch and keep the pages the first visit loaded before this worker controlled it.
function simpan(urls) {
  return Promise.all(urls.map(function (url) {
    var request = new Request(url, { credentials: "same-origin" });
    var match = new URL(request.url).origin === self.location.origin &&
      TPS_PAGE.exec(new URL(request.url).pathname);
    if (!match) { return false; }
    return fetch(request).then(function (response) {
      return keep(request, response, match[1]);
    }, function () { return false; });
  })).then(function (kept) {
    return kept.every(function (ok) { return ok; });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") { return; }
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  var match = TPS_PAGE.exec(url.pathname);
  if (match) {
    event.respondWith(networkFirst(request, match[1]));
  } else if (self.LURING.shell.indexOf(url.pathname) >= 0) {
    event.respondWith(caches.match(request).then(function (hit) { return hit || fetch(request); }));
  }
});

self.addEventListener("message", function (event) {
  var port = event.ports && event.ports[0];
  if (event.data && event.data.simpan) {
    event.waitUntil(simpan(event.data.simpan).then(function (ok) {
      if (port) { port.postMessage({ tersimpan: ok }); }
    }));
  }
  if (event.data === "lupakan") {
    // Sign-out: the page asks to drop every cache of the app (Clear-Site-Data does it too).
    event.waitUntil(caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf(PREFIX) === 0;
      }).map(function (name) { return caches.delete(name); }));
    }));
  }
});
