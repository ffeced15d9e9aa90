"""Autosave under load: members of as many organisations autosave against gunicorn, beside a bare view.

    .venv/bin/python bench/autosave_load.py                      # SQLite, then PostgreSQL, 60 s each
    .venv/bin/python bench/autosave_load.py --db sqlite --seconds 10
    .venv/bin/python bench/autosave_load.py --db postgres --members 600 --seconds 15
    .venv/bin/python bench/autosave_load.py --members 1000 --pace 5 --seconds 30   # typing, debounced

For each database it
1. prepares a fresh database (a SQLite file in a temporary directory via SQLITE_PATH, or the
   PostgreSQL database `bench_autosave` on 127.0.0.1, created and dropped with psql), migrates it and
   seeds the 2022 framework, a cycle, and per organisation a member, a signed participation, a
   started self-evaluation and a session (child process, `--seed`);
2. starts the production server: `gunicorn keurmerk.wsgi -w 4 -b 127.0.0.1:PORT` with
   DJANGO_DEBUG=false (loopback only);
3. runs the same load twice against the same server: first against `/bench/bare/` (a Django view
   that only answers, `bench/server/urls.py`), then against the autosave: one coroutine per member
   posts its answer with the version it holds every `--pace` seconds (default 1), the way the page's
   htmx autosave does, and keeps the last acknowledged text and version;
4. prints requests/s, p50/p95/p99 latency and errors of both and the ratio of their throughputs,
   stops the server, and checks in the database that every answer's stored text equals the last
   acknowledged save (child process, `--verify`).

The bar is zero errors and zero lost saves on both databases. Nothing here needs a package beyond
the project's own (asyncio streams for the requests).
"""

import argparse
import asyncio
import json
import os
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote_plus

BASE_DIR = Path(__file__).resolve().parent.parent
PG_DSN = "postgres://postgres@127.0.0.1:5432/bench_autosave"
CRITERION = "wachttijd-kort"
FILLER = (
    "Wij houden de wachttijd kort: elke week bekijkt het team de wachtlijst en wie langer dan drie weken "
    "wacht, krijgt een telefonisch contact en tips. "
)


# -- child processes: seed and verify (Django set up from the environment) ------------------------


def _django():
    sys.path.insert(0, str(BASE_DIR))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "keurmerk.settings")
    import django

    django.setup()


def _session_for(user):
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    session = import_module(settings.SESSION_ENGINE).SessionStore()  # as a sign-in stores it
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def _seed_member(i, cycle, now):
    """Organisation i with a member, a signed participation, a started self-evaluation, a session."""
    from keurmerk.accounts.models import User
    from keurmerk.cycles.models import Participation, State
    from keurmerk.organisations.models import Membership, Organisation
    from keurmerk.selfevaluations.models import Answer
    from keurmerk.selfevaluations.services import self_evaluation_start

    org = Organisation.objects.create(
        name=f"Benchpraktijk {i:03}", type="vrijgevestigd", kvk=f"{50000000 + i}", agb=f"{60000000 + i}"
    )
    user = User.objects.create_user(
        username=f"lid{i}@bench.test", email=f"lid{i}@bench.test", role="provider"
    )
    Membership.objects.create(user=user, organisation=org)
    participation = Participation.objects.create(organisation=org, cycle=cycle, state=State.SIGNED)
    se = self_evaluation_start(participation=participation, user=user, now=now)
    answer = Answer.objects.select_related("criterion").get(self_evaluation=se, criterion__key=CRITERION)
    described = _described(answer)
    return {"answer": answer.pk, "session": _session_for(user), "csrf": secrets.token_hex(16), **described}


def _described(answer):
    """The signed description the page's answer form carries (when this version of the page has one)."""
    try:
        from keurmerk.selfevaluations.access import describe_answer
    except ImportError:  # an older checkout: its page carries none
        return {}
    return {"described": describe_answer(answer, answer.criterion, False)}


