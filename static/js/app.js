// Small behaviours shared by all pages, kept out of the templates because the
// Content-Security-Policy allows no inline handlers. Each page works without
// this file.
(function () {
  "use strict";

  // Invitation links: one click selects the whole link, ready to copy.
  document.addEventListener("click", function (event) {
    var input = event.target.closest && event.target.closest("input[data-select-all]");
    if (input) input.select();
  });

  // "Go back" after a refused form: the previous page with what was typed
  // still in it; the link itself goes to the assessment without JS.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-history-back]");
    if (link && window.history.length > 1) {
      event.preventDefault();
      window.history.back();
    }
  });

  // A choice that changes what the page shows applies at once (the form
  // keeps a submit button inside <noscript> for browsers without JS).
  document.addEventListener("change", function (event) {
    var field = event.target.closest && event.target.closest("[data-autosubmit]");
    if (field && field.form) field.form.requestSubmit ? field.form.requestSubmit() : field.form.submit();
  });
})();
