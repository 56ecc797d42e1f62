// Shows how far the sending of a newsletter issue has come without reloading; reloads the
// page when it is done. The page works without this: it has a "Refresh" link.
(function () {
  "use strict";
  function poll(el) {
    fetch(el.dataset.newsletterProgress, { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        var bar = el.querySelector("progress");
        var text = el.querySelector("[data-progress-text]");
        if (bar) { bar.value = data.percent; }
        if (text) { text.textContent = text.textContent.replace(/\d+(\D+)\d+/, data.sent + "$1" + data.total); }
        if (data.done) { window.location.reload(); return; }
        window.setTimeout(function () { poll(el); }, 1500);
      })
      .catch(function () { window.setTimeout(function () { poll(el); }, 5000); });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-newsletter-progress]").forEach(poll);
  });
})();
