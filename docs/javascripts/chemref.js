/* chemref: the matrix filter and the "cite this" lines.
 *
 * Everything here is an enhancement: without JavaScript the matrix shows in full (the filter form stays
 * hidden) and citations give the build date and the page's path.
 */
(function () {
  "use strict";

  function filterMatrix(form, table) {
    var j = form.elements.j.value;
    var d = form.elements.d.value;
    table.querySelectorAll("[data-j]").forEach(function (cell) {
      cell.hidden = Boolean(j) && cell.getAttribute("data-j") !== j;
    });
    var shown = 0;
    table.querySelectorAll("tbody tr").forEach(function (row) {
      var cells = Array.prototype.filter.call(row.querySelectorAll("td[data-d]"), function (cell) {
        return !cell.hidden;
      });
      var match = !d || cells.some(function (cell) { return cell.getAttribute("data-d") === d; });
      cells.forEach(function (cell) {
        cell.classList.toggle("chemref-dim", Boolean(d) && cell.getAttribute("data-d") !== d);
      });
      row.hidden = !match;
      if (match) { shown += 1; }
    });
    var count = form.querySelector(".chemref-filter-count");
    if (count) { count.textContent = shown + (shown === 1 ? " chemical" : " chemicals"); }
    var params = new URLSearchParams(window.location.search);
    if (j) { params.set("j", j); } else { params.delete("j"); }
    if (d) { params.set("d", d); } else { params.delete("d"); }
    var query = params.toString();
    window.history.replaceState(null, "", window.location.pathname + (query ? "?" + query : "") + window.location.hash);
  }

  function setUpMatrix() {
    var form = document.querySelector("form.chemref-filter");
    var table = document.querySelector("table.chemref-matrix");
    if (!form || !table) { return; }
    var params = new URLSearchParams(window.location.search);
    ["j", "d"].forEach(function (name) {
      var value = params.get(name);
      var select = form.elements[name];
      if (value && Array.prototype.some.call(select.options, function (o) { return o.value === value; })) {
        select.value = value;
      }
    });
    form.hidden = false;
    form.addEventListener("change", function () { filterMatrix(form, table); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    filterMatrix(form, table);
  }

  function setUpCitations() {
    var today = new Date().toISOString().slice(0, 10);
    document.querySelectorAll("time.chemref-consulted").forEach(function (time) {
      time.setAttribute("datetime", today);
      time.textContent = today;
    });
    document.querySelectorAll("a.chemref-permalink").forEach(function (link) {
      link.textContent = link.href;
    });
  }

  function ready() {
    setUpMatrix();
    setUpCitations();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
