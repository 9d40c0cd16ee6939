// The letter editor (django-prose-editor) in Indonesian, named for screen readers.
//
// Loaded before the editor's own modules: the editor reads window.gettext once, when it
// loads, for the words of its dialogs (table, numbered list). Its toolbar buttons carry
// English names the library does not translate; once an editor is ready
// ("prose-editor:ready") each button is renamed by its data-name, the typing area is
// named by the field's label and described by its help text and errors, and the
// toolbar is a named toolbar.
(function () {
  "use strict";

  var KATA = {
    Update: "Simpan",
    Cancel: "Batal",
    Rows: "Jumlah baris",
    Columns: "Jumlah kolom",
    "Include header row": "Dengan baris judul",
    "Table Properties": "Sisipkan tabel",
    "Insert Table": "Sisipkan",
    "Start at": "Mulai dari",
    "List type": "Jenis penomoran",
    "List properties": "Pengaturan daftar bernomor",
    "Decimal numbers": "Angka",
    "Lowercase letters": "Huruf kecil",
    "Uppercase letters": "Huruf besar",
    "Lowercase Roman numerals": "Angka Romawi kecil",
    "Uppercase Roman numerals": "Angka Romawi besar",
    Bullets: "Butir",
    "Toggle fullscreen": "Layar penuh",
  };
  if (!window.gettext) {
    window.gettext = function (s) {
      return KATA[s] || s;
    };
  }

  var TOMBOL = {
    bold: "Tebal",
    italic: "Miring",
    underline: "Garis bawah",
    strike: "Coret",
    subscript: "Subskrip",
    superscript: "Superskrip",
    paragraph: "Paragraf",
    bulletList: "Daftar berbutir",
    orderedList: "Daftar bernomor",
    orderedListProperties: "Pengaturan daftar bernomor",
    blockquote: "Kutipan",
    horizontalRule: "Garis pemisah",
    table: "Sisipkan tabel",
    "table:addColumnAfter": "Tambah kolom",
    "table:deleteColumn": "Hapus kolom",
    "table:addRowAfter": "Tambah baris",
    "table:deleteRow": "Hapus baris",
    "table:mergeCells": "Gabungkan sel",
    "table:splitCell": "Pisahkan sel",
    "table:toggleHeaderCell": "Sel judul / sel biasa",
    "table:deleteTable": "Hapus tabel",
    "history:undo": "Urungkan",
    "history:redo": "Ulangi",
    "textAlign:left": "Rata kiri",
    "textAlign:center": "Rata tengah",
    "textAlign:right": "Rata kanan",
    "textAlign:justify": "Rata kiri-kanan",
    fullscreen: "Layar penuh",
  };
  // Buttons that switch a format on and off (the others do one thing once).
  var SAKLAR = ["bold", "italic", "underline", "strike", "subscript", "superscript", "bulletList", "orderedList"];
  // The table dialog's Yes/No: the option's value must stay, only its label changes.
  var PILIHAN = { Yes: "Ya", No: "Tidak" };

  function namaiTombol(akar) {
    akar.querySelectorAll("button[data-name]").forEach(function (tombol) {
      var nama = TOMBOL[tombol.dataset.name];
      if (!nama) return;
      tombol.title = nama;
      tombol.setAttribute("aria-label", nama);
    });
  }

  document.addEventListener("prose-editor:ready", function (e) {
    var editor = e.detail.editor;
    var textarea = e.detail.textarea;
    var akar = textarea.closest(".prose-editor");
    var ketik = editor.view.dom;
    var label = document.getElementById(textarea.id + "_label");

    ketik.setAttribute("role", "textbox");
    ketik.setAttribute("aria-multiline", "true");
    if (label) {
      ketik.setAttribute("aria-labelledby", label.id);
      // The label points at the hidden textarea; clicking it goes to the editor.
      label.addEventListener("click", function (ev) {
        ev.preventDefault();
        editor.commands.focus();
      });
    } else {
      ketik.setAttribute("aria-label", "Isi Surat");
    }
    ["aria-describedby", "aria-invalid"].forEach(function (nama) {
      if (textarea.hasAttribute(nama)) ketik.setAttribute(nama, textarea.getAttribute(nama));
    });

    // Tiptap builds the toolbar when it emits "create", just after this event.
    if (akar && akar.querySelector(".prose-menubar")) namaiMenu(editor, akar);
    else if (akar) editor.on("create", function () { namaiMenu(editor, akar); });
    if (akar) {
      new MutationObserver(function () {
        akar.querySelectorAll(".prose-editor-dialog option").forEach(function (o) {
          if (PILIHAN[o.value]) o.label = PILIHAN[o.value];
        });
      }).observe(akar, { childList: true });
    }
  });

  function namaiMenu(editor, akar) {
    var menu = akar.querySelector(".prose-menubar");
    if (menu) {
      menu.setAttribute("role", "toolbar");
      menu.setAttribute("aria-label", "Format isi surat");
      namaiTombol(menu);
      var tandai = function () {
        menu.querySelectorAll("button[data-name]").forEach(function (tombol) {
          if (SAKLAR.indexOf(tombol.dataset.name) < 0) return;
          tombol.setAttribute("aria-pressed", tombol.classList.contains("active") ? "true" : "false");
        });
      };
      editor.on("transaction", tandai);
      tandai();
    }
  }
})();
