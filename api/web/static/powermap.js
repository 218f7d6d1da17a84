// Client-side sorting for tables marked data-sortable: each column header holds a
// <button> (reachable and pressed with the keyboard); aria-sort tells assistive
// technology the current order. Cells may carry data-value for a sort key that
// differs from their text (numbers, ratios).
"use strict";

(function () {
  function cellValue(row, index) {
    const cell = row.cells[index];
    if (!cell) return "";
    return cell.dataset.value !== undefined ? cell.dataset.value : cell.textContent.trim();
  }

  function compare(a, b, numeric) {
    if (numeric) return Number(a) - Number(b);
    return a.localeCompare(b, undefined, { sensitivity: "base", numeric: true });
  }

  function sortBy(table, header, index) {
    const numeric = header.dataset.type === "number";
    const ascending = header.getAttribute("aria-sort") !== "ascending";
    const body = table.tBodies[0];
    const rows = Array.from(body.rows);
    rows.sort(function (r1, r2) {
      const order = compare(cellValue(r1, index), cellValue(r2, index), numeric);
      return ascending ? order : -order;
    });
    for (const th of table.tHead.rows[0].cells) th.removeAttribute("aria-sort");
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    body.append(...rows);
    const status = table.parentElement.querySelector("[data-sort-status]");
    if (status) {
      status.textContent = "Sorted by " + header.textContent.trim() +
        (ascending ? ", ascending" : ", descending");
    }
  }

  function init(table) {
    const headers = table.tHead.rows[0].cells;
    Array.from(headers).forEach(function (th, index) {
      const button = th.querySelector("button");
      if (button) button.addEventListener("click", function () { sortBy(table, th, index); });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("table[data-sortable]").forEach(init);
  });
})();
