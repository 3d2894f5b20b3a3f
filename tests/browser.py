"""Drive a real headless Chromium over the DevTools protocol (websocket), for the map tests.

Only what the tests need: open a page, evaluate JavaScript, move the mouse, take a screenshot, and
record every JavaScript error, console error, failed request and every URL the page asked for.

Example
-------
>>> with serve(folder) as base, Chromium() as browser:            # doctest: +SKIP
...     page = browser.open(base + "/kaart.html")
...     page.evaluate("document.title")
"""

from __future__ import annotations

import base64
import contextlib
import functools
import http.server
import json
import os
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--no-default-browser-check", "--hide-scrollbars", "--mute-audio",
    "--disable-extensions", "--remote-debugging-port=0",
]


def chromium_pad() -> str | None:
    """Path of the Chromium binary, or None."""
    for naam in ("chromium", "chromium-browser", "google-chrome"):
        pad = shutil.which(naam)
        if pad:
            return pad
    return "/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve ``folder`` on 127.0.0.1 (a free port) for the duration; yields the base URL."""

    class Stil(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:   # keep pytest output clean
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Stil, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class DevToolsFout(RuntimeError):
    """The browser answered a command with an error, or did not answer in time."""


class Pagina:
    """One tab, attached with a flat session."""

    def __init__(self, browser: Chromium, session: str):
        self.browser = browser
        self.session = session
        self.js_fouten: list[str] = []
        self.console_fouten: list[str] = []
        self.netwerk_fouten: list[str] = []
        self.verzoeken: list[str] = []
        self.dialogen: list[str] = []
        self._urls: dict[str, str] = {}

    def send(self, method: str, **params: Any) -> dict[str, Any]:
        return self.browser.send(method, params, self.session)

    def _event(self, msg: dict[str, Any]) -> None:
        m, p = msg.get("method"), msg.get("params", {})
        if m == "Runtime.exceptionThrown":
            d = p.get("exceptionDetails", {})
            self.js_fouten.append(d.get("exception", {}).get("description") or d.get("text", "fout"))
        elif m == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
            self.console_fouten.append(" ".join(str(a.get("value", a.get("description", ""))) for a in p.get("args", [])))
        elif m == "Log.entryAdded" and p.get("entry", {}).get("level") == "error":
            e = p["entry"]
            if e.get("source") == "network":
                self.netwerk_fouten.append(f"{e.get('text')} {e.get('url', '')}")
            else:
                self.console_fouten.append(e.get("text", ""))
        elif m == "Network.requestWillBeSent":
            self.verzoeken.append(p.get("request", {}).get("url", ""))
            self._urls[p.get("requestId", "")] = p.get("request", {}).get("url", "")
        elif m == "Network.loadingFailed" and not p.get("canceled"):
            self.netwerk_fouten.append(f"{p.get('errorText')} ({p.get('type')}) {self._urls.get(p.get('requestId', ''), '')}")
        elif m == "Page.javascriptDialogOpening":
            self.dialogen.append(p.get("message", ""))
            self.browser.send("Page.handleJavaScriptDialog", {"accept": True}, self.session, wacht=False)

    def open(self, url: str, timeout: float = 15.0) -> None:
        self.browser.gebeurtenissen.clear()
        self.send("Page.navigate", url=url)
        self.browser.wacht_op("Page.loadEventFired", self.session, timeout)

    def evaluate(self, expressie: str, wacht_promise: bool = False) -> Any:
        r = self.send("Runtime.evaluate", expression=expressie, returnByValue=True, awaitPromise=wacht_promise)
        if r.get("exceptionDetails"):
            raise DevToolsFout(f"JavaScript-fout in test: {r['exceptionDetails']}")
        return r.get("result", {}).get("value")

    def wacht_tot(self, expressie: str, timeout: float = 10.0) -> Any:
        eind = time.monotonic() + timeout
        while True:
            waarde = self.evaluate(expressie)
            if waarde:
                return waarde
            if time.monotonic() > eind:
                raise DevToolsFout(f"Na {timeout} s nog niet waar: {expressie}")
            time.sleep(0.05)

    def muis(self, x: float, y: float) -> None:
        self.send("Input.dispatchMouseEvent", type="mouseMoved", x=x, y=y)

    def klik(self, x: float, y: float) -> None:
        for soort in ("mousePressed", "mouseReleased"):
            self.send("Input.dispatchMouseEvent", type=soort, x=x, y=y, button="left", clickCount=1)

    def screenshot(self, pad: Path) -> Path:
        r = self.send("Page.captureScreenshot", format="png")
        pad.parent.mkdir(parents=True, exist_ok=True)
        pad.write_bytes(base64.b64decode(r["data"]))
        return pad


#: Extra flags for a browser with all network blocked: every http(s) request goes to a proxy where nothing
#: listens and no host name resolves; pages are opened from ``file://``.
ZONDER_NETWERK = ["--proxy-server=http://127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
                  "--host-resolver-rules=MAP * ~NOTFOUND"]


def chromium_of_falen() -> str:
    """Path of the Chromium binary; **fails** the test (never skips) when it is missing."""
    import pytest

    pad = chromium_pad()
    if pad is None:
        pytest.fail("Chromium ontbreekt: de kaarttests moeten in een echte browser draaien. Installeer het met "
                    "'apt-get install chromium' (./run test doet dat zelf).", pytrace=False)
    return pad


class Chromium:
    """Headless Chromium on a free DevTools port; a context manager.

    ``netwerk=False`` blocks every request to the network (see :data:`ZONDER_NETWERK`) and also puts each
    tab in DevTools' offline mode; only ``file://`` and ``data:`` work.
    """

    def __init__(self, breedte: int = 1280, hoogte: int = 800, timeout: float = 20.0, netwerk: bool = True):
        self.breedte, self.hoogte, self.timeout, self.netwerk = breedte, hoogte, timeout, netwerk
        self.gebeurtenissen: list[dict[str, Any]] = []
        self._id = 0
        self._paginas: dict[str, Pagina] = {}

    def __enter__(self) -> Chromium:
        import websocket

        binary = chromium_pad()
        if binary is None:
            raise FileNotFoundError("chromium niet gevonden")
        self.profiel = tempfile.mkdtemp(prefix="wijkscan-chromium-")
        self.proc = subprocess.Popen(
            [binary, *CHROMIUM_FLAGS, *([] if self.netwerk else ZONDER_NETWERK), f"--user-data-dir={self.profiel}",
             f"--window-size={self.breedte},{self.hoogte}", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        poortbestand = Path(self.profiel) / "DevToolsActivePort"
        eind = time.monotonic() + self.timeout
        while not (poortbestand.is_file() and len(poortbestand.read_text().splitlines()) >= 2):
            if self.proc.poll() is not None or time.monotonic() > eind:
                self._stop()
                raise DevToolsFout("Chromium startte niet (geen DevToolsActivePort)")
            time.sleep(0.05)
        poort, pad = poortbestand.read_text().splitlines()[:2]
        self.ws = websocket.create_connection(f"ws://127.0.0.1:{poort}{pad}", timeout=self.timeout,
                                              suppress_origin=True, enable_multithread=False)
        return self

    def __exit__(self, *exc: Any) -> None:
        with contextlib.suppress(Exception):
            self.send("Browser.close", {}, wacht=False)
        with contextlib.suppress(Exception):
            self.ws.close()
        self._stop()

    def _stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        shutil.rmtree(self.profiel, ignore_errors=True)

    # --- protocol -------------------------------------------------------------------------------
    def _lees(self) -> dict[str, Any]:
        msg = json.loads(self.ws.recv())
        if "method" in msg:
            self.gebeurtenissen.append(msg)
            pagina = self._paginas.get(msg.get("sessionId", ""))
            if pagina is not None:
                pagina._event(msg)
        return msg

    def send(self, method: str, params: dict[str, Any], session: str | None = None,
             wacht: bool = True) -> dict[str, Any]:
        self._id += 1
        mid = self._id
        msg: dict[str, Any] = {"id": mid, "method": method, "params": params}
        if session:
            msg["sessionId"] = session
        self.ws.send(json.dumps(msg))
        if not wacht:
            return {}
        eind = time.monotonic() + self.timeout
        while time.monotonic() < eind:
            antwoord = self._lees()
            if antwoord.get("id") == mid:
                if "error" in antwoord:
                    raise DevToolsFout(f"{method}: {antwoord['error']}")
                return antwoord.get("result", {})
        raise DevToolsFout(f"Geen antwoord op {method}")

    def wacht_op(self, method: str, session: str | None, timeout: float) -> dict[str, Any]:
        eind = time.monotonic() + timeout
        for msg in self.gebeurtenissen:
            if msg.get("method") == method and msg.get("sessionId") == session:
                return msg
        while time.monotonic() < eind:
            msg = self._lees()
            if msg.get("method") == method and msg.get("sessionId") == session:
                return msg
        raise DevToolsFout(f"{method} kwam niet binnen {timeout} s")

    def open(self, url: str) -> Pagina:
        """A new tab showing ``url``, with errors, console and requests being recorded."""
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        pagina = Pagina(self, session)
        self._paginas[session] = pagina
        for domein in ("Page.enable", "Runtime.enable", "Log.enable", "Network.enable"):
            pagina.send(domein)
        pagina.send("Emulation.setDeviceMetricsOverride", width=self.breedte, height=self.hoogte,
                    deviceScaleFactor=1, mobile=False)
        if not self.netwerk:
            pagina.send("Network.emulateNetworkConditions", offline=True, latency=0, downloadThroughput=-1,
                        uploadThroughput=-1)
        pagina.open(url)
        return pagina
