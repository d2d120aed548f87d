"""A Streamlit session without a browser: the websocket and protobuf messages a browser tab
exchanges with the server, so a bench can hold dozens of sessions on a 2-core machine.

The tab's part, as Streamlit 1.67's frontend plays it: fetch the page (the server sets its
XSRF cookie), open ``/_stcore/stream`` with the subprotocols ``["streamlit", <xsrf token>]``,
then send ``BackMsg.rerun_script`` with a ``ClientState`` (the page's name, the query string,
every widget's value). The server answers with ``new_session``, the page's deltas and
``script_finished``; a widget's value is sent back the way the frontend serialises it (a
slider's as ``double_array_value``). A rerun is timed from the message sent to its last delta,
and to ``script_finished``.

    async with Session(url, "bias_variance") as tab:   # opens the page, waits for its run
        await tab.move(tab.sliders[0], 7)               # one rerun, timed
        tab.runs[-1].to_last_delta
"""

from __future__ import annotations

import asyncio
import contextlib
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

XSRF = "_streamlit_xsrf"
FINISHED = {ForwardMsg.FINISHED_SUCCESSFULLY: "ok", ForwardMsg.FINISHED_WITH_COMPILE_ERROR: "compile error",
            ForwardMsg.FINISHED_EARLY_FOR_RERUN: "interrupted"}


@dataclass(frozen=True)
class Slider:
    id: str
    label: str
    lo: float
    hi: float
    step: float
    default: float
    whole: bool  # an int slider: values are sent as floats, read back as ints
    query_key: str  # its name in the link ("" if it is not bound to the URL)

    def spread(self, n: int) -> list[float]:
        """n values across the range, on the step grid, the default left out."""
        steps = round((self.hi - self.lo) / self.step)
        picks = {round(self.lo + self.step * round(steps * i / max(n, 1))) if self.whole else
                 self.lo + self.step * round(steps * i / max(n, 1)) for i in range(1, n + 1)}
        return sorted(v for v in picks if v != self.default)[:n] or [self.lo]


@dataclass
class Run:
    to_last_delta: float  # seconds from the message sent to the last delta of the rerun
    to_finished: float  # ... to script_finished
    deltas: int
    status: str  # "ok", or what went wrong (an exception element, a timeout, a dropped socket)


