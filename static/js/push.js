// "Also a notification on this phone": Web Push as a second reminder channel beside email.
// Permission is asked only when the patient presses the button, never on page load.
(function () {
  "use strict";
  var box = document.querySelector("[data-push]");
  if (!box) { return; }
  var on = box.querySelector("[data-push-on]");
  var off = box.querySelector("[data-push-off]");
  var error = box.querySelector("[data-push-state=error]");

  function show(state, message) {
    Array.prototype.forEach.call(box.querySelectorAll("[data-push-state]"), function (p) {
      p.hidden = p.getAttribute("data-push-state") !== state;
    });
    if (state === "error") { error.textContent = message || ""; }
    on.hidden = state === "on" || state === "unsupported";
    off.hidden = state !== "on";
    box.setAttribute("data-push-now", state);
  }

  var supported = "serviceWorker" in navigator && "PushManager" in window && "Notification" in window;
  if (!supported) { show("unsupported"); return; }

  // applicationServerKey: the server's public VAPID key, base64url, as bytes.
  function keyBytes(text) {
    var raw = atob(text.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((text.length + 3) % 4));
    return Uint8Array.from(raw, function (c) { return c.charCodeAt(0); });
  }

  function post(url, body) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": box.getAttribute("data-csrf") },
      body: JSON.stringify(body),
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (!response.ok) { throw new Error(data.error || box.getAttribute("data-failed")); }
        return data;
      });
    });
  }

  function worker() {
    return navigator.serviceWorker.register("/sw.js", { scope: "/" }).then(function () {
      return navigator.serviceWorker.ready;
    });
  }

  function failed(err) { show("error", (err && err.message) || box.getAttribute("data-failed")); }

  on.addEventListener("click", function () {
    Notification.requestPermission().then(function (permission) {
      if (permission !== "granted") { show("denied"); return null; }
      return worker().then(function (registration) {
        return registration.pushManager.subscribe({
          userVisibleOnly: true,
          applicationServerKey: keyBytes(box.getAttribute("data-push-key")),
        });
      }).then(function (subscription) {
        return post(box.getAttribute("data-subscribe-url"), subscription.toJSON());
      }).then(function () { show("on"); });
    }).catch(failed);
  });

  off.addEventListener("click", function () {
    worker().then(function (registration) {
      return registration.pushManager.getSubscription();
    }).then(function (subscription) {
      if (!subscription) { return null; }
      return post(box.getAttribute("data-remove-url"), { endpoint: subscription.endpoint })
        .then(function () { return subscription.unsubscribe(); });
    }).then(function () { show("off"); }).catch(failed);
  });

  worker().then(function (registration) {
    return registration.pushManager.getSubscription();
  }).then(function (subscription) {
    if (subscription) { show("on"); }
    else { show(Notification.permission === "denied" ? "denied" : "off"); }
  }).catch(function () { show("off"); });
})();
