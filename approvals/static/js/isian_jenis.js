// Letter form: show only the fieldset of the chosen jenis naskah. Without this script
// every jenis's fieldset shows, each under its own legend.
(function () {
  "use strict";
  var pilihan = document.getElementById("id_jenis");
  if (!pilihan) return;
  var kelompok = document.querySelectorAll("fieldset.isian-jenis");
  var wajib = document.querySelectorAll("[data-wajib-untuk]");
  function tampilkan() {
    kelompok.forEach(function (fs) {
      var cocok = fs.getAttribute("data-jenis") === pilihan.value;
      fs.hidden = !cocok;
      fs.disabled = !cocok;
    });
    // A required mark shown only for the jenis that need the field (e.g. Tujuan).
    wajib.forEach(function (tanda) {
      tanda.hidden = tanda.getAttribute("data-wajib-untuk").split(" ").indexOf(pilihan.value) < 0;
    });
  }
  pilihan.addEventListener("change", tampilkan);
  tampilkan();
})();
