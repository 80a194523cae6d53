/* C.Hasil entry: live sums beside each total and marking confirmed fields. The form works
   without this script; the server runs the same checks on "Periksa" and "Kirim". */
(function () {
  "use strict";

  function value(input) {
    var text = input ? input.value.trim() : "";
    return /^[0-9]+$/.test(text) ? parseInt(text, 10) : null;
  }

  function setup(form) {
    var inputs = {};
    form.querySelectorAll("input.angka").forEach(function (input) {
      inputs[input.name] = input;
    });
    var totals = form.querySelectorAll("td[data-jumlah-dari]");

    function update() {
      totals.forEach(function (cell) {
        var sum = 0;
        var complete = true;
        cell.dataset.jumlahDari.split(" ").forEach(function (key) {
          var n = value(inputs[key]);
          if (n === null) { complete = false; } else { sum += n; }
        });
        var out = cell.querySelector("output.jumlah-hidup");
        if (!out) {
          out = document.createElement("output");
          out.className = "jumlah-hidup";
          cell.appendChild(out);
        }
        var own = value(inputs[cell.dataset.kunci]);
        out.textContent = complete ? "Σ " + sum : "";
        cell.classList.toggle("selisih", complete && own !== null && own !== sum);
      });
    }

    form.addEventListener("input", update);
    form.addEventListener("change", function (event) {
      var box = event.target;
      if (box.name === "konfirmasi") {
        box.closest("td").classList.toggle("dikonfirmasi", box.checked);
      }
    });
    update();
  }

  document.querySelectorAll("form.lembar-isi").forEach(setup);
})();
