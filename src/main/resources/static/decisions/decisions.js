// A supplier's decisions page: its stance on each open release (approve the whole estate or the split hubs the other
// supplier approved, hold in a scope, end a row) and its standing rules (preview, save, end), with buttons, over the
// product API. Credentials are the status page's: this tab's sessionStorage, sent as HTTP Basic.
(function () {
  "use strict";

  const { call, el, field: labelled, say, acting, number, when, whoFor, loggedIn, showLogin, login } = ChfwPage;
  const ENDED = ["ROLLED_OUT", "REJECTED", "WITHDRAWN", "STOPPED"];
  const act = acting(() => refresh());

  function scope(row) {
    const parts = [];
    if (row.cspRegion) parts.push(row.cspRegion);
    if (row.configurationSet) parts.push("set " + row.configurationSet);
    if (row.variantId) parts.push("variant " + row.variantId);
    return parts.length ? parts.join(", ") : "whole estate";
  }

  function renderRelease(release, stance) {
    const card = el("div", null, { class: "release", "data-release": release.id });
    card.appendChild(el("h3", release.variantName + " firmware " + release.firmwareVersion + " (" + release.status + ")"));
    const figures = el("div", null, { class: "figures" });
    [["approved", "approved"], ["held", "held"], ["undecided", "undecided"]].forEach(([key, label]) => {
      const figure = el("span", null, { "data-figure": key });
      figure.appendChild(el("b", number(stance.hubs[key])));
      figure.appendChild(document.createTextNode(" " + label));
      figures.appendChild(figure);
    });
    card.appendChild(figures);
    const cutoff = stance.cutoff && stance.cutoff.cutoffAt
      ? "Your cut-off: " + when(stance.cutoff.cutoffAt) + (stance.cutoff.extendedForSupplier ? " (more time granted to you)" : "")
        + (stance.cutoff.passed ? ", passed" : "")
      : "Your cut-off is set when the pilot (or the mass rollout) begins.";
    card.appendChild(el("p", cutoff, { class: "hint", "data-cutoff": "" }));

    const rows = el("table", null, { class: "stances" });
    rows.appendChild(el("thead")).appendChild(el("tr")).append(el("th", "Stance"), el("th", "Scope"), el("th", "How"),
      el("th", "Reason"), el("th", "Decided"), el("th", ""));
    const body = rows.appendChild(el("tbody"));
    stance.stances.forEach(row => {
      const tr = el("tr", null, { "data-stance": row.id });
      tr.append(el("td", row.stance + (row.endedAt ? " (ended)" : "")), el("td", scope(row)), el("td", row.source),
        el("td", row.endedAt ? row.reason + "; ended: " + row.endReason : row.reason), el("td", row.decidedBy + ", " + when(row.decidedAt)));
      const cell = el("td");
      if (!row.endedAt) {
        const why = el("input", null, { name: "endReason", placeholder: "why you end it" });
        const end = el("button", "End", { type: "button", "data-action": "end" });
        end.addEventListener("click", () => act(() => call("POST", "/api/releases/" + release.id + "/stance/" + row.id + "/end",
          { reason: why.value }), "Ended."));
        cell.append(why, end);
      }
      tr.appendChild(cell);
      body.appendChild(tr);
    });
    card.appendChild(rows);

    const actions = el("div", null, { class: "actions" });
    const whole = el("button", "Approve my whole estate", { type: "button", "data-action": "approve-whole-estate" });
    whole.addEventListener("click", () => act(() => call("POST", "/api/releases/" + release.id + "/approvals",
      { method: "WHOLE_ESTATE" }), "Your whole estate is approved for this release."));
    const split = el("button", "Approve the split hubs awaiting me", { type: "button", "data-action": "approve-split" });
    split.addEventListener("click", () => act(() => call("POST", "/api/releases/" + release.id + "/approvals",
      { method: "SPLIT_MATCH" }), "The split hubs awaiting your approval are approved."));
    const region = el("select", null, { name: "cspRegion" });
    [["", "every region"], ["NORTH", "North"], ["CENTRAL_SOUTH", "Central and South"]]
      .forEach(([value, label]) => region.appendChild(el("option", label, { value })));
    const set = el("input", null, { name: "configurationSet", placeholder: "every set" });
    const reason = el("input", null, { name: "reason", placeholder: "why" });
    const hold = el("button", "Hold", { type: "button", "data-action": "hold" });
    hold.addEventListener("click", () => act(() => call("POST", "/api/releases/" + release.id + "/stance", {
      stance: "HELD", cspRegion: region.value || null, configurationSet: set.value || null, reason: reason.value
    }), "Held."));
    actions.append(whole, split, labelled("Region", region), labelled("Configuration set", set), labelled("Reason", reason, true), hold);
    card.appendChild(actions);
    return card;
  }

  function renderRules(rules) {
    const body = document.querySelector("#rules tbody");
    body.replaceChildren();
    rules.forEach(rule => {
      const tr = el("tr", null, { "data-rule": rule.id });
      tr.append(el("td", "#" + rule.id), el("td", what(rule) + (rule.endedAt ? " (ended)" : "")), el("td", scope(rule)),
        el("td", rule.reason), el("td", rule.applications.map(a => "release " + a.releaseId + ": " + number(a.hubs) + " hubs")
          .concat((rule.firings || []).map(f => "release " + f.releaseId + ", " + when(f.firedAt) + ": " + f.outcome))
          .concat((rule.holding || []).map(h => h.release + ": holds " + number(h.hubs) + " of your hubs now")).join("; ")));
      const cell = el("td");
      if (!rule.endedAt) {
        const why = el("input", null, { name: "endReason", placeholder: "why you end it" });
        const end = el("button", "End", { type: "button", "data-action": "end-rule" });
        end.addEventListener("click", () => act(() => call("POST", "/api/rules/" + rule.id + "/end", { reason: why.value }),
          "Rule #" + rule.id + " ended."));
        cell.append(why, end);
      }
      tr.appendChild(cell);
      body.appendChild(tr);
    });
  }

  // A rule's action in words: a new-install rule's days, an event rule's event (docs/rules.md).
  function what(rule) {
    if (rule.kind === "NEW_INSTALLS") {
      return rule.action + " (installed in the last " + rule.installedWithinDays + " days)";
    }
    if (rule.kind === "PREREQUISITE") {
      return "WAIT until their " + rule.prerequisiteDevice + (rule.prerequisiteModel ? " " + rule.prerequisiteModel : "")
        + " runs firmware " + rule.prerequisiteVersion + " or later";
    }
    if (rule.kind === "EVENT") {
      return "when " + rule.event + (rule.failureRatePercent !== null ? " above " + rule.failureRatePercent + "%" : "")
        + ": " + rule.action;
    }
    return rule.action;
  }

  function ruleRequest() {
    const form = document.getElementById("rule-form");
    const value = name => form.elements[name].value.trim();
    const kind = value("kind");
    return {
      kind, action: value("action"), variantId: value("variantId") ? Number(value("variantId")) : null,
      cspRegion: value("cspRegion") || null, configurationSet: value("configurationSet") || null, reason: value("reason"),
      installedWithinDays: kind === "NEW_INSTALLS" && value("installedWithinDays") ? Number(value("installedWithinDays")) : null,
      event: kind === "EVENT" ? value("event") : null,
      prerequisiteDevice: kind === "PREREQUISITE" ? value("prerequisiteDevice") : null,
      prerequisiteModel: kind === "PREREQUISITE" && value("prerequisiteModel") ? value("prerequisiteModel") : null,
      prerequisiteVersion: kind === "PREREQUISITE" ? value("prerequisiteVersion") || null : null,
      failureRatePercent: kind === "EVENT" && value("event") === "BATCH_FAILURE_RATE" && value("failureRatePercent")
        ? Number(value("failureRatePercent")) : null
    };
  }

  // The form shows the fields and actions of the kind chosen.
  function showKind() {
    const form = document.getElementById("rule-form");
    const kind = form.elements.kind.value;
    form.querySelectorAll("label[data-kind]").forEach(label => { label.hidden = label.dataset.kind !== kind; });
    const actions = { STANCE: ["APPROVE", "HOLD"], NEW_INSTALLS: ["FIRST", "WAIT"], EVENT: ["APPROVE", "HOLD", "NOTIFY", "PAUSE"],
      PREREQUISITE: ["WAIT"] };
    if (kind === "EVENT" && form.elements.event.value === "FLAG_RAISED_ON_MY_SET") {
      actions.EVENT = ["HOLD", "NOTIFY", "PAUSE"]; // a flag is a warning, never a reason to approve (docs/rules.md)
    }
    Array.from(form.elements.action.options).forEach(option => { option.hidden = !actions[kind].includes(option.value); });
    if (!actions[kind].includes(form.elements.action.value)) {
      form.elements.action.value = actions[kind][0];
    }
  }

  async function refresh() {
    const releases = (await call("GET", "/api/releases")).filter(release => !ENDED.includes(release.status));
    const container = document.getElementById("releases");
    const cards = [];
    for (const release of releases) {
      cards.push(renderRelease(release, await call("GET", "/api/releases/" + release.id + "/stance")));
    }
    container.replaceChildren(...cards);
    if (!cards.length) {
      container.appendChild(el("p", "No open release.", { class: "hint" }));
    }
    renderRules(await call("GET", "/api/rules"));
  }

  async function start() {
    try {
      loggedIn(await whoFor(who => who.supplierCode,
        "This page is for suppliers: log in as one (DCC reads every supplier's stance over the API)."));
      await refresh();
    } catch (error) {
      showLogin(error);
    }
  }

  document.getElementById("rule-preview").addEventListener("click", async () => {
    try {
      const request = ruleRequest();
      const preview = await call("POST", "/api/rules/preview", request);
      const text = request.kind === "PREREQUISITE" ? preview.summary : request.kind !== "STANCE" ? preview.summary + (preview.releases.length ? " " + preview.releases
        .map(r => number(r.hubs) + " in " + r.release).join("; ") : " (no open release matches)") : "This rule would " + (preview.action === "HOLD" ? "hold " : "approve ") + number(preview.totalHubs)
        + " of your comms hubs" + (preview.releases.length ? ": " + preview.releases.map(r => number(r.hubs) + " in " + r.release).join("; ") : " (no open release matches)");
      document.getElementById("rule-preview-result").textContent = text;
    } catch (error) {
      document.getElementById("rule-preview-result").textContent = error.message;
    }
  });
  document.getElementById("rule-form").addEventListener("submit", event => {
    event.preventDefault();
    act(() => call("POST", "/api/rules", ruleRequest()), "Rule saved and applied.");
  });
  document.getElementById("rule-form").elements.kind.addEventListener("change", showKind);
  document.getElementById("rule-form").elements.event.addEventListener("change", showKind);
  showKind();
  login(start);
})();
