// Wahana Lapangan: field forms that work without signal.
// Every saved form goes first into an outbox in IndexedDB (keyed by the signed-in user, with a
// client-generated id), then is sent when online: photos first (by SHA-256, the server says
// when it already has one), then the item, with its id as the idempotency key. An item leaves
// the outbox only when the server answers that it stored it.
(function () {
  "use strict";
  var root = document.getElementById("luring");
  if (!root || !window.indexedDB) return;
  var USER = root.dataset.userId;
  var API = root.dataset.api;
  var DB_NAME = "wahana-luring";
  var MAX_DELAY = 5 * 60 * 1000;
  var dbPromise = null;
  var syncing = false;
  var timer = null;

  function $(id) {
    return document.getElementById(id);
  }

  function openDb() {
    if (!dbPromise) {
      dbPromise = new Promise(function (resolve, reject) {
        var request = indexedDB.open(DB_NAME, 1);
        request.onupgradeneeded = function () {
          var db = request.result;
          db.createObjectStore("kotak", { keyPath: "id" }).createIndex("pengguna", "pengguna");
          db.createObjectStore("foto", { keyPath: "kunci" });
          db.createObjectStore("referensi", { keyPath: "pengguna" });
        };
        request.onsuccess = function () {
          resolve(request.result);
        };
        request.onerror = function () {
          reject(request.error);
        };
      });
    }
    return dbPromise;
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

  // ---- showing the outbox -------------------------------------------------------------
  var LABELS = { ppks: "PPKS baru", ppks_ubah: "Perubahan PPKS", kegiatan: "Kegiatan" };
  var STATUS = {
    menunggu: "menunggu sinyal",
    ditolak: "ditolak server — periksa",
    konflik: "konflik — diteruskan ke peninjau",
  };

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
        say(
          others +
            " item milik pengguna lain belum terkirim di ponsel ini; masuk sebagai pengguna itu untuk mengirimnya."
        );
      }
      var list = $("daftar-kotak-keluar");
      if (!list) return;
      list.textContent = "";
      mine.forEach(function (item) {
        var li = document.createElement("li");
        var title = item.data.nama || item.data.judul || "#" + item.data.ppks_id;
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
          drop.textContent = "Buang";
          drop.addEventListener("click", function () {
            if (window.confirm("Buang item ini dari ponsel? Isinya hilang.")) {
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

  function payloadOf(form) {
    var jenis = form.dataset.jenis;
    var fd = new FormData(form);
    var data = {};
    fd.forEach(function (value, key) {
      if (key === "csrfmiddlewaretoken" || key === "client_id" || value instanceof File) return;
      data[key] = value;
    });
    if (jenis === "ppks") {
      data.jenis = fd.getAll("jenis");
      data.konfirmasi_duplikat = fd.has("konfirmasi_duplikat");
    }
    if (jenis === "kegiatan") {
      data.penerima = fd.getAll("penerima").map(Number);
    }
    if (jenis === "ppks_ubah") data.ppks_id = Number(data.ppks_id);
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
      throw new Retry("tidak ada sinyal");
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
        if (!foto) return "Foto hilang dari ponsel.";
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
        if (response.status === 401) throw new Retry("sesi berakhir — masuk lagi");
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
        info.textContent =
          "Data acuan: " +
          ref.data.ppks.length +
          " PPKS, " +
          ref.data.wksbm.length +
          " WKSBM; diunduh " +
          new Date(ref.diambil).toLocaleString("id-ID");
      }
      fillPenerima(ref.data);
      fillUbah(ref.data);
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

  // ---- wiring ---------------------------------------------------------------------------
  function setup() {
    var link = document.createElement("link");
    link.rel = "manifest";
    link.href = root.dataset.manifest;
    document.head.appendChild(link);
    if (navigator.storage && navigator.storage.persist) navigator.storage.persist();
    try {
      localStorage.setItem("wahana-luring-pengguna", USER);
    } catch (e) {
      /* private mode: the outbox is still keyed by user */
    }
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
    document.querySelectorAll("form.luring-form").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        if (!form.checkValidity()) {
          form.reportValidity();
          return;
        }
        save(form)
          .then(function () {
            form.reset();
            say("Tersimpan di ponsel; dikirim saat ada sinyal.");
            return render();
          })
          .then(sync)
          .catch(function (error) {
            say("Gagal menyimpan di ponsel: " + error);
          });
      });
    });
    document.querySelectorAll("form[action='" + root.dataset.logout + "']").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        var count = Number($("jumlah-kotak-keluar").textContent);
        if (count && !window.confirm(count + " item belum terkirim. Tetap keluar? Item tetap tersimpan di ponsel untuk akun ini.")) {
          event.preventDefault();
          return;
        }
        if (navigator.serviceWorker && navigator.serviceWorker.controller) {
          navigator.serviceWorker.controller.postMessage({ type: "clear" });
        }
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
