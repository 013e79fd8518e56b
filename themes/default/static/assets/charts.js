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
  var charts = []; // {el, source, instance, radar, radius}

  // ECharts' light look draws some text (radar axis names) in its pale axis
  // grey; a dark default text colour keeps all of it readable on white. In
  // dark mode its own "dark" theme does the same the other way round.
  var LIGHT = { textStyle: { color: "#333333" } };

  // Percent of size, as ECharts reads "62%", or a number of pixels.
  function pixels(v, size, fallback) {
    if (typeof v === "number") {
      return v;
    }
    if (typeof v === "string" && /%$/.test(v)) {
      return (parseFloat(v) / 100) * size;
    }
    return fallback;
  }

  // A radar's axis names sit outside its polygon and are up to axisName.width
  // pixels wide; on a narrow screen ECharts would cut them off at the edge.
  // radarRadius returns the radius that leaves them room beside the polygon:
  // the option's own when it does, else a smaller one in pixels.
  function radarRadius(radar, width, height) {
    var size = Math.min(width, height) / 2;
    var radius = pixels(radar.radius, size, 0.75 * size);
    var nameWidth = (radar.axisName && radar.axisName.width) || 72;
    var gap = typeof radar.axisNameGap === "number" ? radar.axisNameGap : 15;
    var cx = pixels(radar.center && radar.center[0], width, width / 2);
    var room = Math.floor(Math.min(cx, width - cx) - gap - nameWidth - 4);
    if (!width || !height || room >= radius) {
      return radar.radius === undefined ? "75%" : radar.radius; // ECharts' default
    }
    return Math.max(room, 40);
  }

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
    if (option.radar && !Array.isArray(option.radar)) {
      var r = option.radar;
      chart.radar = { radius: r.radius, center: r.center, axisName: r.axisName, axisNameGap: r.axisNameGap };
      chart.radius = r.radius = radarRadius(chart.radar, chart.el.clientWidth, chart.el.clientHeight);
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
      if (!chart.instance) {
        return;
      }
      if (chart.radar) {
        var radius = radarRadius(chart.radar, chart.el.clientWidth, chart.el.clientHeight);
        if (radius !== chart.radius) {
          chart.radius = radius;
          chart.instance.setOption({ radar: { radius: radius } });
        }
      }
      chart.instance.resize();
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
