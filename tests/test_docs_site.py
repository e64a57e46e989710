"""The docs site (docs-site/, `make docs`) in a real browser: headless Chromium over loopback.

The session builds the site of generated/docs once, in strict mode, into a temporary folder,
serves it from 127.0.0.1 on a free port and drives Chromium through the DevTools protocol
(websocket-client). Chromium resolves no host name but the loopback ones, and every request of
the pages and of their workers is recorded: the site must need nothing from the internet.
Screenshots are left in test-artifacts/docs-site/.

Without Chromium, websocket-client, MkDocs or the Mermaid package (`npm ci` in docs-site/) the
tests skip; with CI=true they fail instead.
"""

from __future__ import annotations

import base64
import contextlib
import functools
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, NoReturn
from urllib.parse import urlsplit

import pytest
from conftest import GENERATED_DOCS
from support import REPO_ROOT

DOCS_SITE = REPO_ROOT / "docs-site"
MKDOCS_YML = DOCS_SITE / "mkdocs.yml"
MERMAID_JS = DOCS_SITE / "node_modules" / "mermaid" / "dist" / "mermaid.min.js"
ARTIFACTS = REPO_ROOT / "test-artifacts" / "docs-site"
TIMEOUT = 30.0
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}
# Schemes of requests that never reach a network.
LOCAL_SCHEMES = {"data", "blob", "about", "chrome", "devtools"}

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--no-default-browser-check",
    "--no-proxy-server",
    # Belt and braces: a request to any other host fails here instead of leaving the machine.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
    "--window-size=1280,900",
    "--remote-debugging-port=0",
]


