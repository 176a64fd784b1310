"""Fixtures of the queue tests (a real redis-server, real ``crc worker`` processes): see queue_fixtures.py."""

from queue_fixtures import redis_server, workers

__all__ = ["redis_server", "workers"]
