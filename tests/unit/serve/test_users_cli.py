"""``crc users`` and ``crc audit`` on the service's database: what an admin types, and its one-line refusals."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from summarizer.cli.app import app
from summarizer.serve.audit import AuditLog
from summarizer.serve.db import JobStore
from summarizer.serve.settings import ServeSettings
from summarizer.serve.users import UserStore

runner = CliRunner()


def _crc(data: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, [*args, "--data-dir", str(data)])
    return result.exit_code, result.stdout, result.stderr


def _store(data: Path) -> JobStore:
    data.mkdir(parents=True, exist_ok=True)
    return JobStore(ServeSettings(data_dir=data).sqlalchemy_url())


def test_users_add_list_token_revoke_remove(tmp_path: Path) -> None:
    data = tmp_path / "data"
    code, out, _ = _crc(data, "users", "add", "Claire.Martin@Logivia.fr", "--name", " Claire  Martin ", "--role", "rep",
                        "--team", "Nord")
    assert code == 0 and "claire.martin@logivia.fr : Claire Martin, rep, équipe Nord" in out
    code, out, err = _crc(data, "users", "token", "claire.martin@logivia.fr")
    assert code == 0 and "une fois" in err
    token = out.strip()
    users = UserStore(_store(data).engine)
    found = users.by_token(token)
    assert found is not None and found.email == "claire.martin@logivia.fr"
    assert "jeton actif" in _crc(data, "users", "list")[1]
    assert _crc(data, "users", "token", "claire.martin@logivia.fr", "--revoke")[0] == 0
    assert users.by_token(token) is None
    assert "sans jeton" in _crc(data, "users", "list")[1]
    assert _crc(data, "users", "remove", "claire.martin@logivia.fr")[0] == 0
    assert users.list() == []


def test_users_refusals_are_one_line_and_exit_2(tmp_path: Path) -> None:
    data = tmp_path / "data"
    cases = {
        ("users", "add", "claire", "--name", "Claire"): "adresse e-mail invalide",
        ("users", "add", "a@b.fr", "--name", "A B", "--role", "boss"): "rôle inconnu : « boss »",
        ("users", "add", "a@b.fr", "--name", "A B", "--role", "manager"): "ajoutez --team",
        ("users", "add", "a@b.fr", "--name", "  "): "nom manquant",
        ("users", "token", "nobody@b.fr"): "utilisateur inconnu : nobody@b.fr",
        ("users", "remove", "nobody@b.fr"): "utilisateur inconnu",
        ("audit", "--since", "hier"): "--since : date attendue",
    }
    for args, expected in cases.items():
        code, _, err = _crc(data, *args)
        assert code == 2, args
        assert expected in err and len(err.strip().splitlines()) == 1, (args, err)


def test_audit_lists_by_user_and_since(tmp_path: Path) -> None:
    data = tmp_path / "data"
    log = AuditLog(_store(data).engine, retention_days=30)
    log.record("claire@logivia.fr", "export", target="Transports Ferrand (md)", ip="10.0.0.7")
    log.record("bob@logivia.fr", "export", target="Fromagerie Bel (md)", ip="10.0.0.8")
    code, out, _ = _crc(data, "audit", "--user", "Claire@Logivia.fr")
    assert code == 0 and "claire@logivia.fr\texport\t-\tTransports Ferrand (md)\t10.0.0.7" in out and "bob@" not in out
    assert _crc(data, "audit", "--since", "2999-01-01")[1] == ""
    assert "bob@logivia.fr" in _crc(data, "audit", "--since", "2000-01-01")[1]


def test_audit_rows_go_with_the_retention_purge(tmp_path: Path) -> None:
    import datetime as dt

    from summarizer.serve.db import utcnow

    data = tmp_path / "data"
    store = _store(data)
    store.create("j" * 22, filename="a.vtt", input_suffix=".vtt", from_audio=False, client="X", rep=None,
                 meeting_date=None, participants=[], language="auto")
    log = AuditLog(store.engine, retention_days=30)
    log.record("claire@logivia.fr", "view", job_id="j" * 22)
    log.record("claire@logivia.fr", "export", target="X (md)")
    assert log.purge() == 0 and len(log.entries()) == 2  # the job is still there
    store.delete("j" * 22)  # what the retention purge does to the row
    assert log.purge() == 1 and [e.action for e in log.entries()] == ["export"]
    assert log.purge(now=utcnow() + dt.timedelta(days=31)) == 1 and log.entries() == []
