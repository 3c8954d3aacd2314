#!/usr/bin/env python3
"""Writes a schema-version-2 SQLite database holding TENANTS x PER settings versions, all pending, for the
restart measurement in docs/benchmarks.md: python3 bench/seed_versions.py out.db 100 10000 (1,000,000 versions)."""
import sqlite3, sys, uuid, json, datetime
path, tenants, per = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
HYBRID = "4b1d0000-0000-4000-8000-000000000002"
db = sqlite3.connect(path)
db.executescript("""
PRAGMA journal_mode=WAL;
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE tenants (id TEXT PRIMARY KEY, document TEXT NOT NULL, change_count INTEGER NOT NULL, superseded INTEGER NOT NULL, clock_offset_ticks INTEGER NOT NULL);
CREATE TABLE versions (tenant_id TEXT NOT NULL, seq INTEGER NOT NULL, source TEXT NOT NULL, allowed_roles TEXT NOT NULL,
  requested_at_utc_ticks INTEGER NOT NULL, requested_at_offset_minutes INTEGER NOT NULL,
  effective_at_utc_ticks INTEGER NOT NULL, effective_at_offset_minutes INTEGER NOT NULL, PRIMARY KEY (tenant_id, seq)) WITHOUT ROWID;
CREATE TABLE photos (tenant_id TEXT NOT NULL, user_id TEXT NOT NULL, content_type TEXT NOT NULL,
  width INTEGER NOT NULL, height INTEGER NOT NULL, etag TEXT NOT NULL, content BLOB NOT NULL, PRIMARY KEY (tenant_id, user_id));
PRAGMA user_version = 2;
""")
EPOCH = 621355968000000000  # .NET ticks at 1970-01-01
start = int(datetime.datetime.now(datetime.timezone.utc).timestamp() * 10_000_000) + EPOCH
roles = ["fe930be7-5e62-47db-91af-98c3a49a38b1", ""]
for t in range(tenants):
    tid = HYBRID if t == 0 else str(uuid.UUID(int=t + 1))
    doc = {"id": tid, "displayName": f"T{t}", "identityModel": "hybrid", "users": [], "customRoles": [], "applications": []}
    db.execute("INSERT INTO tenants VALUES (?, ?, ?, 0, 0)", (tid, json.dumps(doc), per))
    rows = []
    for i in range(per):
        at = start + i * 10_000
        rows.append((tid, i + 1, "cloud", roles[i % 2], at, 0, at + 24 * 36_000_000_000, 0))
    db.executemany("INSERT INTO versions VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
db.commit()
db.close()
