"""The parts that make the sweep fast, held to what it did before: an e-mail rendered once per
group still greets each person by name, the message laid out by hand reads back as the same
message, a refused recipient is retried while the rest go through, and each notice is marked
(committed, visible to everyone) before the next message is sent.

E-mail goes to real SMTP servers on loopback (aiosmtpd).
"""

from contextlib import contextmanager
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller
from flask import template_rendered
from jinja2 import ChoiceLoader, DictLoader
from sqlalchemy import func, select

from committees import mail
from committees.models import Notice, NoticeStatus
from tests.conftest import free_port
from workflows import delivery, notice_marks, notices


def phase(user, c, key: str) -> int:
    return notices.notify(
        user,
        "committee_phase",
        key=key,
        subject=c,
        committee_id=c.id,
        context={"committee": c.name, "state": "working", "link": {"committee_id": c.id}},
    )


def bodies(msg) -> tuple[str, str]:
    text = msg.get_body(preferencelist=("plain",)).get_content()
    html = msg.get_body(preferencelist=("html",)).get_content()
    return text.replace("\r\n", "\n"), html.replace("\r\n", "\n")


@contextmanager
def templates_rendered(app):
    names: list[str] = []

    def record(_sender, template, context, **_extra) -> None:
        names.append(template.name)

    template_rendered.connect(record, app)
    try:
        yield names
    finally:
        template_rendered.disconnect(record, app)


NAMES = ['Åse <Ø> & "Co"', "Bo O'Ørsted", "Carl", "Dorte", "Erik"]


def test_one_event_to_many_is_rendered_once_and_still_greets_each_by_name(
    app, db, make_user, make_committee, smtp_sink
):
    c = make_committee()
    people = [make_user(name=name) for name in NAMES] + [make_user(name="Fiona", locale="en")]
    for p in people:
        phase(p, c, f"group:{p.id}")
    db.session.commit()
    with templates_rendered(app) as rendered:
        assert delivery.sweep().sent == len(people)
    # Danish: the first in full, the second in full and with stand-ins (the check), then none.
    # English: its own group, seen once.
    assert rendered.count("emails/notice.txt") == 4 < len(people)
    by_address = {m["To"]: m for m in smtp_sink}
    for p in people:
        (n,) = db.session.scalars(db.select(Notice).filter_by(recipient_id=p.id))
        expected = message_from_bytes(bytes(delivery.render(n)), policy=policy.default)
        got = by_address[p.email]
        assert bodies(got) == bodies(expected)  # exactly what rendering it alone gives
        assert got["Subject"] == expected["Subject"] and got["Message-ID"] == n.message_id
    text, html = bodies(by_address[people[0].email])
    assert f"Hej {NAMES[0]}" in text
    assert "Hej Åse &lt;Ø&gt; &amp; &#34;Co&#34;" in html
    assert "Hello Fiona" in bodies(by_address[people[-1].email])[0]


TEMPLATES = {
    # Filters the name: the stand-in, put through the filter, is no longer the stand-in.
    "emails/shouting.txt": "HEJ {{ user.name | upper }}",
    "emails/shouting.html": "<p>HEJ {{ user.name | upper }}</p>",
    # Needs more of the person than a stand-in has: rendering with it fails.
    "emails/numbered.txt": "Hej {{ user.name }}, nr. {{ user.id + 1000 }}",
    "emails/numbered.html": "<p>Hej {{ user.name }}, nr. {{ user.id + 1000 }}</p>",
}


@pytest.fixture
def kinds_using_more_of_the_person(app):
    """Two kinds whose e-mails the stand-in rendering cannot be reused for."""
    original = app.jinja_env.loader
    app.jinja_env.loader = ChoiceLoader([DictLoader(TEMPLATES), original])
    app.jinja_env.cache.clear()
    kinds = [
        notices.register(
            notices.NoticeKind(f"test_{name}", name, title=lambda ctx: "Hej", template=name)
        )
        for name in ("shouting", "numbered")
    ]
    try:
        yield
    finally:
        for kind in kinds:
            notices.REGISTRY.pop(kind.name)
        app.jinja_env.loader = original
        app.jinja_env.cache.clear()


@pytest.mark.parametrize(
    "kind, expected",
    [
        ("test_shouting", lambda p: f"HEJ {p.name.upper()}"),
        ("test_numbered", lambda p: f"Hej {p.name}, nr. {p.id + 1000}"),
    ],
)
def test_a_template_that_uses_more_of_the_person_is_rendered_for_each(
    db, make_user, make_committee, smtp_sink, kinds_using_more_of_the_person, kind, expected
):
    c = make_committee()
    people = [make_user(name=n) for n in ("Anna", "Bent", "Cille", "Dan")]
    link = {"link": {"committee_id": c.id}}
    for p in people:
        notices.notify(p, kind, key=f"{kind}:{p.id}", subject=c, committee_id=c.id, context=link)
    db.session.commit()
    assert delivery.sweep().sent == 4
    texts = {m["To"]: bodies(m)[0] for m in smtp_sink}
    assert texts == {p.email: expected(p) for p in people}


