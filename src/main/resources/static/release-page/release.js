// A release's page: its stages, deadlines, figures and every decision the user may see, from the product API.
// Credentials stay in this tab's sessionStorage (as on the status page) and go with every call as HTTP Basic.
(function () {
  "use strict";

  const { request, api, el, localTime: when, loggedIn, showError, login } = ChfwPage;
  const releaseId = (location.pathname.match(/\/releases\/(\d+)/) || [])[1];

  const call = (path, accept) => request("GET", path, undefined, accept);
  const number = n => n === undefined || n === null ? "" : ChfwPage.number(n);

  function renderStages(stages) {
    const body = document.querySelector("#stages tbody");
    body.replaceChildren();
    const top = stages.filter(s => !s.parent);
    top.forEach(stage => {
      const row = el("tr", null, { class: stage.type === "subProcess" ? "stage" : "step", "data-activity": stage.activityId });
      [stage.name || stage.activityId, when(stage.started), stage.ended ? when(stage.ended) : "running"]
        .forEach(v => row.appendChild(el("td", v)));
      body.appendChild(row);
      stages.filter(s => s.parent === stage.activityId).forEach(step => {
        const inner = el("tr", null, { class: "step", "data-activity": step.activityId });
        [step.name || step.activityId, when(step.started), step.ended ? when(step.ended) : "running"]
          .forEach(v => inner.appendChild(el("td", v)));
        body.appendChild(inner);
      });
    });
  }

  function renderPhases(phases) {
    const list = document.getElementById("phases");
    list.replaceChildren();
    phases.forEach(p => list.appendChild(el("li", p.phase + " from " + when(p.startedAt), { "data-phase": p.phase })));
  }

  function renderDeadlines(deadlines) {
    const list = document.getElementById("deadlines");
    list.replaceChildren();
    deadlines.forEach(d => list.appendChild(el("li", d.name + ": " + (d.window ? d.window : when(d.at || d.due)))));
    if (!deadlines.length) {
      list.appendChild(el("li", "None."));
    }
  }

  function table(headings, rows) {
    const t = el("table");
    const head = el("tr");
    headings.forEach(h => head.appendChild(el("th", h)));
    t.appendChild(el("thead")).appendChild(head);
    const body = t.appendChild(el("tbody"));
    rows.forEach(r => {
      const tr = el("tr");
      r.forEach(v => tr.appendChild(el("td", String(v))));
      body.appendChild(tr);
    });
    return t;
  }

  function renderFigures(figures) {
    const box = document.getElementById("figures");
    box.replaceChildren();
    if (figures.progress) {
      box.appendChild(table(["CSP region", "Hubs of the variant", "On the new firmware", "Approved", "In open batches", "Upgraded",
        "Failed", "Skipped or unreported"], figures.progress.regions.map(r => [r.cspRegion, number(r.hubsOnVariant),
        number(r.onTargetFirmware), number(r.approved), number(r.inOpenBatches), number(r.upgraded), number(r.failed),
        number(r.skippedOrUnreported)])));
    }
    if (figures.frozen && figures.frozen.length) {
      box.appendChild(el("p", "Rollout figures as they stood when the release ended:"));
      box.appendChild(table(["Scope", "Hubs remaining", "Awaiting a prerequisite", "Failed", "Skipped", "Not reported", "Frozen at"],
        figures.frozen.map(f => [f.scope, number(f.hubsRemaining), number(f.hubsAwaitingPrerequisite), number(f.awaitingFailed),
          number(f.awaitingSkipped), number(f.awaitingNoReport), when(f.frozenAt)])));
    }
    if (figures.ownHubs) {
      const o = figures.ownHubs;
      box.appendChild(table(["Your hubs of the variant", "Approved by you", "Upgraded", "Failed", "On the new firmware"],
        [[number(o.hubs), number(o.approvedByYou), number(o.upgraded), number(o.failed), number(o.onTargetFirmware)]]));
    }
    if (figures.heldBack) {
      // Why the hubs still to go are not going yet: each figure counts what one of the publication's conditions holds back
      // (a hub held for two reasons counts in both); a supplier's are its own hubs', and name nobody.
      const h = figures.heldBack;
      box.appendChild(el("p", (figures.ownHubs ? "Your hubs" : "Hubs") + " still to go that may not go yet, and why"
        + " (a hub held back for two reasons counts in both):"));
      const why = table(["Withheld by suppliers", "Suspended by flags", "Waiting as new installs", "Awaiting a prerequisite",
        "Awaiting a supplier's own prerequisite"],
        [[number(h.withheldBySuppliers), number(h.suspendedByFlags), number(h.waitingAsNewInstalls),
          number(h.awaitingPrerequisite), number(h.awaitingSupplierPrerequisites)]]);
      why.id = "held-back";
      box.appendChild(why);
      if (h.countedAt) {
        // the figures are kept between reads: say when they were counted (docs/rollout-control.md)
        box.appendChild(el("p", "Counted " + when(h.countedAt) + "; counted again whenever something changes them, "
          + "and after a short while in any case.", { id: "held-back-counted" }));
      }
    }
  }

  function renderDecisions(entries) {
    const body = document.querySelector("#decisions tbody");
    body.replaceChildren();
    entries.forEach(e => {
      const row = el("tr", null, { "data-kind": e.kind });
      [when(e.decidedAt), e.kind, e.stage, e.decision + (e.effectiveAt ? " " + when(e.effectiveAt) : ""),
        e.decidedBy ? e.decidedBy + " (" + e.actorRole + ")" : e.actorRole, e.supplierCode || "", e.cspRegion || "",
        number(e.hubCount), [e.scope, e.comment].filter(Boolean).join(": ")]
        .forEach(v => row.appendChild(el("td", v)));
      row.appendChild(el("td", e.hash ? e.hash.substring(0, 12) + "…" : "", { class: "hash", title: e.hash || "" }));
      body.appendChild(row);
    });
  }

  async function downloadCsv() {
    const blob = await (await call("/api/releases/" + releaseId + "/audit.csv", "text/csv")).blob();
    const link = el("a", null, { href: URL.createObjectURL(blob), download: "release-" + releaseId + "-audit.csv" });
    document.body.appendChild(link);
    link.click();
    link.remove();
  }

  async function verify() {
    const result = await api("/api/releases/" + releaseId + "/audit/verify");
    const out = document.getElementById("verify-result");
    out.className = result.ok ? "ok" : "broken";
    out.textContent = result.ok ? "The chain holds: " + result.records + " records."
      : "Record " + result.broken.seq + " (" + result.broken.sourceKey + "): " + result.broken.problem;
  }

  async function start() {
    const me = await api("/api/me");
    loggedIn(me);
    document.getElementById("verify-area").hidden = !me.dcc;
    const [release, history, audit] = await Promise.all([api("/api/releases/" + releaseId),
      api("/api/releases/" + releaseId + "/history"), api("/api/releases/" + releaseId + "/audit")]);
    document.getElementById("release-title").textContent = "Release " + releaseId + ": " + history.release;
    document.title = "CH firmware rollout: release " + releaseId;
    document.getElementById("release-status").textContent = "Status " + release.status
      + (release.closedStage ? ", ended at stage " + release.closedStage : "")
      + (release.closedReason ? ": " + release.closedReason : "");
    renderPhases(history.phases);
    renderStages(history.stages);
    renderDeadlines(history.deadlines);
    renderFigures(history.figures);
    renderDecisions(audit);
  }

  document.getElementById("download-csv").addEventListener("click", () => downloadCsv().catch(showError));
  document.getElementById("verify").addEventListener("click", () => verify().catch(showError));
  login(start);
})();
