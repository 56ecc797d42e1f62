// Shows a report's build progress without reloading; reloads the page when it is done.
// The page works without this: it has a "Refresh" link.
(function () {
  "use strict";
  function poll(el) {
    fetch(el.dataset.reportProgress, { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        var bar = el.querySelector("progress");
        var text = el.querySelector("[aria-live]");
        if (bar) { bar.value = data.percent; }
        if (text) { text.textContent = String(data.percent); }
        if (data.status !== "building") { window.location.reload(); return; }
        window.setTimeout(function () { poll(el); }, 1500);
      })
      .catch(function () { window.setTimeout(function () { poll(el); }, 5000); });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-report-progress]").forEach(poll);
  });
})();
