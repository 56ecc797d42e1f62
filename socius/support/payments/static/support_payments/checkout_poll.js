// The checkout return page while the payment is pending: ask the status endpoint every
// 2 seconds (for at most 5 minutes) and reload the page when the payment is no longer
// pending. Without JavaScript the page's "Opdater" link does the same by hand.
(function () {
  "use strict";
  var box = document.getElementById("checkout-status");
  if (!box || !window.fetch) return;
  var url = box.getAttribute("data-status-url");
  var tries = 0;
  function poll() {
    tries += 1;
    if (tries > 150) return;
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (data && data.state !== "pending") {
          window.location.reload();
        } else {
          window.setTimeout(poll, 2000);
        }
      })
      .catch(function () { window.setTimeout(poll, 4000); });
  }
  window.setTimeout(poll, 2000);
})();
