// Rugcoach's service worker: makes the site an installable app.
"use strict";

self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) { event.waitUntil(self.clients.claim()); });
// Pages pass through untouched for now; the browser still sees a worker that handles them.
self.addEventListener("fetch", function () {});