def test_a_message_laid_out_by_hand_reads_back_as_written(app):
    subject = "Kultur- og Fritidsudvalget: ny fase »I arbejde« med et langt emne der foldes æøå"
    text = "Hej Ærø\n\nLinje med = og æøå " * 12 + "\n.\nslut med mellemrum  \n"
    html = '<p>Hej &lt;Ærø&gt;</p>\n<a href="https://x.example/a?b=1">æ</a>\n'
    unsubscribe = "<https://x.example/afmeld/" + "a" * 90 + ">"
    with app.test_request_context():
        data = mail.compose_bytes(
            "Ærø Hansen <aeroe@x.example>",
            subject,
            text,
            html,
            "<id-1@x.example>",
            (("List-Unsubscribe", unsubscribe),),
        )
    lines = data.split(b"\r\n")
    assert b"\n" not in b"".join(lines) and max(map(len, lines)) <= 998  # CRLF, SMTP's limit
    msg = message_from_bytes(data, policy=policy.default)
    assert msg["Subject"] == subject and msg["To"] == "Ærø Hansen <aeroe@x.example>"
    assert msg["Message-ID"] == "<id-1@x.example>" and msg["List-Unsubscribe"] == unsubscribe
    assert bodies(msg) == (text, html)
    assert all(part["Content-Transfer-Encoding"] == "quoted-printable" for part in msg.iter_parts())


class _Refusing:
    """Refuses one recipient with 550; keeps what the others were sent."""

    def __init__(self, refused: str) -> None:
        self.refused = refused
        self.received: list = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options) -> str:
        if address == self.refused:
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope) -> str:
        self.received.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


def test_a_refused_recipient_is_retried_while_the_others_go_through(
    app, db, make_user, make_committee
):
    c = make_committee()
    people = [make_user() for _ in range(3)]
    for p in people:
        phase(p, c, f"refused:{p.id}")
    db.session.commit()
    handler = _Refusing(people[1].email)
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
        result = delivery.sweep()
    finally:
        controller.stop()
    assert (result.sent, result.retried) == (2, 1)
    assert sorted(m["To"] for m in handler.received) == sorted([people[0].email, people[2].email])
    db.session.expire_all()
    status = {n.recipient_id: n for n in db.session.scalars(db.select(Notice))}
    refused = status[people[1].id]
    assert refused.status is NoticeStatus.pending and "550" in refused.last_error
    assert "SMTPRecipientsRefused" in refused.last_error
    assert status[people[2].id].status is NoticeStatus.sent  # the connection went on after it


class _Watching:
    """At each message, counts (on a connection of its own) the notices already marked sent."""

    def __init__(self, engine) -> None:
        self.engine = engine
        self.marked_before: list[int] = []

    async def handle_DATA(self, server, session, envelope) -> str:
        sent = select(func.count()).select_from(Notice).where(Notice.status == NoticeStatus.sent)
        with self.engine.connect() as conn:
            self.marked_before.append(conn.scalar(sent))
        return "250 OK"


def test_each_notice_is_marked_and_committed_before_the_next_is_sent(
    app, db, make_user, make_committee
):
    c = make_committee()
    for p in [make_user() for _ in range(6)]:
        phase(p, c, f"watched:{p.id}")
    db.session.commit()
    handler = _Watching(db.engine)
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
        assert delivery.sweep(workers=1).sent == 6
    finally:
        controller.stop()
    # When the k-th message reaches the server, the k-1 before it are marked, for everyone.
    assert handler.marked_before == [0, 1, 2, 3, 4, 5]


def test_the_marks_connection_goes_back_to_the_pool_as_it_came(app, db, make_user, make_committee):
    c = make_committee()
    nid = phase(make_user(), c, "pool")
    db.session.commit()
    (n,) = delivery.claim(10)
    db.session.close()
    db.engine.dispose()  # one pooled connection from here on: the one the marks use
    with notice_marks.own_commits():
        notice_marks.write(n, status=NoticeStatus.cancelled, claim_token=None)
        with db.engine.connect() as other:  # committed already, before the block ends
            seen = other.scalar(db.select(Notice.status).where(Notice.id == nid))
            assert seen is NoticeStatus.cancelled
    if db.engine.dialect.name == "postgresql":  # both pooled connections, the marks' among them
        with db.engine.connect() as first, db.engine.connect() as second:
            for conn in (first, second):
                assert conn.exec_driver_sql("SHOW synchronous_commit").scalar() == "on"
