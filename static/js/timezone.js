// "Follow my device's time zone": offer the browser's IANA zone when it differs from the form.
(function () {
  "use strict";
  var select = document.querySelector("[data-detect-zone]");
  var hint = document.querySelector("[data-zone-hint]");
  if (!select || !hint || !window.Intl) { return; }
  var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!zone || zone === select.value) { return; }
  var known = Array.prototype.some.call(select.options, function (o) { return o.value === zone; });
  if (!known) { return; }
  var text = hint.querySelector("[data-zone-text]");
  text.textContent = text.getAttribute("data-template").replace("{zone}", zone) + " ";
  hint.hidden = false;
  hint.querySelector("[data-use-zone]").addEventListener("click", function () {
    select.value = zone;
    select.focus();
  });
})();
