// DCC's evidence page (R38): per CH variant, pilot failure and problem rates per release and the time in each stage,
// drawn with Chart.js (its WebJar), next to today's rollout policy. Credentials stay in this tab's sessionStorage, as on
// the status page, and go with every call as HTTP Basic.
(function () {
  "use strict";

  const { el, number, whoFor, loggedIn, login } = ChfwPage;
  const STAGES = [
    { key: "approvalsHours", label: "Approvals, DCC testing, proving", colour: "#9aa5b1" },
    { key: "customerTestingHours", label: "Customer testing", colour: "#f9a825" },
    { key: "onProductionCplHours", label: "On the production CPL", colour: "#7fa7d6" },
    { key: "pilotHours", label: "Pilot", colour: "#ef6c00" },
    { key: "massRolloutHours", label: "Mass rollout", colour: "#2e7d32" }
  ];

  const DCC_ALONE = "The evidence for retiring the co-operative phase is DCC's alone";
  const api = path => ChfwPage.api(path).catch(error => {
    throw error.status === 403 ? new Error(DCC_ALONE) : error;
  });

  const percent = rate => rate === null || rate === undefined ? "–" : (100 * rate).toFixed(1) + "%";
  const ratio = (part, whole, rate) => whole === 0 ? "–" : number(part) + " of " + number(whole) + " (" + percent(rate) + ")";

  function policyText(policy) {
    const standard = policy.find(p => p.releaseType === "STANDARD");
    if (!standard.customerTestingRequired && !standard.pilotRequired) {
      return "neither customer testing nor a pilot";
    }
    return (standard.customerTestingRequired ? "customer testing, " : "")
      + (standard.pilotRequired ? "pilot required (cap " + number(standard.pilotCapPerSupplier) + ")" : "no pilot");
  }

  function renderVariants(variants) {
    const body = document.querySelector("#variants tbody");
    body.replaceChildren();
    variants.forEach(v => {
      const w = v.window;
      const row = el("tr", null, { "data-variant": String(v.variantId) });
      row.appendChild(el("td", v.variantName));
      row.appendChild(el("td", v.maturity));
      row.appendChild(el("td", String(v.releases), { class: "number" }));
      row.appendChild(el("td", policyText(v.policy)));
      row.appendChild(el("td", ratio(w.pilotFailed, w.pilotHubs, w.pilotFailureRate), { class: "number", "data-column": "pilot" }));
      row.appendChild(el("td", ratio(w.assessmentsReportingProblems, w.assessments, w.problemRate), { class: "number" }));
      row.appendChild(el("td", w.feedbackPositive + " / " + w.feedbackNegative + " / " + w.feedbackNone, { class: "number" }));
      row.appendChild(el("td", number(w.hubsHeld), { class: "number" }));
      row.appendChild(el("td", ratio(w.rolloutFailed, w.rolloutHubs, w.rolloutFailureRate), { class: "number" }));
      row.appendChild(el("td", v.reading.withinThreshold ? "yes" : "no"));
      body.appendChild(row);
    });
  }

  function chart(canvas, config) {
    const existing = Chart.getChart(canvas);
    if (existing) {
      existing.destroy();
    }
    return new Chart(canvas, Object.assign(config, {
      options: Object.assign({ animation: false, responsive: true, maintainAspectRatio: false }, config.options)
    }));
  }

  function renderVariant(container, evidence) {
    const v = evidence.variant;
    const releases = evidence.releases;
    const section = el("section", null, { id: "variant-" + v.variantId, "data-releases": String(releases.length) });
    section.appendChild(el("h2", v.variantName + " (" + v.maturity + ")"));
    section.appendChild(el("p", v.reading.text, { class: "reading", "data-within": String(v.reading.withinThreshold) }));
    const labels = releases.map(r => r.firmwareVersion);
    const charts = el("div", null, { class: "evidence-charts" });
    const rates = el("canvas", null, { id: "rates-" + v.variantId, role: "img",
      "aria-label": "Failure and problem rates per release of " + v.variantName });
    const stages = el("canvas", null, { id: "stages-" + v.variantId, role: "img",
      "aria-label": "Hours in each stage per release of " + v.variantName });
    [rates, stages].forEach(canvas => charts.appendChild(el("div", null, { class: "evidence-chart" })).appendChild(canvas));
    section.appendChild(charts);
    section.appendChild(releaseTable(releases));
    container.appendChild(section);

    const asPercent = rate => rate === null || rate === undefined ? null : Math.round(10000 * rate) / 100;
    chart(rates, {
      type: "bar",
      data: { labels, datasets: [
        { label: "Pilot hubs failed", data: releases.map(r => asPercent(r.pilot.failureRate)), backgroundColor: "#c62828" },
        { label: "Assessments reporting problems", data: releases.map(r => asPercent(r.pilot.problemRate)), backgroundColor: "#ef6c00" },
        { label: "Mass-rollout hubs failed", data: releases.map(r => asPercent(r.massRollout.failureRate)), backgroundColor: "#5e548e" }
      ] },
      options: { scales: { y: { beginAtZero: true, title: { display: true, text: "% per release" } } },
        plugins: { title: { display: true, text: "Failure and problem rates per release" },
          legend: { position: "bottom", labels: { boxWidth: 12 } } } }
    });
    chart(stages, {
      type: "bar",
      data: { labels, datasets: STAGES.map(stage => ({ label: stage.label, backgroundColor: stage.colour,
        data: releases.map(r => r.phases[stage.key]) })) },
      options: { indexAxis: "y", scales: { x: { stacked: true, beginAtZero: true, title: { display: true, text: "hours" } },
        y: { stacked: true } },
        plugins: { title: { display: true, text: "Time in each stage per release" },
          legend: { position: "bottom", labels: { boxWidth: 12 } } } }
    });
  }

  function releaseTable(releases) {
    const table = el("table", null, { class: "releases" });
    const head = table.appendChild(el("thead")).appendChild(el("tr"));
    ["Release", "Firmware", "Type", "Status", "Feedback +/−/none", "Pilot hubs failed", "Problems reported", "Hubs held",
      "Mass rollout failed", "Customer testing (h)", "Pilot (h)"].forEach(h => head.appendChild(el("th", h)));
    const body = table.appendChild(el("tbody"));
    const hours = h => h === null || h === undefined ? "–" : h.toFixed(1);
    releases.forEach(r => {
      const row = el("tr", null, { "data-release": String(r.releaseId) });
      const feedback = r.feedback ? r.feedback.positive + " / " + r.feedback.negative + " / "
        + (r.feedback.none === null ? "?" : r.feedback.none) : "not required";
      const assessed = r.pilot.assessmentsConfirmed + r.pilot.assessmentsReportingProblems;
      [String(r.releaseId), r.firmwareVersion, r.releaseType, r.status, feedback,
        ratio(r.pilot.failed, r.pilot.hubs, r.pilot.failureRate),
        ratio(r.pilot.assessmentsReportingProblems, assessed, r.pilot.problemRate), number(r.holds.hubsHeld),
        ratio(r.massRollout.failed, r.massRollout.hubs, r.massRollout.failureRate),
        hours(r.phases.customerTestingHours), hours(r.phases.pilotHours)].forEach(text => row.appendChild(el("td", text)));
      body.appendChild(row);
    });
    return table;
  }

  async function start() {
    const me = await whoFor(who => who.dcc, DCC_ALONE);
    const variants = await api("/api/evidence");
    loggedIn(me);
    renderVariants(variants);
    const container = document.getElementById("variant-sections");
    container.replaceChildren();
    for (const variant of variants.filter(v => v.releases > 0)) {
      renderVariant(container, await api("/api/evidence/variants/" + variant.variantId));
    }
    document.body.setAttribute("data-loaded", "true");
  }

  login(start);
}());