def unavailable(reason: str) -> NoReturn:
    """Skip the test for a missing tool; under CI=true fail instead."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}; CI=true requires it")
    pytest.skip(reason)


def chromium_binary() -> str | None:
    for candidate in (os.environ.get("CHROMIUM"), "chromium", "chromium-browser"):
        if candidate and (found := shutil.which(candidate)):
            return found
    return None


# -- a small client of the Chrome DevTools Protocol ------------------------------------------


class Cdp:
    """Calls and events over one page target's socket; worker targets attach to it (flat)."""

    def __init__(self, url: str) -> None:
        import websocket  # websocket-client: imported here so that a missing one skips

        self.ws = websocket.create_connection(url, timeout=TIMEOUT, suppress_origin=True)
        self.next_id = 0
        self.requests: list[str] = []
        self.errors: list[str] = []
        self._attached: list[str] = []

    def close(self) -> None:
        self.ws.close()

    def send(self, method: str, session: str | None = None, **params: Any) -> int:
        """Send a command without waiting for its reply; returns its id."""
        self.next_id += 1
        message: dict[str, Any] = {"id": self.next_id, "method": method, "params": params}
        if session is not None:
            message["sessionId"] = session
        self.ws.send(json.dumps(message))
        return self.next_id

    def call(self, method: str, **params: Any) -> dict[str, Any]:
        """A command to the page, and its result; events that come first are recorded."""
        sent = self.send(method, **params)
        while True:
            reply = json.loads(self.ws.recv())
            if reply.get("id") == sent:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                result: dict[str, Any] = reply.get("result", {})
                return result
            self._event(reply)  # replies to commands sent to workers are dropped too

    def _event(self, event: dict[str, Any]) -> None:
        method, params = event.get("method"), event.get("params", {})
        if method == "Network.requestWillBeSent":
            self.requests.append(params["request"]["url"])
        elif method == "Target.attachedToTarget":
            self._attached.append(params["sessionId"])
        elif method == "Runtime.exceptionThrown":
            details = params["exceptionDetails"]
            self.errors.append(details.get("exception", {}).get("description") or details["text"])
        elif method == "Log.entryAdded" and params["entry"]["level"] == "error":
            self.errors.append(f"{params['entry']['text']} ({params['entry'].get('url', '')})")

    def watch(self, session: str | None = None) -> None:
        """Record the requests and errors of a target, and of the workers it starts.

        A worker waits for the debugger until `settle` lets it run. Its commands are only sent:
        a worker can end (with its page) before it answers, and then never does; a session's
        commands run in order, so it is watched before it runs.
        """
        for method in ("Network.enable", "Runtime.enable", "Log.enable"):
            self.send(method, session)
        self.send(
            "Target.setAutoAttach",
            session,
            autoAttach=True,
            waitForDebuggerOnStart=True,
            flatten=True,
        )

    def settle(self) -> None:
        """Watch the workers attached so far, then let them run."""
        while self._attached:
            session = self._attached.pop()
            self.watch(session)
            self.send("Runtime.runIfWaitingForDebugger", session)

    def evaluate(self, expression: str) -> Any:
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait_for(self, what: str, check: Callable[[], Any]) -> Any:
        deadline = time.monotonic() + TIMEOUT
        while True:
            self.settle()
            if value := check():
                return value
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out after {TIMEOUT:.0f} s waiting for {what}")
            time.sleep(0.1)

    def goto(self, url: str) -> None:
        self.call("Page.navigate", url=url)
        self.wait_loaded(urlsplit(url).path)

    def wait_loaded(self, path: str) -> None:
        self.wait_for(
            f"{path} to load",
            lambda: self.evaluate(
                f"location.pathname === {json.dumps(path)} && document.readyState === 'complete'"
            ),
        )

    def click(self, selector: str) -> None:
        """A real mouse click on the first element the selector finds (its first line box)."""
        point = self.evaluate(
            f"""(() => {{
                const element = document.querySelector({json.dumps(selector)});
                if (!element) return null;
                element.scrollIntoView({{block: "center"}});
                const rect = element.getClientRects()[0];
                const x = rect.x + rect.width / 2, y = rect.y + rect.height / 2;
                const hit = document.elementFromPoint(x, y);
                return {{x, y, hit: !!hit && (hit === element || element.contains(hit))}};
            }})()"""
        )
        assert point, f"nothing matches {selector}"
        assert point["hit"], f"{selector} is covered at ({point['x']}, {point['y']})"
        for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
            self.call(
                "Input.dispatchMouseEvent",
                type=kind,
                x=point["x"],
                y=point["y"],
                button="left",
                clickCount=1,
            )

    def type_text(self, text: str) -> None:
        """Key presses into the focused element (Material's search reads the query on keyup)."""
        for char in text:
            self.call("Input.dispatchKeyEvent", type="keyDown", key=char, text=char)
            self.call("Input.dispatchKeyEvent", type="keyUp", key=char)

    def screenshot(self, path: Path, full_page: bool = True) -> None:
        params: dict[str, Any] = {"format": "png"}
        if full_page:
            size = self.call("Page.getLayoutMetrics")["cssContentSize"]
            params["clip"] = {
                "x": 0,
                "y": 0,
                "width": size["width"],
                "height": size["height"],
                "scale": 1,
            }
            params["captureBeyondViewport"] = True
        data = self.call("Page.captureScreenshot", **params)["data"]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(data))

    def mermaid_svgs(self) -> list[dict[str, Any]]:
        """Each `div.mermaid` (Material draws into its closed shadow root) that holds an <svg>.

        Returns the svg's texts and the container's size, read through the DOM domain, which
        sees into closed shadow roots.
        """
        root = self.call("DOM.getDocument", depth=-1, pierce=True)["root"]
        found: list[dict[str, Any]] = []
        for node in walk(root):
            attributes = node.get("attributes", [])
            classes = dict(zip(attributes[::2], attributes[1::2], strict=True)).get("class", "")
            if node.get("localName") != "div" or "mermaid" not in classes.split():
                continue
            svgs = [
                inner
                for shadow in node.get("shadowRoots", [])
                for inner in walk(shadow)
                if inner.get("localName") == "svg"
            ]
            if svgs:
                texts = [
                    text["nodeValue"].strip()
                    for text in walk(svgs[0])
                    if text.get("nodeType") == 3 and text["nodeValue"].strip()
                ]
                model = self.call("DOM.getBoxModel", nodeId=node["nodeId"])["model"]
                found.append({"texts": texts, "width": model["width"], "height": model["height"]})
        return found


