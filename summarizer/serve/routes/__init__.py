"""The service's routes, one router per resource; :func:`summarizer.serve.app.create_app` includes them.

* :mod:`.pages`: the HTML page shells (``/``, ``/audit``) and ``/healthz``, readable without a token;
* :mod:`.people`: who is calling (``/api/me``) and the audit trail (``/api/audit``);
* :mod:`.jobs`: uploads and the job table (``/api/jobs``, ``/api/jobs/{id}``);
* :mod:`.crc`: a done job's CRC, its edits and renames, its files, e-mail and recording;
* :mod:`.replies`: the client's e-mailed answer (validation or corrections);
* ``serve/account.py`` and ``serve/oidc.py``: the account plans and the sign-in.

Routers hold no state: what they share (store, settings, pool, audit log, templates) is read from
``request.app.state`` through :mod:`.context`; the three ways a CRC changes (PUT, rename, reply) go
through the one edit path of :mod:`.edits`.
"""
