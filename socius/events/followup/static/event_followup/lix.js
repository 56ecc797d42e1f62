// The LIX box under the minutes' summary, kept up to date while the organiser types: the text
// goes to the server a moment after the last key (the same LIX code as everywhere else), and
// the box, a polite live region, is replaced with the answer. Without JavaScript the box shows
// the LIX of the text as it was last sent.
(function () {
  "use strict";
  function init() {
    var form = document.getElementById("minutes-form");
    var box = document.getElementById("minutes-lix");
    var summary = form && form.elements.summary;
    if (!form || !box || !summary || !form.elements.csrfmiddlewaretoken) return;
    var timer = null;
    var sent = summary.value;
    function refresh() {
      if (summary.value === sent) return;
      sent = summary.value;
      var body = new FormData();
      body.append("summary", sent);
      fetch(form.getAttribute("data-lix-url"), {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: { "X-CSRFToken": form.elements.csrfmiddlewaretoken.value },
      })
        .then(function (r) { return r.ok ? r.text() : null; })
        .then(function (html) { if (html !== null && sent === summary.value) box.innerHTML = html; })
        .catch(function () {});
    }
    summary.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(refresh, 500);
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