def walk(node: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield node
    for child in node.get("children", []):
        yield from walk(child)


# -- fixtures -----------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def docs_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site of generated/docs, built once per session in strict mode into a temp folder."""
    if not all(importlib.util.find_spec(name) for name in ("mkdocs", "material")):
        unavailable("MkDocs or mkdocs-material is not installed: `make docs` installs them")
    if not MERMAID_JS.is_file():
        unavailable(f"{MERMAID_JS} is absent: `make docs` (npm ci in docs-site/) installs it")
    site = tmp_path_factory.mktemp("docs-site") / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DOCS_DIR": str(GENERATED_DOCS)}
    env.pop("SITE_DIR", None)
    build = subprocess.run(
        [
            *(sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet"),
            *("--config-file", str(MKDOCS_YML), "--site-dir", str(site)),
        ],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert build.returncode == 0, f"mkdocs build failed:\n{build.stdout}\n{build.stderr}"
    return site


class QuietHandler(SimpleHTTPRequestHandler):
    served: list[str]

    def log_message(self, format: str, *args: Any) -> None:
        self.served.append(self.path)


@pytest.fixture(scope="session")
def site_url(docs_site: Path) -> Iterator[tuple[str, list[str]]]:
    """The site served from 127.0.0.1 on a free port, and the paths served so far."""
    served: list[str] = []
    handler = type("Handler", (QuietHandler,), {"served": served})
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=docs_site))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", served
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture(scope="session")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cdp]:
    """A page of a headless Chromium of its own (fresh profile), driven over the DevTools socket.

    The profile is a pytest temp folder, not removed at once: Chromium's helper processes may
    still write into it for a moment after the browser ends.
    """
    binary = chromium_binary()
    if binary is None:
        unavailable("Chromium is not installed (Debian: apt-get install chromium)")
    if importlib.util.find_spec("websocket") is None:
        unavailable("websocket-client is not installed (the dev extra has it)")
    profile = tmp_path_factory.mktemp("chromium-profile")
    process = subprocess.Popen(
        [binary, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "about:blank"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        port = devtools_port(profile, process)
        no_proxy = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        with no_proxy.open(f"http://127.0.0.1:{port}/json/list", timeout=TIMEOUT) as reply:
            targets = json.load(reply)
        page = next(target for target in targets if target["type"] == "page")
        cdp = Cdp(page["webSocketDebuggerUrl"])
        try:
            cdp.call("Page.enable")
            cdp.call("DOM.enable")
            cdp.watch()
            cdp.call(
                "Emulation.setDeviceMetricsOverride",
                width=1280,
                height=900,
                deviceScaleFactor=1,
                mobile=False,
            )
            yield cdp
        finally:
            cdp.close()
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def devtools_port(profile: Path, process: subprocess.Popen[bytes]) -> int:
    """The port Chromium chose for --remote-debugging-port=0 (written into the profile)."""
    active = profile / "DevToolsActivePort"
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"Chromium exited with {process.returncode} on start")
        with contextlib.suppress(FileNotFoundError, ValueError, IndexError):
            return int(active.read_text().splitlines()[0])
        time.sleep(0.1)
    raise AssertionError(f"Chromium wrote no {active} in {TIMEOUT:.0f} s")


def assert_offline(browser: Cdp) -> None:
    """Every request recorded so far went to the loopback server, and nothing failed."""
    outside = [
        url
        for url in browser.requests
        if urlsplit(url).scheme not in LOCAL_SCHEMES
        and urlsplit(url).hostname not in LOOPBACK_HOSTS
    ]
    assert not outside, f"requests that leave the machine: {outside}"
    assert not browser.errors, f"errors in the browser: {browser.errors}"


# -- tests --------------------------------------------------------------------------------------

PROPERTIES_TABLE = """(() => {
    const heading = document.querySelector("article h2#properties");
    let table = heading && heading.nextElementSibling;
    while (table && !table.querySelector("table") && table.tagName !== "TABLE") {
        table = table.nextElementSibling;
    }
    table = table && (table.tagName === "TABLE" ? table : table.querySelector("table"));
    if (!table) return null;
    return {
        header: [...table.querySelectorAll("thead th")].map(cell => cell.textContent.trim()),
        names: [...table.querySelectorAll("tbody tr")].map(
            row => row.cells[0].textContent.trim()),
        visible: table.getBoundingClientRect().height > 0,
    };
})()"""


def test_model_page_renders_table_diagram_enum_and_sample(
    browser: Cdp, site_url: tuple[str, list[str]]
) -> None:
    base, served = site_url
    browser.goto(f"{base}/NewCustomerSessionV2/")

    assert browser.evaluate("document.querySelector('article h1').textContent").startswith(
        "talon_one.NewCustomerSessionV2"
    )
    table = browser.evaluate(PROPERTIES_TABLE)
    assert table is not None, "no table under ## Properties"
    assert table["header"] == ["Name", "Type", "Description", "Notes"]
    assert table["names"][:2] == ["profile_id", "store_integration_id"]
    assert {"state", "cart_items", "additional_costs", "extra_properties"} <= set(table["names"])
    assert table["visible"]

    article = browser.evaluate("document.querySelector('article').innerText")
    for member in ("OPEN", "CLOSED", "PARTIALLY_RETURNED", "CANCELLED"):
        assert f'{member} (value: "' in article, f"enum value {member} not shown"
    sample = browser.evaluate(
        "[...document.querySelectorAll('article pre code')]"
        ".map(code => code.textContent).find(text => text.includes('instance = '))"
    )
    assert sample and "NewCustomerSessionV2(" in sample and "from talon_one import" in sample

    diagrams = browser.wait_for("the Mermaid diagram to render", browser.mermaid_svgs)
    assert len(diagrams) == 1
    assert {"NewCustomerSessionV2", "CartItem", "AdditionalCost"} <= set(diagrams[0]["texts"])
    assert diagrams[0]["width"] > 100 and diagrams[0]["height"] > 50
    assert not browser.evaluate("document.querySelector('pre.mermaid') !== null")

    browser.screenshot(ARTIFACTS / "NewCustomerSessionV2.png", full_page=False)
    browser.screenshot(ARTIFACTS / "NewCustomerSessionV2-full.png")
    browser.evaluate("document.querySelector('#relations').scrollIntoView()")
    browser.evaluate("window.scrollBy(0, -60)")  # below the header
    time.sleep(0.5)  # the header's title changes with a transition on scroll
    browser.screenshot(ARTIFACTS / "NewCustomerSessionV2-relations.png", full_page=False)

    assert "/assets/javascripts/mermaid.min.js" in served, "Mermaid did not come from the site"
    assert_offline(browser)


DESCRIPTION_CELLS = """(() => {
    const rows = [...document.querySelectorAll("article table tbody tr")];
    const cell = name => rows.find(row => row.cells[0].textContent.trim() === name).cells[2];
    const shape = name => ({
        text: cell(name).innerText,
        code: [...cell(name).querySelectorAll("code")].map(code => code.textContent),
        items: [...cell(name).querySelectorAll(":scope > ul > li, :scope > ol > li")].map(
            item => item.firstChild.textContent.trim()),
        ordered: cell(name).querySelectorAll(":scope > ol").length,
        nested: [...cell(name).querySelectorAll("ol > li > ul > li")].length,
    });
    return {state: shape("state"), coupons: shape("coupon_codes")};
})()"""


def test_descriptions_show_inline_code_and_lists(
    browser: Cdp, site_url: tuple[str, list[str]]
) -> None:
    """The Markdown cells keep OpenAPI Generator's escaping (backticks as &#x60;, one line per
    description); the site shows code as code and the lists as lists."""
    base, _ = site_url
    browser.goto(f"{base}/NewCustomerSessionV2/")

    cells = browser.evaluate(DESCRIPTION_CELLS)

    state, coupons = cells["state"], cells["coupons"]
    assert "`" not in state["text"] + coupons["text"]
    assert state["code"][:3] == ["open", "closed", "open"]
    assert state["ordered"] == 1
    assert len(state["items"]) == 4  # 1. open -> closed ... 4. partially_returned -> cancelled
    assert state["nested"] == 3  # 3. Either: three transitions from closed
    assert state["text"].rstrip().endswith("Customer session states.")  # the paragraph after
    assert len(coupons["items"]) == 2
    assert coupons["items"][0].startswith("If you")
    assert "Important - for requests only:" in coupons["text"]  # a dash in a sentence stays
    assert "dry=false" in coupons["code"]

    browser.evaluate(
        "[...document.querySelectorAll('article table tbody tr')]"
        ".find(row => row.cells[0].textContent.trim() === 'state').scrollIntoView()"
    )
    browser.evaluate("window.scrollBy(0, -80)")  # below the header
    time.sleep(0.5)
    browser.screenshot(ARTIFACTS / "NewCustomerSessionV2-descriptions.png", full_page=False)
    assert_offline(browser)


def test_model_link_leads_to_its_page(browser: Cdp, site_url: tuple[str, list[str]]) -> None:
    base, _ = site_url
    browser.goto(f"{base}/NewCustomerSessionV2/")
    browser.click("article table a[href='../CartItem/']")
    browser.wait_loaded("/CartItem/")
    assert browser.evaluate("document.querySelector('article h1').textContent").startswith(
        "talon_one.CartItem"
    )
    assert browser.evaluate("document.title").startswith("CartItem")
    diagrams = browser.wait_for("the CartItem diagram to render", browser.mermaid_svgs)
    assert {"CartItem", "Product", "PriceDetail"} <= set(diagrams[0]["texts"])
    browser.screenshot(ARTIFACTS / "CartItem.png", full_page=False)
    assert_offline(browser)


def test_index_navigation_and_search(browser: Cdp, site_url: tuple[str, list[str]]) -> None:
    base, _ = site_url
    browser.goto(f"{base}/")
    # The fragment has 41 models (the operation's replies brought 36): too many for the index to
    # draw, so it lists the most referenced ones (each model's page draws its neighbours).
    index = browser.evaluate("document.querySelector('article').innerText")
    assert "Most referenced models" in index and "CartItem" in index
    assert "IntegrationApi" in index  # the API page, and the endpoints table

    nav = browser.evaluate(
        "[...document.querySelectorAll('nav.md-nav--primary a.md-nav__link[href]')]"
        ".map(a => a.textContent.trim())"
    )
    pages = sorted(path.stem for path in GENERATED_DOCS.glob("*.md") if path.stem != "README")
    missing = [page for page in pages if page not in nav]
    assert not missing, f"pages missing from the navigation: {missing}"
    for page in pages:  # and each page is its own active entry there (not its contents')
        browser.goto(f"{base}/{page}/")
        active = browser.evaluate(
            "[...document.querySelectorAll('nav.md-nav--primary a.md-nav__link--active')]"
            ".filter(a => !a.closest('.md-nav--secondary'))"
            ".map(a => a.textContent.trim())"
        )
        assert active == [page], (page, active)
    browser.goto(f"{base}/")

    browser.click("input.md-search__input")
    browser.type_text("PriceDetail")
    results = browser.wait_for(
        "search results",
        lambda: browser.evaluate(
            "[...document.querySelectorAll('.md-search-result__item a')].map(a => a.href)"
        ),
    )
    assert urlsplit(results[0]).path == "/PriceDetail/", results  # the page before its mentions
    time.sleep(0.5)  # the results fade in
    browser.screenshot(ARTIFACTS / "search.png", full_page=False)
    assert_offline(browser)
