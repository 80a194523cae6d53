/* The KPPS offline app of one TPS (issue 14): entry, checks, photos, the witnesses' copy and
   the queue's status, all from what the phone has stored. Vanilla ES5 JavaScript, no build
   step. Oldest Chrome: 57 (the one minimum of the offline app, README "Browsers"), set here by
   Response.redirected (57); also NodeList.forEach (51), canvas.toBlob (50), Array.from (45),
   Element.closest (41), service workers (40), fetch (42) and crypto.subtle (37). No inline
   script: the page's words come in a JSON data block, its settings in data- attributes. */
(function () {
  "use strict";
  var root = document.getElementById("luring");
  if (!root) { return; }
  var A = self.SelenggaraAturan;
  var Q = self.SelenggaraAntrean;
  var T = JSON.parse(document.getElementById("luring-teks").textContent);
  var SISI = parseInt(root.dataset.fotoSisi, 10);        // 2000 px on the long side
  var KUALITAS = parseFloat(root.dataset.fotoKualitas);   // JPEG quality 0.85
  var data = null;
  var items = [];
  var pengirim = null;
  var fotoBaru = null;

  function $(id) { return document.getElementById(id); }

  function fmt(text, params) {
    return text.replace(/%\((\w+)\)s/g, function (m, key) { return String(params[key]); });
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === "text") { node.textContent = attrs[key]; } else { node.setAttribute(key, attrs[key]); }
    });
    (children || []).forEach(function (child) { node.appendChild(child); });
    return node;
  }

  function kontestasi(jenis) {
    return data.kontestasi.filter(function (k) { return k.jenis === jenis; })[0];
  }

  function mine(item) { return item.tps === data.tps && item.pemilihan === data.pemilihan; }

  function lembarOf(jenis) {
    return items.filter(function (i) {
      return mine(i) && i.jenis === "lembar" && i.kontestasi === jenis;
    }).pop();
  }

  function fotoOf(jenis, halaman) {
    return items.filter(function (i) {
      return mine(i) && i.jenis === "foto" && i.kontestasi === jenis && i.halaman === halaman;
    }).pop();
  }

  function labelOf(k, kunci) {
    var kolom = k.kolom.filter(function (c) { return c.kunci === kunci; })[0];
    return kolom ? kolom.label : kunci;
  }

  // --- The list of contests with the status of each sheet and page -------------------------

  function statusSpan(status, extra) {
    return el("span", {
      "class": "status status-" + status, "data-status": status,
      text: T["status_" + status] + (extra ? " " + extra : "")
    });
  }

  function halamanCount(k) {
    var n = k.halaman_diketahui || 1;
    items.forEach(function (i) {
      if (mine(i) && i.jenis === "foto" && i.kontestasi === k.jenis) { n = Math.max(n, i.dari); }
    });
    k.foto.forEach(function (f) { n = Math.max(n, f.dari); });
    return n;
  }

  function renderList() {
    var list = $("kontestasi-list");
    list.textContent = "";
    data.kontestasi.forEach(function (k) {
      var lembar = lembarOf(k.jenis);
      var sheet = el("p", { "class": "status-lembar" }, [el("span", { text: T.lembar + ": " })]);
      if (lembar) {
        sheet.appendChild(statusSpan(lembar.status, lembar.hasil && lembar.hasil.versi ?
          "(v" + lembar.hasil.versi + ")" : ""));
        if (lembar.pesan) { sheet.appendChild(el("span", { "class": "pesan", text: " " + lembar.pesan })); }
      } else if (k.versi) {
        sheet.appendChild(statusSpan("terkirim", "(v" + k.versi + ")"));
      } else {
        sheet.appendChild(el("span", { "class": "status status-belum", text: T.belum }));
      }
      var pages = el("ul", { "class": "status-foto" });
      for (var h = 1; h <= halamanCount(k); h++) {
        var foto = fotoOf(k.jenis, h);
        var onServer = k.foto.some(function (f) { return f.halaman === h; });
        var li = el("li", { "data-halaman": String(h) }, [
          el("span", { text: fmt(T.halaman, { h: h, d: halamanCount(k) }) + ": " })
        ]);
        var dibaca = bacaanOf(k.jenis, h, foto);
        if (dibaca) {
          li.appendChild(statusSpan(BACAAN[dibaca.status]));
          if (dibaca.status === "tolak" && dibaca.alasan.length) {
            li.appendChild(el("span", { "class": "pesan", text: dibaca.alasan.join(" ") }));
          }
        } else {
          li.appendChild(foto ? statusSpan(foto.status) : onServer ? statusSpan("terkirim") :
            el("span", { "class": "status status-belum", text: T.belum }));
        }
        pages.appendChild(li);
      }
      var actions = el("div", { "class": "actions" }, [
        el("button", { type: "button", "class": "button", "data-aksi": "isi", "data-jenis": k.jenis, text: T.isi }),
        el("button", { type: "button", "class": "button secondary", "data-aksi": "foto", "data-jenis": k.jenis, text: T.foto })
      ]);
      if (lembar) {
        actions.appendChild(el("button", {
          type: "button", "class": "button secondary", "data-aksi": "salinan", "data-jenis": k.jenis, text: T.salinan
        }));
      }
      list.appendChild(el("li", { "class": "card kontestasi-luring", "data-jenis": k.jenis }, [
        el("h3", { text: k.nama + " · " + k.dapil.nama }), sheet, pages, actions
      ]));
    });
  }

  // --- What the reader made of each sent page photo (pindai) --------------------------------

  // The reader's status -> the phone's: read, needs review, photograph again, being read.
  var BACAAN = { otomatis: "terbaca", tinjau: "perlu_tinjauan", tolak: "foto_ulang", menunggu: "dibaca" };
  var bacaan = {};          // jenis -> the readings the server answered, newest photo first
  var bacaanTimer = null;

  // The reading of this page: of the phone's photo (same SHA-256) when it sent one, else the
  // newest photo of the page on the server.
  function bacaanOf(jenis, halaman, foto) {
    var rows = (bacaan[jenis] || []).filter(function (r) { return r.halaman === halaman; });
    if (foto && foto.sha256) {
      if (foto.status !== "terkirim") { return null; }
      return rows.filter(function (r) { return r.sha256 === foto.sha256; })[0] || foto.bacaan || null;
    }
    return rows[0] || null;
  }

  function bacaanMuat() {
    if (!navigator.onLine || !data) { return Promise.resolve(); }
    var wanted = data.kontestasi.filter(function (k) {
      return k.foto.length || items.some(function (i) {
        return mine(i) && i.jenis === "foto" && i.kontestasi === k.jenis && i.status === "terkirim";
      });
    });
    return Promise.all(wanted.map(function (k) {
      return fetch(k.bacaan, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          if (!response.ok || response.redirected) { throw new Error(String(response.status)); }
          return response.json();
        }).then(function (body) {
          bacaan[k.jenis] = body.foto;
          // Keep the last known reading with the photo, to show it offline too.
          return Promise.all(items.filter(function (i) {
            return mine(i) && i.jenis === "foto" && i.kontestasi === k.jenis && i.status === "terkirim";
          }).map(function (i) {
            var row = body.foto.filter(function (r) { return r.sha256 === i.sha256; })[0];
            if (!row || (i.bacaan && i.bacaan.status === row.status)) { return null; }
            i.bacaan = { status: row.status, halaman: row.halaman, sha256: row.sha256, alasan: row.alasan };
            return Q.put(i);
          }));
        }).catch(function () { /* offline again, or no reader: the sent status stays */ });
    })).then(function () {
      renderList();
      var waiting = Object.keys(bacaan).some(function (jenis) {
        return bacaan[jenis].some(function (r) { return r.status === "menunggu"; });
      });
      clearTimeout(bacaanTimer);
      if (waiting) { bacaanTimer = setTimeout(bacaanMuat, 5000); }
    });
  }

  function show(id) {
    ["isi", "foto", "salinan", "kejadian"].forEach(function (name) { $(name).hidden = name !== id; });
    if (id) { $(id).scrollIntoView(); }
  }

  function refresh() {
    return Q.all().then(function (all) {
      items = all;
      renderList();
      renderKejadianList();
      if (!$("salinan").hidden && $("salinan").dataset.jenis) { renderSalinan($("salinan").dataset.jenis); }
    });
  }

  // --- Entry and the checks ------------------------------------------------------------------

  // Sections I-V as on the paper, from data.json "bagian" (the online form's layout, built by
  // forms.lembar_tata_letak): the same headings, rows and boxes in the same order, as
  // _lembar.html draws them. kotak(kunci, label) gives what goes in each box: an input when
  // entering, the number in digit boxes on the witnesses' copy.
  function lembarBagian(k, kotak) {
    return k.bagian.map(function (bagian) {
      var head = el("tr", {}, [el("th", { scope: "col", text: T.uraian })].concat(
        bagian.kolom.map(function (kolom) { return el("th", { scope: "col", "class": "num", text: kolom }); })));
      var body = el("tbody");
      bagian.baris.forEach(function (baris) {
        if (baris.judul_blok) {
          body.appendChild(el("tr", { "class": "judul-blok" }, [el("th", {
            colspan: String(bagian.kolom.length + 1), scope: "rowgroup", text: baris.judul_blok
          })]));
        }
        var th = el("th", { scope: "row" });
        if (baris.nomor) {
          th.appendChild(el("span", { "class": "no", text: baris.nomor }));
          th.appendChild(document.createTextNode(" "));
        }
        th.appendChild(document.createTextNode(baris.uraian));
        if (baris.nama) { th.appendChild(el("span", { "class": "nama", text: baris.nama })); }
        body.appendChild(el("tr", { "class": baris.kelas }, [th].concat(baris.kunci.map(function (kunci) {
          return el("td", { "class": "kotak", id: "kotak-" + kunci, "data-kunci": kunci },
            kotak(kunci, labelOf(k, kunci)));
        }))));
      });
      return el("section", { "class": "card bagian", id: "bagian-" + bagian.kode, "data-bagian": bagian.kode }, [
        el("h2", { text: bagian.kode + ". " + bagian.judul }),
        el("div", { "class": "table-wrap" }, [
          el("table", { "class": "lembar kolom-" + bagian.kolom.length }, [el("thead", {}, [head]), body])
        ])
      ]);
    });
  }

  function renderIsi(jenis) {
    var k = kontestasi(jenis);
    var saved = lembarOf(jenis);
    var form = $("isi-form");
    form.dataset.jenis = jenis;
    $("isi-judul").textContent = T.isi + " · " + k.nama;
    var box = $("isi-kolom");
    box.textContent = "";
    lembarBagian(k, function (kunci, label) {
      var input = el("input", {
        "class": "angka", name: kunci, id: "luring-" + kunci, inputmode: "numeric",
        pattern: "[0-9]*", autocomplete: "off", maxlength: "5"
      });
      if (saved) { input.value = String(saved.angka[kunci]); }
      return [el("label", { "class": "sr-only", "for": "luring-" + kunci, text: label }), input];
    }).forEach(function (section) { box.appendChild(section); });
    $("temuan").textContent = "";
    $("isi-galat").hidden = true;
    show("isi");
  }

  function readAngka(k) {
    var angka = {};
    var missing = [];
    k.kolom.forEach(function (c) {
      var text = document.querySelector("#isi-kolom input[name='" + c.kunci + "']").value.trim();
      if (/^[0-9]{1,5}$/.test(text)) { angka[c.kunci] = parseInt(text, 10); } else { missing.push(c.label); }
    });
    return { angka: angka, missing: missing };
  }

  function galat(id, text) {
    $(id).textContent = text;
    $(id).hidden = !text;
  }

  // Run the checks and show each finding; return {angka, temuan, ditandai} or null.
  function periksa() {
    var k = kontestasi($("isi-form").dataset.jenis);
    var read = readAngka(k);
    var out = $("temuan");
    out.textContent = "";
    if (read.missing.length) {
      galat("isi-galat", fmt(T.belum_lengkap, { kolom: read.missing.slice(0, 5).join(", ") }));
      return null;
    }
    galat("isi-galat", "");
    var temuan = A.periksa(k.aturan, read.angka);
    var flagged = A.ditandai(temuan);
    document.querySelectorAll("#isi-kolom td.kotak").forEach(function (cell) {
      var key = cell.dataset.kunci;
      var on = flagged.indexOf(key) >= 0;
      cell.classList.toggle("ditandai", on);
      var tick = cell.querySelector("input[name=konfirmasi]");
      if (on && !tick) {
        cell.appendChild(el("label", { "class": "cocok" }, [
          el("input", { type: "checkbox", name: "konfirmasi", value: key }),
          el("span", { text: " " + T.cocokkan })
        ]));
      } else if (!on && tick) {
        cell.classList.remove("dikonfirmasi");
        cell.removeChild(tick.parentNode);
      }
    });
    if (!temuan.length) {
      out.appendChild(el("p", { "class": "card ok", text: T.tidak_ada_temuan }));
    } else {
      out.appendChild(el("p", { "class": "note", text: T.ada_temuan }));
      var list = el("ul", { "class": "temuan-list" });
      temuan.forEach(function (t) {
        var fields = t.kunci.map(function (key) { return labelOf(k, key); }).join(", ");
        list.appendChild(el("li", { "class": "temuan temuan-" + t.tingkat, "data-kode": t.kode }, [
          el("strong", { text: data.tingkat[t.kode] + ": " }),
          el("span", { text: fmt(data.pesan[t.kode], {
            fields: fields, diharapkan: t.diharapkan, tertulis: t.tertulis
          }) })
        ]));
      });
      out.appendChild(list);
    }
    return { k: k, angka: read.angka, temuan: temuan, ditandai: flagged };
  }

  function simpan(event) {
    event.preventDefault();
    var hasil = periksa();
    if (!hasil) { return; }
    var k = hasil.k;
    var ticked = [];
    document.querySelectorAll("#isi-kolom input[name=konfirmasi]:checked").forEach(function (box) {
      ticked.push(box.value);
    });
    if (hasil.ditandai.some(function (key) { return ticked.indexOf(key) < 0; })) {
      galat("isi-galat", T.belum_dicocokkan);
      return;
    }
    var saved = lembarOf(k.jenis);
    if (saved && (saved.dicoba || saved.status !== "tersimpan")) {
      galat("isi-galat", T.sudah_dikirim);
      return;
    }
    var item = saved || { jenis: "lembar", tps: data.tps, pemilihan: data.pemilihan, kontestasi: k.jenis };
    item.angka = hasil.angka;
    item.konfirmasi = ticked;
    item.kunci = Q.uuid();          // one key per sheet, kept across every retry
    item.versi_dasar = k.versi;      // the version the phone saw: a PPS correction is a conflict
    item.status = "tersimpan";
    item.dicoba = 0;
    item.disimpan = new Date().toISOString();
    item.teks = A.teksKanonik(data.pemilihan, data.tps, k.jenis, k.dapil.kode, hasil.angka);
    A.digest(item.teks).then(function (digest) {
      item.digest = digest;
      return Q.put(item);
    }).then(function () {
      return refresh();
    }).then(function () {
      renderSalinan(k.jenis);
      kirim();
    });
  }

  // --- Photos --------------------------------------------------------------------------------

  function renderFoto(jenis) {
    var k = kontestasi(jenis);
    var form = $("foto-form");
    form.dataset.jenis = jenis;
    $("foto-judul").textContent = T.foto + " · " + k.nama;
    var n = halamanCount(k);
    var next = 1;
    while (next < n && (fotoOf(jenis, next) || k.foto.some(function (f) { return f.halaman === next; }))) { next++; }
    $("foto-halaman").value = String(next);
    $("foto-dari").value = String(n);
    $("foto-berkas").value = "";
    $("foto-pratinjau").hidden = true;
    $("foto-simpan").disabled = true;
    galat("foto-galat", "");
    fotoBaru = null;
    show("foto");
  }

  // Downscale to SISI px on the long side (never up), re-encoded as JPEG at KUALITAS.
  function downscale(file) {
    return new Promise(function (resolve, reject) {
      var url = URL.createObjectURL(file);
      var img = new Image();
      img.onload = function () {
        var scale = Math.min(1, SISI / Math.max(img.naturalWidth, img.naturalHeight));
        var canvas = document.createElement("canvas");
        canvas.width = Math.round(img.naturalWidth * scale);
        canvas.height = Math.round(img.naturalHeight * scale);
        canvas.getContext("2d").drawImage(img, 0, 0, canvas.width, canvas.height);
        URL.revokeObjectURL(url);
        canvas.toBlob(function (blob) {
          if (blob) { resolve({ blob: blob, lebar: canvas.width, tinggi: canvas.height }); } else { reject(); }
        }, "image/jpeg", KUALITAS);
      };
      img.onerror = function () { URL.revokeObjectURL(url); reject(); };
      img.src = url;
    });
  }

  function blobBytes(blob) {
    return new Promise(function (resolve, reject) {
      var reader = new FileReader();
      reader.onload = function () { resolve(reader.result); };
      reader.onerror = reject;
      reader.readAsArrayBuffer(blob);
    });
  }

  function fotoDipilih() {
    var file = $("foto-berkas").files[0];
    if (!file) { return; }
    galat("foto-galat", "");
    downscale(file).then(function (hasil) {
      fotoBaru = hasil;
      var fig = $("foto-pratinjau");
      fig.querySelector("img").src = URL.createObjectURL(hasil.blob);
      fig.querySelector("figcaption").textContent = fmt(T.foto_ukuran, {
        w: hasil.lebar, h: hasil.tinggi, kb: Math.round(hasil.blob.size / 1024)
      });
      fig.hidden = false;
      $("foto-simpan").disabled = false;
    }, function () {
      galat("foto-galat", T.foto_bukan_gambar);
    });
  }

  function fotoSimpan(event) {
    event.preventDefault();
    var jenis = $("foto-form").dataset.jenis;
    var halaman = parseInt($("foto-halaman").value, 10);
    var dari = parseInt($("foto-dari").value, 10);
    if (!fotoBaru) { return; }
    if (!(halaman >= 1 && halaman <= dari && dari <= 99)) {
      galat("foto-galat", T.foto_halaman_salah);
      return;
    }
    var saved = fotoOf(jenis, halaman);
    var item = saved && !saved.dicoba && saved.status === "tersimpan" ? saved :
      { jenis: "foto", tps: data.tps, pemilihan: data.pemilihan, kontestasi: jenis };
    item.halaman = halaman;
    item.dari = dari;
    item.blob = fotoBaru.blob;
    item.lebar = fotoBaru.lebar;
    item.tinggi = fotoBaru.tinggi;
    item.status = "tersimpan";
    item.dicoba = 0;
    blobBytes(fotoBaru.blob).then(A.sha256).then(function (sha) {
      item.sha256 = sha;
      return Q.put(item);
    }).then(refresh).then(function () {
      renderFoto(jenis);
      kirim();
    });
  }

  // --- Incidents and objections (C.Kejadian khusus dan/atau keberatan) -------------------

  function labelPilihan(list, value) {
    var found = list.filter(function (p) { return p[0] === value; })[0];
    return found ? found[1] : value;
  }

  function kejadianItems() {
    return items.filter(function (i) { return mine(i) && i.jenis === "kejadian"; });
  }

  function renderKejadianList() {
    var K = data.kejadian;
    var list = $("kejadian-list");
    list.textContent = "";
    var own = kejadianItems();
    if (!own.length) { list.appendChild(el("li", { "class": "note", text: T.kejadian_belum })); }
    own.forEach(function (i) {
      var li = el("li", { "class": "kejadian-luring", "data-kunci": i.kunci }, [
        el("span", { text: labelPilihan(K.jenis, i.isian.jenis) + " · " +
          labelPilihan(K.kategori, i.isian.kategori) + ": " }),
        statusSpan(i.status, i.foto.length ? "(" + i.foto.length + " foto)" : "")
      ]);
      if (i.pesan) { li.appendChild(el("span", { "class": "pesan", text: i.pesan })); }
      list.appendChild(li);
    });
  }

  function options(select, list) {
    select.textContent = "";
    list.forEach(function (p) { select.appendChild(el("option", { value: p[0], text: p[1] })); });
  }

  function renderKejadian() {
    var K = data.kejadian;
    $("kejadian-form").reset();
    var jenis = $("kejadian-jenis");
    jenis.textContent = "";
    K.jenis.forEach(function (p, n) {
      var radio = el("input", { type: "radio", name: "jenis", value: p[0] });
      radio.checked = radio.defaultChecked = n === 0;
      jenis.appendChild(el("label", {}, [radio, el("span", { text: " " + p[1] })]));
    });
    options($("kejadian-kontestasi"), [["", T.kejadian_semua]].concat(data.kontestasi.map(function (k) {
      return [k.jenis, k.nama];
    })));
    options($("kejadian-kategori"), K.kategori);
    options($("kejadian-pengaju"), K.pengaju);
    galat("kejadian-galat", "");
    show("kejadian");
  }

  // The checks of kejadian.services, on the phone; the server checks again when it arrives.
  function kejadianMasalah(isian, fotoCount) {
    var K = data.kejadian;
    var out = [];
    var length = Array.from(isian.uraian).length;  // code points, like Python's len()
    if (length < K.uraian_min) { out.push(fmt(T.uraian_pendek, { n: K.uraian_min })); }
    if (length > K.uraian_max) { out.push(fmt(T.uraian_panjang, { n: K.uraian_max })); }
    if (isian.jenis === "keberatan" && isian.pengaju === "kpps") { out.push(T.pengaju_kpps); }
    if (K.pengaju_bernama.indexOf(isian.pengaju) >= 0 && !isian.nama_pengaju) { out.push(T.nama_wajib); }
    if (Array.from(isian.nama_pengaju).length > K.nama_max) { out.push(fmt(T.nama_panjang, { n: K.nama_max })); }
    if (fotoCount > K.foto_maks) { out.push(fmt(T.foto_maks, { n: K.foto_maks })); }
    return out;
  }

  function kejadianSimpan(event) {
    event.preventDefault();
    var form = $("kejadian-form");
    var checked = form.querySelector("input[name=jenis]:checked");
    var isian = {
      jenis: checked ? checked.value : "",
      kontestasi: $("kejadian-kontestasi").value,
      kategori: $("kejadian-kategori").value,
      uraian: $("kejadian-uraian").value.trim(),
      pengaju: $("kejadian-pengaju").value,
      nama_pengaju: $("kejadian-nama").value.trim()
    };
    var files = Array.prototype.slice.call($("kejadian-foto").files);
    var masalah = kejadianMasalah(isian, files.length);
    if (masalah.length) { galat("kejadian-galat", masalah.join(" ")); return; }
    galat("kejadian-galat", "");
    $("kejadian-simpan").disabled = true;
    Promise.all(files.map(downscale)).then(function (fotos) {
      return Q.put({
        jenis: "kejadian", tps: data.tps, pemilihan: data.pemilihan,
        kunci: Q.uuid(),  // one key per record, kept across every retry
        isian: isian,
        foto: fotos.map(function (f) { return f.blob; }),
        status: "tersimpan", dicoba: 0, disimpan: new Date().toISOString()
      });
    }).then(refresh).then(function () {
      show(null);
      $("daftar-kejadian").scrollIntoView();
      kirim();
    }, function () {
      galat("kejadian-galat", T.foto_bukan_gambar);
    }).then(function () { $("kejadian-simpan").disabled = false; });
  }

  // --- The witnesses' copy -------------------------------------------------------------------

  // The verification URL as a QR code, drawn here from what the phone saved (no network):
  // qrcode-generator (vendor/qrcode.js), error correction M like the server's copy (segno).
  function qrSvg(text) {
    var qr = qrcode(0, "M");
    qr.addData(text);
    qr.make();
    var markup = qr.createSvgTag({ cellSize: 4, margin: 16, scalable: true, title: T.qr_judul });
    var svg = new DOMParser().parseFromString(markup, "image/svg+xml").documentElement;
    return document.importNode(svg, true);
  }

  function renderSalinan(jenis) {
    var k = kontestasi(jenis);
    var lembar = lembarOf(jenis);
    if (!lembar) { return; }
    var box = $("salinan");
    box.dataset.jenis = jenis;
    $("salinan-judul").textContent = k.nama + " · " + data.tps_nama + " · " + k.dapil.nama;
    var digest = $("salinan-digest");
    digest.textContent = "";
    for (var i = 0; i < 64; i += 8) {
      digest.appendChild(el("span", { "class": "grup", text: lembar.digest.slice(i, i + 8) }));
    }
    digest.dataset.digest = lembar.digest;
    var server = $("salinan-server");
    if (lembar.hasil && lembar.hasil.digest) {
      var same = lembar.hasil.digest === lembar.digest;
      server.textContent = same ? fmt(T.digest_cocok, { v: lembar.hasil.versi }) :
        fmt(T.digest_beda, { d: lembar.hasil.digest });
      server.className = same ? "ok" : "galat-form";
      server.dataset.cocok = same ? "ya" : "tidak";
    } else {
      server.textContent = T.digest_ponsel;
      server.className = "";
      delete server.dataset.cocok;
    }
    var url = data.verifikasi_digest.replace("DIGEST", lembar.digest);
    $("salinan-url").textContent = fmt(T.verifikasi, { url: url });
    var qr = $("salinan-qr");
    qr.textContent = "";
    qr.appendChild(qrSvg(url));
    qr.dataset.isi = url;
    // The numbers in the paper's layout, in digit boxes like the server's copy (_lembar.html).
    var body = $("salinan-angka");
    body.textContent = "";
    lembarBagian(k, function (kunci, label) {
      var nilai = String(lembar.angka[kunci]);
      var digits = nilai.length < 3 ? ("   " + nilai).slice(-3) : nilai;
      return [el("data", { "class": "nilai", value: nilai, title: label },
        digits.split("").map(function (d) { return el("span", { text: d }); }))];
    }).forEach(function (section) { body.appendChild(section); });
    show("salinan");
  }

  // --- Network, sending, start ---------------------------------------------------------------

  function jaringan() {
    $("jaringan").textContent = navigator.onLine ? T.daring : T.luring;
    $("jaringan").dataset.online = navigator.onLine ? "ya" : "tidak";
  }

  function kirim() {
    if (pengirim && navigator.onLine) {
      pengirim.kirim().then(refresh, refresh).then(bacaanMuat);
    }
  }

  root.addEventListener("click", function (event) {
    var button = event.target.closest("button");
    if (!button) { return; }
    if (button.hasAttribute("data-tutup")) { show(null); return; }
    var aksi = button.dataset.aksi;
    if (aksi === "isi") { renderIsi(button.dataset.jenis); }
    if (aksi === "foto") { renderFoto(button.dataset.jenis); }
    if (aksi === "salinan") { renderSalinan(button.dataset.jenis); }
    if (aksi === "kejadian") { renderKejadian(); }
  });
  $("periksa").addEventListener("click", periksa);
  $("isi-form").addEventListener("submit", simpan);
  $("isi-form").addEventListener("change", function (event) {
    if (event.target.name === "konfirmasi") {
      event.target.closest("td.kotak").classList.toggle("dikonfirmasi", event.target.checked);
    }
  });
  $("foto-berkas").addEventListener("change", fotoDipilih);
  $("foto-form").addEventListener("submit", fotoSimpan);
  $("kejadian-form").addEventListener("submit", kejadianSimpan);
  $("kirim-sekarang").addEventListener("click", kirim);
  window.addEventListener("online", function () { jaringan(); kirim(); });
  window.addEventListener("offline", jaringan);
  // Sign-out (keluar.js) warns about unsent items, then clears the queue and the caches.

  function siapLuring() {
    $("siap-luring").textContent = T.siap_luring;
    $("siap-luring").hidden = false;
    root.dataset.luringSiap = "ya";
  }

  // One visit online is enough: on the first visit this page and its data were loaded before
  // the worker controlled the page, so ask the worker to fetch and keep them now; say so once
  // they are kept (later visits go through the worker, which keeps them on the way).
  function simpanDiPonsel() {
    var controlled = !!navigator.serviceWorker.controller;
    navigator.serviceWorker.ready.then(function (registration) {
      if (controlled) { siapLuring(); return; }
      var channel = new MessageChannel();
      channel.port1.onmessage = function (event) {
        if (event.data && event.data.tersimpan) { siapLuring(); }
      };
      var manifest = document.querySelector("link[rel=manifest]");
      var urls = [location.href.split("#")[0], new URL(root.dataset.dataUrl, location.href).href];
      if (manifest) { urls.push(manifest.href); }
      registration.active.postMessage({ simpan: urls }, [channel.port2]);
    });
  }

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register(root.dataset.swUrl, { scope: root.dataset.swScope })
      .then(simpanDiPonsel, function () { /* the page still works online without it */ });
  }
  jaringan();
  fetch(root.dataset.dataUrl, { credentials: "same-origin" }).then(function (response) {
    if (!response.ok || response.redirected) { throw new Error(String(response.status)); }
    return response.json();
  }).then(function (loaded) {
    data = loaded;
    pengirim = new Q.Pengirim({
      api: data.api, kejadian: data.kejadian.url, tps: data.tps, onChange: refresh
    });
    root.dataset.siap = "ya";
    return refresh();
  }).then(kirim, function () {
    $("jaringan").textContent = T.tidak_ada_data;
  });
})();
