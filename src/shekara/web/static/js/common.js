/* Shekara dashboard — shared behaviour: selects that submit their form on change. */
(function () {
  "use strict";
  document.querySelectorAll("select.autosubmit").forEach(function (sel) {
    sel.addEventListener("change", function () {
      if (sel.form) { sel.form.submit(); }
    });
  });
})();
