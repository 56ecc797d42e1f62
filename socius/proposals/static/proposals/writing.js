// Writing help for a proposal draft: live character counts, and the help panel (LIX,
// personal-data warnings, similar proposals) refreshed from the server a moment after typing.
// Without JavaScript the same panel is rendered with the page and on every save.
(function () {
  "use strict";
  function init() {
    var form = document.getElementById("proposal-form");
    var panel = document.getElementById("writing-help");
    if (!form || !panel) return;
    var timer = null;
    function counts() {
      ["title", "text", "remarks"].forEach(function (name) {
        var field = form.elements[name];
        var out = panel.querySelector('[data-count="' + name + '"]');
        if (field && out) out.textContent = String(field.value.length);
      });
    }
    function refresh() {
      var body = new URLSearchParams(new FormData(form));
      fetch(form.dataset.helpUrl, {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: { "X-CSRFToken": form.elements.csrfmiddlewaretoken.value },
      })
        .then(function (r) { return r.ok ? r.text() : null; })
        .then(function (html) { if (html !== null) { panel.innerHTML = html; counts(); } })
        .catch(function () {});
    }
    form.addEventListener("input", function () {
      counts();
      clearTimeout(timer);
      timer = setTimeout(refresh, 600);
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
