"""Screenshots for the user guides, taken from the demo in a real browser (`make docs-shots`).

Loads the demo into a throwaway SQLite database, serves the app on a loopback port, and lets
Chromium (Playwright) log in as each demo person and photograph each page in Danish and English
into docs/shots/<language>/<name>.png. No screenshot in the guides is made by hand: the guides
name these files, and tests/test_docs.py checks that every name they use is in SHOTS.
"""

import os
import socket
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "shots"
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SECRETARIAT = "sekretariat@solbjerg.example"
# name: (path with {working}/{recruiting}/{implementing}/{meeting} filled in, who is logged in)
SHOTS = {
    "forside": ("/", None),
    "udvalg-offentligt": ("/udvalg/{implementing}", None),
    "anbefalinger-offentligt": ("/udvalg/{implementing}/anbefalinger", None),
    "overblik": ("/overblik", SECRETARIAT),
    "arbejdsrum": ("/arbejdsrum/{working}", SECRETARIAT),
    "kommissorium": ("/arbejdsrum/{working}/kommissorium/", SECRETARIAT),
    "rekruttering": ("/arbejdsrum/{recruiting}/rekruttering", "jonas.kragh@solbjerg.example"),
    "moede": ("/arbejdsrum/{working}/moeder/{meeting}", "borger@solbjerg.example"),
    "anbefalinger": ("/arbejdsrum/{working}/anbefalinger", SECRETARIAT),
    "politisk-overblik": ("/politisk-overblik", "formand@solbjerg.example"),
    "varsler": ("/varsler/", "borger@solbjerg.example"),
    "opsaetning": ("/opsaetning/", "admin@solbjerg.example"),
    "personer-import": ("/opsaetning/personer/import", "admin@solbjerg.example"),
    "politisk-kalender": ("/politisk-kalender", SECRETARIAT),
}


def _ids() -> dict[str, int]:
    """The demo's committees and meeting that the paths name."""
    from committees.extensions import db
    from committees.models import Committee, CommitteeState, Meeting, Membership, User

    def committee(state: CommitteeState) -> int:
        return db.session.scalar(
            db.select(Committee.id).where(Committee.state == state).order_by(Committee.id)
        )

    member = db.session.scalar(db.select(User).where(User.email == "borger@solbjerg.example"))
    working = db.session.scalar(
        db.select(Membership.committee_id)
        .join(Committee)
        .where(Membership.user_id == member.id, Committee.state == CommitteeState.working)
    )
    meeting = db.session.scalar(
        db.select(Meeting.id)
        .where(Meeting.committee_id == working)
        .order_by(Meeting.starts_at.desc())
    )
    return {
        "working": working,
        "recruiting": committee(CommitteeState.recruiting),
        "implementing": committee(CommitteeState.implementing),
        "meeting": meeting,
    }


def _serve(app) -> tuple[str, object]:
    from werkzeug.serving import make_server

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = make_server("127.0.0.1", port, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{port}", server


def _photograph(base: str, ids: dict[str, int], password: str) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for language in ("da", "en"):
            (OUT / language).mkdir(parents=True, exist_ok=True)
            for name, (path, who) in SHOTS.items():
                context = browser.new_context(viewport={"width": 1100, "height": 760})
                page = context.new_page()
                if who:
                    page.goto(base + "/konto/log-ind")
                    page.fill("input[name=email]", who)
                    page.fill("input[name=password]", password)
                    page.click("main form [type=submit]")
                    page.wait_for_load_state()
                else:
                    page.goto(base + "/")
                # The language switch in the header (for a person, it is kept on the account).
                page.locator(f".language-form button[value={language}]").first.click()
                page.wait_for_load_state()
                page.goto(base + path.format(**ids))
                page.wait_for_load_state()
                page.screenshot(path=str(OUT / language / f"{name}.png"))
                context.close()
                print(f"{language}/{name}.png")
        browser.close()


def main() -> int:
    """Make every screenshot; exit 1 without a browser."""
    if not Path(CHROMIUM).exists():
        print("docs-shots needs /usr/bin/chromium (apt-get install chromium)", file=sys.stderr)
        return 1
    tmp = tempfile.mkdtemp(prefix="docs-shots-")
    os.environ.update(APP_ENV="development", INSTANCE_PATH=tmp, DATABASE_URL="", REDIS_URL="")
    sys.path.insert(0, str(ROOT))
    from committees import create_app, demo
    from committees.extensions import db
    from config import Config

    class ShotsConfig(Config):
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp}/shots.sqlite"
        CELERY = {**Config.CELERY, "broker_url": "memory://"}
        RATELIMIT_ENABLED = False  # one address logs in 26 times a minute here

    app = create_app(ShotsConfig)
    with app.app_context():
        db.create_all()
        demo.load()
        ids = _ids()
    base, server = _serve(app)
    try:
        _photograph(base, ids, demo.DEMO_PASSWORD)
    finally:
        server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
