// Keyboard use and offline safety for the assessment wizard. The wizard
// works without this file: forms post normally and htmx does the autosave.
(function () {
  "use strict";

  function questions() {
    return Array.from(document.querySelectorAll("[data-question]"));
  }

  function focusQuestion(section) {
    if (!section) return;
    var target = section.querySelector("input[name=value]:checked") ||
      section.querySelector("input[name=value]:not([disabled])") || section;
    target.focus({ preventScroll: true });
    section.scrollIntoView({ block: "center", behavior: "smooth" });
  }

  document.addEventListener("keydown", function (event) {
    var section = event.target.closest && event.target.closest("[data-question]");
    if (!section || event.ctrlKey || event.metaKey || event.altKey) return;
    // Typing a note or a link must never pick a level.
    if (event.target.matches("textarea, input[type=url], input[type=text]")) return;
    if (/^[0-4]$/.test(event.key)) {
      var radio = section.querySelector('input[name=value][value="' + event.key + '"]');
      if (radio && !radio.disabled) {
        event.preventDefault();
        radio.click();
        radio.focus();
      }
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      // Up/down move between questions; left/right keep moving between levels.
      event.preventDefault();
      var all = questions();
      var next = all[all.indexOf(section) + (event.key === "ArrowDown" ? 1 : -1)];
      focusQuestion(next);
    }
  });

  // Say at once that an edit is not saved yet, so "Saved" never lingers
  // over a change that is still on its way.
  function setPending(form, text) {
    var meta = form.querySelector(".meta");
    if (!meta) return;
    meta.querySelectorAll(".saved, .offline, .pending").forEach(function (el) { el.remove(); });
    var note = document.createElement("span");
    note.className = "pending";
    note.textContent = text;
    meta.appendChild(note);
  }
  document.addEventListener("input", function (event) {
    var form = event.target.closest && event.target.closest("[data-question] form");
    if (form) setPending(form, "Unsaved changes…");
  });
  document.addEventListener("htmx:beforeRequest", function (event) {
    var form = event.detail.elt.closest && event.detail.elt.closest("[data-question] form");
    if (form && event.detail.requestConfig.verb === "post") setPending(form, "Saving…");
  });

  // A save that could not reach the server (laptop asleep, network gone) is
  // marked and sent again as soon as the browser is back online.
  var pending = new Set();
  function markUnsaved(form) {
    pending.add(form);
    var meta = form.querySelector(".meta");
    if (meta) {
      meta.querySelectorAll(".saved, .offline, .pending").forEach(function (el) { el.remove(); });
      var note = document.createElement("span");
      note.className = "offline";
      note.textContent = "Not saved yet: offline. It will be sent when the connection is back.";
      meta.appendChild(note);
    }
  }
  document.addEventListener("htmx:sendError", function (event) {
    var form = event.detail.elt.closest("form");
    if (form) markUnsaved(form);
  });
  window.addEventListener("online", function () {
    pending.forEach(function (form) {
      if (document.body.contains(form)) htmx.trigger(form, "change");
    });
    pending.clear();
  });

  // Resume at the question named in the URL (#q-<key>).
  function focusFromHash() {
    if (location.hash.indexOf("#q-") === 0) {
      focusQuestion(document.getElementById(location.hash.slice(1)));
    }
  }
  document.addEventListener("DOMContentLoaded", focusFromHash);
  document.addEventListener("htmx:afterSettle", function (event) {
    if (event.detail.elt && event.detail.elt.id === "wizard") {
      var first = questions()[0];
      if (first) first.querySelector("input[name=value]") && first.querySelector("input[name=value]").focus({ preventScroll: true });
    }
  });
})();
