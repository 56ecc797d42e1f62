// The LIX box above a publication's summary, kept up to date while the editor types: the text
// goes to the server a moment after the last key (the same LIX code as everywhere else), and
// the box, a polite live region, is replaced with the answer. Without JavaScript the box shows
// the LIX of the last saved draft.
document.addEventListener("DOMContentLoaded", function () {
  var box = document.querySelector("[data-socius-lix]");
  var summary = document.getElementById("id_summary");
  var form = summary && summary.form;
  if (!box || !form || !form.elements.csrfmiddlewaretoken) { return; }
  var timer = null;
  var sent = summary.value;
  function refresh() {
    if (summary.value === sent) { return; }
    sent = summary.value;
    var body = new FormData();
    body.append("summary", sent);
    fetch(box.getAttribute("data-url"), {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": form.elements.csrfmiddlewaretoken.value },
    })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) { if (html !== null && sent === summary.value) { box.innerHTML = html; } })
      .catch(function () {});
  }
  summary.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(refresh, 500);
  });
});
