"""A small SMTP server of our own on 127.0.0.1 for fault tests.

It accepts a message only by answering 250 after its data, as a real server does; it can stall
before that answer for the first message, until the client goes away (a killed worker). A message
whose client vanished before the 250 was never accepted, so it is not recorded."""

import email
import socketserver
import threading


class _Handler(socketserver.StreamRequestHandler):
    def say(self, line):
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self):
        self.say("220 keurmerk-test ESMTP")
        while line := self.rfile.readline():
            verb = line[:4].upper()
            if verb in (b"EHLO", b"HELO"):
                self.say("250 keurmerk-test")
            elif verb == b"DATA":
                self.say("354 end with <CRLF>.<CRLF>")
                if not self.receive(self.read_data()):
                    return
            elif verb == b"QUIT":
                self.say("221 bye")
                return
            else:  # MAIL, RCPT, RSET, NOOP
                self.say("250 OK")

    def read_data(self):
        lines = []
        while (line := self.rfile.readline()) not in (b".\r\n", b""):
            lines.append(line[1:] if line.startswith(b"..") else line)
        return b"".join(lines)

    def receive(self, data):
        if self.server.take_stall():
            self.server.stalled.set()
            self.request.settimeout(120)
            while self.request.recv(1024):  # wait until the client has gone
                pass
            return False
        self.server.record(email.message_from_bytes(data))
        self.say("250 OK: queued")
        return True


class StallingSMTPServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, *, stall_first=False):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.port = self.server_address[1]
        self.messages = []
        self.stalled = threading.Event()
        self._stall = stall_first
        self._lock = threading.Lock()

    def take_stall(self):
        with self._lock:
            stall, self._stall = self._stall, False
            return stall

    def record(self, message):
        with self._lock:
            self.messages.append(message)

    def __enter__(self):
        threading.Thread(target=self.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.shutdown()
        self.server_close()
