#!/usr/bin/env python3
"""Checks every relative link in README.md, docs/*.md and the packages' readmes: the file exists and, for a
link into a Markdown page, the #anchor names one of its headings (GitHub's slugs). Exits non-zero on any."""
import glob, os, re, sys


def slugs(path):
    text = open(path, encoding="utf-8").read()
    return {re.sub(r"[^\w\- ]", "", h.strip().lower()).replace(" ", "-") for h in re.findall(r"(?m)^#+ (.*)$", text)}


def main():
    pages = ["README.md"] + sorted(glob.glob("docs/*.md")) + sorted(glob.glob("src/*/README.md"))
    broken = []
    for page in pages:
        for link in re.findall(r"\]\(([^)\s]+)\)", open(page, encoding="utf-8").read()):
            if re.match(r"^[a-z]+:", link):
                continue
            path, _, anchor = link.partition("#")
            target = os.path.normpath(os.path.join(os.path.dirname(page), path)) if path else page
            if not os.path.exists(target):
                broken.append(f"{page}: {link} (no such file)")
            elif anchor and target.endswith(".md") and anchor not in slugs(target):
                broken.append(f"{page}: {link} (no such heading)")
    for b in broken:
        print(b)
    print(f"links in {len(pages)} pages: {len(broken)} broken")
    sys.exit(1 if broken else 0)


if __name__ == "__main__":
    main()
