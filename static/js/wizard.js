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
    if (/^[0-9]$/.test(event.key)) {
      // Each option says which key picks it: 0-4 the levels, 1-9 context answers.
      var radio = section.querySelector('input[name=value][data-key="' + event.key + '"]');
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
    meta.querySelectorAll(".saved, .offline, .pending, .unsaved").forEach(function (el) { el.remove(); });
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
      meta.querySelectorAll(".saved, .offline, .pending, .unsaved").forEach(function (el) { el.remove(); });
      var note = document.createElement("span");
      note.className = "offline";
      note.textContent = "Not saved yet: offline. It will be sent when the connection is back.";
      meta.appendChild(note);
    }
  }
  // A save the server refused without saying what to fix (a server error):
  // say so next to the question instead of leaving "Saving…" forever.
  document.addEventListener("htmx:responseError", function (event) {
    var form = event.detail.elt.closest && event.detail.elt.closest("[data-question] form");
    var meta = form && form.querySelector(".meta");
    if (!meta) return;
    meta.querySelectorAll(".saved, .offline, .pending, .unsaved").forEach(function (el) { el.remove(); });
    var note = document.createElement("span");
    note.className = "unsaved";
    note.setAttribute("role", "alert");
    note.textContent = "Not saved: the server could not store this (error " +
      event.detail.xhr.status + "). Change it again to retry, or reload the page.";
    meta.appendChild(note);
  });

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

  // The step list scrolls inside itself (one row on a phone, a column on a
  // short screen): bring the current step into view without moving the page.
  function revealCurrentStep() {
    var nav = document.getElementById("step-nav");
    var list = nav && nav.querySelector("ol");
    var current = list && list.querySelector("li.current");
    if (!current) return;
    if (list.scrollWidth > list.clientWidth) {
      list.scrollLeft = current.offsetLeft - (list.clientWidth - current.offsetWidth) / 2;
    }
    if (nav.scrollHeight > nav.clientHeight) {
      nav.scrollTop = current.offsetTop - (nav.clientHeight - current.offsetHeight) / 2;
    }
  }
  document.addEventListener("DOMContentLoaded", revealCurrentStep);
  document.addEventListener("htmx:afterSettle", revealCurrentStep);
  document.addEventListener("htmx:afterSettle", function (event) {
    if (event.detail.elt && event.detail.elt.id === "wizard") {
      var first = questions()[0];
      if (first) first.querySelector("input[name=value]") && first.querySelector("input[name=value]").focus({ preventScroll: true });
    }
  });
})();
