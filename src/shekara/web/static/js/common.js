/* Shekara dashboard — shared behaviour, loaded by every page (base.html):
   - selects of class "autosubmit" submit their form on change;
   - window.ShekaraLive: a form that recomputes through the API without leaving the page
     (the assessment and water pages), and getJson for its requests. */
(function () {
  "use strict";
  document.querySelectorAll("select.autosubmit").forEach(function (sel) {
    sel.addEventListener("change", function () {
      // a page script that takes the select over removes the class (assessment.js)
      if (sel.form && sel.classList.contains("autosubmit")) { sel.form.submit(); }
    });
  });

  // GET url as JSON; an answer that is not 2xx rejects with the problem's detail.
  function getJson(url) {
    return fetch(url, { headers: { Accept: "application/json" } }).then(function (r) {
      return r.json().then(function (data) {
        if (!r.ok) { throw new Error(data.detail || r.statusText); }
        return data;
      });
    });
  }

  // A page whose form #formId recomputes through the API. On a page with that form,
  // setup(live) gets {form, status, run, later} and returns {ask, show}: ask() gives the
  // promise of the answer (or null when there is nothing to ask, having said why in
  // #statusId), show(answer) draws it. The newest run wins; the status line says the
  // form's data-msg-busy, -done and -error texts; the form is aria-busy while it waits.
  // Submitting runs at once, later(ms) after a pause (sliders, typing).
  //   ShekaraLive.live("forecast-form", "forecast-status", function (live) { ... });
  function live(formId, statusId, setup) {
    var form = document.getElementById(formId);
    if (!form) { return; }
    var status = document.getElementById(statusId);
    var generation = 0, timer = null, page = null;
    function say(name, detail) {
      status.textContent = form.getAttribute("data-msg-" + name) + (detail ? " " + detail : "");
    }
    function run() {
      var mine = ++generation;
      var pending = page.ask();
      if (!pending) { form.removeAttribute("aria-busy"); return; }
      say("busy");
      form.setAttribute("aria-busy", "true");
      pending
        .then(function (answer) {
          if (mine !== generation) { return; }
          page.show(answer);
          say("done");
        })
        .catch(function (err) {
          if (mine !== generation) { return; }
          say("error", err.message);
        })
        .then(function () { if (mine === generation) { form.removeAttribute("aria-busy"); } });
    }
    function later(ms) {
      clearTimeout(timer);
      timer = setTimeout(run, ms);
    }
    page = setup({ form: form, status: status, run: run, later: later });
    form.addEventListener("submit", function (ev) { ev.preventDefault(); run(); });
  }
  window.ShekaraLive = { getJson: getJson, live: live };
})();
