// DCC's rollout policy page (R24): each CH variant's maturity and whether participation in the pilot is mandated per
// maturity, changed with a reason and shown with their record, over the product API. Credentials are the status
// page's: this tab's sessionStorage, sent as HTTP Basic.
(function () {
  "use strict";

  const { call, el, select, say, acting, when, whoFor, loggedIn, showLogin, login } = ChfwPage;
  const MATURITIES = ["NEW", "ESTABLISHED", "MATURE"];

  const act = acting(() => refresh());

  function renderVariants(variants) {
    const body = document.querySelector("#variants tbody");
    body.replaceChildren();
    variants.forEach(variant => {
      const tr = body.appendChild(el("tr", null, { "data-variant": variant.id }));
      tr.appendChild(el("td", variant.id + ": " + variant.name));
      tr.appendChild(el("td", variant.maturity, { "data-maturity": "" }));
      const to = select("maturity", MATURITIES.map(m => [m, m]), variant.maturity);
      tr.appendChild(el("td")).appendChild(to);
      const reason = el("input", null, { name: "reason", minlength: "3", maxlength: "2000", placeholder: "why" });
      tr.appendChild(el("td")).appendChild(reason);
      const save = el("button", "Change maturity", { type: "button" });
      save.addEventListener("click", () => act(() => call("PUT", "/api/variants/" + variant.id + "/maturity",
        { maturity: to.value, reason: reason.value }), "Maturity of variant " + variant.id + " set to " + to.value + "."));
      tr.appendChild(el("td")).appendChild(save);
      const history = el("ul");
      variant.history.forEach(change => history.appendChild(el("li", change.fromMaturity + " → " + change.toMaturity + " by "
        + change.changedBy + ", " + when(change.changedAt) + ": " + change.reason)));
      tr.appendChild(el("td")).appendChild(history);
    });
  }

  function renderMandates(policy) {
    const body = document.querySelector("#mandates tbody");
    body.replaceChildren();
    policy.current.forEach(mandate => {
      const tr = body.appendChild(el("tr", null, { "data-mandate": mandate.variantMaturity }));
      tr.appendChild(el("td", mandate.variantMaturity));
      tr.appendChild(el("td", mandate.mandated ? "mandated" : "voluntary", { "data-participation": "" }));
      tr.appendChild(el("td", mandate.decidedBy + ", " + when(mandate.decidedAt) + ": " + mandate.reason));
      const to = select("mandated", [["true", "mandated"], ["false", "voluntary"]], String(mandate.mandated));
      tr.appendChild(el("td")).appendChild(to);
      const reason = el("input", null, { name: "reason", minlength: "3", maxlength: "2000", placeholder: "why" });
      tr.appendChild(el("td")).appendChild(reason);
      const save = el("button", "Decide", { type: "button" });
      save.addEventListener("click", () => act(() => call("PUT", "/api/participation-policy",
        { variantMaturity: mandate.variantMaturity, mandated: to.value === "true", reason: reason.value }),
        "Participation for " + mandate.variantMaturity + " variants decided."));
      tr.appendChild(el("td")).appendChild(save);
    });
    const history = document.getElementById("mandate-history");
    history.replaceChildren();
    policy.history.slice().reverse().forEach(mandate => history.appendChild(el("li", mandate.variantMaturity + ": "
      + (mandate.mandated ? "mandated" : "voluntary") + " by " + mandate.decidedBy + ", " + when(mandate.decidedAt) + ": "
      + mandate.reason)));
  }

  async function refresh() {
    renderVariants(await call("GET", "/api/variants"));
    renderMandates(await call("GET", "/api/participation-policy"));
  }

  async function start() {
    try {
      loggedIn(await whoFor(who => who.dcc, "This page is DCC's: log in as a DCC user."));
      await refresh();
    } catch (error) {
      showLogin(error);
    }
  }

  login(start);
})();
