/* The checks of a C.Hasil and the witnesses' digest, on the phone (issue 14).

   The rules are not written here: tungsura/domain/aturan.py turns the server's checks into a
   table (data.json "aturan") and this file only evaluates it, the same way aturan_check does;
   a browser test runs a table of cases through both. The canonical text is the one of
   tungsura/domain/salinan.py: compact JSON, keys sorted, ASCII only; its SHA-256 is the digest.
   crypto.subtle needs a secure context: localhost, or HTTPS in production.
   Oldest Chrome: 57 for the offline app (README "Browsers"); this file needs only ES5,
   Promise (32) and crypto.subtle.digest (37). */
(function (root) {
  "use strict";

  function periksa(aturan, angka) {
    var temuan = [];
    aturan.forEach(function (a) {
      var tertulis = angka[a.tertulis];
      var diharapkan;
      var gagal;
      if (a.jenis === "sama") {
        diharapkan = a.bagian.reduce(function (sum, key) { return sum + angka[key]; }, 0);
        gagal = diharapkan !== tertulis;
      } else if (a.jenis === "paling_banyak") {
        diharapkan = a.batas_kunci ? angka[a.batas_kunci] : a.batas;
        gagal = tertulis > diharapkan;
      } else {
        diharapkan = a.diharapkan + (a.tambah_kunci ? angka[a.tambah_kunci] : 0);
        gagal = diharapkan !== tertulis;
      }
      if (gagal) {
        temuan.push({
          kode: a.kode, tingkat: a.tingkat, kunci: a.kunci.slice(),
          diharapkan: diharapkan, tertulis: tertulis
        });
      }
    });
    return temuan;
  }

  function ditandai(temuan) {
    var seen = [];
    temuan.forEach(function (t) {
      t.kunci.forEach(function (key) { if (seen.indexOf(key) < 0) { seen.push(key); } });
    });
    return seen;
  }

  function hex4(code) { return ("0000" + code.toString(16)).slice(-4); }

  function kanonik(value) {
    if (value === null || typeof value !== "object") {
      if (typeof value === "string") {
        // Python's json.dumps(ensure_ascii=True) escapes everything outside space..tilde.
        return JSON.stringify(value).replace(/[\u007f-\uffff]/g, function (c) {
          return "\\u" + hex4(c.charCodeAt(0));
        });
      }
      return JSON.stringify(value);
    }
    var keys = Object.keys(value).sort();
    return "{" + keys.map(function (key) {
      return kanonik(key) + ":" + kanonik(value[key]);
    }).join(",") + "}";
  }

  function teksKanonik(pemilihan, tps, kontestasi, dapil, angka) {
    return kanonik({
      format: "selenggara.c_hasil.v1", pemilihan: pemilihan, tps: tps,
      kontestasi: kontestasi, dapil: dapil, angka: angka
    });
  }

  function hex(buffer) {
    return Array.prototype.map.call(new Uint8Array(buffer), function (b) {
      return ("0" + b.toString(16)).slice(-2);
    }).join("");
  }

  function sha256(bytes) {
    return crypto.subtle.digest("SHA-256", bytes).then(hex);
  }

  function digest(teks) {
    var bytes = new Uint8Array(teks.length);
    for (var i = 0; i < teks.length; i++) { bytes[i] = teks.charCodeAt(i); }
    return sha256(bytes);
  }

  root.SelenggaraAturan = {
    periksa: periksa, ditandai: ditandai, teksKanonik: teksKanonik,
    digest: digest, sha256: sha256
  };
})(self);
