// Live workshop pages. Everything works without this file (forms post and
// the "Refresh" links reload); it adds the presenter's keyboard and makes the
// polls' 304 answers a no-op.
(function () {
  "use strict";

  // The polls send the ETag of what they show and get "304 Not Modified"
  // while it still holds: keep the screen as it is (htmx would swap the
  // empty body in otherwise). An event rather than htmx.config, which the
  // page's <meta name="htmx-config"> replaces when htmx starts.
  document.addEventListener("htmx:beforeSwap", function (event) {
    if (event.detail.xhr.status === 304) event.detail.shouldSwap = false;
  });

  // Participant: tapping a level votes at once. The form listens for
  // "vote:choose" rather than a filtered change event (change[...] would
  // need eval, which the Content-Security-Policy forbids); a typed comment
  // is sent with the "Vote" button.
  document.addEventListener("change", function (event) {
    var input = event.target;
    if (input.matches && input.matches("input[name=choice]") && input.form) {
      htmx.trigger(input.form, "vote:choose");
    }
  });

  // Presenter: arrow keys and clickers (PageUp/PageDown) move between
  // questions, except while typing a note or choosing in the jump list.
  document.addEventListener("keydown", function (event) {
    var presenter = document.querySelector("[data-presenter]");
    if (!presenter || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.target.closest && event.target.closest("textarea, input, select")) return;
    var which = { ArrowRight: "next", PageDown: "next", ArrowLeft: "previous", PageUp: "previous" }[event.key];
    var button = which && presenter.querySelector('button[data-key="' + which + '"]');
    if (button) {
      event.preventDefault();
      button.click();
    }
  });
})();
