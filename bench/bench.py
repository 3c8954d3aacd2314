#!/usr/bin/env python3
"""Measures the emulator against a bare ASP.NET Core app serving the same bytes, interleaved in one run
(A B A B ...), because this machine's absolute numbers drift. Prints a table and writes docs/benchmarks.md."""
import argparse, base64, json, os, platform, re, signal, socket, statistics, subprocess, sys, tempfile, time, urllib.request, uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
SETTINGS = "/beta/admin/people/photoUpdateSettings"
HYBRID = "4b1d0000-0000-4000-8000-000000000002"


def run(*cmd, **kw):
    subprocess.run(cmd, check=True, cwd=ROOT, stdout=subprocess.DEVNULL, **kw)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url, headers=None, data=None, method=None, timeout=5):
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    with urllib.request.urlopen(req, timeout=timeout) as r:
        return r.status, r.read()


class Server:
    """One emulator or baseline process on 127.0.0.1:port."""

    def __init__(self, command, port, env, cwd=None):
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        full = dict(os.environ, ASPNETCORE_URLS=self.url, Logging__LogLevel__Default="Warning", DOTNET_gcServer="0", **env)
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(command, env=full, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True, cwd=cwd)

    def wait_ready(self, path=SETTINGS, limit=60, headers=None):
        while time.perf_counter() - self.started < limit:
            if self.proc.poll() is not None:
                sys.exit(f"{self.url} exited with {self.proc.returncode}")
            try:
                if get(self.url + path, headers=headers, timeout=1)[0] == 200:
                    return time.perf_counter() - self.started
            except OSError:
                time.sleep(0.002)
        sys.exit(f"{self.url} not ready in {limit}s")

    def rss_mib(self):
        for line in open(f"/proc/{self.proc.pid}/status"):
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return 0.0

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def wrk(url, seconds, script=None, env=None, connections=64):
    cmd = ["wrk", f"-t{min(2, connections)}", f"-c{connections}", f"-d{seconds}s", "--latency"] + (["-s", str(script)] if script else []) + [url]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, env=dict(os.environ, **(env or {})), cwd=ROOT).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    total = int(re.search(r"(\d+) requests in", out).group(1))
    lat = {}
    for pct, value, unit in re.findall(r"\s(50|99)%\s+([\d.]+)(us|ms|s)", out):
        lat[pct] = float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    return {"rps": rps, "p50": lat.get("50"), "p99": lat.get("99"), "errors": int(non2xx.group(1)) if non2xx else 0, "requests": total}


def alternated(pair, sides):
    """The sides in their order for an even pair, reversed for an odd one."""
    return sides if pair % 2 == 0 else sides[::-1]


def publish(project, out, aot, *extra):
    """A Release publish as a user makes it: the emulator's JIT form is ReadyToRun for this machine by itself (its
    project asks for it, as its linux-x64 tool package is), the bare app's a plain portable build unless told."""
    extra = ["-r", "linux-x64", "-p:PublishAot=true"] if aot else list(extra)
    run("dotnet", "publish", project, "-c", "Release", "-o", str(out), "-p:PackAsTool=false", *extra)


def emulator_cmd(kind):
    exe = OUT / f"emulator-{kind}" / "PhotoSettings.Emulator"
    return [str(exe)] if kind == "aot" else ["dotnet", str(OUT / "emulator-jit" / "PhotoSettings.Emulator.dll")]


def baseline_cmd(kind):
    return [str(OUT / f"baseline-{kind}" / "Baseline")] if kind == "aot" else ["dotnet", str(OUT / "baseline-jit" / "Baseline.dll")]


def unsigned_token(tenant, roles=("PeopleSettings.Read.All",)):
    def b64(obj):
        return base64.urlsafe_b64encode(json.dumps(obj).encode()).rstrip(b"=").decode()
    now = int(time.time())
    return b64({"alg": "none", "typ": "JWT"}) + "." + b64({"tid": tenant, "oid": str(uuid.uuid4()), "roles": list(roles),
                                                          "aud": "https://graph.microsoft.com", "iat": now, "nbf": now, "exp": now + 7200}) + "."


