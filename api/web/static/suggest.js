// Choosing an account or a team member by name in a filter form, at any scale
// (issue 17): a text field whose value is an id, with a datalist of a bounded size
// that /v1/search fills as you type (the page's own session authenticates it),
// keeping the hits of the field's kind (data-suggest). Built with DOM calls only:
// names come from CRM exports. Without JavaScript the field takes an id.
(function () {
  function init(input) {
    const list = document.getElementById(input.getAttribute("list"));
    const kind = input.dataset.suggest;
    let timer = null;
    let asked = 0;

    function show(hits) {
      const options = hits.filter(function (hit) { return hit.kind === kind; }).map(function (hit) {
        const option = document.createElement("option");
        option.value = hit.id;
        option.label = [hit.name, hit.detail, hit.account_name]
          .filter(function (x) { return x; }).join(" · ");
        return option;
      });
      list.replaceChildren.apply(list, options);
    }

    function ask() {
      const text = input.value.trim();
      if (text.length < 2) return;
      const ticket = ++asked;
      fetch("/v1/search?limit=20&q=" + encodeURIComponent(text), {
        credentials: "same-origin", headers: { Accept: "application/json" },
      }).then(function (r) { return r.ok ? r.json() : null; })
        .then(function (body) { if (body && ticket === asked) show(body.items); })
        .catch(function () { /* the field still takes an id */ });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(ask, 150);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("input[data-suggest][list]").forEach(init);
  });
})();
