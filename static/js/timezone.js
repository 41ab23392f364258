// "Use my device's time zone": offer the browser's IANA zone when it differs from the form,
// also when it is not on the form's short list.
(function () {
  "use strict";
  var select = document.querySelector("[data-detect-zone]");
  var hint = document.querySelector("[data-zone-hint]");
  if (!select || !hint || !window.Intl) { return; }
  var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!zone || zone === select.value) { return; }
  var known = Array.prototype.some.call(select.options, function (o) { return o.value === zone; });
  var text = hint.querySelector("[data-zone-text]");
  text.textContent = text.getAttribute("data-template").replace("{zone}", zone) + " ";
  hint.hidden = false;
  hint.querySelector("[data-use-zone]").addEventListener("click", function () {
    // A zone outside the short list is added: the server accepts any real zone.
    if (!known) { select.add(new Option(zone, zone)); known = true; }
    select.value = zone;
    select.focus();
  });
})();
