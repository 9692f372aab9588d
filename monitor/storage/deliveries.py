"""The outbox (deliveries claimed before sending) and saved digests, on either engine.

Per channel, the meta table keeps when it was first seen and how far it has looked at
alerts and digests, so adding a channel (or turning on what it takes) never floods it
with the backlog. The engine gives its dialect and the lock on new alerts.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable
from datetime import datetime
from typing import Any, Literal

from monitor.schedule import iso
from monitor.storage.dialect import Dialect
from monitor.storage.records import ChannelFlags, Delivery, DigestRecord

_COLUMNS = (
    "id, channel, digest_id, alert_id, status, attempts, next_attempt, last_error, created, "
    "sent, claimed_by"
)
_DIGEST_COLUMNS = (
    "id, kind, period_start, period_end, created, alert_ids, html_path, markdown_path"
)
_SET_META = (
    "INSERT INTO meta (key, value) VALUES (?, ?) "
    "ON CONFLICT (key) DO UPDATE SET value = excluded.value"
)


def _since_key(name: str) -> str:
    return f"delivery.since.{name}"


def _upto_key(name: str) -> str:
    return f"delivery.alerts_upto.{name}"


def _digests_upto_key(name: str) -> str:
    return f"delivery.digests_upto.{name}"


def _digest(row: tuple[Any, ...]) -> DigestRecord:
    return DigestRecord(row[0], row[1], row[2], row[3], row[4], json.loads(row[5] or "[]"),
                        row[6], row[7])


class DeliveryStore(Dialect):
    """What goes to which channel, claimed and settled; and the digests it carries."""

    def _lock_new_alerts(self, conn: Any, shared: bool) -> None:
        """Given by the engine: held to the end of the transaction, shared by those adding
        alerts or digests, exclusive by the queueing of new ones (so a mark never moves
        past an id committed a moment later)."""
        raise NotImplementedError

    def _deliveries(self, where: str, params: Iterable[Any]) -> list[Delivery]:
        sql = f"SELECT {_COLUMNS} FROM deliveries WHERE {where}"
        return [Delivery(*row) for row in self._rows(sql, list(params))]

    # -- channels ---------------------------------------------------------------------------

    def remember_channels(self, names: Iterable[str], now: datetime) -> list[str]:
        fresh = []
        with self._transaction() as conn:
            top = self._first(
                self._execute(conn, "SELECT coalesce(max(id), 0) FROM alerts").fetchone()
            )
            for name in names:
                cursor = self._execute(
                    conn,
                    "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING",
                    (_since_key(name), iso(now)),
                )
                if cursor.rowcount:
                    self._execute(conn, _SET_META, (_upto_key(name), str(top)))
                    fresh.append(name)
        return fresh

    def channel_since(self, name: str) -> str | None:
        value = self._one("SELECT value FROM meta WHERE key = ?", (_since_key(name),))
        return str(value) if value is not None else None

    # -- enqueueing -------------------------------------------------------------------------

    def enqueue_immediate(
        self, channels: Iterable[ChannelFlags], rule_ids: Collection[str], now: datetime
    ) -> int:
        immediate = set(rule_ids)
        added = 0
        with self._transaction() as conn:
            self._lock_new_alerts(conn, shared=False)
            top = self._first(
                self._execute(conn, "SELECT coalesce(max(id), 0) FROM alerts").fetchone()
            )
            for channel in channels:
                if not channel.immediate:
                    # Moved on all the same: turning immediate on later must not push the
                    # alerts that came while it was off.
                    self._execute(
                        conn, "UPDATE meta SET value = ? WHERE key = ?",
                        (str(top), _upto_key(channel.name)),
                    )
                    continue
                meta = dict(self._execute(
                    conn, "SELECT key, value FROM meta WHERE key IN (?, ?)",
                    (_since_key(channel.name), _upto_key(channel.name)),
                ).fetchall())
                since, upto = meta.get(_since_key(channel.name)), meta.get(_upto_key(channel.name))
                if since is None or upto is None or int(upto) >= top:
                    continue
                rows = self._execute(
                    conn,
                    "SELECT a.id, r.rule_id FROM alerts a JOIN alert_rules r ON r.alert_id = a.id "
                    "WHERE a.id > ? AND a.id <= ? AND a.first_seen >= ?",
                    (int(upto), top, since),
                ).fetchall()
                for alert_id, rule_id in rows:
                    if rule_id in immediate:
                        added += self._add_delivery(conn, channel.name, "alert_id", alert_id,
                                                    now)
                self._execute(
                    conn, "UPDATE meta SET value = ? WHERE key = ?",
                    (str(top), _upto_key(channel.name)),
                )
        return added

    def enqueue_new_digests(self, channels: Iterable[ChannelFlags], now: datetime) -> int:
        added = 0
        channels = list(channels)
        with self._transaction() as conn:
            self._lock_new_alerts(conn, shared=False)
            # Only digests some channel has not looked at yet: not the whole history each tick.
            keys = [_digests_upto_key(channel.name) for channel in channels]
            keyed, listed = self._in("key", keys)
            seen = dict(self._execute(
                conn, f"SELECT key, value FROM meta WHERE {keyed}", (listed,)
            ).fetchall())
            oldest = min((int(seen.get(key, 0)) for key in keys), default=0)
            rows = self._execute(
                conn,
                "SELECT id, created, alert_ids FROM digests WHERE kind IN ('daily', 'weekly') "
                "AND id > ? ORDER BY id", (oldest,),
            ).fetchall()
            top = max((row[0] for row in rows), default=oldest)
            for channel in channels:
                pair = (_since_key(channel.name), _digests_upto_key(channel.name))
                meta = dict(self._execute(
                    conn, "SELECT key, value FROM meta WHERE key IN (?, ?)", pair
                ).fetchall())
                since = meta.get(pair[0])
                if since is None:
                    continue
                upto = int(meta.get(pair[1], 0))  # absent in state from before it was kept
                start = datetime.fromisoformat(since)
                for digest_id, created, alert_ids in rows:
                    if (channel.digests and digest_id > upto and json.loads(alert_ids or "[]")
                            and datetime.fromisoformat(created) >= start):
                        added += self._add_delivery(conn, channel.name, "digest_id",
                                                    digest_id, now)
                self._execute(conn, _SET_META, (pair[1], str(max(top, upto))))
        return added

    def enqueue_digest(self, names: Iterable[str], digest_id: int, now: datetime) -> int:
        added = 0
        with self._transaction() as conn:
            for name in names:
                added += self._add_delivery(conn, name, "digest_id", digest_id, now)
        return added

    def _add_delivery(self, conn: Any, channel: str, of: Literal["alert_id", "digest_id"],
                      target: int, now: datetime) -> int:
        """Queue one alert or digest for a channel, unless it is queued there already:
        1 if added, else 0."""
        return int(self._execute(
            conn,
            f"INSERT INTO deliveries (channel, {of}, next_attempt, created) "
            "VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
            (channel, target, iso(now), iso(now)),
        ).rowcount)

    # -- claim and settle -------------------------------------------------------------------

    def recover_deliveries(
        self,
        now: datetime,
        note: str,
        keep: Collection[str] = (),
        only: Collection[str] | None = None,
    ) -> list[Delivery]:
        kept, listed = self._in("claimed_by", keep)
        where = f"status = 'sending' AND (claimed_by IS NULL OR NOT {kept})"
        params: list[Any] = [listed]
        if only is not None:
            among, listed = self._in("claimed_by", only)
            where += f" AND {among}"
            params.append(listed)
        with self._transaction() as conn:
            rows = self._deliveries(where + " ORDER BY id", params)
            self._execute(
                conn,
                f"UPDATE deliveries SET status = 'interrupted', last_error = ? WHERE {where}",
                (note, *params),
            )
        return rows

    def due_deliveries(
        self, now: datetime, names: Iterable[str] | None = None
    ) -> list[Delivery]:
        where = "status = 'pending' AND next_attempt <= ?"
        params: list[Any] = [iso(now)]
        if names is not None:
            among, listed = self._in("channel", names)
            where += f" AND {among}"
            params.append(listed)
        return self._deliveries(where + " ORDER BY next_attempt, id", params)

    def due_channels(self, now: datetime, names: Iterable[str]) -> list[str]:
        wanted = list(names)
        if not wanted:
            return []
        among, listed = self._in("channel", wanted)
        rows = self._rows(
            "SELECT DISTINCT channel FROM deliveries WHERE status = 'pending' "
            f"AND next_attempt <= ? AND {among}",
            [iso(now), listed],
        )
        found = {row[0] for row in rows}
        return [name for name in wanted if name in found]

    def claim_delivery(self, delivery_id: int, daemon_id: str | None = None) -> bool:
        with self._contained_write() as conn:
            return self._execute(
                conn,
                "UPDATE deliveries SET status = 'sending', claimed_by = ? "
                "WHERE id = ? AND status = 'pending'",
                (daemon_id, delivery_id),
            ).rowcount > 0

    def settle_delivery(
        self,
        delivery_id: int,
        *,
        attempts: int,
        now: datetime,
        error: str | None = None,
        next_attempt: datetime | None = None,
    ) -> None:
        with self._contained_write() as conn:
            if error is None:
                self._execute(
                    conn,
                    "UPDATE deliveries SET status = 'sent', attempts = ?, sent = ?, "
                    "last_error = NULL WHERE id = ?",
                    (attempts, iso(now), delivery_id),
                )
                return
            self._execute(
                conn,
                "UPDATE deliveries SET status = 'pending', attempts = ?, last_error = ?, "
                "next_attempt = ?, claimed_by = NULL WHERE id = ?",
                (attempts, error, iso(next_attempt or now), delivery_id),
            )

    def hold_delivery(
        self, delivery_id: int, *, attempts: int, now: datetime, status: str, note: str
    ) -> None:
        if status not in ("unconfirmed", "interrupted"):
            raise ValueError(f"a held delivery is unconfirmed or interrupted, not {status!r}")
        with self._transaction() as conn:
            self._execute(
                conn,
                "UPDATE deliveries SET status = ?, attempts = ?, last_error = ?, "
                "next_attempt = ?, claimed_by = NULL WHERE id = ?",
                (status, attempts, note, iso(now), delivery_id),
            )

    def retry_delivery(self, delivery_id: int, now: datetime) -> bool:
        with self._contained_write() as conn:
            return self._execute(
                conn,
                "UPDATE deliveries SET status = 'pending', next_attempt = ?, claimed_by = NULL "
                "WHERE id = ? AND status IN ('interrupted', 'unconfirmed', 'pending')",
                (iso(now), delivery_id),
            ).rowcount > 0

    def delivery(self, delivery_id: int) -> Delivery | None:
        found = self._deliveries("id = ?", [delivery_id])
        return found[0] if found else None

    def delivery_for(self, channel: str, digest_id: int) -> Delivery | None:
        found = self._deliveries("channel = ? AND digest_id = ?", [channel, digest_id])
        return found[0] if found else None

    def list_deliveries(self, status: str | None = None, limit: int = 20) -> list[Delivery]:
        where, params = ("status = ?", [status]) if status else (self._TRUE, [])
        return self._deliveries(f"{where} ORDER BY id DESC LIMIT ?", [*params, int(limit)])

    def delivery_counts(self) -> dict[str, int]:
        rows = self._rows("SELECT status, count(*) FROM deliveries GROUP BY status")
        return {status: int(n) for status, n in rows}

    def failing_deliveries(self) -> int:
        return int(self._one(
            "SELECT count(*) FROM deliveries WHERE status = 'pending' AND attempts > 0"
        ) or 0)

    # -- digests ----------------------------------------------------------------------------

    def last_digest_end(self, kind: str | None = None) -> str | None:
        sql = "SELECT max(period_end) FROM digests" + (" WHERE kind = ?" if kind else "")
        value = self._one(sql, (kind,) if kind else ())
        return str(value) if value else None

    def digest_id(self, kind: str, period_end: datetime) -> int | None:
        value = self._one(
            "SELECT id FROM digests WHERE kind = ? AND period_end = ?", (kind, iso(period_end))
        )
        return int(value) if value is not None else None

    def add_digest(self, digest: DigestRecord) -> tuple[int, bool]:
        with self._contained_write() as conn:
            self._lock_new_alerts(conn, shared=True)
            row = self._execute(
                conn,
                "INSERT INTO digests (kind, period_start, period_end, created, alert_ids, "
                "html_path, markdown_path) VALUES (?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (kind, period_end) DO NOTHING RETURNING id",
                (digest.kind, digest.period_start, digest.period_end, digest.created,
                 json.dumps(digest.alert_ids), digest.html_path, digest.markdown_path),
            ).fetchone()
            if row is not None:
                return int(row[0]), True
            existing = self._execute(
                conn,
                "SELECT id FROM digests WHERE kind = ? AND period_end = ?",
                (digest.kind, digest.period_end),
            ).fetchone()
        return int(self._first(existing)), False

    def digest(self, digest_id: int) -> DigestRecord | None:
        rows = self._rows(f"SELECT {_DIGEST_COLUMNS} FROM digests WHERE id = ?", (digest_id,))
        return _digest(rows[0]) if rows else None
