"""Index versions: background rebuild, calibration from staff feedback, activation and rollback."""

from __future__ import annotations

import threading

from api.services.index_admin import labelled_from_db
from api.services.index_versions import read_pointer
from tests.api.util import MEREK_ANSWER, MEREK_QUESTION, answer, approve, ask, publish


def _rebuild(client, admin, state, **body) -> dict:
    response = client.post("/api/admin/index/rebuild", json=body or None, headers=admin)
    assert response.status_code == 202, response.text
    assert response.json()["status"] == "queued"
    assert state.builds.wait(timeout=120)
    return client.get(f"/api/admin/index/builds/{response.json()['id']}", headers=admin).json()


def test_rebuild_index_and_switch(client, accounts, state):
    admin = accounts["admin"]
    build = _rebuild(client, admin, state)
    assert build["status"] == "succeeded", build["message"]
    version = build["version"]
    assert build["message"] == f"built 12 entries into {version} and activated it"
    assert build["entries"] == 12
    assert state.live.version == version
    assert read_pointer(state.settings.index_root) == version
    assert (state.settings.index_root / version / "manifest.json").is_file()
    overview = client.get("/api/admin/index", headers=admin).json()
    assert (overview["live_version"], overview["current_version"]) == (version, version)
    assert [(v["version"], v["live"]) for v in overview["versions"]] == [(version, True), ("v1", False)]
    assert overview["builds"][0]["id"] == build["id"]
    assert (
        client.get("/api/public/search", params={"q": "sertifikat halal"}).json()["items"][0]["ref"]
        == "t-halal"
    )


def test_rebuild_index_without_activating(client, accounts, state):
    build = _rebuild(client, accounts["admin"], state, activate=False)
    assert build["status"] == "succeeded"
    assert build["message"] == f"built 12 entries into {build['version']}"
    assert state.live.version == "v1"
    assert read_pointer(state.settings.index_root) == "v1"


def test_rebuild_index_carries_calibration_over(client, accounts, state):
    """Too little labelled data in the database: the running version's calibration is kept."""
    build = _rebuild(client, accounts["admin"], state)
    assert build["calibration_source"] == "carried over from v1 (queries_small)"
    assert state.live.recommender.calibration.source == "queries_small"
    manifest = (state.settings.index_root / build["version"] / "manifest.json").read_text("utf-8")
    assert '"calibration": "carried over from v1 (queries_small)"' in manifest


def test_rebuild_index_calibrates_on_staff_feedback(client, accounts, state, small_queries):
    staf = accounts["staf"]
    for n, row in enumerate(small_queries):
        q = ask(client, staf, row["q"], sender_handle=f"@warga{n}")
        if row.get("target"):
            client.post(f"/api/questions/{q['id']}/mark-duplicate", json={"ref": row["target"]}, headers=staf)
        else:
            top = q["suggestions"][0]["id"]
            client.post(
                f"/api/questions/{q['id']}/reject",
                headers=staf,
                json={
                    "reason": "out_of_scope",
                    "feedback": [{"suggestion_id": top, "action": "rejected", "reason": "not_related"}],
                },
            )
    build = _rebuild(client, accounts["admin"], state)
    assert build["status"] == "succeeded", build["message"]
    matches = sum(1 for row in small_queries if row.get("target"))  # 24 when written
    out_of_scope = len(small_queries) - matches
    expected = f"database feedback ({matches} matches, {out_of_scope} out of scope)"
    assert build["calibration_source"] == expected
    assert (build["evaluation"]["queries"], build["evaluation"]["out_of_scope"]) == (matches, out_of_scope)
    assert state.live.recommender.calibration.source == build["calibration_source"]


def test_rebuild_index_twice_at_once(client, accounts, state):
    admin = accounts["admin"]
    first = client.post("/api/admin/index/rebuild", headers=admin)
    second = client.post("/api/admin/index/rebuild", headers=admin)
    assert first.status_code == 202
    assert second.status_code == 409
    assert (
        second.json()["detail"] == f"index build {first.json()['id']} is still running: wait for it to finish"
    )
    state.builds.wait(timeout=120)