def state_document(count):
    now = "2026-01-01T00:00:00+00:00"
    version = {"settings": {"source": "cloud", "allowedRoles": []}, "requestedAt": now, "effectiveAt": now}
    tenants = [{"id": str(uuid.UUID(int=i + 1)), "displayName": f"T{i}", "identityModel": "cloudOnly",
                "photoUpdateSettings": {"changeCount": 1, "versions": [version]}} for i in range(count)]
    tenants.append({"id": HYBRID, "displayName": "Contoso Hybrid", "identityModel": "hybrid"})
    return json.dumps({"version": 1, "tenants": tenants}).encode()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="a short smoke run: JIT only, one pair, 10,000 tenants, 20,000 changes")
    args = parser.parse_args()
    quick = args.quick
    # The JIT build reaches its steady throughput only after ~10 s of load (tiered compilation and PGO
    # over far more code than the baseline has), so the full run warms each server that long.
    pairs, seconds, warm = (1, 1, 1) if quick else (5, 5, 10)
    scale_pairs = 1 if quick else 6
    starts = 3 if quick else 10
    tenant_count = 10_000 if quick else 100_000
    many_changes = 20_000 if quick else 1_000_000
    sqlite_pairs = 1 if quick else 3
    kinds = ["jit"] if quick else ["jit", "aot"]
    OUT.mkdir(parents=True, exist_ok=True)
    data = Path(tempfile.mkdtemp(prefix="photosettings-bench-"))
    # The configuration users run: Loose tokens on every request, the default 24-hour delay, in memory.
    emulator_env = {"Emulator__DataDir": str(data)}
    # Extra, labelled rows only: what the emulator costs without tokens and without pending changes.
    bare_env = dict(emulator_env, Emulator__Auth__Mode="Off", Emulator__Propagation__Delay="00:00:00")
    token = unsigned_token(HYBRID, ("PeopleSettings.ReadWrite.All", "ProfilePhoto.ReadWrite.All", "User.ReadWrite.All"))
    auth = {"Authorization": "Bearer " + token}
    token_file = OUT / "token.txt"
    token_file.write_text(token + "\n")
    get_env = {"BENCH_TOKENS": str(token_file)}
    write_env = {"BENCH_TOKEN": token, "BENCH_PHOTO": str(ROOT / "samples" / "photo.jpg")}
    get_script, patch_script, photo_script = (ROOT / "bench" / name for name in ("tokens.lua", "patch.lua", "photo.lua"))

    print("building (Release)" + ("" if quick else ", JIT and native AOT"), flush=True)
    for kind in kinds:
        publish("src/PhotoSettings.Emulator", OUT / f"emulator-{kind}", kind == "aot")
        publish("bench/Baseline", OUT / f"baseline-{kind}", kind == "aot")
    # The bare app precompiled as the emulator is, for an extra start-up row: what ReadyToRun gives a bare app.
    publish("bench/Baseline", OUT / "baseline-r2r", False, "-r", "linux-x64", "--self-contained", "false", "-p:PublishReadyToRun=true")
    run("dotnet", "build", "bench/Fixture", "-c", "Release", "-o", str(OUT / "fixture"))

    port = free_port()
    body_file, patch_body_file = OUT / "get-body.json", OUT / "patch-body.json"
    probe = Server(emulator_cmd("jit"), port, emulator_env)
    probe.wait_ready(headers=auth)
    body_file.write_bytes(get(probe.url + SETTINGS, auth)[1])
    patch_body_file.write_bytes(get(probe.url + SETTINGS, dict(auth, **{"Content-Type": "application/json"}),
                                    b'{"source":"cloud","allowedRoles":["fe930be7-5e62-47db-91af-98c3a49a38b1"]}', "PATCH")[1])
    probe.stop()
    baseline_env = {"BASELINE_BODY": str(body_file), "BASELINE_PATCH_BODY": str(patch_body_file)}

    results = {"get": [], "patch": [], "photo": [], "base": [], "base_patch": [], "bare_patch": [],
               "get_p99_ratio": [], "get_ratio": [], "patch_ratio": [], "photo_ratio": [], "bare_patch_ratio": []}
    rss_after_load = []

    def run_emulator():
        emu = Server(emulator_cmd("jit"), port, emulator_env)
        emu.wait_ready(headers=auth)
        wrk(emu.url + SETTINGS, warm, get_script, env=get_env)
        g = wrk(emu.url + SETTINGS, seconds, get_script, env=get_env)
        wrk(emu.url + SETTINGS, warm, patch_script, env=write_env)
        p = wrk(emu.url + SETTINGS, seconds, patch_script, env=write_env)
        u = wrk(emu.url + SETTINGS, seconds, photo_script, env=write_env)
        rss_after_load.append(emu.rss_mib())
        emu.stop()
        bare = Server(emulator_cmd("jit"), port, bare_env)
        bare.wait_ready()
        wrk(bare.url + SETTINGS, warm, patch_script)
        z = wrk(bare.url + SETTINGS, seconds, patch_script)
        bare.stop()
        return g, p, u, z

    def run_baseline():
        base = Server(baseline_cmd("jit"), port, baseline_env)
        base.wait_ready()
        wrk(base.url + SETTINGS, warm, get_script, env=get_env)
        b = wrk(base.url + SETTINGS, seconds, get_script, env=get_env)
        wrk(base.url + SETTINGS, max(1, warm // 2), patch_script, env=write_env)
        bp = wrk(base.url + SETTINGS, seconds, patch_script, env=write_env)
        base.stop()
        return b, bp

    # The pairs alternate which side runs first, so a drift of the machine during a pair counts against
    # each side equally often (a first full run with the emulator always first gave one pair at 0.72x
    # between two at 0.94x and 0.82x).
    for pair in range(pairs):
        measured = {name: run() for name, run in alternated(pair, [("emulator", run_emulator), ("baseline", run_baseline)])}
        (g, p, u, z), (b, bp) = measured["emulator"], measured["baseline"]
        for key, value in (("get", g), ("patch", p), ("photo", u), ("base", b), ("base_patch", bp), ("bare_patch", z)):
            results[key].append(value)
        results["get_ratio"].append(g["rps"] / b["rps"])
        results["patch_ratio"].append(p["rps"] / bp["rps"])
        results["bare_patch_ratio"].append(z["rps"] / bp["rps"])
        results["photo_ratio"].append(u["rps"] / b["rps"])
        results["get_p99_ratio"].append(g["p99"] / b["p99"])
        errors = g["errors"] + p["errors"] + u["errors"] + b["errors"] + bp["errors"] + z["errors"]
        print(f"pair {pair + 1}: GET {g['rps']:.0f}/s vs baseline {b['rps']:.0f}/s, PATCH {p['rps']:.0f}/s vs baseline {bp['rps']:.0f}/s "
              f"(auth Off, no delay: {z['rps']:.0f}/s), photo {u['rps']:.0f}/s, non-2xx {errors}", flush=True)
        if errors:
            sys.exit("non-2xx answers during the benchmark")

    # A million changes to one tenant: PATCH windows before and after, each divided by a bare-app PATCH
    # window run beside it (both servers up, one loaded at a time), then the timeline at the cap.
    emu_port, base_port = free_port(), free_port()
    emu = Server(emulator_cmd("jit"), emu_port, emulator_env)
    emu.wait_ready(headers=auth)
    base = Server(baseline_cmd("jit"), base_port, baseline_env)
    base.wait_ready()
    time.sleep(1)
    rss_before_changes = emu.rss_mib()
    wrk(emu.url + SETTINGS, warm, patch_script, env=write_env)
    wrk(base.url + SETTINGS, max(1, warm // 2), patch_script, env=write_env)

    def patch_windows(count):
        ratios = []
        for window in range(count):
            sides = alternated(window, [("emulator", emu), ("baseline", base)])
            measured = {name: wrk(server.url + SETTINGS, seconds, patch_script, env=write_env) for name, server in sides}
            if measured["emulator"]["errors"] or measured["baseline"]["errors"]:
                sys.exit("non-2xx answers in the million-changes run")
            ratios.append(measured["emulator"]["rps"] / measured["baseline"]["rps"])
        return ratios

    first_ratios = patch_windows(2 if quick else 4)
    sent = 0
    drive_started = time.perf_counter()
    while sent < many_changes and time.perf_counter() - drive_started < 600:
        sent += wrk(emu.url + SETTINGS, 2 if quick else 10, patch_script, env=write_env)["requests"]
    later_ratios = patch_windows(2 if quick else 4)
    rss_after_changes = emu.rss_mib()
    timeline_path = f"/_emulator/tenants/{HYBRID}/photoUpdateSettings"
    timeline = json.loads(get(emu.url + timeline_path)[1])
    # One client asking, so the p99 is the answer's latency rather than a queue behind 64 connections.
    wrk(emu.url + timeline_path, max(1, warm // 2), connections=1)
    cap_timeline = wrk(emu.url + timeline_path, seconds, connections=1)
    emu.stop()
    base.stop()
    print(f"after {sent:,} PATCHes: {timeline['pendingTotal']:,} pending, {timeline['superseded']:,} superseded; "
          f"timeline GET p99 {cap_timeline['p99']:.2f} ms", flush=True)

    # SQLite against memory, both with the defaults, 32 connections, interleaved pairs.
    sqlite_ratios, sqlite_rps, memory_rps = [], [], []
    for pair in range(sqlite_pairs):
        measured = {}
        for name in alternated(pair, ["sqlite", "memory"]):
            env = dict(emulator_env)
            if name == "sqlite":
                env.update(Emulator__Storage__Provider="Sqlite", Emulator__Storage__Path=str(data / f"bench-{pair}.db"))
            server = Server(emulator_cmd("jit"), port, env)
            server.wait_ready(headers=auth)
            wrk(server.url + SETTINGS, warm, patch_script, env=write_env, connections=32)
            measured[name] = wrk(server.url + SETTINGS, seconds, patch_script, env=write_env, connections=32)
            server.stop()
        if measured["sqlite"]["errors"] or measured["memory"]["errors"]:
            sys.exit("non-2xx answers in the SQLite run")
        sqlite_rps.append(measured["sqlite"]["rps"])
        memory_rps.append(measured["memory"]["rps"])
        sqlite_ratios.append(measured["sqlite"]["rps"] / measured["memory"]["rps"])
        print(f"SQLite pair {pair + 1}: PATCH {measured['sqlite']['rps']:.0f}/s vs in memory {measured['memory']['rps']:.0f}/s", flush=True)

    # A restart on SQLite holding a million settings versions (100 tenants of 10,000 pending each, written by
    # bench/seed_versions.py): from the process start to its first 200, a GET with a token.
    restart_tenants, restart_per = (10, 2_000) if quick else (100, 10_000)
    restart_db = data / "versions.db"
    run(sys.executable, str(ROOT / "bench" / "seed_versions.py"), str(restart_db), str(restart_tenants), str(restart_per))
    restart_env = dict(emulator_env, Emulator__Storage__Provider="Sqlite", Emulator__Storage__Path=str(restart_db))
    restart_times, restart_rss = [], []
    for _ in range(1 if quick else 5):
        server = Server(emulator_cmd("jit"), port, restart_env)
        restart_times.append(server.wait_ready(headers=auth))
        restart_rss.append(server.rss_mib())
        server.stop()
    restart_versions = restart_tenants * restart_per
    print(f"restart on {restart_versions:,} versions: first 200 after {statistics.median(restart_times):.2f} s", flush=True)

    # Start-ups in interleaved pairs (each pair's order the reverse of the last's), the process to its first 200, a
    # GET with a token: the ratio of each pair, then their median; the first start of each also gives the idle RSS.
    # Both start in an empty working directory: ASP.NET's default watches the content root (the working directory)
    # for appsettings changes, and on Linux that walks every folder under it, a cost of where a process starts, not
    # of the app (the emulator turns the watch off; an extra row shows both started in this repository's root).
    startup, idle, start_ratios = {}, {}, {}
    neutral = Path(tempfile.mkdtemp(prefix="photosettings-bench-cwd-"))
    for kind in kinds:
        sides = [("emulator", emulator_cmd(kind), emulator_env), ("baseline", baseline_cmd(kind), baseline_env)]
        times = {"emulator": [], "baseline": []}
        for pair in range(starts):
            for name, command, env in alternated(pair, sides):
                server = Server(command, port, env, cwd=neutral)
                times[name].append(server.wait_ready(headers=auth))
                if pair == 0:
                    time.sleep(1)
                    idle[(name, kind)] = server.rss_mib()
                server.stop()
        for name in times:
            startup[(name, kind)] = statistics.median(times[name])
        start_ratios[kind] = statistics.median(e / b for e, b in zip(times["emulator"], times["baseline"]))
        print(f"start-up {kind.upper()}: emulator {startup[('emulator', kind)] * 1000:.0f} ms, baseline {startup[('baseline', kind)] * 1000:.0f} ms, "
              f"median ratio {start_ratios[kind]:.2f}", flush=True)
    def extra_start_ratio(label, baseline_command, pairs, cwd):
        """An extra start-up row: the JIT emulator against another bare app or from another folder, interleaved."""
        extra_times = {"emulator": [], "baseline": []}
        sides = [("emulator", emulator_cmd("jit"), emulator_env), ("baseline", baseline_command, baseline_env)]
        for pair in range(pairs):
            for name, command, env in alternated(pair, sides):
                server = Server(command, port, env, cwd=cwd)
                extra_times[name].append(server.wait_ready(headers=auth))
                server.stop()
        ratio = statistics.median(e / b for e, b in zip(extra_times["emulator"], extra_times["baseline"]))
        print(f"start-up JIT{label}: emulator {statistics.median(extra_times['emulator']) * 1000:.0f} ms, "
              f"baseline {statistics.median(extra_times['baseline']) * 1000:.0f} ms, median ratio {ratio:.2f}", flush=True)
        return ratio

    root_folders = sum(1 for _ in os.walk(ROOT))
    root_ratio = extra_start_ratio(f" in the repository root ({root_folders:,} folders)", baseline_cmd("jit"), 3, ROOT)
    # The bare app published ReadyToRun too, both from the empty folder.
    r2r_ratio = extra_start_ratio(", bare app ReadyToRun too", ["dotnet", str(OUT / "baseline-r2r" / "Baseline.dll")],
                                  3 if quick else starts, neutral)

    # A new in-process emulator to its first Graph answer, warm, against a bare TestServer app (bench/Fixture), and a
    # tenant per test in one shared emulator.
    fixture_pairs = 5 if quick else 30
    fixture_out = subprocess.run(["dotnet", str(OUT / "fixture" / "Fixture.dll"), str(fixture_pairs)], check=True, capture_output=True,
                                 text=True, cwd=ROOT, env=dict(os.environ, DOTNET_gcServer="0")).stdout.split("\n")
    fixture_pairs_ms = [tuple(map(float, line.split()[1:])) for line in fixture_out if line.startswith("pair ")]
    tenant_ms = [float(line.split()[1]) for line in fixture_out if line.startswith("tenant ")]
    fixture_ratio = statistics.median(e / b for e, b in fixture_pairs_ms)
    fixture_emulator = statistics.median(e for e, _ in fixture_pairs_ms)
    fixture_bare = statistics.median(b for _, b in fixture_pairs_ms)
    tenant_median = statistics.median(tenant_ms)
    print(f"new in-process emulator: {fixture_emulator:.1f} ms vs bare TestServer app {fixture_bare:.1f} ms, median ratio {fixture_ratio:.2f}; "
          f"a tenant per test {tenant_median:.2f} ms", flush=True)

    # Memory and scaling with many tenants: imported through PUT /_emulator/state, read with Loose tokens.
    many_env = dict(emulator_env)
    emu = Server(emulator_cmd(kinds[-1]), port, many_env)
    emu.wait_ready("/healthz")
    time.sleep(1)
    rss_before = emu.rss_mib()
    document = state_document(tenant_count)
    status, _ = get(emu.url + "/_emulator/state", {"Content-Type": "application/json"}, document, "PUT", timeout=300)
    assert status == 204, status
    time.sleep(2)
    rss_many = emu.rss_mib()
    tokens_one = OUT / "tokens-one.txt"
    tokens_many = OUT / "tokens-many.txt"
    tokens_one.write_text("\n".join(unsigned_token(HYBRID) for _ in range(1000)) + "\n")
    step = max(1, tenant_count // 1000)
    tokens_many.write_text("\n".join(unsigned_token(str(uuid.UUID(int=i + 1))) for i in range(0, tenant_count, step)) + "\n")
    # Both token mixes warm first; then the pairs alternate which side runs first, so a drift of the
    # machine during a pair counts against each side equally often. More pairs than the rest: the gap
    # this row measures is small against the machine's noise.
    one_env, many_env = {"BENCH_TOKENS": str(tokens_one)}, {"BENCH_TOKENS": str(tokens_many)}
    wrk(emu.url + SETTINGS, warm, get_script, env=one_env)
    wrk(emu.url + SETTINGS, max(1, warm // 2), get_script, env=many_env)
    scale_ratios = []
    for pair in range(scale_pairs):
        order = [("one", one_env), ("many", many_env)]
        measured = {name: wrk(emu.url + SETTINGS, seconds, get_script, env=env) for name, env in alternated(pair, order)}
        if measured["one"]["errors"] or measured["many"]["errors"]:
            sys.exit("non-2xx answers in the scaling run")
        scale_ratios.append(measured["many"]["rps"] / measured["one"]["rps"])
    emu.stop()

    med = statistics.median
    per_tenant_kib = max(0.0, (rss_many - rss_before) * 1024 / tenant_count)
    aot_start_ratio = start_ratios.get("aot")
    drift = med(later_ratios) / med(first_ratios)
    rss_growth = rss_after_changes - rss_before_changes
    rows = [
        ("GET settings with a token / baseline GET", f"{med(results['get_ratio']):.2f}", ">= 0.85", med(results["get_ratio"]) >= 0.85),
        ("PATCH settings, defaults (24 h delay, token) / baseline PATCH", f"{med(results['patch_ratio']):.2f}", ">= 0.60", med(results["patch_ratio"]) >= 0.60),
        (f"PATCH windows after {sent:,} changes to one tenant / the first windows (each / a baseline window beside it)", f"{drift:.2f}", ">= 0.85", drift >= 0.85),
        ("PATCH on SQLite, defaults, 32 connections / PATCH in memory", f"{med(sqlite_ratios):.2f}", ">= 0.50", med(sqlite_ratios) >= 0.50),
        (f"RSS growth over {sent:,} alternating changes to one tenant", f"{rss_growth:.1f} MiB", "<= 64 MiB", rss_growth <= 64),
        ("timeline GET of a tenant at the cap, p99 (1 connection, default page of 100)", f"{cap_timeline['p99']:.2f} ms", "<= 5 ms", cap_timeline["p99"] <= 5),
        (f"first 200 after a restart on SQLite holding {restart_versions:,} versions (JIT)", f"{med(restart_times):.2f} s", "<= 3 s", med(restart_times) <= 3),
        ("photo upload throughput / baseline GET", f"{med(results['photo_ratio']):.2f}", "(reported)", None),
        ("extra: PATCH with auth Off and a zero delay / baseline PATCH", f"{med(results['bare_patch_ratio']):.2f}", "(reported)", None),
        ("GET p99 / baseline p99", f"{med(results['get_p99_ratio']):.2f}", "<= 1.5", med(results["get_p99_ratio"]) <= 1.5),
        ("new in-process emulator to first Graph answer, warm / bare in-process TestServer app", f"{fixture_ratio:.2f}x", "<= 10x", fixture_ratio <= 10),
        ("a tenant per test in a shared emulator (create, token, first PATCH)", f"{tenant_median:.2f} ms", "<= 5 ms", tenant_median <= 5),
        ("process to first 200, JIT / bare app JIT", f"{start_ratios['jit']:.2f}", "<= 2.0", start_ratios["jit"] <= 2.0),
        (f"extra: process to first 200, JIT / bare app JIT, both started in the repository root ({root_folders:,} folders)", f"{root_ratio:.2f}", "(reported)", None),
        ("extra: process to first 200, JIT / bare app published ReadyToRun as the emulator is", f"{r2r_ratio:.2f}", "(reported)", None),
        ("process to first 200, AOT / bare app AOT", "n/a (quick)" if quick else f"{aot_start_ratio:.2f}", "<= 1.5", None if quick else aot_start_ratio <= 1.5),
        ("AOT idle RSS", "n/a (quick)" if quick else f"{idle[('emulator', 'aot')]:.1f} MiB", "<= 40 MiB", None if quick else idle[("emulator", "aot")] <= 40),
        (f"GET throughput at {tenant_count:,} tenants / at 1 tenant", f"{med(scale_ratios):.2f}", ">= 0.90", med(scale_ratios) >= 0.90),
        (f"memory per tenant (settings only, {tenant_count:,} tenants)", f"{per_tenant_kib:.2f} KiB", "<= 1 KiB", per_tenant_kib <= 1.0),
    ]
    figure = lambda runs: f"{med([r['rps'] for r in runs]):.0f} req/s"
    latency = lambda runs: f"p50 {med([r['p50'] for r in runs]):.2f} ms, p99 {med([r['p99'] for r in runs]):.2f} ms"
    absolute = [
        ("GET settings with a token, emulator", figure(results["get"]), latency(results["get"])),
        ("GET, baseline", figure(results["base"]), latency(results["base"])),
        ("PATCH settings, defaults, emulator", figure(results["patch"]), latency(results["patch"])),
        ("PATCH, baseline", figure(results["base_patch"]), latency(results["base_patch"])),
        ("extra: PATCH settings, auth Off, zero delay, emulator", figure(results["bare_patch"]), latency(results["bare_patch"])),
        ("photo upload (453-byte JPEG), emulator", figure(results["photo"]), latency(results["photo"])),
        ("PATCH, defaults, 32 connections, SQLite", f"{med(sqlite_rps):.0f} req/s", f"in memory {med(memory_rps):.0f} req/s"),
        (f"restart on SQLite, {restart_versions:,} versions", f"first 200 after {min(restart_times):.2f}-{max(restart_times):.2f} s", f"median of {len(restart_times)}; RSS {med(restart_rss):.0f} MiB at the first 200"),
        ("timeline at the cap", f"{timeline['pendingTotal']:,} pending, {timeline['superseded']:,} superseded", f"p50 {cap_timeline['p50']:.2f} ms, {cap_timeline['rps']:.0f} req/s"),
        ("new in-process emulator to first Graph answer, warm", f"{fixture_emulator:.1f} ms", f"bare TestServer app {fixture_bare:.1f} ms; median of {len(fixture_pairs_ms)} interleaved pairs"),
        ("a tenant per test in a shared emulator", f"{tenant_median:.2f} ms", f"median of {len(tenant_ms)}; {min(tenant_ms):.2f}-{max(tenant_ms):.2f} ms"),
    ] + [(f"start-up to first response, {name} {kind.upper()}", f"{startup[(name, kind)] * 1000:.0f} ms", f"median of {starts}, interleaved") for (name, kind) in startup] \
      + [(f"idle RSS, {name} {kind.upper()}", f"{idle[(name, kind)]:.1f} MiB", "1 s after the first response") for (name, kind) in idle] \
      + [("RSS after the load, emulator JIT", f"{max(rss_after_load):.1f} MiB", "after GET, PATCH and photo runs"),
         ("RSS around the million changes, emulator JIT", f"{rss_after_changes:.1f} MiB", f"{rss_before_changes:.1f} MiB before the first PATCH"),
         (f"RSS with {tenant_count:,} tenants, emulator {kinds[-1].upper()}", f"{rss_many:.1f} MiB", f"{rss_before:.1f} MiB before the import")]

    verdict = lambda ok: "met" if ok else ("MISSED" if ok is False else "")
    lines = ["| measure | ratio | target | |", "| --- | --- | --- | --- |"] + [f"| {m} | {v} | {t} | {verdict(ok)} |" for m, v, t, ok in rows]
    lines += ["", "| absolute figure (this run only; the machine drifts) | value | note |", "| --- | --- | --- |"] + [f"| {a} | {b} | {c} |" for a, b, c in absolute]
    table = "\n".join(lines)
    print(table)
    if quick:
        print("quick run (1 s windows, 1 s warm-up, JIT only): a smoke test that every measurement works; its ratios are not the targets' measure, and docs/benchmarks.md is not rewritten")
        return
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.processor())
    mem = next((l.split()[1] for l in open("/proc/meminfo") if l.startswith("MemTotal")), "?")
    dotnet = subprocess.run(["dotnet", "--version"], capture_output=True, text=True).stdout.strip()
    machine = f"{os.cpu_count()} cores ({cpu}), {int(mem) // 1024 // 1024} GiB, {platform.platform()}, .NET SDK {dotnet}, wrk -t2 -c64 sharing the cores"
    docs = ROOT / "docs" / "benchmarks.md"
    old = docs.read_text() if docs.exists() else ""
    findings = old.split("<!-- findings -->", 1)[1] if "<!-- findings -->" in old else "\n## Findings\n\n(none yet)\n"
    docs.parent.mkdir(exist_ok=True)
    docs.write_text(f"# Benchmarks\n\nLatest run of `bench/run.sh`, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}. Machine: {machine}.\n"
                    f"Emulator and baseline were measured in the same run, interleaved ({pairs} pairs of {seconds} s, {scale_pairs} for the scaling row, "
                    f"{sqlite_pairs} for SQLite, 4 windows each side of the million changes, 5 starts on a million stored versions, {starts} pairs of "
                    f"process starts from an empty working directory, {fixture_pairs} pairs of in-process hosts; medians). "
                    f"The emulator ran as users run it: Loose tokens on every request, the default 24-hour delay, Warning-level logging; "
                    f"its JIT form published as its linux-x64 tool package is (ReadyToRun), the bare app's as `dotnet publish` makes it "
                    f"(one extra row with the bare app ReadyToRun too); "
                    f"rows marked extra ran with auth Off and a zero delay, unless they say otherwise.\n\n"
                    f"{table}\n\n<!-- findings -->{findings}")
    print(f"wrote {docs.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
