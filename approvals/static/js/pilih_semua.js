// Batch signing: "Pilih semua" ticks or clears every letter. Without this script the box
// stays hidden and each letter is ticked by hand.
(function () {
  "use strict";
  var semua = document.getElementById("pilih-semua");
  if (!semua) return;
  var kotak = document.querySelectorAll(".daftar-ttd input[type=checkbox]");
  function perbarui() {
    var dipilih = Array.prototype.filter.call(kotak, function (k) { return k.checked; }).length;
    semua.checked = dipilih === kotak.length;
    semua.indeterminate = dipilih > 0 && dipilih < kotak.length;
  }
  semua.addEventListener("change", function () {
    kotak.forEach(function (k) { k.checked = semua.checked; });
    perbarui();
  });
  kotak.forEach(function (k) { k.addEventListener("change", perbarui); });
  semua.closest("label").hidden = false;
  perbarui();
})();
