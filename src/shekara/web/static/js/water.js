/* Shekara dashboard — the water page: the forecast form re-fetches GET /api/water/forecast
   and redraws the hydrograph (the same drawing as pages/charts.py daily_chart), the
   alert table, the peak table and the current alerts. Without JavaScript the form is a
   plain GET form and the server renders the same. */
window.ShekaraLive.live("forecast-form", "forecast-status", function (live) {  // common.js
  "use strict";
  var form = live.form;
  var box = document.getElementById("hydrograph-box");
  var levels = ["watch", "warning", "danger"];
  var W = 640, H = 300, LEFT = 64, RIGHT = 16, TOP = 16, BOTTOM = 48;

  function msg(name) { return form.getAttribute("data-" + name) || ""; }
  function esc(s) {
    return String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }
  // Numbers and days as Babel writes them in the page's language (format.js).
  var num = window.ShekaraFormat.num, smart = window.ShekaraFormat.smart, day = window.ShekaraFormat.day;
  function levelLabel(k) { return levels.indexOf(k) >= 0 ? msg("level-" + k) : k; }

  function niceTicks(lo, hi) {
    if (hi === lo) { lo -= lo === 0 ? 1 : Math.abs(lo) * 0.1; hi += hi === 0 ? 1 : Math.abs(hi) * 0.1; }
    var raw = (hi - lo) / 5, power = Math.pow(10, Math.floor(Math.log10(raw)));
    var step = [1, 2, 2.5, 5, 10].map(function (s) { return s * power; }).filter(function (s) { return s >= raw; })[0];
    var ticks = [];
    for (var v = Math.floor(lo / step) * step; v < hi + step * 0.5; v += step) { ticks.push(Math.round(v * 1e10) / 1e10); }
    return ticks;
  }
  // One format per axis (as present/charts.py): the decimals that show every tick exactly.
  function tickDecimals(ticks) {
    for (var d = 0; d < 6; d++) {
      var f = Math.pow(10, d);
      if (ticks.every(function (t) { return Math.abs(t * f - Math.round(t * f)) < 1e-6; })) { return d; }
    }
    return 6;
  }
  function dayTicks(n) {
    var raw = Math.max(n / 6, 1);
    var step = [1, 2, 5, 7, 10, 14, 15, 30, 60].filter(function (s) { return s >= raw; })[0] || 90;
    var out = [];
    for (var i = 0; i < n; i += step) { out.push(i); }
    return out;
  }
  function r1(v) { return Math.round(v * 10) / 10; }

  function hydrograph(fc) {
    var q = fc.quantiles_m3s, n = fc.dates.length;
    var bands = [[msg("l-outer"), q.q05, q.q95, "outer"], [msg("l-inner"), q.q25, q.q75, "inner"]];
    var lines = [[msg("l-median"), q.q50, "median"], [msg("l-observed"), fc.observed_m3s, "observed"]];
    var values = [].concat(q.q05, q.q95, q.q25, q.q75, q.q50, fc.observed_m3s);
    var top = Math.max.apply(null, values);
    var lv = Object.keys(fc.alerts).map(function (k, i) {
      return [levelLabel(k), fc.alerts[k].threshold_m3s, "lv" + (i % 3)];
    }).filter(function (l) { return l[1] <= 2 * Math.max(top, 1e-9); });
    var all = values.concat(lv.map(function (l) { return l[1]; }));
    var ticks = niceTicks(Math.min(0, Math.min.apply(null, all)), Math.max.apply(null, all));
    var ylo = ticks[0], yhi = ticks[ticks.length - 1];
    var pw = W - LEFT - RIGHT, ph = H - TOP - BOTTOM, span = Math.max(n - 1, 1);
    function sx(i) { return r1(LEFT + i / span * pw); }
    function sy(y) { return r1(TOP + ph - (y - ylo) / (yhi - ylo) * ph); }
    // legend first, to know the height
    var entries = bands.map(function (b) { return [b[0], "band", b[3]]; })
      .concat(lines.map(function (l) { return [l[0], "series", l[2]]; }))
      .concat(lv.map(function (l) { return [l[0], "level", l[2]]; }));
    var leg = [], x = LEFT, row = 0;
    entries.forEach(function (e) {
      var text = e[0].length > 30 ? e[0].slice(0, 29) + "…" : e[0];
      var width = 26 + 6.6 * text.length + 16;
      if (x > LEFT && x + width > W - RIGHT) { x = LEFT; row += 1; }
      var y = H - 10 + 18 * row;
      if (e[1] === "band") {
        leg.push('<rect class="band ' + e[2] + ' key" x="' + x + '" y="' + (y - 5) + '" width="20" height="10"/>');
      } else if (e[1] === "level") {
        leg.push('<g class="level ' + e[2] + ' key"><line x1="' + x + '" y1="' + y + '" x2="' + (x + 20) + '" y2="' + y + '"/></g>');
      } else {
        leg.push('<path class="series ' + e[2] + ' key" d="M' + x + "," + y + "L" + (x + 20) + "," + y + '"/>');
      }
      leg.push('<text class="lg" x="' + (x + 26) + '" y="' + (y + 4) + '">' + esc(text) + "</text>");
      x += width;
    });
    var label = msg("l-chart"), unit = msg("l-unit");
    var out = ['<svg id="hydrograph" class="chart" viewBox="0 0 ' + W + " " + (H + 18 * row) +
      '" role="img" aria-label="' + esc(label) + '" xmlns="http://www.w3.org/2000/svg"><title>' + esc(label) + "</title>"];
    var tickDec = tickDecimals(ticks);
    ticks.forEach(function (t) {
      var y = sy(t);
      out.push('<line class="grid" x1="' + LEFT + '" y1="' + y + '" x2="' + (W - RIGHT) + '" y2="' + y + '"/>');
      out.push('<text class="yl" x="' + (LEFT - 6) + '" y="' + (y + 4) + '">' + esc(num(t, tickDec)) + "</text>");
    });
    out.push('<text class="unit" x="' + LEFT + '" y="' + (TOP - 4) + '">' + esc(unit) + "</text>");
    dayTicks(n).forEach(function (i) {
      var x0 = sx(i);
      out.push('<line class="tick" x1="' + x0 + '" y1="' + (TOP + ph) + '" x2="' + x0 + '" y2="' + (TOP + ph + 4) + '"/>');
      out.push('<text class="xl" x="' + x0 + '" y="' + (TOP + ph + 18) + '">' + esc(day(fc.dates[i])) + "</text>");
    });
    bands.forEach(function (b) {
      var up = b[2].map(function (v, i) { return sx(i) + "," + sy(v); });
      var low = b[1].map(function (v, i) { return sx(i) + "," + sy(v); }).reverse();
      out.push('<path class="band ' + b[3] + '" d="M' + up.concat(low).join("L") + 'Z"><title>' + esc(b[0]) + "</title></path>");
    });
    lines.forEach(function (l) {
      var d = "M" + l[1].map(function (v, i) { return sx(i) + "," + sy(v); }).join("L");
      out.push('<path class="series ' + l[2] + '" d="' + d + '"><title>' + esc(l[0]) + "</title></path>");
    });
    lv.forEach(function (l) {
      var y = sy(l[1]);
      out.push('<g class="level ' + l[2] + '" data-level="' + esc(l[0]) + '"><line x1="' + LEFT + '" y1="' + y + '" x2="' + (W - RIGHT) +
        '" y2="' + y + '"><title>' + esc(l[0] + ": " + smart(l[1]) + " " + unit) + '</title></line><text x="' + (W - RIGHT - 4) +
        '" y="' + (y - 4) + '">' + esc(l[0]) + "</text></g>");
    });
    out.push('<line class="axis" x1="' + LEFT + '" y1="' + (TOP + ph) + '" x2="' + (W - RIGHT) + '" y2="' + (TOP + ph) + '"/>');
    return out.concat(leg, ["</svg>"]).join("");
  }

  function td(text, cls, value) {
    var c = document.createElement("td");
    if (cls) { c.className = cls; }
    if (value !== undefined) { c.setAttribute("data-value", String(value)); }
    c.textContent = text;
    return c;
  }
  function render(fc) {
    box.innerHTML = hydrograph(fc);
    var body = document.getElementById("alert-body");
    var rows = Object.keys(fc.alerts).map(function (k) {
      var a = fc.alerts[k], tr = document.createElement("tr");
      tr.setAttribute("data-alert", k);
      tr.appendChild(td(levelLabel(k)));
      tr.appendChild(td(smart(a.threshold_m3s), "num", a.threshold_m3s));
      tr.appendChild(td(num(a.probability, 2), "num", a.probability));
      tr.appendChild(td(a.first_day_probability_ge_0_5 ? day(a.first_day_probability_ge_0_5) : "—"));
      var seen = fc.observed ? (fc.observed.exceeded[k] ? msg("l-yes") : msg("l-no")) : "—";
      tr.appendChild(td(seen));
      return tr;
    });
    body.replaceChildren.apply(body, rows);
    var peak = document.querySelector("#peak-body tr");
    var cells = Object.keys(fc.peak_m3s).map(function (k) { return td(smart(fc.peak_m3s[k]), "num", fc.peak_m3s[k]); });
    cells.push(td(fc.observed ? smart(fc.observed.peak_m3s) + " (" + day(fc.observed.peak_day) + ")" : "—", "num"));
    peak.replaceChildren.apply(peak, cells);
    var list = document.getElementById("alerts-list");
    var items = fc.likely_alerts.map(function (k) {
      var a = fc.alerts[k], li = document.createElement("li");
      li.className = "alert";
      li.setAttribute("data-alert", k);
      var strong = document.createElement("strong");
      strong.textContent = levelLabel(k);
      li.appendChild(strong);
      var text = " · " + smart(a.threshold_m3s) + " " + msg("l-unit") + " · " + msg("l-prob") + " " + num(a.probability, 2);
      if (a.first_day_probability_ge_0_5) { text += " · " + msg("l-from") + " " + day(a.first_day_probability_ge_0_5); }
      li.appendChild(document.createTextNode(text));
      return li;
    });
    if (!items.length) {
      var none = document.createElement("li");
      none.className = "none";
      none.textContent = msg("l-none");
      items.push(none);
    }
    list.replaceChildren.apply(list, items);
    document.getElementById("fc-members").textContent = String(fc.n_members);
    document.getElementById("fc-seed").textContent = String(fc.seed);
  }

  function query() {
    var p = new URLSearchParams(), page = new URLSearchParams();
    p.set("members", form.elements.members.value);
    p.set("seed", form.elements.seed.value);
    page.set("members", form.elements.members.value);
    page.set("seed", form.elements.seed.value);
    var given = [], text = [];
    levels.forEach(function (k) {
      var v = form.elements[k].value.trim();
      page.set(k, v);
      if (v !== "") { given.push(k + "=" + Number(v)); text.push(k + "=" + v); }
    });
    // The illustrative levels (or none) are the API's default: send nothing then.
    var defaults = (form.getAttribute("data-defaults") || "").split(",").map(function (s) {
      var kv = s.split("=");
      return kv[0] + "=" + Number(kv[1]);
    });
    if (given.length && given.join(",") !== defaults.join(",")) {
      text.forEach(function (t) { p.append("threshold", t); });
    }
    return [p, page];
  }
  // The forecast with the form's members, seed and levels; none while a field is invalid.
  function ask() {
    if (!form.checkValidity()) { form.reportValidity(); return null; }
    var qs = query();
    return window.ShekaraLive.getJson("/api/water/forecast?" + qs[0].toString()).then(function (fc) {
      return [fc, qs[1]];
    });
  }
  function show(answer) {
    var fc = answer[0], page = answer[1];
    render(fc);
    history.replaceState(null, "", "/water?" + page.toString() + "#forecast");
    // the reservoir form carries the forecast's fields: keep them in step
    document.querySelectorAll("#reservoir-form input[type=hidden]").forEach(function (h) {
      if (page.has(h.name)) { h.value = page.get(h.name); }
    });
  }
  form.addEventListener("change", function () { live.later(250); });
  return { ask: ask, show: show };
});