def seed(members, out_path):
    _django()
    import datetime
    from zoneinfo import ZoneInfo

    from django.conf import settings
    from django.core.management import call_command

    from keurmerk.accounts.models import User
    from keurmerk.cycles.services import cycle_create, handbook_dates
    from keurmerk.frameworks.services import framework_import

    call_command("migrate", verbosity=0, interactive=False)
    text = (Path(settings.BASE_DIR) / "keurmerk/frameworks/data/keurmerk-2022.yaml").read_text(
        encoding="utf-8"
    )
    framework = framework_import(text=text)[0]
    admin = User.objects.create_user(username="bench-admin", email="bench@kibg.test", role="administrator")
    cycle = cycle_create(user=admin, year=2027, framework=framework, dates=handbook_dates(2027))
    inside = datetime.datetime(2026, 11, 15, 12, tzinfo=ZoneInfo("Europe/Amsterdam"))  # the phase is open
    clients = [_seed_member(i, cycle, inside) for i in range(members)]
    Path(out_path).write_text(json.dumps(clients), encoding="utf-8")


def verify(acks_path):
    _django()
    from keurmerk.selfevaluations.models import Answer

    acks = json.loads(Path(acks_path).read_text(encoding="utf-8"))
    stored = {a.pk: a for a in Answer.objects.filter(pk__in=[int(k) for k in acks])}
    lost = ahead = 0
    for key, ack in acks.items():
        answer = stored[int(key)]
        if answer.explanation == ack["text"] and answer.version == ack["version"]:
            continue
        if answer.version > ack["version"]:
            ahead += 1  # a save landed whose answer never arrived (counted as an error by the load)
        else:
            lost += 1
    print(json.dumps({"checked": len(acks), "lost": lost, "unacknowledged_stored": ahead}))


# -- the parent: database, server, load ---------------------------------------------------------------


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _psql(*commands):
    args = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-q", "-v", "ON_ERROR_STOP=1"]
    for command in commands:
        args += ["-c", command]
    env = {**os.environ, "PGOPTIONS": "-c client_min_messages=warning"}
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, env=env)


def _environment(db, workdir):
    sys.path.insert(0, str(BASE_DIR))
    from keurmerk.credentials.keys import new_private_jwk

    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SQLITE_PATH")}
    env.update(
        DJANGO_SETTINGS_MODULE="keurmerk.settings",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY="bench-" + secrets.token_hex(24),
        KEURMERK_AUDIT_KEY="bench-" + secrets.token_hex(24),  # required with debug off
        KEURMERK_CREDENTIAL_KEYS=json.dumps([new_private_jwk()]),  # likewise
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        # TLS ends in front of the application in production; on loopback the requests are plain HTTP.
        DJANGO_SECURE_SSL_REDIRECT="false",
        DJANGO_SECURE_COOKIES="false",
        KEURMERK_DATA_DIR=str(workdir),
        LOG_LEVEL="WARNING",
    )
    if db == "postgres":
        env["DATABASE_URL"] = PG_DSN
    else:
        env["SQLITE_PATH"] = str(workdir / "bench.sqlite3")
    return env


def _child(env, *args):
    result = subprocess.run(
        [sys.executable, __file__, *args], env=env, cwd=BASE_DIR, check=True, capture_output=True, text=True
    )
    return result.stdout


def _start_server(env, port, workers, log):
    gunicorn = Path(sys.executable).with_name("gunicorn")
    command = [
        str(gunicorn),
        "keurmerk.wsgi",
        "-w",
        str(workers),
        "-b",
        f"127.0.0.1:{port}",
        "--log-level",
        "warning",
    ]
    env = {**env, "DJANGO_SETTINGS_MODULE": "bench.server.settings"}  # the project plus the bare view
    server = subprocess.Popen(command, env=env, cwd=BASE_DIR, stdout=log, stderr=log, start_new_session=True)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise RuntimeError("gunicorn did not start; see the log")


def _stop_server(server):
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


