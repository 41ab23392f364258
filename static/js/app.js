// Every page: hands the site to its service worker, so it installs as an app.
(function () {
  "use strict";
  if (!("serviceWorker" in navigator)) { return; }
  navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () {
    /* without the worker the site is still a plain website */
  });
})();
