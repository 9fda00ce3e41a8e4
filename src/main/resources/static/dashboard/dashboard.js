// The status page: each actor's figures as charts, from the product API, refreshed every 5 seconds.
// Credentials stay in this tab's sessionStorage and go with every call as HTTP Basic, like any API client.
(function () {
  "use strict";

  const { api, call: send, el, number, loggedIn, showError, login } = ChfwPage;
  const STATUS_COLOURS = {
    UPGRADED: "#2e7d32", IN_UPGRADE: "#1e88e5", APPROVED: "#26a69a", AWAITING_OTHER_SUPPLIER: "#f9a825",
    AWAITING_YOUR_APPROVAL: "#ef6c00", FAILED: "#c62828", NOT_APPROVED: "#9aa5b1"
  };
  const STATUS_LABELS = {
    UPGRADED: "Upgraded", IN_UPGRADE: "In an open batch", APPROVED: "Approved, to be published",
    AWAITING_OTHER_SUPPLIER: "Awaiting the other supplier", AWAITING_YOUR_APPROVAL: "Awaiting your approval",
    FAILED: "Failed", NOT_APPROVED: "Not approved"
  };
  const FIRMWARE_PALETTE = ["#14365d", "#3f6fa8", "#7fa7d6", "#b9cfe9", "#5e548e", "#9f86c0"];
  const ENDED = ["ROLLED_OUT", "REJECTED", "WITHDRAWN", "STOPPED"];
  const SVG = "http://www.w3.org/2000/svg";

  let timer = null;

  /** A titled horizontal stacked bar with a legend; segments are {key, label, value, colour}. */
  function stackedBar(id, title, segments) {
    const total = segments.reduce((sum, s) => sum + s.value, 0);
    const chart = el("div", null, { class: "chart", "data-chart": id, "data-total": String(total) });
    const heading = el("h3", title + " ");
    heading.appendChild(el("span", number(total) + " comms hubs", { class: "total" }));
    chart.appendChild(heading);
    const svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("viewBox", "0 0 1000 28");
    svg.setAttribute("preserveAspectRatio", "none");
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", title + ": " + segments.map(s => s.label + " " + s.value).join(", "));
    let x = 0;
    segments.filter(s => s.value > 0).forEach(s => {
      const width = total === 0 ? 0 : (s.value / total) * 1000;
      const rect = document.createElementNS(SVG, "rect");
      rect.setAttribute("x", String(x));
      rect.setAttribute("y", "0");
      rect.setAttribute("width", String(width));
      rect.setAttribute("height", "28");
      rect.setAttribute("fill", s.colour);
      rect.setAttribute("data-key", s.key);
      rect.setAttribute("data-value", String(s.value));
      const tip = document.createElementNS(SVG, "title");
      tip.textContent = s.label + ": " + number(s.value) + " (" + (100 * s.value / total).toFixed(1) + "%)";
      rect.appendChild(tip);
      svg.appendChild(rect);
      x += width;
    });
    chart.appendChild(svg);
    const legend = el("ul", null, { class: "legend" });
    segments.forEach(s => {
      const item = el("li", s.label + ": " + number(s.value), { "data-key": s.key });
      item.style.setProperty("--swatch", s.colour);
      legend.appendChild(item);
    });
    chart.appendChild(legend);
    return chart;
  }

  function groupBy(items, key) {
    const groups = new Map();
    items.forEach(item => {
      const k = key(item);
      if (!groups.has(k)) {
        groups.set(k, []);
      }
      groups.get(k).push(item);
    });
    return groups;
  }

  function renderEstate(summary, releases) {
    const estate = document.getElementById("estate-charts");
    estate.replaceChildren();
    groupBy(summary.byVariantAndFirmware, c => c.variant).forEach((counts, variant) => {
      const segments = counts.map((c, i) => ({
        key: c.firmwareVersion, label: "firmware " + c.firmwareVersion, value: c.hubs,
        colour: FIRMWARE_PALETTE[i % FIRMWARE_PALETTE.length]
      }));
      estate.appendChild(stackedBar("variant-" + counts[0].variantId, variant, segments));
    });

    const status = document.getElementById("release-status-charts");
    status.replaceChildren();
    const names = new Map(releases.map(r => [r.id, r.variantName + " firmware " + r.firmwareVersion]));
    groupBy(summary.byOpenRelease, c => c.releaseId).forEach((counts, releaseId) => {
      const byStatus = Object.keys(STATUS_COLOURS).map(s => ({
        key: s, label: STATUS_LABELS[s], colour: STATUS_COLOURS[s],
        value: counts.filter(c => c.status === s).reduce((sum, c) => sum + c.hubs, 0)
      }));
      status.appendChild(stackedBar("release-" + releaseId, names.get(releaseId) || "Release " + releaseId, byStatus));
    });
    if (!status.hasChildNodes()) {
      status.appendChild(el("p", "No open release is for a variant you have."));
    }
  }

  function renderProgress(progresses) {
    const charts = document.getElementById("progress-charts");
    charts.replaceChildren();
    progresses.forEach(progress => progress.regions.forEach(region => {
      if (region.hubsOnVariant === 0 && region.batches.length === 0) {
        charts.appendChild(el("p", progress.release + ", " + region.cspRegion + ": no comms hubs of this variant.",
          { class: "batches" }));
        return;
      }
      const upgraded = region.onTargetFirmware;
      const settled = upgraded + region.failed + region.skippedOrUnreported + region.inOpenBatches;
      const approvedWaiting = Math.max(0, region.approved - settled);
      const segments = [
        { key: "UPGRADED", label: "Upgraded", value: upgraded, colour: STATUS_COLOURS.UPGRADED },
        { key: "IN_UPGRADE", label: "In an open batch", value: region.inOpenBatches, colour: STATUS_COLOURS.IN_UPGRADE },
        { key: "FAILED", label: "Failed", value: region.failed, colour: STATUS_COLOURS.FAILED },
        { key: "UNREPORTED", label: "Skipped or not reported, to retry", value: region.skippedOrUnreported, colour: "#8d6e63" },
        { key: "APPROVED", label: "Approved by every supplier, not yet published", value: approvedWaiting, colour: STATUS_COLOURS.APPROVED },
        { key: "REMAINING", label: "Not yet approved or published", colour: STATUS_COLOURS.NOT_APPROVED,
          value: Math.max(0, region.hubsOnVariant - settled - approvedWaiting) }
      ];
      const chart = stackedBar("progress-" + progress.releaseId + "-" + region.cspRegion,
        progress.release + " (" + progress.status + "), " + region.cspRegion, segments);
      const batches = region.batches.map(b => b.phase + " " + b.status + ": " + number(b.batches) + " batches, "
        + number(b.hubs) + " hubs").join("; ");
      chart.appendChild(el("p", batches ? "Batches: " + batches : "No batches yet.", { class: "batches" }));
      charts.appendChild(chart);
    }));
    if (!charts.hasChildNodes()) {
      charts.appendChild(el("p", "No open release."));
    }
  }

  // --- The DPL (R32) and its trend (R33), drawn with Chart.js (served as a WebJar) ---
  const SET_PALETTE = ["#14365d", "#2e7d32", "#ef6c00", "#6a1b9a", "#00838f", "#c62828", "#f9a825", "#3f6fa8",
    "#8d6e63", "#26a69a", "#ad1457", "#9aa5b1"];
  const SLICES = 11; // sets drawn one by one; the rest as "Other sets"
  const TREND_LINES = 8;

  /** Draws a Chart.js chart on the canvas, or gives the one already there new data without animating. */
  function drawChart(canvasId, type, data, options) {
    const existing = Chart.getChart(canvasId);
    if (existing) {
      existing.data = data;
      existing.update("none");
      return existing;
    }
    return new Chart(document.getElementById(canvasId), {
      type, data, options: Object.assign({ animation: false, responsive: true, maintainAspectRatio: false }, options)
    });
  }

  const percent = p => p.toFixed(1) + "%";

  /** Pie of the sets (the largest one by one, the rest together) and the table of every set beside it. */
  function renderDpl(prefix, dpl, extraColumns) {
    const sets = dpl.configurationSets;
    const shown = sets.slice(0, SLICES);
    const rest = sets.slice(SLICES).reduce((sum, s) => sum + s.hubs, 0);
    const labels = shown.map(s => s.key + ": " + s.label).concat(rest > 0 ? ["Other sets"] : []);
    const values = shown.map(s => s.hubs).concat(rest > 0 ? [rest] : []);
    const canvas = document.getElementById(prefix + "-pie");
    canvas.setAttribute("data-total", String(dpl.hubs));
    drawChart(prefix + "-pie", "pie", {
      labels, datasets: [{ data: values, backgroundColor: values.map((v, i) => SET_PALETTE[i % SET_PALETTE.length]) }]
    }, { plugins: { legend: { display: false }, tooltip: { callbacks: {
      label: item => number(item.raw) + " hubs (" + percent(100 * item.raw / Math.max(1, dpl.hubs)) + ")" } } } });

    const body = document.querySelector("#" + prefix + "-table tbody");
    body.replaceChildren();
    sets.forEach((s, i) => {
      const row = el("tr", null, { "data-set": s.key, "data-hubs": String(s.hubs) });
      const key = el("td");
      const swatch = el("span", null, { class: "swatch" });
      swatch.style.background = i < SLICES ? SET_PALETTE[i % SET_PALETTE.length] : SET_PALETTE[SLICES % SET_PALETTE.length];
      key.append(swatch, s.key);
      if (s.leaving) {
        key.appendChild(el("span", "leaving", { class: "badge leaving", title: "The industry is leaving this set: " + s.leaving.reason }));
      }
      row.appendChild(key);
      row.appendChild(el("td", s.variant));
      row.appendChild(el("td", s.firmwareVersion));
      row.appendChild(el("td", (s.hanDevices || "none").replace(/\]\[/g, "]\n["), { class: "han" }));
      row.appendChild(el("td", number(s.hubs), { class: "number", "data-column": "hubs" }));
      row.appendChild(el("td", percent(s.percent), { class: "number" }));
      (extraColumns || []).forEach(column => row.appendChild(el("td", column.value(s), { class: "number", "data-column": column.name })));
      body.appendChild(row);
    });
    if (!sets.length) {
      body.appendChild(el("tr")).appendChild(el("td", "No comms hubs.", { colspan: "6" }));
    }
  }

  /**
   * Lines of hubs per configuration set, day by day: the sets that moved most over the days shown (the largest first
   * among equals), so that the move from set to set is what the chart shows; the note says how many sets are left out.
   */
  function renderTrend(prefix, trend) {
    const moved = s => Math.max(...s.hubs) - Math.min(...s.hubs);
    const latest = s => s.hubs.length ? s.hubs[s.hubs.length - 1] : 0;
    const lines = trend.configurationSets.slice()
      .sort((a, b) => moved(b) - moved(a) || latest(b) - latest(a) || a.key.localeCompare(b.key))
      .slice(0, TREND_LINES);
    const datasets = lines.map((s, i) => ({
      label: s.key + ": " + s.label, data: s.hubs, borderColor: SET_PALETTE[i % SET_PALETTE.length],
      backgroundColor: SET_PALETTE[i % SET_PALETTE.length], tension: 0.2
    }));
    const canvas = document.getElementById(prefix + "-trend");
    canvas.setAttribute("data-days", String(trend.days.length));
    drawChart(prefix + "-trend", "line", { labels: trend.days, datasets }, {
      scales: { y: { beginAtZero: true, title: { display: true, text: "comms hubs" } } },
      plugins: { legend: { position: "bottom", labels: { boxWidth: 12, font: { size: 11 } } } }
    });
    const left = trend.configurationSets.length - lines.length;
    document.getElementById(prefix + "-trend-note").textContent = trend.days.length
      ? "The " + lines.length + " configuration sets that moved most" + (left > 0 ? " (of " + trend.configurationSets.length
        + "; the others are in the table above)" : "") + ", from " + trend.days.length + " daily snapshot"
        + (trend.days.length === 1 ? "" : "s") + ", " + trend.days[0] + " to " + trend.days[trend.days.length - 1] + "."
      : "No daily snapshot yet: the first is taken within the hour.";
  }

  const REGION_COLUMNS = [
    { name: "NORTH", value: s => number(s.hubsByRegion.NORTH || 0) },
    { name: "CENTRAL_SOUTH", value: s => number(s.hubsByRegion.CENTRAL_SOUTH || 0) },
    { name: "suppliers", value: s => String(s.suppliers) }
  ];

  async function takeSnapshot() {
    const result = document.getElementById("dpl-snapshot-result");
    const snapshot = await send("POST", "/api/dpl/snapshots", {}).catch(error => {
      result.textContent = "Not taken: HTTP " + error.status;
      return null;
    });
    if (!snapshot) {
      return;
    }
    result.textContent = "Taken for " + snapshot.day + ": " + number(snapshot.hubs) + " comms hubs.";
    renderTrend("industry", await api("/api/dpl/industry/trend?days=90"));
  }

  const COLUMNS = ["release", "variant", "firmware", "status", "stage", "reason"];

  function renderReleases(releases) {
    const body = document.querySelector("#releases tbody");
    body.replaceChildren();
    releases.forEach(r => {
      const row = el("tr", null, { "data-release": String(r.id), id: "release-" + r.id });
      [r.id, r.variantName || "unknown variant", r.firmwareVersion || "", r.status, r.closedStage || "", r.closedReason || ""]
        .forEach((v, i) => row.appendChild(el("td", String(v), { "data-column": COLUMNS[i] })));
      const page = el("a", "Page, history and audit", { href: "/releases/" + r.id, class: "release-page" });
      row.appendChild(el("td", null, { "data-column": "page" })).appendChild(page);
      body.appendChild(row);
    });
  }

  /** The unread notifications, each with a link to the page it concerns and a button that marks it read. */
  function renderNotifications(notifications, unread) {
    const list = document.getElementById("notifications");
    list.replaceChildren();
    notifications.forEach(n => {
      const item = el("li", null, { "data-notification": String(n.id), "data-kind": n.kind });
      item.appendChild(el("time", new Date(n.createdAt).toLocaleString("en-GB"), { datetime: n.createdAt }));
      item.appendChild(el("span", n.message, { class: "message" }));
      if (n.link) {
        item.appendChild(el("a", "Open", { href: n.link, class: "open" }));
      }
      const read = el("button", "Mark read", { type: "button", class: "mark-read" });
      read.addEventListener("click", () => markRead(n.id).catch(showError));
      item.appendChild(read);
      list.appendChild(item);
    });
    if (!notifications.length) {
      list.appendChild(el("li", "Nothing unread.", { class: "empty" }));
    }
    const count = document.getElementById("unread-count");
    count.textContent = number(unread);
    count.setAttribute("data-unread", String(unread));
    document.title = (unread ? "(" + unread + ") " : "") + "CH firmware rollout: status";
  }

  async function refreshNotifications() {
    const [notifications, count] = await Promise.all([
      api("/api/notifications?unreadOnly=true&limit=20"), api("/api/notifications/unread-count")]);
    renderNotifications(notifications, count.unread);
  }

  async function markRead(id) {
    await send("POST", "/api/notifications/" + id + "/read");
    await refreshNotifications();
  }

  async function loadEmailSettings() {
    const preference = await api("/api/notifications/preferences");
    document.getElementById("email-address").textContent = preference.email || "no address: ask DCC to set yours";
    document.getElementById("email-mode").value = preference.emailMode;
  }

  async function refresh(me) {
    const releases = await api("/api/releases");
    renderReleases(releases);
    await refreshNotifications();
    if (me.supplierCode) {
      renderEstate(await api("/api/estate/summary"), releases);
      renderDpl("dpl", await api("/api/dpl"));
      renderTrend("dpl", await api("/api/dpl/trend?days=90"));
    }
    if (me.dcc) {
      renderDpl("industry", await api("/api/dpl/industry"), REGION_COLUMNS);
      renderTrend("industry", await api("/api/dpl/industry/trend?days=90"));
    }
    if (me.dcc || me.cspRegion) {
      const open = releases.filter(r => !ENDED.includes(r.status));
      renderProgress(await Promise.all(open.map(r => api("/api/releases/" + r.id + "/progress"))));
    }
    document.getElementById("updated").textContent = new Date().toLocaleTimeString("en-GB");
  }

  async function start() {
    const me = await api("/api/me");
    loggedIn(me);
    document.getElementById("supplier-view").hidden = !me.supplierCode;
    document.getElementById("release-view").hidden = !(me.dcc || me.cspRegion);
    await loadEmailSettings();
    document.getElementById("industry-view").hidden = !me.dcc;
    await refresh(me);
    timer = setInterval(() => refresh(me).catch(showError), 5000);
  }

  document.getElementById("email-mode").addEventListener("change", event => {
    send("PUT", "/api/notifications/preferences", { emailMode: event.target.value })
      .then(saved => { document.getElementById("email-saved").textContent = "Saved: " + saved.emailMode; })
      .catch(showError);
  });
  document.getElementById("dpl-snapshot").addEventListener("click", () => takeSnapshot().catch(showError));
  login(start, () => clearInterval(timer));
}());
