// Spoken cues for the session player, with the phone's own speech synthesis: no server, no
// download. Speaks only in the page's language, with a voice for that language; a phone
// without one stays silent and the player says so.
(function () {
  "use strict";

  var WAIT_FOR_VOICES_MS = 2000; // some browsers list their voices only after a moment

  function baseLanguage(tag) {
    return String(tag || "").toLowerCase().replace("_", "-").split("-")[0];
  }

  // onReady(available) is called once: true when a voice for `lang` exists, false if not.
  function create(lang, onReady) {
    var synth = window.speechSynthesis;
    var wanted = baseLanguage(lang);
    var voice = null;
    var settled = false;

    function settle(found) {
      if (settled) { return; }
      settled = true;
      voice = found;
      onReady(found !== null);
    }

    function findVoice() {
      var voices = [];
      try { voices = synth.getVoices() || []; } catch (e) { voices = []; }
      for (var i = 0; i < voices.length; i += 1) {
        if (baseLanguage(voices[i].lang) === wanted) { return voices[i]; }
      }
      return null;
    }

    function look() {
      var found = findVoice();
      if (found) { settle(found); }
      return found;
    }

    if (!synth || !window.SpeechSynthesisUtterance) {
      window.setTimeout(function () { settle(null); }, 0);
    } else if (!look()) {
      if (synth.addEventListener) { synth.addEventListener("voiceschanged", look); }
      window.setTimeout(function () { settle(findVoice()); }, WAIT_FOR_VOICES_MS);
    }

    return {
      // A new cue replaces one still being spoken: a late count is worse than a cut one.
      say: function (words) {
        if (!voice || !words) { return; }
        try {
          synth.cancel();
          var utterance = new window.SpeechSynthesisUtterance(words);
          utterance.voice = voice;
          utterance.lang = voice.lang;
          synth.speak(utterance);
        } catch (e) { /* a missing word must never stop the session */ }
      },
      hush: function () {
        try { if (synth) { synth.cancel(); } } catch (e) { /* nothing to stop */ }
      },
    };
  }

  window.RugcoachVoice = { create: create };
})();
