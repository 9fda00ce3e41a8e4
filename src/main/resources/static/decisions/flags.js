// Flags for other customers (R30) and the configuration sets the industry is leaving (R27), on the page that holds a
// <section id="flags" data-for="supplier|dcc">: a supplier raises a flag, sees every active one (its own marked
// "yours", nobody else's raiser) and lowers its own; DCC sees who raised each, makes a suspension industry-wide, sets it
// back to the raiser's hubs or lifts it, and marks the sets the industry is leaving. It starts once the page's own
// login shows its views, with the same credentials (this tab's sessionStorage, HTTP Basic).
(function () {
  "use strict";

  const section = document.getElementById("flags");
  if (!section) {
    return;
  }
  const { credentials, call, el, field, select, acting, number, when } = ChfwPage;
  const SUSPENDS = { RAISER: "the raiser's hubs", INDUSTRY: "every supplier's hubs", LIFTED: "nobody's hubs (lifted)" };

  let me = null;
  const message = el("p", null, { id: "flags-message", role: "status" });

  const say = (text, ok) => ChfwPage.say(text, ok, message);
  const act = acting(() => render(), say);

  function raiseForm() {
    const form = el("form", null, { id: "flag-form", class: "actions" });
    const target = select("target", [["CONFIGURATION_SET", "Configuration set"], ["HAN_DEVICE_MODEL", "HAN device model"],
      ["HAN_DEVICE_FIRMWARE", "HAN device firmware"], ["CH_FIRMWARE", "CH firmware"]]);
    const set = el("input", null, { name: "configurationSet", placeholder: "DPL-… from your DPL" });
    const variant = el("input", null, { name: "variantId", inputmode: "numeric", placeholder: "for CH firmware" });
    const type = select("deviceType", [["", "any type"], ["ESME", "ESME"], ["GSME", "GSME"], ["IHD", "IHD"], ["PPMID", "PPMID"]]);
    const model = el("input", null, { name: "model", placeholder: "e.g. Lumen E2" });
    const firmware = el("input", null, { name: "firmwareVersion", placeholder: "e.g. 2.3" });
    const reason = el("input", null, { name: "reason", placeholder: "defect in triage: what you see" });
    const raise = el("button", "Raise flag", { type: "submit", "data-action": "raise-flag" });
    form.append(field("On", target), field("Configuration set", set), field("CH variant id", variant), field("Device type", type),
      field("Model", model), field("Firmware", firmware), field("Reason (everyone reads it; it does not name you)", reason, true), raise);
    form.addEventListener("submit", event => {
      event.preventDefault();
      const value = input => input.value.trim() || null;
      act(() => call("POST", "/api/flags", { target: target.value, configurationSet: value(set),
        variantId: value(variant) === null ? null : Number(variant.value), deviceType: value(type), model: value(model),
        firmwareVersion: value(firmware), reason: reason.value }), "Flag raised: the upgrade of your matching hubs is suspended.");
    });
    return form;
  }

  function flagRow(flag) {
    const tr = el("tr", null, { "data-flag": String(flag.id) });
    const who = me.dcc ? flag.raisedBySupplier + " (" + flag.raisedBy + ")" : (flag.yours ? "yours" : "another supplier");
    tr.append(el("td", "#" + flag.id), el("td", flag.label), el("td", flag.reason), el("td", who, { "data-column": "raiser" }),
      el("td", SUSPENDS[flag.suspension] + (flag.suspensionReason ? ": " + flag.suspensionReason : ""), { "data-column": "suspends" }),
      el("td", number(me.dcc ? flag.matchingHubs : flag.yourHubs), { class: "number", "data-column": "hubs" }),
      el("td", when(flag.raisedAt)));
    const cell = el("td");
    const why = el("input", null, { name: "flagReason", placeholder: "why" });
    if (flag.yours) {
      const lower = el("button", "Lower", { type: "button", "data-action": "lower-flag" });
      lower.addEventListener("click", () => act(() => call("POST", "/api/flags/" + flag.id + "/lower", { reason: why.value }),
        "Flag #" + flag.id + " lowered."));
      cell.append(why, lower);
    } else if (me.dcc) {
      cell.appendChild(why);
      [["INDUSTRY", "Industry-wide"], ["RAISER", "Raiser only"], ["LIFTED", "Lift"]]
        .filter(([suspension]) => suspension !== flag.suspension).forEach(([suspension, label]) => {
          const button = el("button", label, { type: "button", "data-action": "suspension-" + suspension });
          button.addEventListener("click", () => act(() => call("PUT", "/api/flags/" + flag.id + "/suspension",
            { suspension, reason: why.value }), "Flag #" + flag.id + " now suspends " + SUSPENDS[suspension] + "."));
          cell.appendChild(button);
        });
    }
    tr.appendChild(cell);
    return tr;
  }

  function flagTable(flags) {
    const table = el("table", null, { id: "flag-table" });
    table.appendChild(el("thead")).appendChild(el("tr")).append(el("th", "Flag"), el("th", "On"), el("th", "Reason"),
      el("th", me.dcc ? "Raised by" : "Whose"), el("th", "Suspends"), el("th", me.dcc ? "Matching hubs" : "Your matching hubs"),
      el("th", "Raised"), el("th", ""));
    const body = table.appendChild(el("tbody"));
    flags.forEach(flag => body.appendChild(flagRow(flag)));
    if (!flags.length) {
      body.appendChild(el("tr")).appendChild(el("td", "No flag is up.", { colspan: "8" }));
    }
    return table;
  }

  function leavingPart(marks) {
    const part = el("div", null, { id: "leaving-sets" });
    part.appendChild(el("h3", "Configuration sets the industry is leaving"));
    const form = el("form", null, { id: "leaving-form", class: "actions" });
    const set = el("input", null, { name: "configurationSet", placeholder: "DPL-… from the industry DPL" });
    const reason = el("input", null, { name: "reason", placeholder: "why the industry leaves it" });
    form.append(field("Configuration set", set), field("Reason", reason, true),
      el("button", "Mark as leaving", { type: "submit", "data-action": "mark-leaving" }));
    form.addEventListener("submit", event => {
      event.preventDefault();
      act(() => call("POST", "/api/leaving-sets", { configurationSet: set.value.trim(), reason: reason.value }),
        "Marked: every supplier with hubs in it is told how many.");
    });
    part.appendChild(form);
    const list = el("ul", null, { class: "leaving-marks" });
    marks.forEach(mark => {
      const item = el("li", mark.configurationSet + " (" + mark.label + "): " + mark.reason + ", by " + mark.markedBy + " "
        + when(mark.markedAt) + " ", { "data-mark": String(mark.id) });
      const why = el("input", null, { name: "endReason", placeholder: "why it ends" });
      const end = el("button", "End mark", { type: "button", "data-action": "end-leaving" });
      end.addEventListener("click", () => act(() => call("POST", "/api/leaving-sets/" + mark.id + "/end", { reason: why.value }),
        "Mark ended."));
      item.append(why, end);
      list.appendChild(item);
    });
    part.appendChild(list);
    return part;
  }

  async function render() {
    const flags = await call("GET", "/api/flags");
    const parts = [el("h2", "Flags for other customers")];
    parts.push(el("p", me.dcc
      ? "Every active flag with who raised it (you alone see that). A flag suspends its raiser's matching hubs in every "
        + "release; make it industry-wide, set it back to the raiser's hubs, or lift it, with a reason."
      : "A flag says something you run has a defect in triage. Every supplier sees it, never who raised it; it suspends "
        + "the upgrade of your own matching comms hubs in every release until you lower it.", { class: "hint" }));
    if (!me.dcc) {
      parts.push(raiseForm());
    }
    parts.push(message, flagTable(flags));
    if (me.dcc) {
      parts.push(leavingPart(await call("GET", "/api/leaving-sets")));
    }
    section.replaceChildren(...parts);
    section.hidden = false;
  }

  async function start() {
    me = await call("GET", "/api/me");
    const wanted = section.getAttribute("data-for");
    if ((wanted === "dcc" && !me.dcc) || (wanted === "supplier" && !me.supplierCode)) {
      return;
    }
    await render();
  }

  const views = document.getElementById("views");
  let started = false;
  const startOnce = () => {
    if (!started && views && !views.hidden && credentials()) {
      started = true;
      start().catch(error => say(error.message, false));
    }
  };
  if (views) {
    new MutationObserver(startOnce).observe(views, { attributes: true, attributeFilter: ["hidden"] });
  }
  startOnce();
}());
