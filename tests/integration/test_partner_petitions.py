"""GET /partner/petitions?updated_since=: partner systems read what changed,
without personal data; scope petitions:read."""
import datetime
import time

from test_petitions import VN, sign_in, staff, submit

ALL = {"X-API-Key": "dev-partner-key"}
DOSSIERS_ONLY = {"X-API-Key": "dev-dossiers-key"}


def walk(server, params):
    import requests
    items, cursor = [], None
    for _ in range(200):
        p = dict(params)
        if cursor:
            p["cursor"] = cursor
        r = requests.get(server.url + "/api/v1/partner/petitions", params=p,
                         headers=ALL, timeout=30)
        assert r.status_code == 200, r.text
        items += r.json()["items"]
        cursor = r.json()["next_cursor"]
        if not cursor:
            return items
    raise AssertionError("paging does not end")


def test_scopes_and_keys(server):
    import requests
    url = server.url + "/api/v1/partner/petitions"
    assert requests.get(url, timeout=10).status_code == 401
    assert requests.get(url, headers={"X-API-Key": "nope"}, timeout=10).status_code == 401
    r = requests.get(url, headers=DOSSIERS_ONLY, timeout=10)
    assert r.status_code == 403
    assert r.headers["Content-Type"].startswith("application/problem+json")
    assert requests.get(url, headers=ALL, timeout=10).status_code == 200


def test_changes_since_without_personal_data(api, server):
    h, _ = sign_in(api, "Vũ Văn Khải")
    before = datetime.datetime.now(VN).replace(microsecond=0)
    time.sleep(1.1)
    codes = []
    for i in range(3):
        r = submit(api, h, title="Hỏi về ưu đãi đầu tư số %d" % i,
                   contact_phone="0912345678",
                   enterprise={"tax_code": "0100109106", "name": "Công ty Khải"})
        assert r.status_code == 201, r.text
        codes.append(r.json()["code"])
    since = before.isoformat()
    items = walk(server, {"updated_since": since, "limit": 1})
    got = [i["code"] for i in items]
    assert got[-3:] == codes or set(codes) <= set(got)
    for i in items:
        for hidden in ("content", "author", "enterprise", "contact_phone"):
            assert hidden not in i, hidden
    # Oldest change first; a later change moves a petition to the end
    # (times are whole seconds: let one pass).
    time.sleep(1.1)
    r = staff(server, "coordinator")("POST", "/petitions/%s/assign" % codes[0],
                                     json={"agency": "SKHDT"})
    assert r.status_code == 200
    later = walk(server, {"updated_since": since})
    assert [i["code"] for i in later][-1] == codes[0]
    # Nothing changed in the future.
    future = (datetime.datetime.now(VN) + datetime.timedelta(days=1)).isoformat()
    assert walk(server, {"updated_since": future}) == []


def test_bad_parameters_are_400(server):
    import requests
    url = server.url + "/api/v1/partner/petitions"
    for params, field in [({"updated_since": "hôm qua"}, "updated_since"),
                          ({"updated_since": "2026-13-01T00:00:00Z"}, "updated_since"),
                          ({"cursor": "eAp5"}, "cursor"), ({"limit": "0"}, "limit")]:
        r = requests.get(url, params=params, headers=ALL, timeout=10)
        assert r.status_code == 400, params
        assert r.json()["errors"][0]["field"] == field
