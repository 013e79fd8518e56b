// Draws the page's charts. Each chart is a <script type="application/json"
// data-chart-for="ID"> holding ECharts options (plain JSON, no code) and the
// element with that id, which gets the drawing. Pages work without this file
// or without ECharts: the table beside each chart carries every number.
//
// No inline script, no eval, no inline style attributes: the drawing's height
// comes from its data-height and is set through the CSSOM, which a strict
// Content-Security-Policy allows.
(function () {
  "use strict";

  var media = function (query) {
    return window.matchMedia ? window.matchMedia(query) : null;
  };
  var dark = media("(prefers-color-scheme: dark)");
  var reduce = media("(prefers-reduced-motion: reduce)");
  var charts = []; // {el, source, instance}

  // ECharts' light look draws some text (radar axis names) in its pale axis
  // grey; a dark default text colour keeps all of it readable on white. In
  // dark mode its own "dark" theme does the same the other way round.
  var LIGHT = { textStyle: { color: "#333333" } };

  function draw(chart) {
    var option;
    try {
      option = JSON.parse(chart.source.textContent);
    } catch (e) {
      return; // a broken block leaves the table alone
    }
    if (!option || typeof option !== "object") {
      return;
    }
    if (reduce && reduce.matches) {
      option.animation = false;
    }
    if (chart.instance) {
      chart.instance.dispose();
    }
    chart.instance = window.echarts.init(chart.el, dark && dark.matches ? "dark" : LIGHT, {
      renderer: "canvas"
    });
    chart.instance.setOption(option);
  }

  function drawAll() {
    charts.forEach(draw);
  }

  function resizeAll() {
    charts.forEach(function (chart) {
      if (chart.instance) {
        chart.instance.resize();
      }
    });
  }

  function onChange(query, handler) {
    if (!query) {
      return;
    }
    if (query.addEventListener) {
      query.addEventListener("change", handler);
    } else if (query.addListener) {
      query.addListener(handler); // Safari before 14
    }
  }

  function start() {
    if (!window.echarts) {
      return; // ECharts did not load: the tables remain
    }
    var blocks = document.querySelectorAll('script[type="application/json"][data-chart-for]');
    Array.prototype.forEach.call(blocks, function (source) {
      var el = document.getElementById(source.getAttribute("data-chart-for"));
      if (!el) {
        return;
      }
      var height = parseInt(el.getAttribute("data-height"), 10);
      if (height > 0) {
        el.style.height = height + "px";
      }
      var chart = { el: el, source: source, instance: null };
      charts.push(chart);
      draw(chart);
    });
    if (charts.length === 0) {
      return;
    }

    // Colours and motion follow the reader's settings as they change.
    onChange(dark, drawAll);
    onChange(reduce, drawAll);

    var timer = 0;
    window.addEventListener("resize", function () {
      clearTimeout(timer);
      timer = setTimeout(resizeAll, 150);
    });
    // Fit the printed page's width, and the screen's again afterwards.
    window.addEventListener("beforeprint", resizeAll);
    window.addEventListener("afterprint", resizeAll);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
