(function () {
  "use strict";
  document.documentElement.classList.add("js");
  var table = document.getElementById("quote-table");
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var details = document.getElementById("details");
  var search = document.getElementById("f-text");
  var status = document.getElementById("f-status");
  var lang = document.getElementById("f-lang");
  var minimum = document.getElementById("f-min");
  var count = document.getElementById("f-count");

  function filter() {
    var words = search.value.trim().toLowerCase();
    var least = parseFloat(minimum.value);
    var shown = 0;
    rows.forEach(function (row) {
      var data = row.dataset;
      var keep = (!status.value || data.status === status.value) &&
        (!lang.value || data.lang === lang.value) &&
        (isNaN(least) || (data.score !== "" && parseFloat(data.score) >= least)) &&
        (!words || row.textContent.toLowerCase().indexOf(words) >= 0);
      row.hidden = !keep;
      if (keep) { shown += 1; }
    });
    count.textContent = shown + " of " + rows.length + " quotes";
  }

  function cellValue(row, index, numeric) {
    var cell = row.cells[index];
    var value = cell.dataset.value !== undefined ? cell.dataset.value : cell.textContent;
    if (!numeric) { return value.toLowerCase(); }
    return value === "" ? -Infinity : parseFloat(value);
  }

  var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
  headers.forEach(function (header, index) {
    header.addEventListener("click", function () {
      var direction = header.getAttribute("aria-sort") === "ascending" ? -1 : 1;
      headers.forEach(function (other) { other.removeAttribute("aria-sort"); });
      header.setAttribute("aria-sort", direction === 1 ? "ascending" : "descending");
      var numeric = header.dataset.type === "number";
      rows.sort(function (a, b) {
        var x = cellValue(a, index, numeric), y = cellValue(b, index, numeric);
        var order = x < y ? -1 : x > y ? 1 : 0;
        return order * direction || a.dataset.order - b.dataset.order;
      });
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });

  function select(anchor, remember) {
    var article = document.getElementById(anchor);
    if (!article || !article.classList.contains("detail")) { return; }
    Array.prototype.forEach.call(details.querySelectorAll(".detail.shown"), function (other) {
      other.classList.remove("shown");
    });
    article.classList.add("shown");
    rows.forEach(function (row) {
      var selected = row.dataset.target === anchor;
      row.classList.toggle("selected", selected);
      row.setAttribute("aria-selected", selected ? "true" : "false");
    });
    details.scrollTop = 0;
    if (remember) {
      try { history.replaceState(null, "", "#" + anchor); } catch (error) { /* file: URLs may refuse */ }
    }
  }

  body.addEventListener("click", function (event) {
    var row = event.target.closest("tr");
    if (!row) { return; }
    event.preventDefault();
    select(row.dataset.target, true);
  });
  body.addEventListener("keydown", function (event) {
    var row = event.target.closest("tr");
    if (row && (event.key === "Enter" || event.key === " ")) {
      event.preventDefault();
      select(row.dataset.target, true);
    }
  });
  [search, status, lang, minimum].forEach(function (control) {
    control.addEventListener("input", filter);
    control.addEventListener("change", filter);
  });
  if (location.hash.length > 1) { select(decodeURIComponent(location.hash.slice(1)), false); }
  filter();
})();
