#!/usr/bin/env python3
"""Replays the walk-throughs: starts the emulator with the README's run command, runs every ```bash
block between the walkthrough markers of each page given (README.md first, then the docs pages, in
order, against one emulator, so a page may use what an earlier one exported), and compares each output
with the ```json block that follows it (a string value of "..." matches any string) or the ```text
block (exact text). Exits non-zero on any difference.
usage: readme_walkthrough.py README.md [docs/page.md ...]"""
import json, os, re, signal, subprocess, sys, time, urllib.request

RUN = "dotnet run --project src/PhotoSettings.Emulator"
BASE = "http://localhost:5080"


def blocks(text, page):
    """(language, body) of every fenced block between walkthrough markers (all such regions, in order)."""
    regions = re.findall(r"<!-- walkthrough:start -->(.*?)<!-- walkthrough:end -->", text, re.S)
    if not regions:
        sys.exit(f"{page} has no <!-- walkthrough:start --> ... <!-- walkthrough:end --> region")
    return [b for region in regions for b in re.findall(r"```(\w*)\n(.*?)```", region, re.S)]


def matches(expected, actual):
    if expected == "...":
        return isinstance(actual, str)
    if isinstance(expected, dict):
        return isinstance(actual, dict) and expected.keys() == actual.keys() and all(
            matches(v, actual[k]) for k, v in expected.items())
    if isinstance(expected, list):
        return isinstance(actual, list) and len(expected) == len(actual) and all(
            matches(e, a) for e, a in zip(expected, actual))
    return expected == actual


def wait_healthy(proc, seconds=180):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if proc.poll() is not None:
            sys.exit(f"the emulator exited with {proc.returncode} before answering")
        try:
            with urllib.request.urlopen(BASE + "/healthz", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    sys.exit(f"the emulator did not answer {BASE}/healthz within {seconds}s")


def main(readme, *pages):
    text = open(readme, encoding="utf-8").read()
    if RUN not in text:
        sys.exit(f"README does not show the run command '{RUN}'")
    steps = blocks(text, readme)
    for page in pages:
        steps += blocks(open(page, encoding="utf-8").read(), page)
    log = open("/tmp/readme-walkthrough-emulator.log", "w")
    proc = subprocess.Popen(RUN.split(), stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    failures, ran, prelude = 0, 0, []
    try:
        wait_healthy(proc)
        for i, (lang, body) in enumerate(steps):
            if lang != "bash" or "curl" not in body:
                continue
            ran += 1
            script = "set -euo pipefail\n" + "\n".join(prelude) + "\n" + body
            out = subprocess.run(["bash", "-c", script], capture_output=True, text=True, timeout=60)
            prelude += [l for l in body.replace("\\\n", " ").splitlines() if l.startswith("export ")]
            following = steps[i + 1] if i + 1 < len(steps) else ("", "")
            label = body.strip().splitlines()[-1][:100]
            if out.returncode != 0:
                failures += 1
                print(f"FAIL (exit {out.returncode}) {label}\n{out.stderr}{out.stdout}")
                continue
            if following[0] == "json":
                try:
                    actual = json.loads(out.stdout)
                except json.JSONDecodeError:
                    failures += 1
                    print(f"FAIL (not JSON) {label}\n{out.stdout}")
                    continue
                if not matches(json.loads(following[1]), actual):
                    failures += 1
                    print(f"FAIL {label}\n  expected {following[1].strip()}\n  actual   {out.stdout.strip()}")
                    continue
            elif following[0] == "text" and out.stdout.strip() != following[1].strip():
                failures += 1
                print(f"FAIL {label}\n  expected {following[1].strip()}\n  actual   {out.stdout.strip()}")
                continue
            print(f"ok   {label}")
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
    print(f"walk-throughs of {', '.join((readme,) + pages)}: {ran} commands, {failures} failed")
    if ran == 0 or failures:
        sys.exit(1)


if __name__ == "__main__":
    main(*(sys.argv[1:] or ["README.md"]))
