// Proof of work for the whistleblower form (docs/whistleblowing.md, "Proof of work").
// Finds a nonce so that SHA-256(challenge + ":" + nonce) starts with `bits` zero bits, puts
// it in the hidden field, then sends the form. Without JavaScript the server falls back to a
// time lock. No network requests, no third parties.
(function () {
  "use strict";
  var form = document.getElementById("whistle-report-form");
  if (!form || !window.crypto || !window.crypto.subtle) { return; }
  var challenge = form.querySelector("input[name=pow_challenge]");
  var nonceField = form.querySelector("input[name=pow_nonce]");
  var bits = parseInt(form.getAttribute("data-pow-bits"), 10) || 0;
  var status = document.getElementById("whistle-pow-status");
  var encoder = new TextEncoder();
  var solved = false;

  function zeroBits(buffer) {
    var bytes = new Uint8Array(buffer), count = 0;
    for (var i = 0; i < bytes.length; i++) {
      if (bytes[i] === 0) { count += 8; continue; }
      for (var b = 7; b >= 0; b--) { if (bytes[i] & (1 << b)) { return count; } count++; }
    }
    return count;
  }

  async function solve() {
    for (var n = 0; ; n++) {
      var digest = await window.crypto.subtle.digest("SHA-256", encoder.encode(challenge.value + ":" + n));
      if (zeroBits(digest) >= bits) { return String(n); }
    }
  }

  form.addEventListener("submit", function (event) {
    if (solved) { return; }
    event.preventDefault();
    if (status) { status.hidden = false; }
    solve().then(function (nonce) {
      nonceField.value = nonce;
      solved = true;
      HTMLFormElement.prototype.submit.call(form);
    });
  });
}());
