/* Shekara dashboard — numbers and days in the page's language, as the server writes them.
   Browsers have no Kazakh locale data (Intl gives "0.899" and "M03 1" for kk), so the server
   puts Babel's symbols and "day month" forms of the page's language in <script id="locale-data">
   (shekara.i18n.browser_locale) and every page script formats through window.ShekaraFormat:
     ShekaraFormat.num(0.6667, 3) → "0,667" (kk, ru), "0.667" (en)
     ShekaraFormat.num(1632672, 0) → "1 632 672" (no-break spaces in kk and ru)
     ShekaraFormat.day("2026-03-01") → "1 нау." (kk), "1 мар." (ru), "1 Mar" (en)
     ShekaraFormat.date("2018-12-31") → "2018 жылғы 31 желтоқсан" (kk), "31 декабря 2018 г." (ru) */
(function () {
  "use strict";
  var node = document.getElementById("locale-data");
  var L = node ? JSON.parse(node.textContent) : null;
  if (!L) {
    L = { decimal: ".", group: ",", minus: "-",
      day_month: ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        .map(function (m) { return "{d} " + m; }) };
  }

  // v with exactly d decimals, the language's decimal sign and digit grouping (Babel's "#,##0.00").
  function num(v, d) {
    if (typeof v !== "number" || !isFinite(v)) { return "—"; }
    var text = Math.abs(v).toFixed(d);
    var parts = text.split(".");
    var whole = parts[0].replace(/\B(?=(\d{3})+(?!\d))/g, L.group);
    var out = parts.length > 1 ? whole + L.decimal + parts[1] : whole;
    return v < 0 && Number(text) !== 0 ? L.minus + out : out;
  }
  // Decimals by magnitude, as PageText.smart on the server: 0 from 100, 1 from 10, 2 from 1, else 3.
  function smart(v) {
    var a = Math.abs(v);
    return num(v, a >= 100 || a === 0 ? 0 : a >= 10 ? 1 : a >= 1 ? 2 : 3);
  }
  // "YYYY-MM-DD…" → the day and abbreviated month, as Babel's "d MMM".
  function day(iso) {
    var month = parseInt(iso.slice(5, 7), 10), d = parseInt(iso.slice(8, 10), 10);
    return L.day_month[month - 1].replace("{d}", String(d));
  }
  // "YYYY-MM-DD" → the day in full, as shekara.i18n.words.day_words: "2018 жылғы 31 желтоқсан".
  function date(iso) {
    var forms = L.day_year;
    if (!forms) { return iso; }
    var month = parseInt(iso.slice(5, 7), 10), d = parseInt(iso.slice(8, 10), 10);
    return forms[month - 1].replace("{d}", String(d)).replace("{y}", iso.slice(0, 4));
  }
  window.ShekaraFormat = { num: num, smart: smart, day: day, date: date };
})();
