/* The offline queue of C.Hasil sheets, page photos and incidents, in IndexedDB (issue 14).

   One object store, "antrean", keyed by an increasing number: the order items were saved in
   is the order they are sent. A sheet carries the Idempotency-Key made once when it was saved
   on the phone, and the version of the C.Hasil the phone saw (versi_dasar), so a retry after a
   lost answer returns the stored version, and a sheet corrected meanwhile by the PPS comes back
   as a conflict (409 versi_bentrok) that is shown, never overwritten. A photo is resent whole:
   the server keeps one photo per page and content (SHA-256), so it is never stored twice. An
   incident (kejadian) carries its own Idempotency-Key, made once when it was saved.

   Status of an item: tersimpan (saved on the phone), mengirim (sending), terkirim (sent),
   ditandai (sent, the server flagged findings), bentrok (conflict), ditolak (refused, with the
   server's reason), perlu_masuk (the session ended: sign in again, then it is sent). */
(function (root) {
  "use strict";

  var DB = "selenggara-luring";
  var STORE = "antrean";
  var MAX_DELAY = 60000;

  function promised(request) {
    return new Promise(function (resolve, reject) {
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  function open() {
    var request = indexedDB.open(DB, 1);
    request.onupgradeneeded = function () {
      request.result.createObjectStore(STORE, { keyPath: "id", autoIncrement: true });
    };
    return promised(request);
  }

  function all() {
    return open().then(function (db) {
      var tx = db.transaction(STORE, "readonly");
      return promised(tx.objectStore(STORE).getAll()).then(function (items) {
        db.close();
        return items;
      });
    });
  }

  function put(item) {
    return open().then(function (db) {
      var tx = db.transaction(STORE, "readwrite");
      var request = tx.objectStore(STORE).put(item);
      return new Promise(function (resolve, reject) {
        tx.oncomplete = function () { db.close(); item.id = request.result; resolve(item); };
        tx.onerror = function () { db.close(); reject(tx.error); };
      });
    });
  }

  function uuid() {
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return ("0" + x.toString(16)).slice(-2); });
    return [h.slice(0, 4), h.slice(4, 6), h.slice(6, 8), h.slice(8, 10), h.slice(10)]
      .map(function (part) { return part.join(""); }).join("-");
  }

  function csrfToken() {
    var match = /(?:^|;\s*)csrftoken=([^;]+)/.exec(document.cookie);
    return match ? decodeURIComponent(match[1]) : "";
  }

  // --- Sending ------------------------------------------------------------------------------

  function Pengirim(options) {
    this.api = options.api;          // /api/tungsura/pemilihan/<p>/tps/<t>/c-hasil
    this.kejadian = options.kejadian; // /tungsura/tps/<t>/luring/kejadian?pemilihan=<p>
    this.onChange = options.onChange; // called after every status change
    this.tps = options.tps;           // only this TPS's items go to this TPS's API
    this.sending = false;
    this.timer = null;
    this.gagal = 0;                   // consecutive failures: the backoff exponent
  }

  Pengirim.prototype.later = function () {
    var self = this;
    var delay = Math.min(MAX_DELAY, 1000 * Math.pow(2, this.gagal));
    this.gagal += 1;
    clearTimeout(this.timer);
    this.timer = setTimeout(function () { self.kirim(); }, delay);
    return delay;
  };

  Pengirim.prototype.kirim = function () {
    var self = this;
    if (this.sending) { return Promise.resolve(); }
    this.sending = true;
    return all().then(function (items) {
      var open = items.filter(function (item) {
        return item.tps === self.tps && (item.status === "tersimpan" || item.status === "mengirim" ||
          item.status === "perlu_masuk");
      });
      var chain = Promise.resolve(true);
      open.forEach(function (item) {
        chain = chain.then(function (go) { return go ? self.satu(item) : false; });
      });
      return chain;
    }).then(function (done) {
      self.sending = false;
      if (done) { self.gagal = 0; }
    }, function (error) {
      self.sending = false;
      throw error;
    });
  };

  // Send one item; resolve true to go on with the next, false to stop (and retry later).
  Pengirim.prototype.satu = function (item) {
    var self = this;
    item.status = "mengirim";
    item.dicoba = (item.dicoba || 0) + 1;
    return put(item).then(function () {
      self.onChange();
      if (item.jenis === "lembar") { return self.postLembar(item); }
      return item.jenis === "kejadian" ? self.postKejadian(item) : self.postFoto(item);
    }).then(function (response) {
      // A redirect is the login page answering in place of the server: the session ended.
      if (response.redirected) { return self.answer(item, 401, {}); }
      return response.json().catch(function () { return {}; }).then(function (body) {
        return self.answer(item, response.status, body);
      });
    }, function () {
      return self.retry(item, "");
    });
  };

  Pengirim.prototype.postLembar = function (item) {
    return fetch(this.api + "/" + item.kontestasi, {
      method: "POST",
      credentials: "same-origin",
      headers: {
        "Content-Type": "application/json",
        "Idempotency-Key": item.kunci,
        "X-CSRFToken": csrfToken()
      },
      body: JSON.stringify({
        angka: item.angka, konfirmasi: item.konfirmasi, versi_dasar: item.versi_dasar
      })
    });
  };

  Pengirim.prototype.postFoto = function (item) {
    var data = new FormData();
    data.append("halaman", String(item.halaman));
    data.append("dari", String(item.dari));
    data.append("berkas", item.blob, "hal" + item.halaman + ".jpg");
    return fetch(this.api + "/" + item.kontestasi + "/foto", {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken() },
      body: data
    });
  };

  // An incident with its photos, in one request under its key: a retry after a lost answer
  // returns the stored record (200, ulangan) instead of a second one.
  Pengirim.prototype.postKejadian = function (item) {
    var data = new FormData();
    Object.keys(item.isian).forEach(function (key) { data.append(key, item.isian[key]); });
    item.foto.forEach(function (blob, n) { data.append("foto", blob, "kejadian" + (n + 1) + ".jpg"); });
    return fetch(this.kejadian, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Idempotency-Key": item.kunci, "X-CSRFToken": csrfToken() },
      body: data
    });
  };

  Pengirim.prototype.retry = function (item, pesan) {
    var self = this;
    item.status = "tersimpan";
    item.pesan = pesan;
    return put(item).then(function () {
      self.later();
      self.onChange();
      return false;
    });
  };

  Pengirim.prototype.answer = function (item, status, body) {
    var self = this;
    if (status >= 500 || status === 429 || status === 0) {
      return this.retry(item, body.detail || "");
    }
    if (status === 401 || status === 403) {
      item.status = "perlu_masuk";
      item.pesan = body.detail || "";
      return put(item).then(function () { self.onChange(); return false; });
    }
    if (status === 200 || status === 201) {
      item.hasil = body;
      item.pesan = "";
      if (item.jenis === "lembar") {
        item.status = body.temuan && body.temuan.length ? "ditandai" : "terkirim";
      } else {
        item.status = "terkirim";
      }
    } else {
      item.status = body.code === "versi_bentrok" ? "bentrok" : "ditolak";
      item.pesan = body.detail || String(status);
      item.kolom = body.kolom || [];
    }
    return put(item).then(function () { self.onChange(); return true; });
  };

  root.SelenggaraAntrean = {
    all: all, put: put, uuid: uuid, Pengirim: Pengirim
  };
})(self);
