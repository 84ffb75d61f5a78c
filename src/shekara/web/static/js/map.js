/* Shekara dashboard — map tooltips for mouse and keyboard, and pair/table highlighting. */
(function () {
  "use strict";
  var tip = document.getElementById("tip");
  var map = document.querySelector("svg.map");
  if (!tip || !map) { return; }
  var wrap = map.closest(".map-wrap") || document.body;

  function show(el, x, y) {
    tip.textContent = el.getAttribute("data-tip");
    tip.hidden = false;
    var box = wrap.getBoundingClientRect();
    tip.style.left = Math.max(0, Math.min(x - box.left + 12, box.width - tip.offsetWidth)) + "px";
    tip.style.top = (y - box.top + 12) + "px";
    highlight(el.getAttribute("data-pair"), true);
  }
  function hide(el) {
    tip.hidden = true;
    if (el) { highlight(el.getAttribute("data-pair"), false); }
  }
  function highlight(pair, on) {
    if (!pair) { return; }
    document.querySelectorAll('[data-pair="' + pair + '"]').forEach(function (n) {
      n.classList.toggle("hl", on);
    });
  }
  function target(ev) { return ev.target.closest ? ev.target.closest("[data-tip]") : null; }

  map.addEventListener("mousemove", function (ev) {
    var el = target(ev);
    if (el) { show(el, ev.clientX, ev.clientY); } else { hide(null); }
  });
  map.addEventListener("mouseleave", function () { hide(null); });
  map.addEventListener("mouseout", function (ev) { var el = target(ev); if (el) { hide(el); } });
  map.addEventListener("focusin", function (ev) {
    var el = target(ev);
    if (!el) { return; }
    var r = el.getBoundingClientRect();
    show(el, r.left + r.width / 2, r.top + r.height / 2);
  });
  map.addEventListener("focusout", function (ev) { hide(target(ev)); });
  document.addEventListener("keydown", function (ev) { if (ev.key === "Escape") { hide(null); } });
})();
