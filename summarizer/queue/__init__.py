"""The queue layer: the Celery app, the tasks' shared checks and the one wait/relay loop.

Below both of its users: ``batch/`` (``crc batch --broker``) and ``serve/`` (``crc serve`` with
``CRC_BROKER_URL``) import from here and never from each other; this package imports neither.
The work a task runs is bound by its owner (``batch.tasks.register``, ``serve.remote.register_job_task``)
when ``crc worker`` builds its app.
"""