class Member:
    """One member autosaving its answer once a second; keeps the last acknowledged save.

    asyncio in one thread (not a thread per member), so that the load generator itself stays light
    on the two cores it shares with the server and does not add its own queueing to the latencies.
    """

    def __init__(self, index, client, port, results, *, path, pace):
        self.index, self.client, self.port, self.results = index, client, port, results
        self.path, self.pace = path, pace
        self.version = 0
        self.ack = {"text": "", "version": 0}

    async def _post(self, text):
        fields = f"version={self.version}&explanation={quote_plus(text)}"
        if self.client.get("described"):
            fields += f"&described={quote_plus(self.client['described'])}"
        body = fields.encode()
        head = (
            f"POST {self.path} HTTP/1.1\r\n"
            f"Host: 127.0.0.1:{self.port}\r\nConnection: close\r\n"
            "Content-Type: application/x-www-form-urlencoded\r\n"
            f"Content-Length: {len(body)}\r\n"
            f"Cookie: sessionid={self.client['session']}; csrftoken={self.client['csrf']}\r\n"
            f"X-CSRFToken: {self.client['csrf']}\r\nHX-Request: true\r\n\r\n"
        ).encode()
        reader, writer = await asyncio.open_connection("127.0.0.1", self.port)
        try:
            writer.write(head + body)
            await writer.drain()
            response = await reader.read()  # the server closes the connection after the response
        finally:
            writer.close()
        header_block = response.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")
        status = int(header_block[0].split()[1])
        headers = dict(line.split(": ", 1) for line in header_block[1:] if ": " in line)
        return status, {k.lower(): v for k, v in headers.items()}.get("x-answer-version")

    async def save(self, text, *, measured=True):
        started = time.monotonic()
        try:
            status, version = await asyncio.wait_for(self._post(text), timeout=30)
        except Exception as exc:  # noqa: BLE001 - every failure is counted, none is fatal
            outcome = type(exc).__name__
        else:
            outcome = None if status == 200 else f"HTTP {status}"
            if status == 200:
                self.version = int(version)
                self.ack = {"text": text, "version": self.version}
        if measured:
            self.results.append((time.monotonic() - started, outcome))
        return outcome

    async def run(self, start, until, spread):
        n = 0
        next_at = start + (self.index % spread) / spread * self.pace  # spread the members over the pace
        while next_at < until:
            await asyncio.sleep(max(0.0, next_at - time.monotonic()))
            n += 1
            await self.save(f"Lid {self.index}, opslag {n}. {FILLER * (1 + n % 5)}")
            next_at += self.pace


async def _load_async(clients, port, seconds, path, pace):
    results = []
    members = [
        Member(i, c, port, results, path=path or f"/zelfevaluatie/antwoord/{c['answer']}/", pace=pace)
        for i, c in enumerate(clients)
    ]
    # One unmeasured save each, so that every worker has loaded the project before the clock starts.
    warm = await asyncio.gather(*(m.save(f"Lid {m.index}, eerste opslag.", measured=False) for m in members))
    if any(warm):
        raise RuntimeError(f"warm-up saves failed: {[w for w in warm if w][:5]}")
    start = time.monotonic()
    spread = min(len(members), 100)
    await asyncio.gather(*(m.run(start, start + seconds, spread) for m in members))
    return results, time.monotonic() - start, {str(m.client["answer"]): m.ack for m in members}


def _load(clients, port, seconds, *, path=None, pace=1.0):
    return asyncio.run(_load_async(clients, port, seconds, path, pace))


def _server_pids(server, db):
    """The gunicorn processes and, on PostgreSQL, the database's backend processes."""
    pids = [server.pid]
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == server.pid:
            pids.append(int(stat.parent.name))
    if db == "postgres":
        query = "SELECT pid FROM pg_stat_activity WHERE datname = 'bench_autosave'"
        out = subprocess.run(
            ["psql", "-h", "127.0.0.1", "-U", "postgres", "-Atc", query], capture_output=True, text=True
        ).stdout
        pids += [int(line) for line in out.split()]
    return pids


