// Progressive enhancement for the exercise player: a loop toggle and a speed choice.
// Without JavaScript the browser's own controls still play, seek and show captions.
(function () {
  "use strict";
  document.querySelectorAll("[data-player]").forEach(function (player) {
    var video = player.querySelector("video");
    var controls = player.querySelector("[data-player-controls]");
    if (!video || !controls) { return; }
    controls.hidden = false;
    var loop = controls.querySelector("[data-loop]");
    var speed = controls.querySelector("[data-speed]");
    loop.addEventListener("click", function () {
      video.loop = !video.loop;
      loop.setAttribute("aria-pressed", video.loop ? "true" : "false");
    });
    speed.addEventListener("change", function () {
      video.playbackRate = parseFloat(speed.value) || 1;
    });
  });
})();
