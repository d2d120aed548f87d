"""Key press -> page settled, timed in the page's own clock (headless Chromium).

"Settled" means: the rerun the key started has finished (the server's messages for it have
arrived and the app reads ``data-test-script-state='notRunning'``) and nothing in
``[data-testid='stApp']`` has changed for a quiet window. The time reported is the later of
the last DOM mutation and the last message from the server, minus the moment the key event
reached the page (a capture-phase ``keydown`` listener's ``performance.now()``), so neither
Playwright's round trips nor the quiet window itself are counted.

CSS transitions and animations (a slider thumb gliding, stale elements fading while a rerun
is pending) change computed style only, never the DOM, so they cannot keep the page
"unsettled"; anything that mutates the DOM forever is cut off by ``timeout`` and the move
is recorded as a timeout instead of stopping the run.
"""

from __future__ import annotations

# Installed before any page script runs (context.add_init_script): the key listener and a
# count of the server's WebSocket messages, so a rerun is seen even when React batches the
# script state's "running" away and it never reaches the DOM.
INIT = """(() => {
  window.__bench = {key: null, wsIn: 0, wsLast: 0, mutations: 0, lastMutation: 0};
  document.addEventListener('keydown', () => {
    window.__bench.key = performance.now();
    window.__bench.wsAtKey = window.__bench.wsIn;
  }, true);
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', () => {
        window.__bench.wsIn += 1;
        window.__bench.wsLast = performance.now();
      });
    }
  };
})();"""

# After the page has loaded: watch the whole app.
OBSERVE = """() => {
  const app = document.querySelector("[data-testid='stApp']");
  if (app.__benchWatched) return;
  app.__benchWatched = true;
  new MutationObserver(records => {
    window.__bench.mutations += records.length;
    window.__bench.lastMutation = performance.now();
  }).observe(app, {subtree: true, childList: true, attributes: true, characterData: true});
}"""

# True once the key's rerun is done and the app has been quiet for `quiet` ms.
SETTLED = """quiet => {
  const b = window.__bench;
  if (b.key === null || b.wsIn === b.wsAtKey) return false;
  if (!document.querySelector("[data-testid='stApp'][data-test-script-state='notRunning']")) return false;
  const last = Math.max(b.lastMutation, b.wsLast);
  return performance.now() - last >= quiet;
}"""

READ = """() => {
  const b = window.__bench;
  return {now: performance.now(), key: b.key, settled: Math.max(b.lastMutation, b.wsLast), mutations: b.mutations,
          lastMutation: b.lastMutation, wsLast: b.wsLast, messages: b.wsIn - b.wsAtKey};
}"""

RESET = "() => { window.__bench.key = null; window.__bench.mutations = 0; }"


class Timeout(Exception):
    """The page did not settle within the cap."""


def prepare(context) -> None:
    """Call once per browser context, before opening pages."""
    context.add_init_script(INIT)


def watch(page) -> None:
    """Call after each page load (and after wait_idle)."""
    page.evaluate(OBSERVE)


def press_and_settle(page, locator, key: str, quiet: float = 300, timeout: float = 60_000) -> dict:
    """Focus ``locator``, press ``key``, wait until the page settles.

    Returns ``{"ms": key -> settled, "mutations": n, "messages": n, "since_key": ms from the
    key to the moment this returned}``, or None when the key
    left the widget's value as it was (already at that end: no rerun to time); raises
    ``Timeout``.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    locator.focus()
    before = locator.input_value()
    page.evaluate(RESET)
    locator.press(key)
    if locator.input_value() == before:
        return None
    try:
        page.wait_for_function(SETTLED, arg=quiet, polling=50, timeout=timeout)
    except PlaywrightTimeout as error:
        raise Timeout(str(page.evaluate(READ))) from error
    state = page.evaluate(READ)
    return {"ms": state["settled"] - state["key"], "mutations": state["mutations"],
            "messages": state["messages"], "since_key": state["now"] - state["key"]}
