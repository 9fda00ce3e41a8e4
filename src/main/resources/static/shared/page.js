// What every static page (status, decisions and flags, policy, evidence, a release's page) does alike, as one global,
// window.ChfwPage, loaded before the page's own script. Credentials stay in this tab's sessionStorage ("chfw.auth") and
// go with every call to the product API as HTTP Basic, like any API client's; X-Requested-With keeps the browser's own
// login dialog away on a 401.
window.ChfwPage = (function () {
  "use strict";

  const AUTH = "chfw.auth";

  function credentials() {
    return sessionStorage.getItem(AUTH);
  }

  /** An Error with the answer's status, so that a page may word one status its own way. */
  function failure(message, status) {
    const error = new Error(message);
    error.status = status;
    return error;
  }

  /**
   * The API's answer to method on path (with body as JSON when given): 401 is "Wrong user or password", any other
   * failure the problem's detail where the API gives one, else the path and the HTTP status.
   */
  async function request(method, path, body, accept) {
    const headers = { Authorization: "Basic " + credentials(), Accept: accept || "application/json",
      "X-Requested-With": "XMLHttpRequest" };
    if (body !== undefined) {
      headers["Content-Type"] = "application/json";
    }
    const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    if (response.status === 401) {
      throw failure("Wrong user or password", 401);
    }
    if (!response.ok) {
      const problem = /json/.test(response.headers.get("Content-Type") || "") ? await response.json().catch(() => null) : null;
      throw failure(problem && problem.detail ? problem.detail : path + ": HTTP " + response.status, response.status);
    }
    return response;
  }

  /** The API's JSON answer to method on path, or null when it answers with no content. */
  async function call(method, path, body) {
    const text = await (await request(method, path, body)).text();
    return text ? JSON.parse(text) : null;
  }

  const api = path => call("GET", path);

  function el(tag, text, attributes) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) {
      node.textContent = text;
    }
    Object.entries(attributes || {}).forEach(([name, value]) => node.setAttribute(name, value));
    return node;
  }

  /** A labelled input, as the pages' forms lay them out (wide for a reason). */
  function field(label, input, wide) {
    const wrapper = el("label", label, wide ? { class: "wide" } : {});
    wrapper.appendChild(input);
    return wrapper;
  }

  /** A select of [value, label] options, with chosen selected where given. */
  function select(name, options, chosen) {
    const node = el("select", null, { name });
    options.forEach(([value, label]) => {
      const option = node.appendChild(el("option", label, { value }));
      if (chosen !== undefined) {
        option.selected = value === chosen;
      }
    });
    return node;
  }

  /** The outcome of an action in the page's message (by default the element #message), marked ok or error. */
  function say(text, ok, message) {
    const node = message || document.getElementById("message");
    node.textContent = text;
    node.className = ok ? "ok" : "error";
  }

  /**
   * An act(work, done) for a page: does the work, redraws the page with refresh and says done, or says what went wrong
   * (with the page's own say where it has one).
   */
  function acting(refresh, sayIt) {
    const tell = sayIt || say;
    return async function act(work, done) {
      try {
        await work();
        await refresh();
        tell(done, true);
      } catch (error) {
        tell(error.message, false);
      }
    };
  }

  const number = n => Number(n).toLocaleString("en-GB");

  /** An instant in UK time, said so ("" for none): what the decision pages show. */
  const when = instant => instant ? new Date(instant).toLocaleString("en-GB", { timeZone: "Europe/London" }) + " UK time" : "";

  /** An instant in the browser's own time zone ("" for none): what a release's page shows. */
  const localTime = instant => instant ? new Date(instant).toLocaleString("en-GB") : "";

  /** Who is logged in (GET /api/me), refused with the page's own words unless allowed(me). */
  async function whoFor(allowed, refusal) {
    const me = await api("/api/me");
    if (!allowed(me)) {
      throw new Error(refusal);
    }
    return me;
  }

  /** The page's views in place of its login form, with who is logged in. */
  function loggedIn(me) {
    document.getElementById("login").hidden = true;
    document.getElementById("views").hidden = false;
    document.getElementById("who").hidden = false;
    document.getElementById("who-name").textContent = me.userId;
  }

  function showError(error) {
    document.getElementById("login-error").textContent = error.message;
  }

  /** The login form again in place of the page's views, with why. */
  function showLogin(error) {
    document.getElementById("login").hidden = false;
    document.getElementById("views").hidden = true;
    showError(error);
  }

  /**
   * Wires the page's login form and its Log out button, and starts the page at once when this tab has logged in
   * already. start() loads the page: where it fails after the form is sent, the credentials are forgotten and the
   * error shown under the form. beforeLogout (optional) runs before the credentials are forgotten and the page reloaded.
   */
  function login(start, beforeLogout) {
    document.getElementById("login").addEventListener("submit", event => {
      event.preventDefault();
      const user = document.getElementById("user").value;
      const password = document.getElementById("password").value;
      sessionStorage.setItem(AUTH, btoa(unescape(encodeURIComponent(user + ":" + password))));
      start().catch(error => {
        sessionStorage.removeItem(AUTH);
        showError(error);
      });
    });
    document.getElementById("logout").addEventListener("click", () => {
      if (beforeLogout) {
        beforeLogout();
      }
      sessionStorage.removeItem(AUTH);
      location.reload();
    });
    if (credentials()) {
      start().catch(showError);
    }
  }

  return Object.freeze({ credentials, request, call, api, el, field, select, say, acting, number, when, localTime, whoFor,
    loggedIn, showError, showLogin, login });
}());
