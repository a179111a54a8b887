"""Django's PostgreSQL backend, with a health check of a persistent connection that needs no round trip.

With CONN_HEALTH_CHECKS, Django checks a reused connection before a request's first query with `SELECT 1`: a
round trip on every request, as much of the server's time as a story page's own query. A connection the
server has ended (a restart, pg_terminate_backend, an idle timeout) has already said so on its socket: the
server sends its FATAL message and closes it, or the network resets it. So this check reads whatever is
waiting, without blocking, and calls the connection healthy only if libpq still holds it open and idle (in a
transaction or not, as `SELECT 1` would have found it). A silent network (no reset, no answer) is not seen, as
`SELECT 1` would only have hung on it until its timeout.
"""

from __future__ import annotations

import select

import psycopg
from django.db.backends.postgresql.base import DatabaseWrapper as PostgresDatabaseWrapper
from psycopg import pq

_USABLE = (pq.TransactionStatus.IDLE, pq.TransactionStatus.INTRANS)


class DatabaseWrapper(PostgresDatabaseWrapper):
    def is_usable(self) -> bool:
        connection = self.connection
        if connection is None or connection.closed:
            return False
        pgconn = connection.pgconn
        # Idle, or idle in a transaction (a test's, an atomic block's): usable, as SELECT 1 would have found it.
        # A failed transaction (INERROR) would have failed SELECT 1 too.
        if pgconn.status != pq.ConnStatus.OK or pgconn.transaction_status not in _USABLE:
            return False
        # An idle connection is sent nothing (this site never LISTENs): anything readable on its socket is the
        # server's goodbye or the end of the stream. A rare harmless notice only costs a new connection.
        try:
            readable, _, _ = select.select([pgconn.socket], [], [], 0)
        except (OSError, ValueError, psycopg.OperationalError):
            return False
        return not readable
