// Rugcoach's service worker: makes the site an installable app that works without a
// connection. Pages are always asked from the server first; the copy on the phone is
// only used when the network fails. Every page of a signed-in account is kept in that
// account's own cache (named by the X-Rugcoach-User header), and a page without that
// header (signed out, or the session expired) removes every account's copies.
"use strict";

var SHELL = "rugcoach-shell-v1";
var USER_PREFIX = "rugcoach-user-";
var META = "rugcoach-meta";
var WHO = "/__rugcoach/who"; // the account whose copies may be shown offline
var SHELL_FILES = [
  "/static/css/app.css",
  "/static/css/session.css",
  "/static/js/app.js",
  "/static/js/player.js",
  "/static/js/session.js",
  "/static/js/voice.js",
  "/static/favicon.svg",
  "/static/icons/icon-192.png",
  "/static/icons/icon-512.png",
];

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(SHELL).then(function (cache) {
    // One by one: a file that fails must not keep the worker from installing.
    var files = SHELL_FILES.map(function (url) {
      return cache.add(url).catch(function () { return null; });
    });
    // Signed out on purpose: the fallback page must hold nobody's menu or form token.
    files.push(fetch("/offline", { credentials: "omit" }).then(function (response) {
      return response.ok ? cache.put("/offline", response) : null;
    }).catch(function () { return null; }));
    return Promise.all(files);
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf("rugcoach-shell-") === 0 && name !== SHELL;
    }).map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }));
});

function whoIsIn() {
  return caches.open(META).then(function (meta) { return meta.match(WHO); })
    .then(function (found) { return found ? found.text() : ""; });
}

// Remember who is signed in; anyone else's copies (and all copies at sign-out) go.
function signedIn(key) {
  return whoIsIn().then(function (before) {
    if (before === key) { return null; }
    return caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf(USER_PREFIX) === 0 && name !== USER_PREFIX + key;
      }).map(function (name) { return caches.delete(name); }));
    }).then(function () { return caches.open(META); }).then(function (meta) {
      return key ? meta.put(WHO, new Response(key)) : meta.delete(WHO);
    });
  });
}

function page(request) {
  return fetch(request).then(function (response) {
    // A download (an export, a calendar file) says nothing about who is signed in.
    if ((response.headers.get("Content-Type") || "").indexOf("text/html") !== 0) {
      return response;
    }
    var key = response.headers.get("X-Rugcoach-User") || "";
    var keep = signedIn(key).then(function () {
      if (!key || !response.ok || response.redirected) { return null; }
      return caches.open(USER_PREFIX + key).then(function (cache) {
        return cache.put(request.url, response.clone());
      });
    });
    return keep.then(function () { return response; }, function () { return response; });
  }).catch(function () {
    return whoIsIn().then(function (key) {
      if (!key) { return null; }
      return caches.open(USER_PREFIX + key).then(function (cache) { return cache.match(request.url); });
    }).then(function (copy) {
      return copy || caches.match("/offline", { cacheName: SHELL }).then(function (fallback) {
        return fallback || new Response("", { status: 503 });
      });
    });
  });
}

// Scripts, styles and icons: fresh from the server when it answers, else the kept copy.
function shellFile(request) {
  return fetch(request).then(function (response) {
    if (response.ok) {
      var copy = response.clone();
      caches.open(SHELL).then(function (cache) { return cache.put(request, copy); });
    }
    return response;
  }).catch(function () {
    return caches.match(request, { cacheName: SHELL }).then(function (copy) {
      return copy || Response.error();
    });
  });
}

