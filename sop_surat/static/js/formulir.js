// Every form: dates and times typed the Indonesian way, and the error summary's links.
//
// Dates (inputs marked data-tanggal) are written dd/mm/yyyy whatever the browser's
// language: typing only digits, "30112026", puts in the slashes as one goes
// ("30/11/2026"). Times (data-waktu) are 24-hour hh.mm: "0900" becomes "09.00". The
// server also takes 30-11-2026, 30.11.2026, 30112026, 2026-11-30 and 09:00.
//
// A link in the error summary (partials/ringkasan_galat.html) lands on something one can
// type in: the letter editor rather than its hidden textarea, the first box of a group
// of checkboxes, a field inside a closed <details>.
(function () {
  "use strict";

  function tanggal(v, ketik) {
    if (/^\d{8}$/.test(v)) return v.slice(0, 2) + "/" + v.slice(2, 4) + "/" + v.slice(4);
    if (!ketik) return v;
    // A separator typed right after the one put in for you counts once.
    v = v.replace(/^(\d{2})\/[-./]$/, "$1/").replace(/^(\d{1,2}\/\d{2})\/[-./]$/, "$1/");
    v = v.replace(/^(\d{2})(\d)$/, "$1/$2").replace(/^(\d{1,2}\/\d{2})(\d)$/, "$1/$2");
    if (/^\d{2}$/.test(v) || /^\d{1,2}\/\d{2}$/.test(v)) v += "/";
    return v;
  }

  function waktu(v, ketik) {
    if (/^\d{4}$/.test(v)) return v.slice(0, 2) + "." + v.slice(2);
    if (!ketik) return v;
    v = v.replace(/^(\d{2})\.[.:]$/, "$1.");
    if (/^\d{2}$/.test(v) && Number(v) <= 23) v += ".";
    return v;
  }

  document.addEventListener("input", function (e) {
    var el = e.target;
    var ubah = el.hasAttribute && (el.hasAttribute("data-tanggal") ? tanggal : el.hasAttribute("data-waktu") ? waktu : null);
    if (!ubah) return;
    // Only while writing at the end: deleting, or editing in the middle, is left alone.
    if ((e.inputType || "").indexOf("delete") === 0) return;
    if (el.selectionStart !== el.value.length) return;
    var baru = ubah(el.value, (e.inputType || "insertText") === "insertText");
    if (baru !== el.value) el.value = baru;
  });

  function sasaran(el) {
    var editor = el.closest(".prose-editor");
    if (editor) return editor.querySelector("[contenteditable=true]");
    if (el.matches("input, select, textarea, button, [contenteditable=true]")) return el;
    return el.querySelector("input:not([type=hidden]), select, textarea, [contenteditable=true]");
  }

  document.addEventListener("click", function (e) {
    var tautan = e.target.closest && e.target.closest(".ringkasan-galat a[href^='#']");
    if (!tautan) return;
    var el = document.getElementById(decodeURIComponent(tautan.hash.slice(1)));
    if (!el) return;
    var tutup = el.closest("details");
    if (tutup) tutup.open = true;
    var tujuan = sasaran(el);
    if (!tujuan) return;
    e.preventDefault();
    tujuan.focus();
    tujuan.scrollIntoView({ block: "center" });
  });
})();
