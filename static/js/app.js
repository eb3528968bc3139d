// Small behaviours shared by every page; each works without it too.
// No inline handlers anywhere: the Content-Security-Policy forbids them.
(function () {
  "use strict";

  // <button data-copy="id">: copy that field's (or element's) text, say so on the button.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy]");
    if (!button) return;
    var field = document.getElementById(button.getAttribute("data-copy"));
    if (!field) return;
    var text = "value" in field ? field.value : field.innerText;
    if (field.select) field.select();
    var done = function (ok) {
      var label = button.textContent;
      button.textContent = ok ? "Copied" : "Press Ctrl+C to copy";
      setTimeout(function () { button.textContent = label; }, 2000);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () { done(true); }, function () { done(false); });
    } else {
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      done(ok);
    }
  });

  // Read-only link fields select their whole text on focus, ready to copy.
  document.addEventListener("focusin", function (event) {
    if (event.target.matches("input[readonly]")) event.target.select();
  });

  // A chart wider than a phone scrolls sideways. It opens where it matters:
  // the radar on its centre (data-scroll="centre"), a timeline on its
  // latest point (data-scroll="end").
  function centreCharts() {
    document.querySelectorAll(".chart-scroll[data-scroll]").forEach(function (box) {
      var room = box.scrollWidth - box.clientWidth;
      box.scrollLeft = box.getAttribute("data-scroll") === "end" ? room : room / 2;
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", centreCharts);
  } else {
    centreCharts();
  }

  // <select data-autosubmit>: changing it submits its form (a button in
  // <noscript> does the same without JavaScript).
  document.addEventListener("change", function (event) {
    if (event.target.matches("select[data-autosubmit]") && event.target.form) {
      event.target.form.submit();
    }
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
})();