// A video asks for byte ranges; a saved video answers them from the whole file it keeps.
function ranged(request, whole) {
  var range = /bytes=(\d+)-(\d*)/.exec(request.headers.get("Range") || "");
  if (!range) { return whole; }
  return whole.blob().then(function (body) {
    var start = parseInt(range[1], 10);
    var end = range[2] ? Math.min(parseInt(range[2], 10), body.size - 1) : body.size - 1;
    if (start >= body.size) {
      return new Response("", { status: 416, headers: { "Content-Range": "bytes */" + body.size } });
    }
    return new Response(body.slice(start, end + 1), {
      status: 206,
      headers: {
        "Content-Type": whole.headers.get("Content-Type") || "video/mp4",
        "Content-Range": "bytes " + start + "-" + end + "/" + body.size,
        "Content-Length": String(end - start + 1),
      },
    });
  });
}

// Posters, captions and saved videos belong to the account: from its cache, else the network.
function media(request) {
  return whoIsIn().then(function (key) {
    if (!key) { return null; }
    return caches.open(USER_PREFIX + key).then(function (cache) {
      return cache.match(request.url);
    });
  }).then(function (copy) {
    return copy ? ranged(request, copy) : fetch(request);
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") { return; }
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  if (request.mode === "navigate") {
    event.respondWith(page(request));
  } else if (url.pathname.indexOf("/static/") === 0) {
    event.respondWith(shellFile(request));
  } else if (url.pathname.indexOf("/media/") === 0) {
    event.respondWith(media(request));
  }
});

// Web Push reminders. A push shows one notification; its buttons are "Gedaan" (done) and
// "Later". "Gedaan" and a tap on the notification open the confirm page of the signed
// log link: nothing is logged from a lock screen. "Later" posts the push's own signed
// token, without cookies, and the server sends the reminder once more after a while.
// Reminders shown while this worker runs, by tag: a page's message (below) can still answer
// one that the system has already taken away, as headless browsers do at once.
var shownReminders = {};

function showReminder(data) {
  var tag = data.tag || "rugcoach-reminder";
  var links = { url: data.url || "/today", later: data.later || "" };
  shownReminders[tag] = links;
  return self.registration.showNotification(data.title || "Rugcoach", {
    body: data.body || "",
    icon: data.icon || "/static/icons/icon-192.png",
    tag: tag,
    actions: (data.actions || []).map(function (a) { return { action: a.action, title: a.title }; }),
    data: links,
  });
}

self.addEventListener("push", function (event) {
  var data = {};
  try { data = event.data ? event.data.json() : {}; } catch (error) { data = {}; }
  event.waitUntil(showReminder(data));
});

// The app's window goes to the page (focused when the browser allows it), else a new one.
function openPage(url) {
  return self.clients.matchAll({ type: "window" }).then(function (open) {
    var client = open.filter(function (c) { return "navigate" in c; })[0];
    if (!client) { return self.clients.openWindow(url); }
    return client.navigate(url).then(function (shown) {
      return shown && shown.focus ? shown.focus().catch(function () { return shown; }) : shown;
    });
  });
}

function reminderClicked(action, notification) {
  var data = notification.data || {};
  notification.close();
  delete shownReminders[notification.tag];
  if (action === "later") {
    if (!data.later) { return Promise.resolve(null); }
    return fetch(data.later, { method: "POST", credentials: "omit" }).catch(function () { return null; });
  }
  return openPage(data.url || "/today");
}

self.addEventListener("notificationclick", function (event) {
  event.waitUntil(reminderClicked(event.action, event.notification));
});

// A page of ours may answer a shown reminder the way a tap would (its tag and a button):
// headless browsers cannot tap a system notification, and the same path runs here.
self.addEventListener("message", function (event) {
  var ask = event.data || {};
  if (ask.type !== "rugcoach-notification-click") { return; }
  event.waitUntil(self.registration.getNotifications({ tag: ask.tag }).then(function (shown) {
    var gone = shownReminders[ask.tag] && {
      tag: ask.tag, data: shownReminders[ask.tag], close: function () { return null; },
    };
    var notification = shown[0] || gone;
    return notification ? reminderClicked(ask.action || "", notification) : null;
  }));
});
