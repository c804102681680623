// Wahana: small progressive enhancements. Every page works without this file.
(function () {
  "use strict";

  // Region picker: type to search, or step down province > kabupaten > kecamatan > desa.
  function setupPicker(root) {
    if (root.dataset.ready) return;
    root.dataset.ready = "1";
    var code = root.querySelector(".kode-wilayah");
    var search = root.querySelector(".cari-wilayah");
    var list = root.querySelector(".pilihan-wilayah");
    var name = root.querySelector(".nama-wilayah");
    var timer = null;

    function load(params) {
      var query = new URLSearchParams(params);
      if (root.dataset.tingkat) query.set("tingkat", root.dataset.tingkat);
      fetch(root.dataset.url + "?" + query.toString(), { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.text() : ""; })
        .then(function (html) { list.innerHTML = html; });
    }
    search.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        load({ q: search.value, dalam: root.dataset.dalam || "" });
      }, 200);
    });
    search.addEventListener("focus", function () {
      if (!search.value && !list.innerHTML) load({ dalam: code.value || root.dataset.dalam || "" });
    });
    list.addEventListener("click", function (event) {
      var pick = event.target.closest(".pilih-wilayah");
      var down = event.target.closest(".turun-wilayah");
      if (pick) {
        code.value = pick.dataset.kode;
        name.textContent = pick.dataset.nama;
        list.innerHTML = "";
        search.value = "";
      } else if (down) {
        load({ dalam: down.dataset.kode });
      }
    });
  }

  function setupAll(scope) {
    scope.querySelectorAll(".pemilih-wilayah").forEach(setupPicker);
  }
  document.addEventListener("DOMContentLoaded", function () { setupAll(document); });
  document.addEventListener("htmx:load", function (event) { setupAll(event.target); });
})();
