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

// Search as you type: the header box asks /v1/search (the page's own session
// authenticates it) and lists the best matches under the box. Built with
// textContent only: names come from CRM exports. Without JavaScript the form
// still opens the /search page.
(function () {
  const KIND = { account: "Account", unit: "Unit", person: "Person", team_member: "Our team" };
  const PAGE = { account: "/accounts/", unit: "/units/", person: "/people/", team_member: "/team/" };

  function href(hit, asOf) {
    return PAGE[hit.kind] + encodeURIComponent(hit.id) + (asOf ? "?as_of=" + asOf : "");
  }

  function init(form) {
    const input = form.querySelector("input[name=q]");
    const list = form.querySelector(".suggestions");
    const asOfField = form.querySelector("input[name=as_of]");
    const asOf = asOfField ? asOfField.value : "";
    let timer = null;
    let asked = 0;
    let active = -1;

    function close() {
      list.hidden = true;
      list.replaceChildren();
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function select(index) {
      const items = list.querySelectorAll("li");
      if (!items.length) return;
      active = (index + items.length) % items.length;
      items.forEach(function (li, n) { li.setAttribute("aria-selected", String(n === active)); });
      input.setAttribute("aria-activedescendant", items[active].id);
    }

    function show(body, text) {
      list.replaceChildren();
      body.items.forEach(function (hit, n) {
        const li = document.createElement("li");
        li.id = "suggestion-" + n;
        li.setAttribute("role", "option");
        li.dataset.kind = hit.kind;
        const a = document.createElement("a");
        a.href = href(hit, asOf);
        const kind = document.createElement("span");
        kind.className = "kind";
        kind.textContent = KIND[hit.kind];
        const name = document.createElement("span");
        name.className = "name";
        name.textContent = hit.name + (hit.left ? " (left)" : "");
        const where = document.createElement("span");
        where.className = "where";
        where.textContent = [hit.detail, hit.unit_name, hit.account_name]
          .filter(function (x) { return x; }).join(" · ");
        a.append(kind, name, where);
        li.append(a);
        list.append(li);
      });
      const all = document.createElement("li");
      all.className = "all";
      all.id = "suggestion-all";
      all.setAttribute("role", "option");
      const a = document.createElement("a");
      a.href = "/search?q=" + encodeURIComponent(text) + (asOf ? "&as_of=" + asOf : "");
      a.textContent = body.items.length
        ? (body.more ? "See all matches for “" + text + "”" : "Open these matches as a page")
        : "Nothing matches “" + text + "”: try fewer or shorter words";
      all.append(a);
      list.append(all);
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      active = -1;
    }

    function ask() {
      const text = input.value.trim();
      if (!text) { close(); return; }
      const ticket = ++asked;
      fetch("/v1/search?limit=8&q=" + encodeURIComponent(text), {
        credentials: "same-origin", headers: { Accept: "application/json" },
      }).then(function (r) { return r.ok ? r.json() : null; })
        .then(function (body) { if (body && ticket === asked) show(body, text); })
        .catch(function () { /* the form still submits to /search */ });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(ask, 120);
    });
    input.addEventListener("keydown", function (event) {
      if (list.hidden) return;
      if (event.key === "ArrowDown") { event.preventDefault(); select(active + 1); }
      else if (event.key === "ArrowUp") { event.preventDefault(); select(active - 1); }
      else if (event.key === "Escape") { close(); }
      else if (event.key === "Enter" && active >= 0) {
        event.preventDefault();
        list.querySelectorAll("li a")[active].click();
      }
    });
    document.addEventListener("click", function (event) {
      if (!form.contains(event.target)) close();
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-search]").forEach(init);
  });
})();

// The org chart: a chart larger than its card scrolls inside it; bring the box in
// focus (the unit or person asked for) to the middle of the card, so a click in a
// 35,000-pixel chart does not leave the user at its far corner.
(function () {
  function centre(wrap) {
    const box = wrap.querySelector("a.box.focus rect");
    if (!box) return;
    const inner = box.getBoundingClientRect();
    const outer = wrap.getBoundingClientRect();
    wrap.scrollLeft += inner.left - outer.left - (wrap.clientWidth - inner.width) / 2;
    wrap.scrollTop += inner.top - outer.top - (wrap.clientHeight - inner.height) / 2;
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".chart-wrap").forEach(centre);
  });
})();
