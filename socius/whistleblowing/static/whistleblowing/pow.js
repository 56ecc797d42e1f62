// Proof of work for the whistleblower forms (docs/whistleblowing.md, "Proof of work").
// For each form with a data-pow-bits attribute (the report and the receipt forms): finds a
// nonce so that SHA-256(challenge + ":" + nonce) starts with `bits` zero bits, puts it in the
// hidden field, then sends the form. Without JavaScript the server falls back to a time lock.
// No network requests, no third parties.
(function () {
  "use strict";
  if (!window.crypto || !window.crypto.subtle) { return; }
  var encoder = new TextEncoder();

  function zeroBits(buffer) {
    var bytes = new Uint8Array(buffer), count = 0;
    for (var i = 0; i < bytes.length; i++) {
      if (bytes[i] === 0) { count += 8; continue; }
      for (var b = 7; b >= 0; b--) { if (bytes[i] & (1 << b)) { return count; } count++; }
    }
    return count;
  }

  async function solve(challenge, bits) {
    for (var n = 0; ; n++) {
      var digest = await window.crypto.subtle.digest("SHA-256", encoder.encode(challenge + ":" + n));
      if (zeroBits(digest) >= bits) { return String(n); }
    }
  }

  function protect(form) {
    var challenge = form.querySelector("input[name=pow_challenge]");
    var nonceField = form.querySelector("input[name=pow_nonce]");
    if (!challenge || !nonceField) { return; }
    var bits = parseInt(form.getAttribute("data-pow-bits"), 10) || 0;
    var status = form.querySelector("[data-pow-status]");
    var solved = false;
    form.addEventListener("submit", function (event) {
      if (solved) { return; }
      event.preventDefault();
      if (status) { status.hidden = false; }
      solve(challenge.value, bits).then(function (nonce) {
        nonceField.value = nonce;
        solved = true;
        HTMLFormElement.prototype.submit.call(form);
      });
    });
  }

  document.querySelectorAll("form[data-pow-bits]").forEach(protect);
}());