@dataclass
class Session:
    base: str  # http://host:port
    page: str  # the url path of a page ("" is the home page)
    timeout: float = 120.0
    runs: list[Run] = field(default_factory=list)
    sliders: list[Slider] = field(default_factory=list)
    values: dict[str, float] = field(default_factory=dict)
    session_id: str = ""
    cookies: dict[str, str] = field(default_factory=dict)
    replica: str = ""
    metrics: dict[str, str] = field(default_factory=dict)  # label -> value, as last drawn
    query: str = ""  # the page's link as the server last set it (widgets bound to the URL)

    async def __aenter__(self) -> "Session":
        await self.open()
        return self

    async def __aexit__(self, *exc) -> None:
        await self.close()

    async def open(self) -> None:
        """Load the page, as a tab does (its cookies: XSRF, and a proxy's stickiness), open the
        websocket with them, and run the page at ``query``."""
        await asyncio.to_thread(_load, self.base, self.cookies)
        token = self.cookies.get(XSRF, "")
        ws_url = self.base.replace("http", "ws", 1) + "/_stcore/stream"
        jar = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        self.socket = await websockets.connect(
            ws_url, subprotocols=["streamlit", token or "PLACEHOLDER_AUTH_TOKEN"],
            additional_headers={"Origin": self.base, **({"Cookie": jar} if jar else {})},
            max_size=None, open_timeout=self.timeout,
            # A browser answers the server's pings but sends none of its own. The library's
            # would time out while a saturated server is slow to answer, and drop the tab.
            ping_interval=None)
        # Behind deploy/haproxy.cfg, the replica that took the websocket says its name.
        self.replica = self.socket.response.headers.get("X-Replica", "")
        await self.rerun()

    async def reopen(self) -> Run:
        """What a tab does when its socket drops: load the page again at its link and start
        over (a new session, wherever the proxy sends it), the widgets set by the link alone."""
        with contextlib.suppress(Exception):
            await self.socket.close()
        self.query, self.values = self.link, {}
        await self.open()
        return self.runs[-1]

    @property
    def link(self) -> str:
        """The page's address bar: the link it was opened at, with every slider moved since
        under its query-parameter key."""
        link = dict(urllib.parse.parse_qsl(self.query))
        link |= {s.query_key: (int(self.values[s.id]) if s.whole else self.values[s.id])
                 for s in self.sliders if s.id in self.values and s.query_key}
        return urllib.parse.urlencode(link)

    async def close(self) -> None:
        await self.socket.close()

    async def move(self, slider: Slider, value: float) -> Run:
        self.values[slider.id] = value
        return await self.rerun()

    async def rerun(self) -> Run:
        msg = BackMsg()
        state = msg.rerun_script
        state.page_name = self.page
        state.query_string = self.query
        for wid, value in self.values.items():
            ws: WidgetState = state.widget_states.widgets.add()
            ws.id = wid
            ws.double_array_value.data.append(float(value))
        start = time.perf_counter()
        try:
            await self.socket.send(msg.SerializeToString())
        except websockets.ConnectionClosed as exc:  # an error of the run, not of the bench
            run = Run(0.0, 0.0, 0, type(exc).__name__)
        else:
            run = await self._until_finished(start)
        self.runs.append(run)
        return run

    async def _until_finished(self, start: float) -> Run:
        last, deltas, status = start, 0, "ok"
        seen: dict[str, Slider] = {}
        metrics: dict[str, str] = {}
        try:
            while True:
                data = await asyncio.wait_for(self.socket.recv(), self.timeout)
                fwd = ForwardMsg()
                fwd.ParseFromString(data)
                kind = fwd.WhichOneof("type")
                if kind == "new_session":
                    self.session_id = fwd.new_session.initialize.session_id or self.session_id
                elif kind == "page_info_changed":
                    self.query = fwd.page_info_changed.query_string
                elif kind == "delta":
                    deltas, last = deltas + 1, time.perf_counter()
                    element = fwd.delta.new_element
                    if fwd.delta.WhichOneof("type") == "new_element":
                        if element.WhichOneof("type") == "exception":
                            status = "exception: " + element.exception.message[:80]
                        elif element.WhichOneof("type") == "slider":
                            _read_slider(element.slider, seen)
                        elif element.WhichOneof("type") == "metric":
                            metrics[element.metric.label] = element.metric.body
                elif kind == "script_finished":
                    if fwd.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                        continue  # superseded by a later rerun: keep reading for that one
                    if fwd.script_finished != ForwardMsg.FINISHED_SUCCESSFULLY:
                        status = FINISHED.get(fwd.script_finished, str(fwd.script_finished))
                    break
        except (asyncio.TimeoutError, websockets.ConnectionClosed) as exc:
            status = type(exc).__name__
        if seen:
            self.sliders = list(seen.values())
        self.metrics = metrics
        return Run(last - start, time.perf_counter() - start, deltas, status)


def _read_slider(proto, seen: dict) -> None:
    # Numeric sliders only (a one-value int or float slider): what the bench moves. A
    # select_slider shares the proto but carries its options (and sends them otherwise).
    if (len(proto.default) == 1 and proto.data_type in (proto.INT, proto.FLOAT) and not proto.disabled
            and not proto.options):
        seen[proto.id] = Slider(proto.id, proto.label, proto.min, proto.max, proto.step or 1,
                                proto.default[0], proto.data_type == proto.INT, proto.query_param_key)


def _load(base: str, cookies: dict[str, str]) -> None:
    """GET the page with the tab's cookies; keep what the server (or proxy) sets."""
    request = urllib.request.Request(base + "/")
    if cookies:
        request.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in cookies.items()))
    with urllib.request.urlopen(request, timeout=30) as reply:
        for header in reply.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            cookies[name.strip()] = urllib.parse.unquote(rest.split(";")[0])
