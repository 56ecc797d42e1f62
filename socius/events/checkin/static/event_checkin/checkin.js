// The door page: checks a scanned or typed ticket on this device, without asking the server,
// keeps the scans in a queue on the device and sends them when there is a connection. The
// server verifies every code again; what this script decides is only what the door shows.
//
// Kept on the device (localStorage, one entry per event, removed two days after the event or
// with the "remove" button): the event's public key and its list (public id, party size, first
// name, status, short code, check-in time per registration), the queue of unsent scans and a
// random device id. The page itself is kept by a service worker for reloading it offline.
(() => {
  "use strict";

  const form = document.getElementById("checkin-form");
  const listScript = document.getElementById("checkin-list");
  const textsScript = document.getElementById("checkin-texts");
  if (!form || !listScript || !textsScript) return;

  const T = JSON.parse(textsScript.textContent);
  const pageUrl = form.dataset.pageUrl;
  const storeKey = "socius-checkin:" + pageUrl;
  const cacheName = "socius-checkin:" + pageUrl;
  const deviceKey = "socius-checkin-device";
  const maxInput = 300;
  const batchSize = 100;
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

  const el = (id) => document.getElementById(id);
  const input = form.querySelector("input[name=code]");
  const resultBox = el("checkin-result");
  const queueText = el("checkin-queue");
  const savedText = el("checkin-saved");
  const notes = el("checkin-notes");
  const syncButton = el("checkin-sync");
  const forgetButton = el("checkin-forget");
  const countText = el("checkin-count");

  const fill = (text, values) =>
    text.replace(/\{(\w+)\}/g, (m, k) => (k in values ? String(values[k]) : m));
  const lang = document.documentElement.lang === "en" ? "en-GB" : "da-DK";
  const timeOf = (iso) =>
    new Intl.DateTimeFormat(lang, {
      hour: "2-digit", minute: "2-digit", timeZone: "Europe/Copenhagen",
    }).format(new Date(iso));

  // --- Storage ---------------------------------------------------------------------------
  const read = (key) => {
    try { return JSON.parse(localStorage.getItem(key)); } catch (e) { return null; }
  };
  const write = (key, value) => {
    try { localStorage.setItem(key, JSON.stringify(value)); } catch (e) { /* full or off */ }
  };

  // Forget lists of events that ended more than two days ago, unless scans wait to be sent.
  try {
    for (let i = localStorage.length - 1; i >= 0; i--) {
      const key = localStorage.key(i);
      if (!key || !key.startsWith("socius-checkin:")) continue;
      const old = read(key);
      if (old && old.list && Date.parse(old.list.expires) < Date.now() &&
          !(old.queue && old.queue.length)) {
        localStorage.removeItem(key);
      }
    }
  } catch (e) { /* storage off */ }

  const randomHex = (bytes) => Array.from(crypto.getRandomValues(new Uint8Array(bytes)))
    .map((b) => b.toString(16).padStart(2, "0")).join("");
  let device = null;
  try { device = localStorage.getItem(deviceKey); } catch (e) { /* storage off */ }
  if (!device || !/^[a-f0-9]{24}$/.test(device)) {
    device = randomHex(12);
    try { localStorage.setItem(deviceKey, device); } catch (e) { /* storage off */ }
  }
  const nonce = () => (crypto.randomUUID ? crypto.randomUUID() : (() => {
    const h = randomHex(16);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20)}`;
  })());

  const pageList = JSON.parse(listScript.textContent);
  const stored = read(storeKey) || {};
  const state = {
    list: pageList,
    queue: Array.isArray(stored.queue) ? stored.queue : [],
    localIn: stored.localIn && typeof stored.localIn === "object" ? stored.localIn : {},
    savedAt: stored.savedAt || null,
  };
  // The page may come from the offline copy: keep whichever list is newer.
  if (stored.list && stored.list.event === pageList.event &&
      Date.parse(stored.list.generated_at) > Date.parse(pageList.generated_at)) {
    state.list = stored.list;
  }
  const save = () => {
    state.savedAt = new Date().toISOString();
    write(storeKey, state);
    savedText.textContent = fill(T.list_saved, { time: timeOf(state.savedAt) });
  };

  // --- Reading codes (the same rules as socius/events/checkin/tickets.py) -------------------
  const base32 = (text) => {
    const out = new Uint8Array(Math.floor((text.length * 5) / 8));
    let bits = 0, value = 0, index = 0;
    for (const ch of text) {
      value = (value << 5) | alphabet.indexOf(ch);
      bits += 5;
      if (bits >= 8) { out[index++] = (value >>> (bits - 8)) & 255; bits -= 8; }
    }
    return out;
  };
  const uuidOf = (bytes) => {
    const h = Array.from(bytes).map((b) => b.toString(16).padStart(2, "0")).join("");
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  };

  const readCode = (text) => {
    if (typeof text !== "string" || !text.trim() || text.length > maxInput) {
      return { refusal: "malformed" };
    }
    const lower = text.trim().toLowerCase();
    if (text.includes("://") || /^(www\.|mailto:|tel:)/.test(lower)) return { refusal: "not_a_ticket" };
    const compact = text.replace(/[\s-]+/g, "").toUpperCase()
      .replace(/0/g, "O").replace(/1/g, "I").replace(/8/g, "B");
    if (!/^[A-Z2-7]+$/.test(compact)) return { refusal: "not_a_ticket" };
    if (compact.length === 10) return { short: compact };
    if (compact.length !== 160) return { refusal: "not_a_ticket" };
    const raw = base32(compact);
    if (raw[0] !== 1) return { refusal: "version" };
    return {
      raw,
      generation: (raw[1] << 8) | raw[2],
      event: uuidOf(raw.slice(3, 19)),
      registration: uuidOf(raw.slice(19, 35)),
      party: raw[35],
    };
  };

  let keyPromise = null;
  const publicKey = () => {
    if (!keyPromise) {
      const b64 = state.list.key.replace(/-/g, "+").replace(/_/g, "/");
      const raw = Uint8Array.from(atob(b64 + "=".repeat((4 - (b64.length % 4)) % 4)), (c) => c.charCodeAt(0));
      keyPromise = crypto.subtle.importKey("raw", raw, { name: "Ed25519" }, false, ["verify"]);
    }
    return keyPromise;
  };
  // true, false, or null when this browser cannot check Ed25519 signatures.
  const signatureValid = async (raw) => {
    let key;
    try { key = await publicKey(); } catch (e) { return null; }
    return crypto.subtle.verify({ name: "Ed25519" }, key, raw.slice(36), raw.slice(0, 36));
  };

  // --- Showing a verdict ---------------------------------------------------------------------
  const show = (kind, verdict, lines) => {
    resultBox.className = "checkin-result " + kind;
    resultBox.replaceChildren();
    const strong = document.createElement("strong");
    strong.className = "checkin-verdict";
    strong.textContent = verdict;
    resultBox.append(strong);
    for (const line of lines.filter(Boolean)) {
      const p = document.createElement("p");
      p.textContent = line;
      resultBox.append(p);
    }
  };
  const who = (reg) => fill(reg.party === 1 ? T.person : T.people, { name: reg.name || "–", n: reg.party });
  const note = (text) => {
    const li = document.createElement("li");
    li.textContent = text;
    notes.prepend(li);
  };
  const refuse = (reason) => show("is-refused", T.refused, [T.refusals[reason] || ""]);

  const updateQueue = () => {
    const n = state.queue.length;
    let text = n === 0 ? T.queue_empty : n === 1 ? T.queue_one : fill(T.queue_many, { n });
    if (n && !navigator.onLine) text += " " + T.offline;
    queueText.textContent = text;
    syncButton.hidden = n === 0;
  };
  const updateCount = (attendance) => {
    if (attendance) {
      countText.textContent = fill(T.count, {
        people: attendance.people, total: attendance.confirmed_people,
      });
    }
  };

  const enqueue = (code, local) => {
    state.queue.push({
      nonce: nonce(), code: code.slice(0, maxInput), scanned_at: new Date().toISOString(), local,
    });
    save();
    updateQueue();
    sync();
  };

  // --- Checking one code ------------------------------------------------------------------
  let noCryptoSaid = false;
  const check = async (text) => {
    const code = typeof text === "string" ? text : "";
    const r = readCode(code);
    if (r.refusal) {
      refuse(r.refusal);
      if (r.refusal !== "malformed") enqueue(code, "refused");
      return;
    }
    const regs = state.list.registrations;
    let reg = null;
    let extra = "";
    if (r.short) {
      reg = regs.find((x) => x.code === r.short) || null;
      if (!reg) { refuse("unknown"); enqueue(code, "refused"); return; }
    } else {
      const refusal = r.event !== state.list.event ? "other_event"
        : r.generation < state.list.generation ? "old_key"
          : r.generation > state.list.generation ? "bad_signature" : null;
      if (refusal) { refuse(refusal); enqueue(code, "refused"); return; }
      const valid = await signatureValid(r.raw);
      if (valid === false) { refuse("bad_signature"); enqueue(code, "refused"); return; }
      if (valid === null && !noCryptoSaid) { note(T.no_crypto); noCryptoSaid = true; }
      reg = regs.find((x) => x.id === r.registration) || null;
      if (!reg) {
        if (valid === null) { refuse("unknown"); enqueue(code, "refused"); return; }
        // Signed for this event but newer than the saved list: let in, the server decides.
        state.localIn[r.registration] = state.localIn[r.registration] || new Date().toISOString();
        show("is-ok", T.checked_in, [fill(r.party === 1 ? T.person : T.people, { name: "–", n: r.party }), T.not_listed]);
        enqueue(code, "checked_in");
        return;
      }
      if (r.party !== reg.party) extra = fill(T.party_changed, { n: r.party });
    }
    if (reg.status !== "confirmed") { refuse("cancelled"); enqueue(code, "refused"); return; }
    const when = reg.in || state.localIn[reg.id];
    if (when) {
      show("is-already", fill(T.already, { time: timeOf(when) }), [who(reg), extra]);
      enqueue(code, "already");
    } else {
      state.localIn[reg.id] = new Date().toISOString();
      show("is-ok", T.checked_in, [who(reg), extra, navigator.onLine ? "" : T.saved_here]);
      enqueue(code, "checked_in");
    }
  };

  // --- Sending ------------------------------------------------------------------------------
  let syncing = false;
  const sync = async () => {
    if (syncing || !navigator.onLine) { updateQueue(); return; }
    syncing = true;
    const batch = state.queue.slice(0, batchSize);
    if (batch.length) queueText.textContent = T.sending;
    try {
      const response = await fetch(form.dataset.syncUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: {
          "Content-Type": "application/json",
          "X-CSRFToken": form.elements.csrfmiddlewaretoken.value,
        },
        body: JSON.stringify({
          device,
          scans: batch.map((s) => ({ nonce: s.nonce, code: s.code, scanned_at: s.scanned_at })),
        }),
      });
      const type = response.headers.get("Content-Type") || "";
      if (!response.ok || !type.startsWith("application/json")) throw new Error("refused");
      const data = await response.json();
      const done = new Map(data.results.map((x) => [x.nonce, x]));
      for (const scan of batch) {
        const verdict = done.get(scan.nonce);
        if (!verdict) continue;
        if (verdict.outcome === "refused" && scan.local !== "refused") {
          note(fill(T.server_refused, {
            name: verdict.first_name || "–", reason: T.refusals[verdict.reason] || "",
          }));
        } else if (verdict.conflict && scan.local === "checked_in" && verdict.checked_in_at) {
          note(fill(T.server_conflict, { name: verdict.first_name, time: timeOf(verdict.checked_in_at) }));
        }
      }
      state.queue = state.queue.filter((s) => !done.has(s.nonce));
      state.list = data.list;
      // The server's check-in times replace this device's once nothing waits to be sent.
      const inOnServer = new Set(data.list.registrations.filter((x) => x.in).map((x) => x.id));
      for (const id of Object.keys(state.localIn)) {
        if (inOnServer.has(id) || !state.queue.length) delete state.localIn[id];
      }
      updateCount(data.attendance);
      save();
      syncing = false;
      updateQueue();
      if (state.queue.some((s) => !batch.includes(s))) sync();
      return;
    } catch (e) {
      queueText.textContent = T.send_failed;
      syncButton.hidden = state.queue.length === 0;
    }
    syncing = false;
  };

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = input.value;
    input.value = "";
    check(text).finally(() => input.focus());
  });
  syncButton.addEventListener("click", () => sync());
  window.addEventListener("online", () => sync());
  window.addEventListener("offline", updateQueue);
  // Keep this device's list current: other devices check people in too.
  setInterval(() => { if (navigator.onLine) sync(); }, 30000);

  forgetButton.hidden = false;
  forgetButton.addEventListener("click", async () => {
    if (state.queue.length) { note(fill(T.unsent_left, { n: state.queue.length })); return; }
    try { localStorage.removeItem(storeKey); } catch (e) { /* storage off */ }
    if (window.caches) await caches.delete(cacheName);
    if (navigator.serviceWorker) {
      const registration = await navigator.serviceWorker.getRegistration(pageUrl);
      if (registration) await registration.unregister();
    }
    note(T.forgotten);
  });

  // --- Camera -------------------------------------------------------------------------------
  const cameraButton = el("checkin-camera");
  const cameraBox = el("checkin-camera-box");
  const video = el("checkin-video");
  let stream = null;
  let lastCode = "", lastAt = 0;
  const stopCamera = () => {
    if (stream) stream.getTracks().forEach((t) => t.stop());
    stream = null;
    cameraBox.hidden = true;
    cameraButton.hidden = false;
    cameraButton.focus();
  };
  if ("BarcodeDetector" in window && navigator.mediaDevices) {
    cameraButton.hidden = false;
    cameraButton.addEventListener("click", async () => {
      let detector;
      try {
        detector = new window.BarcodeDetector({ formats: ["qr_code"] });
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } });
      } catch (e) { note(T.camera_failed); return; }
      video.srcObject = stream;
      await video.play();
      cameraBox.hidden = false;
      cameraButton.hidden = true;
      el("checkin-camera-stop").focus();
      const look = async () => {
        if (!stream) return;
        try {
          const found = await detector.detect(video);
          const value = found.length ? found[0].rawValue : "";
          // The same code held in front of the camera is one scan, not one per frame.
          if (value && (value !== lastCode || Date.now() - lastAt > 5000)) {
            lastCode = value; lastAt = Date.now();
            await check(value);
          }
        } catch (e) { /* a frame that could not be read */ }
        setTimeout(look, 250);
      };
      look();
    });
    el("checkin-camera-stop").addEventListener("click", stopCamera);
  }

  // --- Offline copy of the page ---------------------------------------------------------------
  if ("serviceWorker" in navigator && window.caches) {
    navigator.serviceWorker.register(form.dataset.workerUrl, { scope: pageUrl })
      .then(() => caches.open(cacheName))
      .then((cache) => {
        const assets = Array.from(document.querySelectorAll("link[rel=stylesheet], script[src]"))
          .map((n) => n.href || n.src).filter((u) => u.startsWith(location.origin));
        return cache.addAll([pageUrl, ...assets]);
      })
      .catch(() => { /* no offline copy: the page still works while it is open */ });
  }

  if (state.savedAt) savedText.textContent = fill(T.list_saved, { time: timeOf(state.savedAt) });
  save();
  updateQueue();
  if (state.queue.length) sync();
})();
