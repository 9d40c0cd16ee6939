// Letter form: show only the fieldset of the chosen jenis naskah. Without this script
// every jenis's fieldset shows, each under its own legend.
(function () {
  "use strict";
  var pilihan = document.getElementById("id_jenis");
  if (!pilihan) return;
  var kelompok = document.querySelectorAll("fieldset.isian-jenis");
  function tampilkan() {
    kelompok.forEach(function (fs) {
      var cocok = fs.getAttribute("data-jenis") === pilihan.value;
      fs.hidden = !cocok;
      fs.disabled = !cocok;
    });
  }
  pilihan.addEventListener("change", tampilkan);
  tampilkan();
})();
