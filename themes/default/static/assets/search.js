// Search on the search page, entirely in the browser: the page's form names the
// index (search/index.json, written at build time) in data-index; typing filters
// departments and indicators by plain substring over their names, short names,
// ids and groups. Results are built with textContent, never as HTML. Without
// this script the form stays hidden and the page lists every department.
(function () {
  "use strict";

  function norm(s) {
    return (s || "").toLowerCase();
  }

  function format(template, n) {
    return (template || "").split("{1}").join(String(n));
  }

  function start() {
    var form = document.querySelector("form.search[data-index]");
    var out = document.getElementById("search-results");
    if (!form || !out || !window.fetch) {
      return;
    }
    var input = form.querySelector("input[type=search]");
    var index = null;
    var maxIndicators = 100;

    function item(list, href, text, kind) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = href;
      a.textContent = text;
      li.appendChild(a);
      if (kind) {
        var span = document.createElement("span");
        span.className = "kind";
        span.textContent = " · " + kind;
        li.appendChild(span);
      }
      list.appendChild(li);
    }

    function run() {
      while (out.firstChild) {
        out.removeChild(out.firstChild);
      }
      var q = norm(input.value).trim();
      if (!q || !index) {
        return;
      }
      var hits = [];
      (index.departments || []).forEach(function (d) {
        var hay = norm([d.name, d.short_name, d.id, d.group, d.description].join("\n"));
        if (hay.indexOf(q) >= 0) {
          hits.push({ href: d.url, text: d.name, kind: form.dataset.labelDepartment });
        }
      });
      var n = 0;
      (index.indicators || []).forEach(function (i) {
        if (n >= maxIndicators) {
          return;
        }
        var hay = norm([i.name, i.id].join("\n"));
        if (hay.indexOf(q) >= 0) {
          n++;
          hits.push({
            href: i.url,
            text: i.name + " — " + i.department_name + " (" + i.cycle + ")",
            kind: form.dataset.labelIndicator
          });
        }
      });
      var p = document.createElement("p");
      p.textContent = hits.length ? format(form.dataset.textCount, hits.length) : form.dataset.textNone;
      out.appendChild(p);
      if (hits.length) {
        var ul = document.createElement("ul");
        hits.forEach(function (h) {
          item(ul, h.href, h.text, h.kind);
        });
        out.appendChild(ul);
      }
    }

    form.hidden = false;
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      run();
    });
    input.addEventListener("input", run);

    var params = new URLSearchParams(window.location.search);
    if (params.get("q")) {
      input.value = params.get("q");
    }
    fetch(form.dataset.index, { credentials: "same-origin" })
      .then(function (r) {
        if (!r.ok) {
          throw new Error(r.status);
        }
        return r.json();
      })
      .then(function (data) {
        index = data;
        run();
      })
      .catch(function () {
        form.hidden = true; // no index: the list of departments remains
      });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