def test_labelled_data_from_staff_decisions(client, accounts, sessions):
    staf = accounts["staf"]
    dup = ask(client, staf, "bikin NIB buat warung gimana?")
    client.post(f"/api/questions/{dup['id']}/mark-duplicate", json={"ref": "t-nib"}, headers=staf)
    used = ask(client, staf, "Apa syarat sertifikat PIRT?")
    pirt = next(s for s in used["suggestions"] if s["ref"] == "t-pirt")
    answer(client, staf, used["id"], pirt["answer"], source="suggestion", based_on="t-pirt")
    off = ask(client, staf, "resep rendang yang enak gimana")
    client.post(
        f"/api/questions/{off['id']}/feedback",
        headers=staf,
        json={
            "items": [
                {"suggestion_id": off["suggestions"][0]["id"], "action": "rejected", "reason": "not_related"}
            ]
        },
    )
    half = ask(client, staf, "Berapa lama NIB jadi?")
    client.post(
        f"/api/questions/{half['id']}/feedback",
        headers=staf,
        json={
            "items": [
                {
                    "suggestion_id": half["suggestions"][0]["id"],
                    "action": "rejected",
                    "reason": "related_not_answering",
                }
            ]
        },
    )
    with sessions() as session:
        rows = labelled_from_db(session, {"t-nib", "t-pirt"})
    assert sorted(rows, key=lambda r: r["q"]) == [
        {"q": "Apa syarat sertifikat PIRT?", "target": "t-pirt", "style": "accepted"},
        {"q": "bikin NIB buat warung gimana?", "target": "t-nib", "style": "staff_duplicate"},
        {"q": "resep rendang yang enak gimana", "style": "oos"},
    ]


def test_activate_earlier_version(client, accounts, state):
    admin = accounts["admin"]
    new = _rebuild(client, admin, state)["version"]
    rolled = client.post("/api/admin/index/activate", json={"version": "v1"}, headers=admin).json()
    assert rolled == {
        "version": "v1",
        "previous": new,
        "entries": 12,
        "synced": {"entries": 0, "alternates": 0},
    }
    assert state.live.version == "v1"
    assert read_pointer(state.settings.index_root) == "v1"
    log = client.get("/api/admin/audit?action=index.activate", headers=admin).json()["items"]
    assert (log[0]["actor"], log[0]["object_id"], log[0]["detail"]["previous"]) == ("admin1", "v1", new)


def test_activate_version_catches_up_with_database(client, accounts, state):
    """Entries published after a version was built are added when it is activated."""
    staf, pimpinan, admin = accounts["staf"], accounts["pimpinan"], accounts["admin"]
    q = ask(client, staf, MEREK_QUESTION)
    answer(client, staf, q["id"], MEREK_ANSWER)
    approve(client, pimpinan, q["id"])
    ref = publish(client, staf, pimpinan, [q["id"]])["items"][0]["entry_ref"]
    dup = ask(client, staf, "bikin NIB buat warung gimana?")
    client.post(f"/api/questions/{dup['id']}/mark-duplicate", json={"ref": "t-nib"}, headers=staf)
    activated = client.post("/api/admin/index/activate", json={"version": "v1"}, headers=admin).json()
    assert activated["synced"] == {"entries": 1, "alternates": 1}
    assert ref in state.live.recommender.index
    assert "bikin NIB buat warung gimana?" in state.live.recommender.index.get("t-nib").alternates


def test_activate_unknown_version(client, accounts):
    admin = accounts["admin"]
    missing = client.post("/api/admin/index/activate", json={"version": "20990101-000000"}, headers=admin)
    assert missing.status_code == 404
    assert missing.json()["detail"].startswith("there is no index version '20990101-000000' in ")
    traversal = client.post("/api/admin/index/activate", json={"version": "../v1"}, headers=admin)
    assert traversal.status_code == 404
    assert traversal.json()["detail"] == (
        "'../v1' is not a version name: use letters, digits, '.', '_' or '-' (at most 64)"
    )


def test_activate_version_under_load(client, accounts, state):
    """Switching back and forth while searches and intake run: no request fails."""
    admin, staf = accounts["admin"], accounts["staf"]
    new = _rebuild(client, admin, state)["version"]
    statuses: list[int] = []
    stop = threading.Event()

    def hammer(n: int) -> None:
        i = 0
        while not stop.is_set():
            statuses.append(client.get("/api/public/search", params={"q": "sertifikat halal"}).status_code)
            statuses.append(
                client.post(
                    "/api/questions",
                    headers=staf,
                    json={"channel": "whatsapp", "text": f"pertanyaan {n}-{i} tentang NIB warung"},
                ).status_code
            )
            i += 1

    threads = [threading.Thread(target=hammer, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    try:
        for version in ["v1", new, "v1", new, "v1", new]:
            response = client.post("/api/admin/index/activate", json={"version": version}, headers=admin)
            assert response.status_code == 200, response.text
    finally:
        stop.set()
        for t in threads:
            t.join()
    assert len(statuses) > 20
    assert set(statuses) <= {200, 201}
    assert state.live.version == new
