"""The municipality, its political bodies and their calendar, and the people.

The four bench logins come first (ids 1–4); then administrators, secretariat staff,
councillors (all on the council, some on the finance and standing committees) and citizens.
Every account shares one password hash (hashing once keeps the build fast).
"""

from datetime import timedelta

from bench.volumegen import shape, texts
from bench.volumegen.world import World
from committees.models import (
    BodyKind,
    CouncilMeeting,
    DeliveryMode,
    Municipality,
    NoticePreference,
    PoliticalBody,
    Role,
    User,
)
from committees.models.body import body_members

CLOSING_DAYS = ["12-24", "12-31"]
# Kinds a person may take as a digest (none of them mandatory).
DIGEST_KINDS = (
    "agenda_published",
    "minutes_published",
    "committee_phase",
    "recommendation_decided",
)
_ASCII = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "é": "e"})


def build(w: World) -> None:
    """Municipality, bodies, calendar, users and their bodies and preferences."""
    _municipality(w)
    _bodies(w)
    _calendar(w)
    _bench_users(w)
    for role, n, pool in (
        (Role.administrator, w.shape.admins, w.admins),
        (Role.secretariat, w.shape.secretariat, w.staff),
        (Role.councillor, w.shape.councillors, w.councillors),
        (Role.citizen, w.shape.citizens, w.citizens),
    ):
        for _ in range(n):
            pool.append(_user(w, role))
    _body_members(w)
    _preferences(w)


def _municipality(w: World) -> None:
    long_ago = w.clock.at(w.clock.day(-3650), 9)
    w.writer.add(
        Municipality,
        {
            "id": w.writer.new_id(Municipality),
            "name": "Volumen Kommune",
            "web_url": f"https://www.{shape.DOMAIN}",
            "contact_email": f"opgaveudvalg@{shape.DOMAIN}",
            "contact_phone": "70 20 30 40",
            "accessibility_url": "https://www.was.digst.dk/",
            "dpo_contact": f"Databeskyttelsesrådgiveren, dpo@{shape.DOMAIN}",
            "privacy_notice": "Volumen Kommune er dataansvarlig for de oplysninger, du giver.",
            "sender_name": "Volumen Kommune – Opgaveudvalg",
            "closing_days": CLOSING_DAYS,
            "closing_days_saved_at": long_ago,
            "mail_tested_at": long_ago,
            "updated_at": long_ago,
        },
    )


def _bodies(w: World) -> None:
    def body(name: str, kind: BodyKind, position: int) -> int:
        body_id = w.writer.new_id(PoliticalBody)
        w.writer.add(
            PoliticalBody,
            {"id": body_id, "name": name, "kind": kind, "active": True, "position": position},
        )
        w.body_names[body_id] = name
        return body_id

    w.council = body("Kommunalbestyrelsen", BodyKind.council, 90)
    w.finance = body("Økonomiudvalget", BodyKind.finance_committee, 80)
    names = texts.STANDING_COMMITTEES
    for i in range(w.shape.standing_bodies):
        name = names[i % len(names)] + (f" {i // len(names) + 1}" if i >= len(names) else "")
        w.standing.append(body(name, BodyKind.standing_committee, i + 1))


def _calendar(w: World) -> None:
    """Council meetings monthly but July: the standing committees two to three weeks before,
    the finance committee the week before (DOMAIN.md's decision path)."""
    c = w.clock
    first = c.day(-365 * 11).replace(day=1)
    for month in range(13 * 12):
        year, m = first.year + (first.month - 1 + month) // 12, (first.month - 1 + month) % 12 + 1
        if m == 7:
            continue
        last = (first.replace(year=year, month=m, day=28) + timedelta(days=4)).replace(day=1)
        council_day = last - timedelta(days=1)
        while council_day.weekday() != 1:  # the month's last Tuesday
            council_day -= timedelta(days=1)
        if council_day > c.day(365):
            break
        days = {
            w.council: c.on_or_before(council_day),
            w.finance: c.on_or_before(council_day - timedelta(days=7)),
        }
        for i, body in enumerate(w.standing):
            days[body] = c.on_or_before(council_day - timedelta(days=14 + i % 3))
        for body, day in days.items():
            meeting_id = w.writer.new_id(CouncilMeeting)
            w.calendar.setdefault(body, []).append(day)
            w.calendar_ids[body, day] = meeting_id
            row = {"id": meeting_id, "body_id": body, "meets_on": day, "note": ""}
            w.writer.add(CouncilMeeting, row)


def _bench_users(w: World) -> None:
    for role, email, name, pool in (
        (Role.administrator, shape.ADMIN, "Bente Admin", w.admins),
        (Role.secretariat, shape.SECRETARIAT, "Bo Sekretariat", w.staff),
        (Role.councillor, shape.COUNCILLOR, "Birgit Byrådsmedlem", w.councillors),
        (Role.citizen, shape.MEMBER, "Bjarne Borger", w.citizens),
    ):
        user_id = _user(w, role, email=email, name=name)
        w.bench[role.name] = user_id
        pool.append(user_id)


def _user(w: World, role: Role, email: str = "", name: str = "") -> int:
    user_id = w.writer.new_id(User)
    rng = w.rng
    if not name:
        name = f"{rng.choice(texts.FIRST_NAMES)} {rng.choice(texts.LAST_NAMES)}"
    if not email:
        local = name.lower().translate(_ASCII).replace(" ", ".")
        email = f"{local}.{user_id}@{shape.DOMAIN}"
    created = w.clock.at(w.clock.day(-rng.randint(15, 3650)), 10)
    invited_only = role is not Role.administrator and user_id > 4 and w.chance(0.01)
    if invited_only:
        created = w.clock.past(w.clock.at(w.clock.day(-rng.randint(0, 12)), 13))
    w.names[user_id], w.emails[user_id] = name, email
    if invited_only:
        w.invited[user_id] = created
    w.writer.add(
        User,
        {
            "id": user_id,
            "email": email,
            "name": name,
            "role": role,
            "password_hash": None if invited_only else w.password_hash,
            "locale": "en" if w.chance(0.05) else "da",
            "active": user_id <= 4 or not w.chance(0.004),
            "created_at": created,
            "invited_at": created,
            "last_login_at": None if invited_only else w.clock.past(created + timedelta(days=2)),
            "calendar_token": f"{user_id:06x}{rng.getrandbits(128):032x}"
            if w.chance(0.05)
            else None,
        },
    )
    return user_id


def _body_members(w: World) -> None:
    bench = w.bench["councillor"]
    others = [u for u in w.councillors if u != bench]
    seats = {
        w.council: w.councillors,
        w.finance: [bench, *w.rng.sample(others, min(8, len(others)))],
    }
    for i, body in enumerate(w.standing):
        chosen = w.rng.sample(others, min(6, len(others)))
        seats[body] = [bench, *chosen] if i < 2 else chosen
    for body, users in seats.items():
        w.writer.add_all(body_members, ({"body_id": body, "user_id": u} for u in users))


def _preferences(w: World) -> None:
    """Some people take their notices as a daily or weekly digest."""
    for user_id in [*w.councillors, *w.citizens]:
        r = w.rng.random()
        mode = DeliveryMode.daily if r < 0.08 else DeliveryMode.weekly if r < 0.12 else None
        if mode is None or user_id <= 4:
            continue
        w.digest[user_id] = mode
        for kind in DIGEST_KINDS:
            w.writer.add(
                NoticePreference,
                {
                    "id": w.writer.new_id(NoticePreference),
                    "user_id": user_id,
                    "kind": kind,
                    "mode": mode,
                },
            )
