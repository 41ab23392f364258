// The print page's "Print" button: shown only when this script runs (the CSP forbids inline
// script); without it the page says to use the browser's own print command.
(function () {
  "use strict";
  var button = document.getElementById("print-button");
  if (!button || typeof window.print !== "function") {
    return;
  }
  button.hidden = false;
  button.addEventListener("click", function () {
    window.print();
  });
})();
