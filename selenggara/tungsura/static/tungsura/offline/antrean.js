/* The offline queue of C.Hasil sheets, page photos and incidents, in IndexedDB (issue 14).

   One object store, "antrean", keyed by an increasing number: the order items were saved in
   is the order they are sent. A sheet carries the Idempotency-Key made once when it was saved
   on the phone, and the version of the C.Hasil the phone saw (versi_dasar), so a retry after a
   lost answer returns the stored version, and a sheet corrected meanwhile by the PPS comes back
   as a conflict (409 versi_bentrok) that is shown, never overwritten. A photo goes in parts of
   256 KiB that resume where the connection dropped (see postFoto); the server keeps one photo
   per page and content (SHA-256), so it is never stored twice. An incident (kejadian) carries
   its own Idempotency-Key, made once when it was saved.

   Status of an item: tersimpan (saved on the phone), mengirim (sending), terkirim (sent),
   ditandai (sent, the server flagged findings), bentrok (conflict), ditolak (refused, with the
   server's reason), perlu_masuk (the session ended: sign in again, then it is sent). */
(function (root) {
  "use strict";

  var DB = "selenggara-luring";
  var STORE = "antrean";
  // Per queued photo (keyed by its item's id): the server's upload id, the SHA-256 it was
  // opened for and the offset the server last acknowledged. Apart from the item, so that
  // noting an offset does not rewrite the photo's Blob.
  var UNGGAHAN = "unggahan";
  var BAGIAN = 256 * 1024;     // bytes per part of a photo
  var OFFSET_ULANG_MAKS = 3;   // 409s in a row before the attempt ends (and is retried later)
  var SHA_ULANG_MAKS = 3;      // digest mismatches before a photo is marked refused
  var MAX_DELAY = 60000;

  function promised(request) {
    return new Promise(function (resolve, reject) {
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  function open() {
    var request = indexedDB.open(DB, 2);
    request.onupgradeneeded = function () {
      var db = request.result;
      if (!db.objectStoreNames.contains(STORE)) {
        db.createObjectStore(STORE, { keyPath: "id", autoIncrement: true });
      }
      if (!db.objectStoreNames.contains(UNGGAHAN)) {
        db.createObjectStore(UNGGAHAN, { keyPath: "antrean" });
      }
    };
    return promised(request);
  }

  // One request on the upload progress store: get, put or delete.
  function progress(method, value) {
    return open().then(function (db) {
      var tx = db.transaction(UNGGAHAN, method === "get" ? "readonly" : "readwrite");
      var request = tx.objectStore(UNGGAHAN)[method](value);
      return new Promise(function (resolve, reject) {
        tx.oncomplete = function () { db.close(); resolve(request.result); };
        tx.onerror = function () { db.close(); reject(tx.error); };
      });
    });
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

  // A response as {status, redirected, body}: what answer() decides on.
  function jawaban(response) {
    return response.json().catch(function () { return {}; }).then(function (body) {
      return { status: response.status, redirected: response.redirected, body: body || {} };
    });
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

  // Exponential backoff after a failed attempt (no network, a 5xx or 429, a dropped part):
  // 1 s, 2 s, 4 s, 8 s, 16 s, 32 s, then every 60 s, each stretched or shrunk by up to 20 %
  // so that the phones of a village regaining the signal together do not retry in step. A
  // pass that sends everything resets it to 1 s; the "online" event and "Kirim sekarang"
  // send at once whatever the timer says.
  Pengirim.prototype.later = function () {
    var self = this;
    var delay = Math.round(Math.min(MAX_DELAY, 1000 * Math.pow(2, this.gagal)) *
      (0.8 + 0.4 * Math.random()));
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
      if (item.jenis === "foto") { return self.postFoto(item); }
      return (item.jenis === "lembar" ? self.postLembar(item) : self.postKejadian(item))
        .then(jawaban);
    }).then(function (hasil) {
      // A redirect is the login page answering in place of the server: the session ended.
      if (hasil.redirected) { return self.answer(item, 401, {}); }
      return self.answer(item, hasil.status, hasil.body);
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

  // A photo in parts of BAGIAN bytes (the resumable upload of tungsura/unggahan.py). The
  // server's upload of this page and SHA-256 is opened once (POST .../unggahan; asking again
  // is harmless and answers the offset the server holds) and kept in the UNGGAHAN store with
  // the offset of each acknowledged part, so after a reload or a dropped connection the next
  // part goes from there. A server holding more or less answers 409 with its offset, which
  // the phone takes; an upload the server no longer knows (404) is opened again, once. The
  // last part's answer carries the stored photo. Resolves to {status, redirected, body} for
  // answer(): 200/201 with the photo, or the answer that ended the attempt.
  Pengirim.prototype.postFoto = function (item) {
    var self = this;
    var base = this.api + "/" + item.kontestasi + "/unggahan";
    return progress("get", item.id).then(function (saved) {
      if (saved && saved.sha256 === item.sha256) { return self.bagian(item, base, saved, false, 0); }
      return self.bukaUnggahan(item, base);
    });
  };

  Pengirim.prototype.bukaUnggahan = function (item, base) {
    var self = this;
    return fetch(base, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
      body: JSON.stringify({
        halaman: item.halaman, dari: item.dari, ukuran: item.blob.size, sha256: item.sha256
      })
    }).then(jawaban).then(function (hasil) {
      if (hasil.redirected || (hasil.status !== 200 && hasil.status !== 201)) { return hasil; }
      if (hasil.body.selesai) { return self.fotoTersimpan(item, hasil); }
      var saved = {
        antrean: item.id, unggahan: hasil.body.id, sha256: item.sha256, offset: hasil.body.offset
      };
      return progress("put", saved).then(function () {
        return self.bagian(item, base, saved, true, 0);
      });
    });
  };

  // Send the part at saved.offset, then the next, until the photo is stored or an answer
  // ends the attempt. ``dibuka``: the upload was opened in this attempt (a 404 then is final);
  // ``salah``: 409s in a row.
  Pengirim.prototype.bagian = function (item, base, saved, dibuka, salah) {
    var self = this;
    var offset = saved.offset;
    return fetch(base + "/" + saved.unggahan, {
      method: "POST",
      credentials: "same-origin",
      headers: {
        "Content-Type": "application/octet-stream",
        "Upload-Offset": String(offset),
        "X-CSRFToken": csrfToken()
      },
      body: item.blob.slice(offset, Math.min(offset + BAGIAN, item.blob.size))
    }).then(jawaban).then(function (hasil) {
      var body = hasil.body;
      if (hasil.redirected) { return hasil; }
      if (hasil.status === 404 && !dibuka) {
        return progress("delete", item.id).then(function () { return self.bukaUnggahan(item, base); });
      }
      if (hasil.status === 409 && body.code === "offset_salah") {
        if (salah + 1 >= OFFSET_ULANG_MAKS) { return { status: 0, body: body }; }
        return self.lanjut(item, base, saved, body.offset, dibuka, salah + 1);
      }
      if (hasil.status === 422 && body.code === "sha256_tidak_cocok") {
        // The server discarded what it had; start again from 0, later, a few times only.
        item.ulang_sha = (item.ulang_sha || 0) + 1;
        saved.offset = 0;
        return progress("put", saved).then(function () {
          return item.ulang_sha < SHA_ULANG_MAKS ? { status: 0, body: body } : hasil;
        });
      }
      if (hasil.status !== 200 && hasil.status !== 201) { return hasil; }
      if (body.selesai) { return self.fotoTersimpan(item, hasil); }
      return self.lanjut(item, base, saved, body.offset, dibuka, 0);
    });
  };

  Pengirim.prototype.lanjut = function (item, base, saved, offset, dibuka, salah) {
    var self = this;
    saved.offset = offset;
    return progress("put", saved).then(function () {
      return self.bagian(item, base, saved, dibuka, salah);
    });
  };

  Pengirim.prototype.fotoTersimpan = function (item, hasil) {
    return progress("delete", item.id).then(function () {
      return { status: hasil.status, redirected: false, body: hasil.body.foto };
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
