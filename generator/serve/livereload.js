// perfsite preview: reloads this page when its output changes, swaps stylesheets,
// and shows build errors over the page. Served only by `perfsite serve`. The event
// stream is told which page this is and from which build, so that the server
// renders it after each rebuild and says whether it changed.
(function () {
  "use strict";
  var me = document.currentScript;
  var build = me.getAttribute("data-build");
  var base = me.src.replace(/livereload\.js(\?.*)?$/, "");
  var scrollKey = "perfsite-scroll:" + location.pathname;
  var overlay = null;

  var saved = sessionStorage.getItem(scrollKey);
  if (saved) {
    sessionStorage.removeItem(scrollKey);
    var xy = saved.split(",");
    var restore = function () { window.scrollTo(+xy[0], +xy[1]); };
    if (document.readyState === "complete") { restore(); } else { window.addEventListener("load", restore); }
  }

  function reload() {
    sessionStorage.setItem(scrollKey, window.scrollX + "," + window.scrollY);
    location.reload();
  }

  function showErrors(errors, kept) {
    hideErrors();
    overlay = document.createElement("div");
    overlay.setAttribute("role", "alert");
    overlay.id = "perfsite-errors";
    var s = overlay.style;
    s.position = "fixed"; s.inset = "0"; s.zIndex = "2147483647"; s.overflow = "auto";
    s.background = "rgba(20,20,20,0.94)"; s.color = "#fff"; s.padding = "1.5rem";
    s.font = "15px/1.5 ui-monospace, Menlo, Consolas, monospace";
    var h = document.createElement("h2");
    h.textContent = errors.length + (errors.length === 1 ? " error" : " errors") +
      (kept ? " — the page shows the last good build until this is fixed" : " on this page");
    h.style.color = "#ff8a80"; h.style.fontSize = "1.1rem";
    overlay.appendChild(h);
    var list = document.createElement("ul");
    errors.forEach(function (e) {
      var li = document.createElement("li");
      var where = e.file || "";
      if (e.line) { where += ":" + e.line; }
      if (e.col) { where += ":" + e.col; }
      var b = document.createElement("strong");
      b.textContent = where;
      li.appendChild(b);
      li.appendChild(document.createTextNode(where ? ": " + e.message : e.message));
      li.style.margin = "0.5rem 0";
      list.appendChild(li);
    });
    overlay.appendChild(list);
    document.body.appendChild(overlay);
  }

  function hideErrors() {
    if (overlay) { overlay.remove(); overlay = null; }
  }

  function swapStyles(paths, id) {
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    links.forEach(function (link) {
      var u = new URL(link.href, location.href);
      if (paths.indexOf(u.pathname) >= 0) {
        u.searchParams.set("v", id);
        link.href = u.toString();
      }
    });
  }

  function connect() {
    var es = new EventSource(base + "events?page=" + encodeURIComponent(location.pathname) +
      "&build=" + encodeURIComponent(build || ""));
    es.addEventListener("hello", function (e) {
      var d = JSON.parse(e.data);
      if (d.errors && d.errors.length) { showErrors(d.errors, d.kept); return; }
      if (build && d.build !== build) { reload(); }
    });
    es.addEventListener("reload", function (e) {
      var d = JSON.parse(e.data);
      var pages = d.pages || [];
      if (overlay || pages.indexOf("*") >= 0 || pages.indexOf(location.pathname) >= 0) {
        reload();
        return;
      }
      build = d.build;
    });
    es.addEventListener("css", function (e) {
      var d = JSON.parse(e.data);
      swapStyles(d.styles || [], d.build);
      build = d.build;
    });
    es.addEventListener("errors", function (e) {
      var d = JSON.parse(e.data);
      showErrors(d.errors || [], d.kept);
    });
  }
  connect();
})();
