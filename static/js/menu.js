// The phone menu: on a narrow screen the header shows the name and a Menu button that
// opens the list of pages (app.css folds it; this opens and closes it). Without JavaScript
// the button stays hidden and the list shows.
(function () {
  "use strict";
  var header = document.querySelector(".site-header");
  var toggle = document.querySelector("[data-menu-button]");
  var menu = document.querySelector("[data-menu]");
  if (!header || !toggle || !menu) { return; }

  function setOpen(open) {
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
    header.classList.toggle("menu-open", open);
  }

  toggle.hidden = false;
  toggle.addEventListener("click", function () {
    setOpen(toggle.getAttribute("aria-expanded") !== "true");
  });
  // Escape closes the open menu and puts focus back on its button.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || toggle.getAttribute("aria-expanded") !== "true") { return; }
    setOpen(false);
    toggle.focus();
  });
})();
