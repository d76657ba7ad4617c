/* chemref: the filters, the "go to" look-up of the search box and the date of "cite this".
 *
 * Everything here is an enhancement: without JavaScript every table shows in full (the filter forms stay
 * hidden), the search box searches the text, and citations give the build date and the canonical URL.
 */
(function () {
  "use strict";

  /* The site's root URL, from this script's own address (…/javascripts/chemref.js). */
  var script = document.currentScript;
  var root = script ? new URL("../", script.src) : new URL("./", window.location.href);

  /* As chemref.site.text.lookup_key: NFKC, lower case, single spaces. */
  function lookupKey(text) {
    return text.normalize("NFKC").toLowerCase().split(/\s+/).filter(Boolean).join(" ");
  }

  /* --- The look-up (api/v1/lookup.json): every name, synonym, CAS RN and InChIKey, normalised. --- */

  var lookup = null;
  var lookupUrl = new URL("api/v1/lookup.json", root);

  function loadLookup() {
    if (lookup === null) {
      lookup = fetch(lookupUrl.href)
        .then(function (response) { return response.ok ? response.json() : null; })
        .catch(function () { return null; });
    }
    return lookup;
  }

  /* The chemicals whose name or identifier contains the query; null when the look-up cannot be read. */
  function chemicalsMatching(data, q) {
    if (!data) { return null; }
    var ids = {};
    Object.keys(data.keys).forEach(function (key) {
      if (key.indexOf(q) === -1) { return; }
      data.keys[key].forEach(function (id) {
        if (data.targets[id] && data.targets[id].kind === "chemical") { ids[id] = true; }
      });
    });
    return ids;
  }

  /* --- Filters: a name or identifier (q), a list (l), a jurisdiction (j), a decision (d). --- */

  function rowStatus(row) {
    var status = {};
    (row.getAttribute("data-status") || "").split(" ").forEach(function (pair) {
      var at = pair.indexOf("=");
      if (at > 0) { status[pair.slice(0, at)] = pair.slice(at + 1); }
    });
    return status;
  }

  function rowMatches(row, q, names, l, j, d) {
    if (q) {
      if (names) {
        if (!names[row.getAttribute("data-chemical")]) { return false; }
      } else if (lookupKey(row.textContent).indexOf(q) === -1) {
        return false;
      }
    }
    if (l && (" " + (row.getAttribute("data-lists") || "") + " ").indexOf(" " + l + " ") === -1) { return false; }
    /* A row of one jurisdiction's event; the matrix's rows span every jurisdiction and hide columns instead. */
    if (j && row.hasAttribute("data-j") && row.getAttribute("data-j") !== j) { return false; }
    if (d) {
      var status = rowStatus(row);
      if (j) { return status[j] === d; }
      return Object.keys(status).some(function (key) { return status[key] === d; });
    }
    return true;
  }

  function applyFilter(form, target, data) {
    var value = function (name) { return form.elements[name] ? form.elements[name].value : ""; };
    var q = lookupKey(value("q"));
    var names = q ? chemicalsMatching(data, q) : null;
    var l = value("l");
    var j = value("j");
    var d = value("d");
    var matrix = target.matches("table.chemref-matrix") ? target : null;
    if (matrix) {
      matrix.querySelectorAll("[data-j]").forEach(function (cell) {
        cell.hidden = Boolean(j) && cell.getAttribute("data-j") !== j;
      });
    }
    var shown = 0;
    var seen = {};
    var noun = form.getAttribute("data-noun");
    target.querySelectorAll("tr[data-chemical]").forEach(function (row) {
      var match = rowMatches(row, q, names, l, j, d);
      row.hidden = !match;
      /* Chemicals are counted once (a chemical on two lists has two rows); other rows one by one. */
      var key = noun ? String(shown) : row.getAttribute("data-chemical");
      if (match && !seen[key]) {
        seen[key] = true;
        shown += 1;
      }
      if (matrix) {
        row.querySelectorAll("td[data-d]").forEach(function (cell) {
          var off = (Boolean(d) && cell.getAttribute("data-d") !== d) ||
            (Boolean(l) && (" " + cell.getAttribute("data-lists") + " ").indexOf(" " + l + " ") === -1);
          cell.classList.toggle("chemref-dim", off);
        });
      }
    });
    /* A group of rows (a list on a jurisdiction's page) with none left shows nothing, not its heading. */
    target.querySelectorAll(".chemref-group").forEach(function (group) {
      group.hidden = !group.querySelector("tr[data-chemical]:not([hidden])");
    });
    var count = form.querySelector(".chemref-filter-count");
    var word = noun || "chemical";
    if (count) { count.textContent = shown + " " + word + (shown === 1 ? "" : "s"); }
    var none = form.querySelector(".chemref-nomatch");
    if (none) { none.hidden = shown > 0; }
    var params = new URLSearchParams(window.location.search);
    [["q", value("q").trim()], ["l", l], ["j", j], ["d", d]].forEach(function (pair) {
      if (pair[1]) { params.set(pair[0], pair[1]); } else { params.delete(pair[0]); }
    });
    var query = params.toString();
    window.history.replaceState(null, "", window.location.pathname + (query ? "?" + query : "") + window.location.hash);
  }

  function setUpFilters() {
    document.querySelectorAll("form.chemref-filter[data-target]").forEach(function (form) {
      var target = document.getElementById(form.getAttribute("data-target"));
      if (!target) { return; }
      var params = new URLSearchParams(window.location.search);
      ["q", "l", "j", "d"].forEach(function (name) {
        var field = form.elements[name];
        var value = params.get(name);
        if (!field || !value) { return; }
        if (field.tagName === "SELECT") {
          if (Array.prototype.some.call(field.options, function (o) { return o.value === value; })) {
            field.value = value;
          }
        } else {
          field.value = value;
        }
      });
      form.hidden = false;
      var run = function () {
        if (form.elements.q && form.elements.q.value.trim()) {
          loadLookup().then(function (data) { applyFilter(form, target, data); });
        } else {
          applyFilter(form, target, null);
        }
      };
      form.addEventListener("change", run);
      form.addEventListener("input", run);
      form.addEventListener("submit", function (event) { event.preventDefault(); });
      run();
    });
  }

  /* --- "Cite this": the date consulted is the reader's own date, in the reader's time zone. --- */

  function localDate(now) {
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
  }

  function setUpCitations() {
    var today = localDate(new Date());
    document.querySelectorAll("time.chemref-consulted").forEach(function (time) {
      time.setAttribute("datetime", today);
      time.textContent = today;
    });
  }

  /* --- Search: an exact name, synonym, abbreviation, CAS RN (forms too) or InChIKey goes straight to its
         chemical ("go to", first in the results, and what Enter opens); no match points to the scope. --- */

  function goToBox(result) {
    var box = result.querySelector(".chemref-goto");
    if (!box) {
      box = document.createElement("div");
      box.className = "chemref-goto";
      /* Between the theme's count (first child) and its list (last child), which it rewrites itself. */
      result.insertBefore(box, result.lastElementChild);
    }
    return box;
  }

  function renderGoTo(result, query, data) {
    var box = goToBox(result);
    box.textContent = "";
    var key = lookupKey(query);
    var ids = key && data && data.keys[key] ? data.keys[key] : [];
    ids.forEach(function (id) {
      var target = data.targets[id];
      var link = document.createElement("a");
      link.className = "md-search-result__link chemref-goto-link";
      link.href = new URL(target.page, lookupUrl).href;
      var article = document.createElement("article");
      article.className = "md-search-result__article md-typeset";
      /* The theme's Enter key opens the result with the highest score: an exact match always wins. */
      article.setAttribute("data-md-score", "1e300");
      var title = document.createElement("h1");
      title.textContent = "Go to " + target.name;
      var why = document.createElement("p");
      why.textContent = (target.kind === "chemical" ? "chemical" : target.kind) + ", exact match: " + query.trim();
      article.appendChild(title);
      article.appendChild(why);
      link.appendChild(article);
      box.appendChild(link);
    });
    var list = result.querySelector(".md-search-result__list");
    var empty = key && !ids.length && list && !list.children.length;
    if (empty) {
      var note = document.createElement("p");
      note.className = "chemref-goto-none";
      note.appendChild(document.createTextNode("Not here? chemref holds only listed precursors and a few drugs: "));
      var scope = document.createElement("a");
      scope.href = new URL("not-covered/", root).href;
      scope.textContent = "what chemref does not cover";
      note.appendChild(scope);
      note.appendChild(document.createTextNode("."));
      box.appendChild(note);
    }
  }

  function setUpSearch() {
    var input = document.querySelector("input.md-search__input");
    var result = document.querySelector(".md-search-result");
    if (!input || !result) { return; }
    var update = function () {
      var query = input.value;
      loadLookup().then(function (data) { renderGoTo(result, query, data); });
    };
    input.addEventListener("focus", loadLookup, { once: true });
    input.addEventListener("input", update);
    input.addEventListener("keyup", update);
    /* The theme rewrites the result list after each query: re-check "no match" when it does. */
    var list = result.querySelector(".md-search-result__list");
    if (list && window.MutationObserver) {
      new MutationObserver(function () { if (lookup !== null) { update(); } }).observe(list, { childList: true });
    }
  }

  function ready() {
    setUpFilters();
    setUpCitations();
    setUpSearch();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
