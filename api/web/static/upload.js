// The upload page (issue 17): a dry run, then the load, each a job on the server
// (POST /v1/ingest/jobs) followed until it ends (GET /v1/ingest/jobs/{id}).
// Everything is drawn with textContent: names in a report come from the upload.
"use strict";

(function () {
  const form = document.querySelector("form[data-upload]");
  if (!form) return;
  const file = form.querySelector("#bundle");
  const keyField = form.querySelector("#writer-key");
  const check = form.querySelector("#check");
  const load = form.querySelector("#load");
  const hint = form.querySelector("#upload-hint");
  const box = document.getElementById("job");
  const status = document.getElementById("job-status");
  const bar = document.getElementById("job-progress");
  const percent = document.getElementById("job-percent");
  const steps = document.getElementById("job-steps");
  const report = document.getElementById("job-report");
  const history = document.getElementById("job-history");
  let checkedName = null;

  function headers() {
    const h = { Accept: "application/json" };
    if (keyField && keyField.value) h.Authorization = "Bearer " + keyField.value.trim();
    return h;
  }

  function el(tag, text, cls) {
    const e = document.createElement(tag);
    if (text !== undefined) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }

  function drawReport(job) {
    report.replaceChildren();
    const r = job.report || {};
    if (job.status === "failed" || (job.status === "refused" && !r.kinds)) {
      report.append(el("p", (r.title || "Failed") + ": " + (r.detail || ""), "problem"));
      return;
    }
    const verb = job.dry_run ? "would be" : "were";
    report.append(el("p", job.status === "refused"
      ? "Nothing was written: " + (r.detail || r.title || "the bundle is invalid") + "."
      : (job.dry_run ? "Dry run: nothing was written. " : "Loaded. ") +
        "Rows " + verb + " created, updated or left as they were:", job.status === "refused" ? "problem" : ""));
    const table = el("table");
    table.id = "job-kinds";
    const head = el("tr");
    ["Kind", "Read", "Created", "Updated", "Unchanged", "Rejected", "Skipped"].forEach(function (t) {
      const th = el("th", t); th.scope = "col"; head.append(th);
    });
    const thead = el("thead"); thead.append(head); table.append(thead);
    const body = el("tbody");
    Object.entries(r.kinds || {}).forEach(function ([kind, k]) {
      const tr = el("tr"); tr.dataset.kind = kind;
      [kind, k.read, k.created, k.updated, k.unchanged, k.rejected, k.skipped].forEach(function (v) {
        tr.append(el("td", v === undefined || v === null ? "0" : String(v)));
      });
      body.append(tr);
    });
    table.append(body);
    const wrap = el("div", undefined, "table-wrap"); wrap.append(table); report.append(wrap);
    if (r.problem_count) {
      report.append(el("p", r.problem_count + " problem(s): " + (r.error_count || 0) + " error(s), " +
        (r.warning_count || 0) + " warning(s)", "problem"));
      const list = el("ul", undefined, "items");
      (r.problems || []).slice(0, 10).forEach(function (p) { list.append(el("li", p)); });
      report.append(list);
    }
  }

  function draw(job) {
    box.hidden = false;
    box.dataset.status = job.status;
    box.dataset.dryRun = String(job.dry_run);
    status.textContent = (job.dry_run ? "dry run · " : "load · ") + job.status;
    bar.value = job.progress.percent;
    percent.textContent = job.progress.percent + "%";
    steps.replaceChildren();
    job.progress.steps.forEach(function (s) { steps.append(el("li", s)); });
    if (job.report) drawReport(job); else report.replaceChildren();
  }

  function drawHistory() {
    fetch("/v1/ingest/jobs", { headers: headers(), credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (body) {
        if (!body) return;
        history.replaceChildren();
        if (!body.items.length) { history.append(el("li", "None yet.", "empty")); return; }
        body.items.forEach(function (j) {
          history.append(el("li", j.created_at.replace("T", " ").slice(0, 19) + " · " + j.source +
            " · " + (j.dry_run ? "dry run" : "load") + " · " + j.status));
        });
      });
  }

  function follow(id, dryRun) {
    fetch("/v1/ingest/jobs/" + encodeURIComponent(id), { headers: headers(), credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (job) {
        draw(job);
        if (job.status === "queued" || job.status === "running") {
          setTimeout(function () { follow(id, dryRun); }, 300);
          return;
        }
        check.disabled = false;
        if (dryRun && job.status === "done") {
          checkedName = file.files[0] && file.files[0].name;
          load.disabled = false;
          hint.textContent = "The check passed: Load writes this bundle.";
        } else if (!dryRun) {
          load.disabled = true;
          hint.textContent = job.status === "done" ? "Loaded. The pages show the new data now." : "";
        }
        drawHistory();
      });
  }

  function start(dryRun) {
    if (!file.files.length) { hint.textContent = "Choose a .zip file first."; return; }
    if (keyField && !keyField.value) { hint.textContent = "Type a writer key first."; return; }
    const data = new FormData();
    data.append("file", file.files[0]);
    data.append("dry_run", dryRun ? "true" : "false");
    data.append("skip_invalid", form.querySelector("#skip-invalid").checked ? "true" : "false");
    check.disabled = true;
    load.disabled = true;
    fetch("/v1/ingest/jobs", { method: "POST", body: data, headers: headers(), credentials: "same-origin" })
      .then(function (r) { return r.json().then(function (body) { return [r, body]; }); })
      .then(function ([r, body]) {
        if (r.status !== 202) {
          check.disabled = false;
          hint.textContent = (body.title || "Refused") + ": " + (body.detail || "");
          return;
        }
        follow(body.id, dryRun);
      });
  }

  check.addEventListener("click", function () { start(true); });
  load.addEventListener("click", function () { start(false); });
  file.addEventListener("change", function () {
    load.disabled = !(checkedName && file.files[0] && file.files[0].name === checkedName);
  });
  drawHistory();
})();
