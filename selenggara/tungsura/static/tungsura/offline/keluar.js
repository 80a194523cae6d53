/* Sign-out with unsent items (issue 14). Signing out clears this site's storage on the phone
   (Clear-Site-Data on the answer, and the offline app's caches here), so whatever the offline
   queue still holds would be lost. On every page of a signed-in user: before the sign-out form
   is sent, count what the queue has not delivered and, if anything, say so plainly and let the
   KPPS cancel, or sign out anyway. The words come from the form's data- attributes.
   Oldest Chrome: 57 for the offline app (README "Browsers"); this file needs only IndexedDB
   through antrean.js (getAll, 48) and ServiceWorker.postMessage (40). */
(function () {
  "use strict";
  var TERKIRIM = ["terkirim", "ditandai"];

  function belumTerkirim() {
    if (!self.SelenggaraAntrean || !self.indexedDB) { return Promise.resolve(0); }
    return self.SelenggaraAntrean.all().then(function (items) {
      return items.filter(function (item) { return TERKIRIM.indexOf(item.status) < 0; }).length;
    });
  }

  function lupakan() {
    if (navigator.serviceWorker && navigator.serviceWorker.controller) {
      navigator.serviceWorker.controller.postMessage("lupakan");
    }
  }

  function keluar(form) {
    form.dataset.yakin = "ya";
    lupakan();
    form.submit();
  }

  function button(text, className, onClick) {
    var node = document.createElement("button");
    node.type = "button";
    node.className = className;
    node.textContent = text;
    node.addEventListener("click", onClick);
    return node;
  }

  function peringatan(form, n) {
    var old = document.getElementById("peringatan-keluar");
    if (old) { old.parentNode.removeChild(old); }
    var box = document.createElement("section");
    box.id = "peringatan-keluar";
    box.className = "card galat-form peringatan-keluar";
    box.setAttribute("role", "alertdialog");
    box.setAttribute("aria-labelledby", "peringatan-keluar-teks");
    var text = document.createElement("p");
    text.id = "peringatan-keluar-teks";
    text.textContent = form.dataset.peringatan.replace("{n}", String(n));
    var actions = document.createElement("div");
    actions.className = "actions";
    var batal = button(form.dataset.batal, "button", function () {
      box.parentNode.removeChild(box);
    });
    actions.appendChild(batal);
    actions.appendChild(button(form.dataset.tetapKeluar, "button secondary", function () {
      keluar(form);
    }));
    box.appendChild(text);
    box.appendChild(actions);
    var main = document.getElementById("main") || document.body;
    main.insertBefore(box, main.firstChild);
    box.scrollIntoView();
    batal.focus();
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList || !form.classList.contains("logout") || !form.dataset.peringatan) { return; }
    if (form.dataset.yakin === "ya") { lupakan(); return; }
    event.preventDefault();
    belumTerkirim().then(function (n) {
      if (n) { peringatan(form, n); } else { keluar(form); }
    }, function () { keluar(form); });
  });
})();
