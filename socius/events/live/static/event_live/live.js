// The audience page without page loads: the same form posts, answered with JSON.
(function () {
  "use strict";
  var status = document.getElementById("live-status");

  function say(text) {
    if (status) { status.textContent = text; }
  }

  function post(form, body) {
    return fetch(form.action, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: {
        "Accept": "application/json",
        "X-CSRFToken": form.elements.csrfmiddlewaretoken.value,
      },
    }).then(function (response) {
      var type = response.headers.get("Content-Type") || "";
      if (type.indexOf("application/json") === -1) {
        // A login page or an error page: let the browser show it.
        window.location.reload();
        return null;
      }
      return response.json();
    });
  }

  var vote = document.querySelector("form[data-live-vote]");
  if (vote) {
    vote.addEventListener("submit", function (event) {
      if (!event.submitter) { return; }
      event.preventDefault();
      var body = new FormData(vote);
      body.append("value", event.submitter.value);
      var buttons = vote.querySelectorAll("button");
      buttons.forEach(function (b) { b.disabled = true; });
      post(vote, body).then(function (data) {
        buttons.forEach(function (b) { b.disabled = false; });
        if (!data) { return; }
        if (data.error) { say(data.error); return; }
        say(data.message);
        var progress = vote.querySelector("[data-live-progress]");
        if (progress && data.progress) { progress.textContent = data.progress; }
        if (data.statement) {
          vote.elements.statement.value = data.statement.id;
          vote.querySelector("[data-live-text]").textContent = data.statement.text;
        } else {
          vote.hidden = true;
          var done = document.querySelector("[data-live-done]");
          if (done) { done.hidden = false; }
        }
      }).catch(function () {
        buttons.forEach(function (b) { b.disabled = false; });
        vote.submit();
      });
    });
  }

  var statement = document.querySelector("form[data-live-statement]");
  if (statement) {
    statement.addEventListener("submit", function (event) {
      event.preventDefault();
      post(statement, new FormData(statement)).then(function (data) {
        if (!data) { return; }
        if (data.error) { say(data.error); return; }
        statement.elements.text.value = "";
        say(data.message);
      }).catch(function () { statement.submit(); });
    });
  }
})();
