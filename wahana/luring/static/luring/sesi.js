// Wahana: the field app's outbox and the signed-in account, on every page (base.html).
// - Logging out with unsent items asks first; the items stay on the phone for their account.
// - Logging out, or another account signing in, removes the previous account's cached pages and
//   reference data (names of PPKS) from the phone: one user's data is never shown to another.
// - The outbox database is opened here only (window.wahanaLuringDb), for luring.js as well.
(function () {
  "use strict";
  var DB_NAME = "wahana-luring";
  var SESI = "wahana-sesi";
  var body = document.body;
  var dbPromise = null;

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
  window.wahanaLuringDb = openDb;

  if (!body || !window.indexedDB) return;
  var user = body.dataset.sesiPengguna || "";
  var fromCache = body.dataset.luringCache === "1";

  // Counts without creating the database on pages of people who never used the field app.
  function exists() {
    if (!indexedDB.databases) return Promise.resolve(true);
    return indexedDB.databases().then(
      function (list) {
        return list.some(function (d) {
          return d.name === DB_NAME;
        });
      },
      function () {
        return true;
      }
    );
  }

  function outbox() {
    return exists().then(function (found) {
      if (!found) return [];
      return openDb().then(function (db) {
        return new Promise(function (resolve) {
          var request = db.transaction(["kotak"], "readonly").objectStore("kotak").getAll();
          request.onsuccess = function () {
            resolve(request.result);
          };
          request.onerror = function () {
            resolve([]);
          };
        });
      });
    });
  }

  function forget(previous) {
    // The account's pages cached by the service worker and its reference data go; its outbox
    // (work not yet sent) stays, keyed by the account, sent only when that account signs in.
    var jobs = [];
    if (window.caches) {
      jobs.push(
        caches.keys().then(function (names) {
          return Promise.all(
            names
              .filter(function (n) {
                return n.indexOf("wahana-luring") === 0;
              })
              .map(function (n) {
                return caches.delete(n);
              })
          );
        })
      );
    }
    if (previous) {
      jobs.push(
        exists().then(function (found) {
          if (!found) return;
          return openDb().then(function (db) {
            return new Promise(function (resolve) {
              var t = db.transaction(["referensi"], "readwrite");
              t.objectStore("referensi").delete(previous);
              t.oncomplete = t.onerror = t.onabort = resolve;
            });
          });
        })
      );
    }
    return Promise.all(jobs).catch(function () {});
  }

  function text(name, n) {
    return (body.dataset[name] || "").replace("%(n)s", String(n));
  }

  // A page the service worker served from its cache says who it was cached for, not who is
  // signed in now: it must not change what the phone remembers.
  if (!fromCache) {
    var previous = null;
    try {
      previous = localStorage.getItem(SESI);
      localStorage.setItem(SESI, user);
    } catch (e) {
      previous = null;
    }
    if (previous && previous !== user) forget(previous);
  }

  // Signed out (the sign-in page): say that unsent work of some account waits on this phone.
  var login = document.querySelector("main form input[name=password]");
  if (!user && login) {
    outbox().then(function (items) {
      if (!items.length) return;
      var note = document.createElement("p");
      note.className = "pesan peringatan luring-tertunda";
      note.setAttribute("role", "status");
      note.textContent = text("sesiTertunda", items.length);
      login.form.parentNode.insertBefore(note, login.form);
    });
  }

  var logoutForms = document.querySelectorAll("form[method=post]");
  Array.prototype.filter.call(logoutForms, function (form) {
    return form.getAttribute("action") === body.dataset.sesiLogout;
  }).forEach(function (form) {
    var confirmed = false;
    form.addEventListener("submit", function (event) {
      if (confirmed) return;
      event.preventDefault();
      outbox()
        .then(function (items) {
          var mine = items.filter(function (i) {
            return i.pengguna === user;
          }).length;
          if (mine && !window.confirm(text("sesiKeluar", mine))) return false;
          return forget(user).then(function () {
            try {
              localStorage.setItem(SESI, "");
            } catch (e) {
              /* private mode */
            }
            return true;
          });
        })
        .catch(function () {
          return true; // no storage to protect: never block a logout
        })
        .then(function (go) {
          if (!go) return;
          confirmed = true;
          form.requestSubmit ? form.requestSubmit() : form.submit();
        });
    });
  });
})();
