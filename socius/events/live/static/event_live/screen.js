// The screen for the room: polls the public JSON every 2 seconds and redraws the figures.
(function () {
  "use strict";
  var main = document.querySelector("[data-screen-url]");
  if (!main) { return; }
  var url = main.getAttribute("data-screen-url");
  var list = main.querySelector("[data-screen-list]");
  var empty = main.querySelector("[data-screen-empty]");
  var fresh = main.querySelector("[data-screen-fresh]");
  var lastRun = -1;

  function text(selector, value) {
    var node = main.querySelector(selector);
    if (node && node.textContent !== String(value)) { node.textContent = value; }
  }

  function draw(data) {
    text("[data-screen-participants]", data.participants);
    text("[data-screen-votes]", data.votes);
    text("[data-screen-question]", data.question);
    if (fresh) { fresh.textContent = data.fresh_text; }
    if (data.run === lastRun) { return; }
    lastRun = data.run;
    var items = document.createDocumentFragment();
    data.bridging.forEach(function (row) {
      var li = document.createElement("li");
      var statement = document.createElement("span");
      statement.className = "live-screen-text";
      statement.textContent = row.text;
      var support = document.createElement("span");
      support.className = "live-screen-support";
      support.textContent = row.support_text;
      li.appendChild(statement);
      li.appendChild(document.createTextNode(" "));
      li.appendChild(support);
      items.appendChild(li);
    });
    list.replaceChildren(items);
    empty.hidden = data.bridging.length > 0;
  }

  function poll() {
    fetch(url, { headers: { "Accept": "application/json" }, cache: "no-store" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) { if (data) { draw(data); } })
      .catch(function () { /* the next poll tries again */ })
      .finally(function () { window.setTimeout(poll, 2000); });
  }
  window.setTimeout(poll, 2000);
})();
