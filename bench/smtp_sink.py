"""The notices benchmark's SMTP server on loopback, in a process of its own (as a relay would be).

Two kinds, both on uvloop, both keeping only each message's Message-ID:

- `aiosmtpd`: the library the tests use. Its protocol machinery (a coroutine per command over
  asyncio streams) costs ~0.6 ms of CPU a message, on the same two cores as the sweepers.
- `lean`: an asyncio Protocol that answers the commands smtplib sends (EHLO/HELO, MAIL, RCPT,
  DATA, RSET, NOOP, QUIT) straight from the bytes received. It speaks SMTP just as faithfully to
  the client, one reply per command, and costs a fraction of that. A production relay (Postfix)
  runs on another machine and costs the sweepers' machine nothing.
"""

import asyncio
import multiprocessing
import re
import socket
from dataclasses import dataclass

_MESSAGE_ID = re.compile(rb"^message-id:[ \t]*(\S+)", re.IGNORECASE | re.MULTILINE)
_REPLIES = {
    b"EHLO": b"250-sink.bench\r\n250-8BITMIME\r\n250 SIZE 52428800\r\n",
    b"HELO": b"250 sink.bench\r\n",
    b"MAIL": b"250 OK\r\n",
    b"RCPT": b"250 OK\r\n",
    b"RSET": b"250 OK\r\n",
    b"NOOP": b"250 OK\r\n",
    b"DATA": b"354 End data with <CR><LF>.<CR><LF>\r\n",
    b"QUIT": b"221 Bye\r\n",
}


def _message_id(message: bytes) -> str:
    headers = message.split(b"\r\n\r\n", 1)[0]
    found = _MESSAGE_ID.search(headers)
    return found.group(1).decode() if found else ""


class _LeanSMTP(asyncio.Protocol):
    """One SMTP session: commands line by line, then the message up to <CRLF>.<CRLF>."""

    def __init__(self, ids: list[str]) -> None:
        self.ids = ids
        self.buffer = bytearray()
        self.in_data = False
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport) -> None:
        self.transport = transport
        transport.write(b"220 sink.bench ESMTP\r\n")

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while self.transport is not None and (self._message() if self.in_data else self._line()):
            pass

    def _line(self) -> bool:
        end = self.buffer.find(b"\r\n")
        if end < 0:
            return False
        verb = bytes(self.buffer[:4]).upper()
        del self.buffer[: end + 2]
        self.transport.write(_REPLIES.get(verb, b"502 Command not implemented\r\n"))
        if verb == b"DATA":
            self.in_data = True
            self.buffer[:0] = b"\r\n"  # so a message's first line can be its end too
        elif verb == b"QUIT":
            self.transport.close()
            self.transport = None
        return True

    def _message(self) -> bool:
        end = self.buffer.find(b"\r\n.\r\n")
        if end < 0:
            return False
        self.ids.append(_message_id(bytes(self.buffer[2 : end + 2])))
        del self.buffer[: end + 5]
        self.in_data = False
        self.transport.write(b"250 OK\r\n")
        return True


def _serve_lean(port: int, ids: list[str], ready) -> asyncio.AbstractEventLoop:
    import threading

    import uvloop

    loop = uvloop.new_event_loop()

    def run() -> None:
        asyncio.set_event_loop(loop)
        server = loop.run_until_complete(
            loop.create_server(lambda: _LeanSMTP(ids), "127.0.0.1", port, backlog=128)
        )
        ready.set()
        loop.run_forever()
        server.close()

    threading.Thread(target=run, daemon=True).start()
    return loop


def _serve_aiosmtpd(port: int, ids: list[str], ready):
    import uvloop
    from aiosmtpd.controller import Controller

    class Collect:
        async def handle_DATA(self, server, session, envelope):
            ids.append(_message_id(envelope.content))
            return "250 OK"

    controller = Controller(
        Collect(), hostname="127.0.0.1", port=port, loop=uvloop.new_event_loop()
    )
    controller.start()
    ready.set()
    return controller


def _serve(kind: str, port: int, ready, conn) -> None:
    """The sink process: serve, and answer "ids" (hand over and forget) until "stop"."""
    ids: list[str] = []
    if kind == "lean":
        loop = _serve_lean(port, ids, ready)
        stop = lambda: loop.call_soon_threadsafe(loop.stop)  # noqa: E731
    else:
        stop = _serve_aiosmtpd(port, ids, ready).stop
    while (command := conn.recv()) != "stop":
        if command == "ids":
            taken = ids[:]
            del ids[: len(taken)]
            conn.send(taken)
    stop()


@dataclass
class Sink:
    """A running sink: its port and process id; `take_ids` returns what arrived since last."""

    port: int
    process: multiprocessing.Process
    conn: object

    @property
    def pid(self) -> int:
        return self.process.pid

    def take_ids(self) -> list[str]:
        self.conn.send("ids")
        return self.conn.recv()

    def stop(self) -> None:
        self.conn.send("stop")
        self.process.join(10)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_sink(kind: str = "lean") -> Sink:
    """Start a sink of `kind` ("lean" or "aiosmtpd") in its own process."""
    port = _free_port()
    ready = multiprocessing.Event()
    ours, theirs = multiprocessing.Pipe()
    proc = multiprocessing.Process(target=_serve, args=(kind, port, ready, theirs), daemon=True)
    proc.start()
    if not ready.wait(10):
        raise RuntimeError("the SMTP sink did not start")
    return Sink(port, proc, ours)
