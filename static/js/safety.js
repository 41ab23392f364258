// The safety check: a follow-up question shows only while one of its questions is "yes".
// Without JavaScript every follow-up stays visible and says when it applies.
(function () {
  "use strict";
  var form = document.querySelector(".safety-form");
  if (!form) { return; }
  var followUps = form.querySelectorAll("[data-follow-up]");

  function answeredYes(name) {
    var yes = form.querySelector("input[name='" + name + "'][value='yes']");
    return !!(yes && yes.checked);
  }

  function update() {
    Array.prototype.forEach.call(followUps, function (fieldset) {
      var parents = fieldset.getAttribute("data-follow-up").split(" ");
      var due = parents.some(answeredYes);
      fieldset.hidden = !due;
      if (!due) {
        // An answer to a question that no longer applies must not be sent.
        Array.prototype.forEach.call(fieldset.querySelectorAll("input"), function (input) {
          input.checked = false;
        });
      }
    });
  }

  form.addEventListener("change", update);
  update();
})();
