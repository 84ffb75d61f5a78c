/* Shekara — population page: animate the age "pyramid" through the years (no CDN, no framework).
   The server draws the first year; this script only changes bar widths and labels, using the
   numbers the server formatted (JSON block #pop-data). */
(function () {
  "use strict";
  var block = document.getElementById("pop-data");
  var svg = document.getElementById("pyr-svg");
  if (!block || !svg) { return; }
  var data = JSON.parse(block.textContent);
  var slider = document.getElementById("pyr-year");
  var play = document.getElementById("pyr-play");
  var bars = Array.prototype.slice.call(svg.querySelectorAll("g.bar"));
  var n = bars.length;
  var left = 0, full = 0;
  if (n) {
    var r0 = bars[0].querySelector("rect");
    left = parseFloat(r0.getAttribute("x"));
    full = svg.viewBox.baseVal.width - left - 56;  /* PYR_LABEL_ROOM of pages/population.py */
  }
  var timer = null;

  function show(year) {
    var i = data.years.indexOf(year);
    if (i < 0) { return; }
    var values = data.values[i];
    bars.forEach(function (g, k) {
      var idx = n - 1 - k;            /* oldest group drawn at the top */
      var w = full * values[idx] / data.scale;
      var rect = g.querySelector("rect");
      rect.setAttribute("width", w.toFixed(1));
      rect.querySelector("title").textContent = g.getAttribute("data-age") + ": " + data.fmt[i][idx];
      var val = g.querySelector("text.val");
      val.setAttribute("x", (left + w + 4).toFixed(1));
      val.textContent = data.fmt[i][idx];
    });
    document.getElementById("pyr-y").textContent = String(year);
    document.getElementById("pyr-variant").textContent = data.labels[data.variant[i]];
    document.getElementById("pyr-total").textContent = data.totals[i];
    svg.setAttribute("data-year", String(year));
  }

  function stop() {
    if (timer) { clearInterval(timer); timer = null; }
    play.textContent = play.getAttribute("data-play");
  }

  slider.addEventListener("input", function () { stop(); show(parseInt(slider.value, 10)); });
  play.addEventListener("click", function () {
    if (timer) { stop(); return; }
    play.textContent = play.getAttribute("data-pause");
    if (parseInt(slider.value, 10) >= data.years[data.years.length - 1]) { slider.value = String(data.years[0]); }
    timer = setInterval(function () {
      var y = parseInt(slider.value, 10) + 1;
      if (y > data.years[data.years.length - 1]) { stop(); return; }
      slider.value = String(y);
      show(y);
    }, 120);
  });
  show(parseInt(slider.value, 10));
})();
