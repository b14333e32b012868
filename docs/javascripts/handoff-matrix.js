// Sort and filter the handoff matrix in the browser.
//
// The page works without this script, because the matrix is an ordinary table. Each row's
// first cell contains an empty <span class="handoff-row"> whose data attributes give the values to
// filter on (experiment, cadence, status, receiver) and sort keys for columns whose text
// does not sort usefully (data-rank-<column>). The script adds filter menus above the
// table and a sort button to each column header.
(function () {
  "use strict";

  var FILTERS = [
    { key: "experiment", label: "Experiment", labelKey: "experimentLabel" },
    { key: "cadence", label: "Cadence", rankKey: "rankCadence" },
    { key: "status", label: "Status", rankKey: "rankStatus" },
    { key: "receiver", label: "Receiving side", labelKey: "receiverLabel" },
  ];
  var collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });

  function markerOf(row) {
    return row.querySelector("span.handoff-row");
  }

  // Return the distinct values of one filter, in rank order if the rows carry a rank, else
  // in the order the rows first show them, each with its label and number of rows.
  function optionsFor(filter, rows) {
    var seen = new Map();
    rows.forEach(function (row) {
      var data = markerOf(row).dataset;
      var value = data[filter.key];
      if (!seen.has(value)) {
        seen.set(value, {
          value: value,
          label: filter.labelKey ? data[filter.labelKey] : value,
          rank: filter.rankKey ? Number(data[filter.rankKey]) : seen.size,
          count: 0,
        });
      }
      seen.get(value).count += 1;
    });
    return Array.from(seen.values()).sort(function (a, b) {
      return a.rank - b.rank;
    });
  }

  function buildFilters(table, rows, onChange) {
    var form = document.createElement("form");
    form.className = "handoff-filters";
    form.setAttribute("role", "search");
    form.setAttribute("aria-label", "Filter the handoff matrix");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
    });

    var selects = FILTERS.map(function (filter) {
      var label = document.createElement("label");
      label.textContent = filter.label + " ";
      var select = document.createElement("select");
      select.name = filter.key;
      select.add(new Option("All", ""));
      optionsFor(filter, rows).forEach(function (option) {
        select.add(new Option(option.label + " (" + option.count + ")", option.value));
      });
      select.addEventListener("change", onChange);
      label.appendChild(select);
      form.appendChild(label);
      return select;
    });

    var reset = document.createElement("button");
    reset.type = "button";
    reset.className = "md-button";
    reset.textContent = "Show all";
    reset.addEventListener("click", function () {
      selects.forEach(function (select) {
        select.value = "";
      });
      onChange();
    });
    form.appendChild(reset);

    var count = document.createElement("p");
    count.className = "handoff-count";
    count.setAttribute("aria-live", "polite");
    form.appendChild(count);

    // Material wraps tables in scrolling containers; the menus go above the outermost one.
    var anchor = table.closest(".md-typeset__scrollwrap") || table;
    anchor.parentNode.insertBefore(form, anchor);
    return { selects: selects, count: count };
  }

  function applyFilters(rows, controls) {
    var visibleCount = 0;
    rows.forEach(function (row) {
      var data = markerOf(row).dataset;
      var matches = controls.selects.every(function (select) {
        return select.value === "" || data[select.name] === select.value;
      });
      row.hidden = !matches;
      if (matches) {
        visibleCount += 1;
      }
    });
    controls.count.textContent =
      visibleCount === 0
        ? "No duty matches these filters."
        : "Showing " + visibleCount + " of " + rows.length + " duties.";
  }

  // The key a row sorts by in one column: its rank for that column if it has one (an empty
  // rank sorts last), otherwise the cell's text.
  function sortKey(row, column, rankKey) {
    var data = markerOf(row).dataset;
    if (rankKey in data) {
      return data[rankKey] === "" ? null : Number(data[rankKey]);
    }
    var text = row.cells[column].textContent.trim();
    return text === "" ? null : text;
  }

  function compareKeys(a, b) {
    if (a === null && b === null) {
      return 0;
    }
    if (a === null) {
      return 1;
    }
    if (b === null) {
      return -1;
    }
    if (typeof a === "number" && typeof b === "number") {
      return a - b;
    }
    return collator.compare(String(a), String(b));
  }

  function makeSortable(table, rows) {
    var headers = Array.from(table.tHead.rows[0].cells);
    headers.forEach(function (header, column) {
      var title = header.textContent.trim();
      var rankKey = "rank" + title.replace(/(^|\s+)(\w)/g, function (_, space, letter) {
        return letter.toUpperCase();
      });
      var button = document.createElement("button");
      button.type = "button";
      button.className = "handoff-sort";
      button.textContent = title;
      header.textContent = "";
      header.appendChild(button);

      button.addEventListener("click", function () {
        var ascending = header.getAttribute("aria-sort") !== "ascending";
        headers.forEach(function (other) {
          other.removeAttribute("aria-sort");
        });
        header.setAttribute("aria-sort", ascending ? "ascending" : "descending");

        var keyed = rows.map(function (row, index) {
          return { row: row, key: sortKey(row, column, rankKey), index: index };
        });
        keyed.sort(function (a, b) {
          var order = compareKeys(a.key, b.key);
          // Rows without a value stay last in both directions; ties keep the data order.
          if (a.key !== null && b.key !== null && !ascending) {
            order = -order;
          }
          return order || a.index - b.index;
        });
        var body = table.tBodies[0];
        keyed.forEach(function (item) {
          body.appendChild(item.row);
        });
      });
    });
  }

  function enhance(table) {
    var rows = Array.from(table.tBodies[0].rows).filter(markerOf);
    var controls = buildFilters(table, rows, function () {
      applyFilters(rows, controls);
    });
    applyFilters(rows, controls);
    makeSortable(table, rows);
    table.classList.add("handoff-matrix");
  }

  function start() {
    document.querySelectorAll("table").forEach(function (table) {
      if (table.tHead && table.tBodies.length && table.querySelector("span.handoff-row")) {
        enhance(table);
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
