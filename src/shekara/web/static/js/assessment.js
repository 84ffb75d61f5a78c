/* Shekara dashboard — the assessment page: sliders recompute the ranking through the API.
   GET /api/assessment and /api/assessment/sensitivity with the same parameters as the form. */
window.ShekaraLive.live("assess-form", "assess-status", function (live) {  // common.js
  "use strict";
  var form = live.form;
  var body = document.getElementById("ranking-body");
  var meta = document.getElementById("ranking-meta");
  var lang = form.getAttribute("data-lang") || "en";
  var components = ["gravity", "transport", "sez"];
  form.classList.add("js");

  var fmt = window.ShekaraFormat.num;  // Babel's symbols of the page's language (format.js)
  function params() {
    // The API lists the components that weigh something; one left out weighs 0.
    var weights = components.filter(function (c) {
      return parseFloat(form.elements[c].value) > 0;
    }).map(function (c) {
      return c + "=" + form.elements[c].value;
    }).join(",");
    if (!weights) { return null; }
    var p = new URLSearchParams();
    p.set("weights", weights);
    p.set("normalise", form.elements.normalise.value);
    p.set("as_of", form.elements.as_of.value);
    p.set("lang", lang);
    return p;
  }
  function pageUrl() {
    var p = new URLSearchParams();
    components.forEach(function (c) { p.set(c, form.elements[c].value); });
    p.set("normalise", form.elements.normalise.value);
    p.set("as_of", form.elements.as_of.value);
    return "/assessment?" + p.toString();
  }
  function cell(tr, cls, text, value) {
    var td = document.createElement("td");
    if (cls) { td.className = cls; }
    if (value !== undefined) { td.setAttribute("data-value", String(value)); }
    td.textContent = text;
    tr.appendChild(td);
    return td;
  }
  function bandSvg(n, rank, band) {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 " + (n * 10) + " 12");
    svg.setAttribute("class", "bandsvg");
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", Math.round(band.rank_p05) + "–" + Math.round(band.rank_p95));
    var range = document.createElementNS(ns, "rect");
    range.setAttribute("class", "range");
    range.setAttribute("x", (band.rank_p05 - 1) * 10);
    range.setAttribute("y", 3);
    range.setAttribute("width", (band.rank_p95 - band.rank_p05) * 10 + 10);
    range.setAttribute("height", 6);
    var base = document.createElementNS(ns, "rect");
    base.setAttribute("class", "base");
    base.setAttribute("x", (rank - 1) * 10 + 3);
    base.setAttribute("y", 1);
    base.setAttribute("width", 4);
    base.setAttribute("height", 10);
    svg.appendChild(range);
    svg.appendChild(base);
    return svg;
  }
  function render(res) {
    var result = res[0], bands = res[1];
    var n = result.pairs.length;
    var byPair = {};
    (bands ? bands.pairs : []).forEach(function (b) { byPair[b.pair_id] = b; });
    var asOf = form.elements.as_of.value;
    var rows = result.pairs.map(function (p) {
      var tr = document.createElement("tr");
      tr.setAttribute("data-pair", p.pair_id);
      cell(tr, "rank", String(p.rank));
      var td = cell(tr, "", "");
      var a = document.createElement("a");
      a.href = "/pairs/" + p.pair_id + "?as_of=" + encodeURIComponent(asOf);
      a.textContent = p.kz_region + " – " + p.ru_region;
      td.appendChild(a);
      var pot = cell(tr, "num potential", fmt(p.potential, 3), p.potential);
      if (result.normalise === "minmax") {
        var bar = document.createElement("span");
        bar.className = "bar";
        bar.style.width = (p.potential * 100).toFixed(1) + "%";
        pot.insertBefore(bar, pot.firstChild);
      }
      var b = byPair[p.pair_id];
      var bandTd = cell(tr, "band", "");
      if (b) {
        bandTd.appendChild(bandSvg(n, p.rank, b));
        var s = document.createElement("span");
        s.className = "band-text";
        s.textContent = Math.round(b.rank_p05) + "–" + Math.round(b.rank_p95);
        bandTd.appendChild(s);
      }
      cell(tr, "num", b ? fmt(b.prob_top_k, 2) : "—", b ? b.prob_top_k : "");
      cell(tr, "num", fmt(p.gravity, 0), p.gravity);
      cell(tr, "num", fmt(p.transport_score, 0), p.transport_score);
      cell(tr, "num", fmt(p.sez_score, 0), p.sez_score);
      return tr;
    });
    body.replaceChildren.apply(body, rows);
    var w = Object.keys(result.weights).map(function (k) { return (form.getAttribute("data-c-" + k) || k) + " " + fmt(result.weights[k], 2); });
    meta.textContent = form.getAttribute("data-l-as-of") + " " + window.ShekaraFormat.date(result.as_of) + " · " +
      form.getAttribute("data-l-weights") + " " + w.join(", ");
    history.replaceState(null, "", pageUrl());
  }
  // The ranking and its band with the form's parameters; none while every weight is 0.
  function ask() {
    var p = params();
    if (!p) {
      live.status.textContent = form.getAttribute("data-msg-zero");
      return null;
    }
    var sp = new URLSearchParams(p);
    sp.set("draws", form.getAttribute("data-draws"));
    sp.set("seed", form.getAttribute("data-seed"));
    var getJson = window.ShekaraLive.getJson;
    return Promise.all([getJson("/api/assessment?" + p.toString()),
                        getJson("/api/assessment/sensitivity?" + sp.toString())]);
  }
  function schedule() { live.later(120); }
  components.forEach(function (c) {
    var input = form.elements[c];
    var out = document.getElementById("w-" + c + "-out");
    input.addEventListener("input", function () { out.textContent = input.value; schedule(); });
  });
  form.elements.normalise.addEventListener("change", schedule);
  form.elements.as_of.addEventListener("change", schedule);
  form.elements.as_of.classList.remove("autosubmit");
  return { ask: ask, show: render };
});