def _cpu_seconds(pids):
    """User + system CPU seconds the processes have used (from /proc): what a request costs the
    machine, whatever else runs on it; latencies on a shared machine depend on the others too."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def _measured(server, db, clients, port, seconds, **kwargs):
    """One load, with the CPU the server (gunicorn and, on PostgreSQL, its backends) spent on it."""
    pids = _server_pids(server, db)
    before = _cpu_seconds(pids)
    results, elapsed, acks = _load(clients, port, seconds, **kwargs)
    pids = set(pids) | set(_server_pids(server, db))
    return results, elapsed, acks, _cpu_seconds(pids) - before


def _line(label, results, elapsed, cpu, warm_ups):
    latencies = sorted(r[0] * 1000 for r in results)
    errors = [r[1] for r in results if r[1]]
    cuts = statistics.quantiles(latencies, n=100, method="inclusive") if len(latencies) > 1 else [0] * 99
    kinds = {kind: errors.count(kind) for kind in sorted(set(errors))}
    print(
        f"{label:<18} requests={len(results)}  {len(results) / elapsed:6.1f} req/s  "
        f"p50={cuts[49]:6.1f} ms  p95={cuts[94]:6.1f} ms  p99={cuts[98]:6.1f} ms  max={latencies[-1]:6.1f} ms  "
        f"errors={len(errors)}{' ' + str(kinds) if kinds else ''}  "
        f"server CPU={cpu * 1000 / max(len(results) + warm_ups, 1):.2f} ms/request"
    )
    return len(results) / elapsed, errors


def _report(db, bare, saves, check):
    warm_ups = check["checked"]  # one unmeasured request per member before each load
    bare_rate, _bare_errors = _line(f"{db} bare view", *bare, warm_ups)
    rate, errors = _line(f"{db} autosave", *saves, warm_ups)
    print(f"{'':<18} throughput autosave / bare view, same load, same run: {rate / bare_rate:.2f}  (bar 0.5)")
    print(
        f"{'':<18} answers checked={check['checked']}  lost saves={check['lost']}  "
        f"stored but unacknowledged={check['unacknowledged_stored']}"
    )
    return not errors and not check["lost"] and not check["unacknowledged_stored"]


def run(db, *, seconds, members, workers, keep, pace):
    workdir = Path(tempfile.mkdtemp(prefix=f"bench-autosave-{db}-"))
    env = _environment(db, workdir)
    if db == "postgres":
        _psql("DROP DATABASE IF EXISTS bench_autosave", "CREATE DATABASE bench_autosave")
    try:
        _child(env, "--seed", str(members), str(workdir / "clients.json"))
        clients = json.loads((workdir / "clients.json").read_text(encoding="utf-8"))
        port = _free_port()
        with (workdir / "gunicorn.log").open("w") as log:
            server = _start_server(env, port, workers, log)
            try:
                # Every worker loads the project's URLs, middleware and templates first (not measured).
                _load(clients, port, 0, path="/bench/bare/", pace=pace)
                bare = _measured(server, db, clients, port, seconds, path="/bench/bare/", pace=pace)
                results, elapsed, acks, cpu = _measured(server, db, clients, port, seconds, pace=pace)
            finally:
                _stop_server(server)
        (workdir / "acks.json").write_text(json.dumps(acks), encoding="utf-8")
        check = json.loads(_child(env, "--verify", str(workdir / "acks.json")).strip().splitlines()[-1])
        ok = _report(db, (bare[0], bare[1], bare[3]), (results, elapsed, cpu), check)
        if not ok:
            print(f"{'':<9} server log: {workdir / 'gunicorn.log'}")
            keep = True
        return ok
    finally:
        if db == "postgres":
            _psql("DROP DATABASE IF EXISTS bench_autosave WITH (FORCE)")
        if not keep:
            shutil.rmtree(workdir, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--members", type=int, default=100)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument(
        "--pace",
        type=float,
        default=1.0,
        help="seconds between one member's saves (5: typing with the debounce)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory (database, logs)")
    parser.add_argument("--seed", nargs=2, metavar=("MEMBERS", "OUT"), help=argparse.SUPPRESS)
    parser.add_argument("--verify", metavar="ACKS", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.seed:
        return seed(int(args.seed[0]), args.seed[1])
    if args.verify:
        return verify(args.verify)
    print(
        f"{args.members} members autosaving every {args.pace:g} s for {args.seconds} s; gunicorn -w {args.workers}; "
        f"the same load first against a bare Django view"
    )
    databases = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    ok = [
        run(
            db,
            seconds=args.seconds,
            members=args.members,
            workers=args.workers,
            keep=args.keep,
            pace=args.pace,
        )
        for db in databases
    ]
    sys.exit(0 if all(ok) else 1)


if __name__ == "__main__":
    main()
