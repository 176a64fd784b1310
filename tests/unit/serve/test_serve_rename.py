"""Renaming a diarized speaker once from the web service: segments, participants, owners and quotes follow."""

from __future__ import annotations

from pathlib import Path

from serve_support import SHORT_VTT, running, settings_for, upload, wait_finished


def test_rename_speaker_everywhere_bumps_version_and_rescores(tmp_path: Path) -> None:
    diarized = SHORT_VTT.replace("<v Marc Ferrand>", "<v Locuteur 2>")
    with running(settings_for(tmp_path)) as (client, _app):
        job_id = upload(client, diarized.encode(), "appel.vtt", client="Transports Ferrand",
                        meeting_date="2026-11-18").json()["id"]
        assert wait_finished(client, job_id)["status"] == "done"
        before = client.get(f"/api/jobs/{job_id}/crc").json()
        quoted = [ev for key in ("facts", "risks", "next_steps") for item in before[key] for ev in item["evidence"]]
        assert any(ev["speaker"] == "Locuteur 2" for ev in quoted), "the fixture must quote the unnamed speaker"
        assert "Locuteur 2" in {p["name"] for p in before["participants"]}

        stale = client.post(f"/api/jobs/{job_id}/speakers", json={"old": "Locuteur 2", "new": "Marc", "version": "0.9"})
        assert stale.status_code == 409
        unknown = client.post(f"/api/jobs/{job_id}/speakers", json={"old": "Locuteur 9", "new": "Marc", "version": "1.0"})
        assert unknown.status_code == 422 and "Locuteur 9" in unknown.json()["detail"]
        clash = client.post(f"/api/jobs/{job_id}/speakers",
                            json={"old": "Locuteur 2", "new": "claire martin", "version": "1.0"})
        assert clash.status_code == 422  # would merge two speakers
        assert client.get(f"/api/jobs/{job_id}/crc").json()["version"] == "1.0"  # refusals change nothing

        r = client.post(f"/api/jobs/{job_id}/speakers",
                        json={"old": "Locuteur 2", "new": " Marc  Ferrand ", "version": "1.0"})
        assert r.status_code == 200, r.text
        body = r.json()
        assert body["version"] == "1.1" and body["crc"]["id"].endswith("-v1.1")
        crc = client.get(f"/api/jobs/{job_id}/crc").json()
        text = str(crc)
        assert "Locuteur 2" not in text and "Marc Ferrand" in text
        evidence = [ev for key in ("facts", "risks", "next_steps") for item in crc[key] for ev in item["evidence"]]
        assert "Marc Ferrand" in {ev["speaker"] for ev in evidence}
        assert {ev["speaker"] for ev in evidence} <= {"Claire Martin", "Marc Ferrand"}
        assert "Marc Ferrand" in {p["name"] for p in crc["participants"]}
        owners = {step["owner"] for step in crc["next_steps"]} - {None}
        assert owners <= {p["name"] for p in crc["participants"]}
        assert client.get(f"/api/jobs/{job_id}").json()["version"] == "1.1"
        assert "Locuteur 2" not in client.get(f"/api/jobs/{job_id}/files/md").text
