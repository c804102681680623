// Wahana Lapangan: field forms that work without signal.
// Every saved form goes first into an outbox in IndexedDB (keyed by the signed-in user, with a
// client-generated id), then is sent when online: photos first (by SHA-256, the server says
// when it already has one), then the item, with its id as the idempotency key. An item leaves
// the outbox only when the server answers that it stored it.
(function () {
  "use strict";
  var root = document.getElementById("luring");
  if (!root || !window.indexedDB || !window.wahanaLuringDb) return;
  var USER = root.dataset.userId;
  var API = root.dataset.api;
  var MAX_DELAY = 5 * 60 * 1000;
  // Every user-facing string comes translated from the page (templatetags/luring.py).
  var TEKS = JSON.parse(document.getElementById("luring-teks").textContent);
  var syncing = false;
  var timer = null;

  function $(id) {
    return document.getElementById(id);
  }

  function openDb() {
    return window.wahanaLuringDb(); // sesi.js, on every page: one place knows the schema
  }

  // One IndexedDB transaction; resolves when it is durably committed.
  function tx(stores, mode, work) {
    return openDb().then(function (db) {
      return new Promise(function (resolve, reject) {
        var t = db.transaction(stores, mode, { durability: "strict" });
        var result;
        t.oncomplete = function () {
          resolve(result);
        };
        t.onerror = t.onabort = function () {
          reject(t.error);
        };
        work(t, function (value) {
          result = value;
        });
      });
    });
  }

  function getAll(storeName, indexName, key) {
    return tx([storeName], "readonly", function (t, done) {
      var source = t.objectStore(storeName);
      if (indexName) source = source.index(indexName);
      var request = key === undefined ? source.getAll() : source.getAll(key);
      request.onsuccess = function () {
        done(request.result);
      };
    });
  }

  function getOne(storeName, key) {
    return tx([storeName], "readonly", function (t, done) {
      var request = t.objectStore(storeName).get(key);
      request.onsuccess = function () {
        done(request.result);
      };
    });
  }

  function put(storeName, value) {
    return tx([storeName], "readwrite", function (t) {
      t.objectStore(storeName).put(value);
    });
  }

  function cookie(name) {
    var match = document.cookie.match(new RegExp("(?:^|; )" + name + "=([^;]*)"));
    return match ? decodeURIComponent(match[1]) : "";
  }

  function hex(buffer) {
    return Array.prototype.map
      .call(new Uint8Array(buffer), function (b) {
        return ("0" + b.toString(16)).slice(-2);
      })
      .join("");
  }

  function myItems() {
    return getAll("kotak", "pengguna", USER).then(function (items) {
      return items.sort(function (a, b) {
        return a.dibuat - b.dibuat;
      });
    });
  }

  function fmt(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (all, name) {
      return name in values ? String(values[name]) : all;
    });
  }

  // ---- showing the outbox -------------------------------------------------------------
  var LABELS = TEKS.jenis;
  var STATUS = TEKS.status;

  function render() {
    return getAll("kotak").then(function (all) {
      var mine = all.filter(function (i) {
        return i.pengguna === USER;
      });
      var others = all.length - mine.length;
      $("jumlah-kotak-keluar").textContent = String(mine.length);
      var signal = root.querySelector(".sinyal");
      signal.textContent = navigator.onLine ? signal.dataset.online : signal.dataset.offline;
      if (others) {
        say(fmt(TEKS.milik_lain, { n: others }));
      }
      var list = $("daftar-kotak-keluar");
      if (!list) return;
      list.textContent = "";
      mine.forEach(function (item) {
        var li = document.createElement("li");
        var d = item.data;
        var title = d.nama || d.judul || d.uraian || d.agenda || "#" + d.ppks_id;
        li.textContent =
          (LABELS[item.jenis] || item.jenis) +
          ": " +
          title +
          " (" +
          (STATUS[item.status] || item.status) +
          (item.pesan ? ": " + item.pesan : "") +
          ")";
        if (item.status !== "menunggu") {
          var drop = document.createElement("button");
          drop.type = "button";
          drop.textContent = TEKS.buang;
          drop.addEventListener("click", function () {
            if (window.confirm(TEKS.buang_tanya)) {
              removeItem(item).then(render);
            }
          });
          li.appendChild(drop);
        }
        list.appendChild(li);
      });
    });
  }

  function say(text) {
    var box = $("pesan-sinkron");
    if (box) box.textContent = text;
  }

  // ---- saving a form ------------------------------------------------------------------
  function readFoto(file) {
    return file.arrayBuffer().then(function (buffer) {
      return crypto.subtle.digest("SHA-256", buffer).then(function (digest) {
        return {
          kunci: USER + ":" + hex(digest),
          sha256: hex(digest),
          pengguna: USER,
          nama: file.name,
          tipe: file.type,
          isi: new Blob([buffer], { type: file.type }),
        };
      });
    });
  }

  // The item's data: field name -> value, as the server form names them; files travel as
  // photo hashes.
  function payloadOf(form) {
    var fd = new FormData(form);
    var data = {};
    fd.forEach(function (value, key) {
      if (key === "csrfmiddlewaretoken" || key === "client_id" || value instanceof File) return;
      data[key] = value;
    });
    form.querySelectorAll("input[type=checkbox]").forEach(function (box) {
      // A choice among many carries a value (a list); a yes/no box has none (true/false).
      data[box.name] = box.hasAttribute("value") ? fd.getAll(box.name) : fd.has(box.name);
    });
    if (form.dataset.jenis === "ppks_ubah") data.ppks_id = Number(data.ppks_id);
    return data;
  }

  function save(form) {
    var data = payloadOf(form);
    var fileInput = form.querySelector("input[type=file]");
    var files = fileInput && fileInput.files ? Array.prototype.slice.call(fileInput.files) : [];
    return Promise.all(files.map(readFoto)).then(function (fotos) {
      if (fotos.length) data.foto = fotos.map(function (f) { return f.sha256; });
      var item = {
        id: crypto.randomUUID(),
        pengguna: USER,
        jenis: form.dataset.jenis,
        data: data,
        dibuat: Date.now(),
        status: "menunggu",
        percobaan: 0,
        berikutnya: 0,
      };
      // The item and its photos in one durable transaction, before any network call.
      return tx(["kotak", "foto"], "readwrite", function (t) {
        fotos.forEach(function (f) {
          t.objectStore("foto").put(f);
        });
        t.objectStore("kotak").put(item);
      });
    });
  }

  function removeItem(item) {
    return myItems().then(function (items) {
      var stillUsed = {};
      items.forEach(function (other) {
        if (other.id === item.id) return;
        (other.data.foto || []).forEach(function (sha) {
          stillUsed[sha] = true;
        });
      });
      return tx(["kotak", "foto"], "readwrite", function (t) {
        t.objectStore("kotak").delete(item.id);
        (item.data.foto || []).forEach(function (sha) {
          if (!stillUsed[sha]) t.objectStore("foto").delete(USER + ":" + sha);
        });
      });
    });
  }

  // ---- sending --------------------------------------------------------------------------
  function Retry(message) {
    this.message = message;
  }

  function request(url, options) {
    options.credentials = "same-origin";
    options.headers = options.headers || {};
    options.headers["X-CSRFToken"] = cookie("csrftoken");
    return fetch(url, options).catch(function () {
      throw new Retry(TEKS.tanpa_sinyal);
    });
  }

  function detailOf(response) {
    return response
      .json()
      .then(function (body) {
        var d = body.detail;
        return typeof d === "string" ? d : JSON.stringify(d);
      })
      .catch(function () {
        return "HTTP " + response.status;
      });
  }

  function sendFoto(sha) {
    return request(API + "/foto/" + sha, { method: "GET" }).then(function (response) {
      if (response.ok) return null;
      if (response.status !== 404) throw new Retry("HTTP " + response.status);
      return getOne("foto", USER + ":" + sha).then(function (foto) {
        if (!foto) return TEKS.foto_hilang;
        var body = new FormData();
        body.append("sha256", sha);
        body.append("foto", foto.isi, foto.nama || "foto.jpg");
        return request(API + "/foto", { method: "POST", body: body }).then(function (r) {
          if (r.ok) return null;
          if (r.status >= 500 || r.status === 401) throw new Retry("HTTP " + r.status);
          return detailOf(r);
        });
      });
    });
  }

  function sendItem(item) {
    var fotos = item.data.foto || [];
    var chain = Promise.resolve(null);
    fotos.forEach(function (sha) {
      chain = chain.then(function (problem) {
        return problem || sendFoto(sha);
      });
    });
    return chain.then(function (problem) {
      if (problem) return mark(item, "ditolak", problem);
      return request(API + "/kirim", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ client_id: item.id, jenis: item.jenis, data: item.data }),
      }).then(function (response) {
        if (response.ok) {
          // Stored (or filed for a reviewer) by the server: only now it leaves the phone.
          return removeItem(item);
        }
        if (response.status === 401) throw new Retry(TEKS.sesi_berakhir);
        if (response.status >= 500 || response.status === 429) {
          throw new Retry("HTTP " + response.status);
        }
        return detailOf(response).then(function (detail) {
          return mark(item, response.status === 409 ? "konflik" : "ditolak", detail);
        });
      });
    });
  }

  function mark(item, status, pesan) {
    item.status = status;
    item.pesan = pesan;
    return put("kotak", item);
  }

  function backoff(item, message) {
    item.percobaan += 1;
    item.berikutnya = Date.now() + Math.min(MAX_DELAY, 1000 * Math.pow(2, item.percobaan));
    item.pesan = message;
    return put("kotak", item);
  }

  function sync() {
    if (syncing) return Promise.resolve();
    syncing = true;
    clearTimeout(timer);
    return myItems()
      .then(function (items) {
        var chain = Promise.resolve();
        items.forEach(function (item) {
          chain = chain.then(function () {
            if (item.status !== "menunggu" || item.berikutnya > Date.now()) return;
            return sendItem(item).catch(function (error) {
              if (error instanceof Retry) return backoff(item, error.message);
              throw error;
            });
          });
        });
        return chain;
      })
      .then(refreshReferensi)
      .catch(function (error) {
        say(String(error && error.message ? error.message : error));
      })
      .then(function () {
        syncing = false;
        return render().then(schedule);
      });
  }

  function schedule() {
    return myItems().then(function (items) {
      var waiting = items.filter(function (i) {
        return i.status === "menunggu";
      });
      if (!waiting.length) return;
      var next = Math.min.apply(
        null,
        waiting.map(function (i) {
          return i.berikutnya;
        })
      );
      timer = setTimeout(sync, Math.max(1000, next - Date.now()));
    });
  }

  // ---- reference data -------------------------------------------------------------------
  function refreshReferensi() {
    if (!navigator.onLine) return showReferensi();
    return fetch(API + "/referensi", { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) return null;
        return response.json().then(function (data) {
          if (String(data.pengguna.id) !== USER) return null;
          return put("referensi", { pengguna: USER, data: data, diambil: Date.now() });
        });
      })
      .catch(function () {})
      .then(showReferensi);
  }

  function showReferensi() {
    return getOne("referensi", USER).then(function (ref) {
      var info = $("referensi-info");
      if (!ref) return;
      if (info) {
        info.textContent = fmt(TEKS.referensi, {
          ppks: ref.data.ppks.length,
          wksbm: ref.data.wksbm.length,
          waktu: new Date(ref.diambil).toLocaleString(document.documentElement.lang || "id"),
        });
      }
      fillPenerima(ref.data);
      fillUbah(ref.data);
      filterHadir(ref.data);
    });
  }

  function fillPenerima(data) {
    var box = $("pilihan-penerima");
    if (!box || box.dataset.filled) return;
    box.dataset.filled = "1";
    box.textContent = "";
    data.ppks.forEach(function (p) {
      var label = document.createElement("label");
      var input = document.createElement("input");
      input.type = "checkbox";
      input.name = "penerima";
      input.value = p.id;
      label.appendChild(input);
      label.appendChild(document.createTextNode(" " + p.nama + " (" + (p.nik_samaran || "-") + ")"));
      box.appendChild(label);
    });
  }

  function fillUbah(data) {
    var select = $("ubah-ppks");
    if (!select || select.dataset.filled) return;
    select.dataset.filled = "1";
    var byId = {};
    data.ppks.forEach(function (p) {
      byId[p.id] = p;
      var option = document.createElement("option");
      option.value = p.id;
      option.textContent = p.nama + " (" + (p.nik_samaran || "-") + ")";
      select.appendChild(option);
    });
    function load() {
      var p = byId[select.value];
      if (!p) return;
      $("ubah-versi").value = p.versi;
      ["dusun", "rt", "rw", "alamat", "kebutuhan"].forEach(function (name) {
        $("ubah-" + name).value = p[name] || "";
      });
    }
    select.addEventListener("change", load);
    load();
  }

  // The meeting form lists the pengurus of every WKSBM in scope: show those of the chosen one.
  function filterHadir(data) {
    var select = document.querySelector("form[data-jenis=rapat] [name=wksbm_id]");
    if (!select || select.dataset.filled) return;
    select.dataset.filled = "1";
    var wksbmOf = {};
    data.pengurus.forEach(function (p) {
      wksbmOf[p.id] = String(p.wksbm_id);
    });
    function apply() {
      select.form.querySelectorAll("input[name=hadir]").forEach(function (box) {
        var other = wksbmOf[box.value] !== undefined && wksbmOf[box.value] !== select.value;
        var row = box.closest("div") || box.parentNode;
        row.hidden = other;
        if (other) box.checked = false;
      });
    }
    select.addEventListener("change", apply);
    apply();
  }

  // ---- wiring ---------------------------------------------------------------------------
  function setup() {
    var link = document.createElement("link");
    link.rel = "manifest";
    link.href = root.dataset.manifest;
    document.head.appendChild(link);
    if (navigator.storage && navigator.storage.persist) navigator.storage.persist();
    if ("serviceWorker" in navigator) {
      navigator.serviceWorker
        .register(root.dataset.sw, { scope: root.dataset.scope })
        .then(function () {
          return navigator.serviceWorker.ready;
        })
        .then(function (registration) {
          var urls = root.dataset.pages.split(" ");
          document.querySelectorAll("link[rel=stylesheet], script[src]").forEach(function (el) {
            urls.push(el.href || el.src);
          });
          registration.active.postMessage({ type: "cache", urls: urls });
        })
        .catch(function () {});
    }
    // A page the service worker kept for another account (or for a session since closed) must
    // not save under that account's name.
    var signedIn = null;
    try {
      signedIn = localStorage.getItem("wahana-sesi");
    } catch (e) {
      signedIn = null;
    }
    var stale = document.body.dataset.luringCache === "1" && signedIn !== null && signedIn !== USER;
    document.querySelectorAll("form.luring-form").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        if (stale) {
          say(TEKS.halaman_lain);
          return;
        }
        if (!form.checkValidity()) {
          form.reportValidity();
          return;
        }
        save(form)
          .then(function () {
            form.reset();
            say(TEKS.tersimpan);
            return render();
          })
          .then(sync)
          .catch(function (error) {
            say(fmt(TEKS.gagal_simpan, { galat: error }));
          });
      });
    });
    $("kirim-sekarang").addEventListener("click", function () {
      myItems()
        .then(function (items) {
          // A manual send retries now, also items waiting for their backoff.
          return Promise.all(
            items.map(function (i) {
              i.berikutnya = 0;
              return put("kotak", i);
            })
          );
        })
        .then(sync);
    });
    window.addEventListener("online", sync);
    window.addEventListener("offline", render);
    render().then(showReferensi).then(sync);
  }

  setup();
})();
