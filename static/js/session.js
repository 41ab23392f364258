// The follow-along session player: shows one exercise at a time with a counter or timer,
// then the log form. Without JavaScript the page stays a plain list with the form below,
// so every word shown here comes from the page (data-strings), translated by the server.
(function () {
  "use strict";

  var root = document.querySelector("[data-session]");
  if (!root) { return; }
  var T = JSON.parse(root.getAttribute("data-strings") || "{}");
  var REST_SECONDS = parseInt(root.getAttribute("data-rest-seconds"), 10) || 30;
  var MUTE_KEY = "rugcoach.session.muted";
  var statusRegion = root.querySelector("[data-status]");
  var steps = Array.prototype.slice.call(root.querySelectorAll("[data-step]"));
  var logSection = root.querySelector("[data-log]");
  var logHeading = logSection.querySelector("h2");
  var controllers = [];
  var current = -1;

  // --- small helpers -------------------------------------------------------------------

  function text(key, values) {
    return (T[key] || "").replace(/\{(\w+)\}/g, function (whole, name) {
      return values && name in values ? String(values[name]) : whole;
    });
  }

  function el(tag, className, content) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (content !== undefined) { node.textContent = content; }
    return node;
  }

  function button(label, className) {
    var node = el("button", "button " + (className || ""), label);
    node.type = "button";
    return node;
  }

  function clockText(seconds) {
    var whole = Math.max(0, Math.round(seconds));
    var rest = whole % 60;
    return Math.floor(whole / 60) + ":" + (rest < 10 ? "0" : "") + rest;
  }

  // Clearing first makes a screen reader announce a repeated message again.
  function announce(message) {
    statusRegion.textContent = "";
    window.setTimeout(function () { statusRegion.textContent = message; }, 50);
  }

  // Focus must never fall off a button that got disabled or hidden: hand it on instead.
  function handOn(from, to) {
    var active = document.activeElement;
    if (!active || active === document.body || active === from || from.contains(active)) {
      to.focus();
    }
  }

  // --- cues: a buzz where the phone can, and a short beep unless the sound is off --------

  var muted = false;
  try { muted = window.localStorage.getItem(MUTE_KEY) === "1"; } catch (e) { muted = false; }
  var audio = null;

  // Browsers only allow sound after a tap or key press, so the context starts on one.
  function wakeAudio() {
    var Context = window.AudioContext || window.webkitAudioContext;
    if (muted || !Context) { return; }
    try {
      if (!audio) { audio = new Context(); }
      if (audio.state === "suspended") { audio.resume(); }
    } catch (e) { audio = null; }
  }

  function cue() {
    if (navigator.vibrate) { navigator.vibrate(200); }
    if (muted || !audio) { return; }
    try {
      var start = audio.currentTime;
      var tone = audio.createOscillator();
      var volume = audio.createGain();
      tone.frequency.value = 880;
      volume.gain.setValueAtTime(0.0001, start);
      volume.gain.exponentialRampToValueAtTime(0.3, start + 0.02);
      volume.gain.exponentialRampToValueAtTime(0.0001, start + 0.3);
      tone.connect(volume).connect(audio.destination);
      tone.start(start);
      tone.stop(start + 0.32);
    } catch (e) { /* a missing beep must never stop the session */ }
  }

  // Spoken cues share the sound switch with the beeps; the voice is set up further down.
  var voice = null;
  function say(words) {
    if (!muted && voice) { voice.say(words); }
  }

  // --- a stopwatch that may count down to a target --------------------------------------

  // Time is read from Date.now(), not counted in ticks: a phone that throttles timers in
  // the background still shows the right time when the patient looks again.
  function makeClock(target, onTick, onEnd) {
    var elapsed = 0;
    var startedAt = null;
    var timer = null;
    function now() { return Date.now(); }
    function value() { return elapsed + (startedAt === null ? 0 : (now() - startedAt) / 1000); }
    function halt() {
      if (timer !== null) { window.clearInterval(timer); }
      timer = null;
    }
    function tick() {
      var seconds = value();
      if (target !== null && seconds >= target) {
        halt();
        elapsed = target;
        startedAt = null;
        onTick(target);
        onEnd();
        return;
      }
      onTick(seconds);
    }
    return {
      start: function () {
        if (startedAt !== null) { return; }
        startedAt = now();
        timer = window.setInterval(tick, 200);
        tick();
      },
      pause: function () {
        if (startedAt === null) { return; }
        elapsed = value();
        startedAt = null;
        halt();
        onTick(elapsed);
      },
      reset: function () {
        halt();
        startedAt = null;
        elapsed = 0;
        onTick(0);
      },
      running: function () { return startedAt !== null; },
      value: value,
    };
  }

  // --- the parts every exercise's tools share -----------------------------------------

  function makeRest(tools, home, onOver) {
    var panel = el("div", "session-rest");
    var title = el("p", "session-rest-title", T.rest);
    var face = el("p", "session-clock", clockText(REST_SECONDS));
    face.setAttribute("role", "timer");
    var skip = button(T.skipRest, "button-secondary");
    panel.append(title, face, skip);
    panel.hidden = true;
    tools.appendChild(panel);
    var nextSet = null;
    var clock = makeClock(REST_SECONDS, function (seconds) {
      face.textContent = clockText(REST_SECONDS - seconds);
    }, function () { finish(true); });
    function finish(withCue) {
      clock.reset();
      panel.hidden = true;
      if (withCue) { cue(); }
      announce(text("restOver", nextSet));
      onOver();
      handOn(panel, home);
    }
    skip.addEventListener("click", function () { finish(false); });
    return {
      start: function (next) {
        nextSet = next;
        panel.hidden = false;
        if (document.activeElement === home) { skip.focus(); }
        announce(text("restStarted", { seconds: REST_SECONDS }));
        say(T.rest);
        clock.start();
      },
      active: function () { return !panel.hidden; },
      pause: function () { clock.pause(); },
      resume: function () { if (!panel.hidden) { clock.start(); } },
    };
  }

  // A measured amount (baseline week) goes straight into the log form's field.
  function fillAmount(step, amount) {
    var field = document.getElementById(step.getAttribute("data-field"));
    if (field) { field.value = String(amount); }
  }

  function average(values) {
    var sum = values.reduce(function (a, b) { return a + b; }, 0);
    return values.length ? Math.round(sum / values.length) : 0;
  }

  function doneNote(tools) {
    var note = el("p", "session-done", T.exerciseDone);
    note.hidden = true;
    tools.appendChild(note);
    return note;
  }

  // --- reps: a big +1 button, sets and rests ------------------------------------------

  // A per-side exercise counts its dose on one side, says "now the other side", and
  // counts it again: "5 per side" is 10 in all.
  function sidesOf(step) { return step.getAttribute("data-per-side") === "1" ? 2 : 1; }

  function repsTools(step, tools, target, sets) {
    var set = 1;
    var count = 0;
    var perSet = [];
    var sides = sidesOf(step);
    var side = 1;
    var setLabel = el("p", "session-set");
    var sideLabel = el("p", "session-side");
    var face = el("p", "session-count");
    var plus = button("", "session-big");
    plus.append(el("span", "", "+1"));
    plus.firstChild.setAttribute("aria-hidden", "true");
    plus.append(el("span", "visually-hidden", T.plusOne));
    var row = el("div", "session-row");
    var undo = button(T.undo, "button-secondary button-small");
    row.append(plus, undo);
    var endSet = null;
    if (target === null) {
      endSet = button(T.endSet, "button-secondary button-small");
      row.appendChild(endSet);
    }
    tools.append(setLabel, sideLabel, face, row);
    var note = doneNote(tools);
    var rest = makeRest(tools, plus, function () { set += 1; count = 0; side = 1; draw(); });

    function finished() { return set > sets; }
    function countText() {
      return target === null ? text("countOpen", { num: count })
        : text("count", { num: count, total: target });
    }
    function draw() {
      setLabel.textContent = text("set", { num: Math.min(set, sets), total: sets });
      setLabel.hidden = sets < 2;
      sideLabel.textContent = text("side", { num: side, total: sides });
      sideLabel.hidden = sides < 2 || finished();
      face.textContent = countText();
      row.hidden = rest.active(); // the rest takes the counter's place
      plus.disabled = finished();
      undo.disabled = count === 0 || finished();
      if (endSet) { endSet.disabled = finished() || rest.active() || count === 0; }
      note.hidden = !finished();
    }
    function closeSet() {
      perSet.push(count);
      if (side < sides) {
        side += 1;
        count = 0;
        cue();
        announce(T.otherSide);
        say(T.switchSides);
        draw();
        return;
      }
      side = 1;
      announce(text("setDone", { num: set, total: sets }));
      if (target === null) { fillAmount(step, average(perSet)); }
      if (set < sets) {
        rest.start({ num: set + 1, total: sets });
      } else {
        set += 1;
        announce(T.exerciseDone + (target === null ? " " + T.measured : ""));
      }
      draw();
      if (finished()) { handOn(plus, next); }
    }
    function add() {
      if (plus.disabled || rest.active()) { return; }
      count += 1;
      face.classList.remove("session-bump");
      void face.offsetWidth; // restart the bump animation
      face.classList.add("session-bump");
      if (target !== null && count >= target) {
        closeSet();
      } else {
        announce(countText());
        if (target !== null && target > 3 && target - count === 3) { say(text("sayLeft", { num: 3 })); }
        draw();
      }
    }
    plus.addEventListener("click", add);
    undo.addEventListener("click", function () {
      if (count > 0) { count -= 1; announce(countText()); draw(); }
    });
    if (endSet) { endSet.addEventListener("click", closeSet); }
    draw();
    return {
      main: function () { add(); },
      leave: function () { rest.pause(); },
      enter: function () { rest.resume(); },
    };
  }

  // --- holds: a countdown per hold, the holds counted ----------------------------------

  function holdTools(step, tools, target, holds) {
    var done = 0;
    var lastSpoken = null;
    var measured = [];
    var sides = sidesOf(step);
    var side = 1;
    var label = el("p", "session-set");
    var sideLabel = el("p", "session-side");
    var face = el("p", "session-clock session-face", clockText(target === null ? 0 : target));
    face.setAttribute("role", "timer");
    var go = button(T.startHold, "session-big");
    tools.append(label, sideLabel, face, go);
    var note = doneNote(tools);
    var clock = makeClock(target, function (seconds) {
      face.textContent = clockText(target === null ? seconds : target - seconds);
      face.classList.toggle("session-running", clock && clock.running());
      // The last three seconds of a hold are counted aloud: 3, 2, 1.
      var left = target === null ? null : Math.ceil(target - seconds);
      if (clock && clock.running() && left !== null && left >= 1 && left <= 3
          && left !== lastSpoken) {
        lastSpoken = left;
        say(String(left));
      }
    }, function () { finishHold(); });

    function draw() {
      label.textContent = target === null ? text("holdOpen", { num: done })
        : text("hold", { num: Math.min(done + 1, holds), total: holds });
      go.textContent = clock.running() ? T.stopHold : T.startHold;
      go.disabled = side === sides && done >= holds;
      note.hidden = !go.disabled;
      sideLabel.textContent = text("side", { num: side, total: sides });
      sideLabel.hidden = sides < 2 || go.disabled;
    }
    function finishHold() {
      done += 1;
      cue();
      var message = text("holdDone", { num: done, total: holds });
      if (target === null) {
        measured.push(Math.round(clock.value()));
        fillAmount(step, average(measured));
        message = text("holdMeasured", { seconds: measured[measured.length - 1] });
      }
      if (done >= holds && side < sides) {
        side += 1;
        done = 0;
        announce(message + " " + T.otherSide);
        say(T.switchSides);
        clock.reset();
        draw();
        return;
      }
      if (done >= holds) {
        message += " " + T.exerciseDone + (target === null ? " " + T.measured : "");
      }
      announce(message);
      clock.reset();
      draw();
      if (done >= holds) { handOn(go, next); }
    }
    function toggle() {
      if (go.disabled) { return; }
      if (!clock.running()) {
        announce(target === null ? T.holdStartedOpen : text("holdStarted", { seconds: target }));
        lastSpoken = null;
        clock.start();
      } else if (target === null) {
        finishHold();
      } else {
        clock.reset(); // let go early: this hold does not count, start it again
      }
      draw();
    }
    go.addEventListener("click", toggle);
    draw();
    return {
      main: toggle,
      leave: function () { if (clock.running()) { clock.reset(); draw(); } },
      enter: function () {},
    };
  }

  // --- minutes: a timer to start and pause, sets with a rest between --------------------

  function minutesTools(step, tools, target, sets) {
    var goal = target === null ? null : target * 60;
    var set = 1;
    var total = 0;
    var label = el("p", "session-set");
    var face = el("p", "session-clock session-face");
    face.setAttribute("role", "timer");
    var go = button(T.start, "session-big");
    var row = el("div", "session-row");
    row.appendChild(go);
    var stop = null;
    if (goal === null) {
      stop = button(T.stop, "button-secondary button-small");
      row.appendChild(stop);
    }
    tools.append(label, face, row);
    var note = doneNote(tools);
    var rest = makeRest(tools, go, function () { set += 1; clock.reset(); draw(); });
    var clock = makeClock(goal, function (seconds) {
      face.textContent = goal === null ? clockText(seconds)
        : text("count", { num: clockText(seconds), total: clockText(goal) });
    }, function () { endSet(true); });

    function finished() { return set > sets; }
    function draw() {
      label.textContent = text("set", { num: Math.min(set, sets), total: sets });
      label.hidden = sets < 2;
      go.textContent = clock.running() ? T.pause : (clock.value() > 0 ? T.resume : T.start);
      // A finished walk leaves one way on: Next. A greyed "Continue" beside it only confused.
      row.hidden = rest.active() || finished();
      go.disabled = finished();
      if (stop) { stop.disabled = finished() || (!clock.running() && clock.value() === 0); }
      note.hidden = !finished();
    }
    function endSet(withCue) {
      if (withCue) { cue(); }
      total += clock.value();
      clock.pause();
      if (goal === null) { fillAmount(step, Math.round(total / 60 / sets)); }
      if (set < sets) {
        announce(goal === null ? text("setDone", { num: set, total: sets }) : T.timerDone);
        rest.start({ num: set + 1, total: sets });
      } else {
        set += 1;
        announce((goal === null ? "" : T.timerDone + " ") + T.exerciseDone
          + (goal === null ? " " + T.measured : ""));
      }
      draw();
      if (finished() && steps[current] === step) { handOn(go, next); }
    }
    function toggle() {
      if (go.disabled || rest.active()) { return; }
      if (clock.running()) {
        clock.pause();
        announce(T.timerPaused);
      } else {
        clock.start();
        announce(T.timerStarted);
      }
      draw();
    }
    go.addEventListener("click", toggle);
    if (stop) { stop.addEventListener("click", function () { endSet(false); }); }
    clock.reset();
    draw();
    return {
      main: toggle,
      // A walk goes on while the patient looks at another page, so the timer keeps running.
      leave: function () { rest.pause(); },
      enter: function () { rest.resume(); draw(); },
    };
  }

  var BUILDERS = { reps: repsTools, hold: holdTools, minutes: minutesTools };

  // --- the player around the steps -------------------------------------------------------

  var bar = el("div", "session-bar");
  var progress = el("p", "session-progress");
  var mute = button(T.mute, "button-secondary button-small session-mute");
  mute.setAttribute("aria-pressed", muted ? "true" : "false");
  // The note on a missing voice comes two seconds late, so it goes below the exercise: above
  // it, it would push the exercise down while the patient looks at it.
  // No voice (none for this language, or no speech at all) leaves `voice` null.
  var voiceNote = el("p", "session-voice-note", T.noVoice);
  function drawVoiceNote() { voiceNote.hidden = voice !== null || current >= steps.length; }
  bar.append(progress, mute);
  root.insertBefore(bar, root.querySelector(".session-steps"));
  root.insertBefore(voiceNote, logSection);
  if (window.RugcoachVoice) {
    voice = window.RugcoachVoice.create(document.documentElement.lang, function (available) {
      if (!available) {
        voice = null;
        drawVoiceNote();
      } else if (current >= 0 && current < steps.length) {
        introduce(steps[current]); // the voices came late: the first exercise still gets its words
      }
    });
  }

  // Spoken at the start of an exercise: its name and the first step of how to do it.
  function introduce(step) {
    var first = step.querySelector(".session-how ol.steps li");
    var name = step.querySelector("h2").textContent.trim();
    say(first ? name + ". " + first.textContent.trim() : name);
  }

  var nav = el("div", "session-nav");
  var previous = button(T.previous, "button-secondary");
  var next = button(T.next, "");
  nav.append(previous, next);

  steps.forEach(function (step) {
    var tools = step.querySelector("[data-tools]");
    var quota = step.getAttribute("data-quota");
    var build = BUILDERS[step.getAttribute("data-unit")];
    var sets = Math.max(1, parseInt(step.getAttribute("data-sets"), 10) || 1);
    var target = quota === "" ? null : parseInt(quota, 10);
    controllers.push(build ? build(step, tools, target, sets) : null);
    tools.hidden = !build;
  });

  function pauseVideos(except) {
    root.querySelectorAll("video").forEach(function (video) {
      if (!except || !except.contains(video)) { video.pause(); }
    });
  }

  function show(index, moveFocus) {
    if (current >= 0 && current < steps.length && controllers[current]) {
      controllers[current].leave();
    }
    current = index;
    var onLog = index >= steps.length;
    steps.forEach(function (step, i) { step.hidden = i !== index; });
    logSection.hidden = !onLog;
    pauseVideos(onLog ? null : steps[index]);
    previous.disabled = index === 0;
    next.hidden = onLog;
    nav.classList.toggle("session-nav-back", onLog);
    mute.hidden = onLog;
    drawVoiceNote();
    next.textContent = index === steps.length - 1 ? T.finish : T.next;
    if (onLog) {
      progress.textContent = T.logView;
      logSection.parentNode.insertBefore(nav, logSection);
    } else {
      progress.textContent = text("progress", { num: index + 1, total: steps.length });
      steps[index].querySelectorAll("video[data-poster]:not([poster])").forEach(function (video) {
        video.setAttribute("poster", video.getAttribute("data-poster"));
      });
      steps[index].querySelector("[data-tools]").appendChild(nav);
      if (controllers[index]) { controllers[index].enter(); }
      introduce(steps[index]);
    }
    if (moveFocus) {
      var heading = onLog ? logHeading : steps[index].querySelector("h2");
      bar.scrollIntoView({ block: "start" }); // keeps "Exercise 2 of 3" in sight
      heading.focus({ preventScroll: true });
      announce(onLog ? T.logView : progress.textContent + ": " + heading.textContent);
    }
  }

  previous.addEventListener("click", function () { if (current > 0) { show(current - 1, true); } });
  next.addEventListener("click", function () {
    if (current < steps.length) { show(current + 1, true); }
  });
  mute.addEventListener("click", function () {
    muted = !muted;
    mute.setAttribute("aria-pressed", muted ? "true" : "false");
    try { window.localStorage.setItem(MUTE_KEY, muted ? "1" : "0"); } catch (e) { /* private mode */ }
    if (!muted) { wakeAudio(); }
    if (muted && voice) { voice.hush(); }
  });
  root.addEventListener("click", wakeAudio);

  // Space works the big button (count, hold, timer) unless focus is on a control that
  // already uses Space itself.
  var OWN_SPACE = "button, a, input, select, textarea, summary, video, audio, [contenteditable]";
  document.addEventListener("keydown", function (event) {
    if (event.key !== " " || event.altKey || event.ctrlKey || event.metaKey) { return; }
    if (current < 0 || current >= steps.length || !controllers[current]) { return; }
    if (event.target.closest && event.target.closest(OWN_SPACE)) { return; }
    event.preventDefault();
    wakeAudio();
    controllers[current].main();
  });

  root.classList.add("session-js");
  // The today page's cards open the player at their exercise (#step-2); #log opens the form.
  function startAt(hash) {
    if (hash === "#log") { return steps.length; }
    var match = /^#step-(\d+)$/.exec(hash);
    var index = match ? parseInt(match[1], 10) - 1 : 0;
    return index >= 0 && index < steps.length ? index : 0;
  }
  // Coming from a card, focus and announce that exercise, as the Next button does.
  show(startAt(window.location.hash), /^#step-/.test(window.location.hash));
})();
