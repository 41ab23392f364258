// Every page: hands the site to its service worker (installable, works offline), keeps the
// signed-in patient's plan pages on the phone, and queues a log made without a connection
// until the connection is back. Its sentences come translated from the script tag.
(function () {
  "use strict";

  var script = document.querySelector("script[data-app]");
  var user = script ? script.getAttribute("data-user") : "";
  var T = {};
  try { T = JSON.parse(script.getAttribute("data-strings") || "{}"); } catch (e) { T = {}; }
  var USER_PREFIX = "rugcoach-user-";
  var VIDEOS_KEY = "rugcoach.offline-videos";
  var LOG_ACTION = "/today/log";
  var hasCaches = "caches" in window;

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () {
      /* without the worker the site is still a plain website */
    });
  }

  // --- a sentence for the patient at the top of the page --------------------------------

  function note(message, before) {
    var line = document.querySelector("[data-app-note]");
    if (!line) {
      line = document.createElement("p");
      line.className = "notice app-note";
      line.setAttribute("role", "status");
      line.setAttribute("data-app-note", "");
      var main = document.querySelector("main");
      if (before && before.parentNode) {
        before.parentNode.insertBefore(line, before);
      } else if (main) {
        main.insertBefore(line, main.firstChild);
      }
    }
    line.textContent = message;
    return line;
  }

  // --- the account's copies: only its own, and none once signed out ---------------------

  function forgetCopies(except) {
    if (!hasCaches) { return Promise.resolve(); }
    return caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf(USER_PREFIX) === 0 && name !== except;
      }).map(function (name) { return caches.delete(name); }));
    });
  }

  // Keep a copy only when the server says it belongs to this account.
  function keep(cache, url, needsOwner) {
    return fetch(url, { credentials: "same-origin" }).then(function (response) {
      var owner = response.headers.get("X-Rugcoach-User");
      if (!response.ok || response.redirected || (needsOwner && owner !== user)) { return false; }
      return cache.put(url, response).then(function () { return true; });
    }).catch(function () { return false; });
  }

  function unique(list) {
    return list.filter(function (item, i) { return item && list.indexOf(item) === i; });
  }

  function attr(selector, name) {
    return Array.prototype.map.call(document.querySelectorAll(selector), function (node) {
      return node.getAttribute(name);
    });
  }

  // Today's plan, the player, the exercise pages and the posters of the current plan.
  function keepPlan() {
    var here = window.location.pathname;
    if (!user || !hasCaches || !navigator.onLine || (here !== "/today" && here !== "/session")) {
      return Promise.resolve();
    }
    return caches.open(USER_PREFIX + user).then(function (cache) {
      var pages = unique(["/today", "/session"].concat(attr("a[href^='/exercises/']", "href")))
        .filter(function (url) { return url !== here; });
      var media = unique(attr("video[poster]", "poster").concat(
        attr("video[data-poster]", "data-poster"), attr("track[src]", "src")));
      var work = pages.map(function (url) { return keep(cache, url, true); })
        .concat(media.map(function (url) { return keep(cache, url, false); }));
      return Promise.all(work);
    }).then(function () {
      if (window.localStorage.getItem(VIDEOS_KEY) === "1") { return saveVideos(null); }
      return null;
    }).catch(function () { return null; });
  }

  function planVideos() {
    return unique(attr("video source[type='video/mp4']", "src"));
  }

  // The plan's videos, kept whole so they play without a connection.
  function saveVideos(status) {
    var videos = planVideos();
    if (status) { status.textContent = T.videosSaving || ""; }
    return caches.open(USER_PREFIX + user).then(function (cache) {
      return Promise.all(videos.map(function (url) {
        return cache.match(url).then(function (found) { return found ? true : keep(cache, url, false); });
      }));
    }).then(function (saved) {
      var all = saved.every(Boolean);
      if (status) { status.textContent = all ? T.videosSaved : T.videosFailed; }
      return all;
    });
  }

  function offerVideos() {
    var box = document.querySelector("[data-offline-videos]");
    if (!box || !user || !hasCaches || !("serviceWorker" in navigator) || !planVideos().length) {
      return;
    }
    var status = box.querySelector("[data-save-videos-status]");
    box.hidden = false;
    box.querySelector("[data-save-videos]").addEventListener("click", function () {
      try { window.localStorage.setItem(VIDEOS_KEY, "1"); } catch (e) { /* private mode */ }
      saveVideos(status);
    });
  }

  // --- logs made without a connection wait in IndexedDB ---------------------------------

  function openQueue() {
    return new Promise(function (resolve, reject) {
      var request = window.indexedDB.open("rugcoach", 1);
      request.onupgradeneeded = function () {
        request.result.createObjectStore("queued-logs", { keyPath: "id" });
      };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  function withStore(mode, work) {
    return openQueue().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction("queued-logs", mode);
        var result = work(tx.objectStore("queued-logs"));
        tx.oncomplete = function () { db.close(); resolve(result && result.result); };
        tx.onerror = function () { db.close(); reject(tx.error); };
      });
    });
  }

  function newId() {
    if (window.crypto && window.crypto.randomUUID) { return window.crypto.randomUUID(); }
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join("");
  }

  // Every log carries the phone's id: a resend after a lost answer never counts twice.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!user || !form.matches || !form.matches("form[action$='" + LOG_ACTION + "']")) { return; }
    var field = form.querySelector("input[name=client_id]");
    if (!field) {
      field = document.createElement("input");
      field.type = "hidden";
      field.name = "client_id";
      form.appendChild(field);
    }
    field.value = newId();
    if (navigator.onLine || !window.indexedDB) { return; }
    event.preventDefault();
    var entry = {
      id: field.value,
      user: user,
      fields: Array.from(new FormData(form).entries()),
      savedAt: Date.now(),
    };
    withStore("readwrite", function (store) { return store.put(entry); }).then(function () {
      note(T.queued, form).scrollIntoView({ block: "center" });
    });
  });

  var sending = false;

  // A fresh form token first: it also proves the same account is still signed in.
  function send(entry) {
    return fetch("/today", { credentials: "same-origin", cache: "no-store" }).then(function (page) {
      if (page.headers.get("X-Rugcoach-User") !== user) { return "wait"; }
      return page.text().then(function (html) {
        var token = new DOMParser().parseFromString(html, "text/html")
          .querySelector("input[name=csrf_token]");
        var body = new URLSearchParams();
        entry.fields.forEach(function (pair) {
          if (pair[0] !== "csrf_token") { body.append(pair[0], pair[1]); }
        });
        body.append("csrf_token", token ? token.value : "");
        return fetch(LOG_ACTION, { method: "POST", body: body, credentials: "same-origin" });
      }).then(function (answer) {
        if (answer.ok && answer.redirected && new URL(answer.url).pathname !== "/login") {
          return "sent";
        }
        return answer.status === 400 || answer.status === 409 ? "refused" : "wait";
      });
    }).catch(function () { return "wait"; });
  }

  function sendQueued() {
    if (sending || !user || !navigator.onLine || !window.indexedDB) { return; }
    sending = true;
    withStore("readonly", function (store) { return store.getAll(); }).then(function (all) {
      var mine = (all || []).filter(function (entry) { return entry.user === user; });
      return mine.reduce(function (chain, entry) {
        return chain.then(function () { return send(entry); }).then(function (outcome) {
          if (outcome === "wait") { return null; }
          note(outcome === "sent" ? T.sent : T.refused);
          return withStore("readwrite", function (store) { return store.delete(entry.id); });
        });
      }, Promise.resolve());
    }).catch(function () { return null; }).then(function () { sending = false; });
  }

  window.addEventListener("online", function () { sendQueued(); keepPlan(); });

  if (user) {
    forgetCopies(USER_PREFIX + user);
    offerVideos();
    sendQueued();
    keepPlan();
  } else if (navigator.onLine && !document.querySelector("[data-offline-fallback]")) {
    // Signed out (the no-connection page is anonymous by design: it proves nothing).
    forgetCopies(null);
  }
})();
