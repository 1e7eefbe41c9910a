"""Danish working days: weekends, holidays (no Store Bededag from 2024), closing days, DST."""

from datetime import date, time

import pytest

from committees.models import Role
from workflows import setup, workdays


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2027, 3, 25), False),  # Skærtorsdag
        (date(2027, 3, 26), False),  # Langfredag
        (date(2027, 3, 29), False),  # 2. påskedag
        (date(2027, 5, 6), False),  # Kristi himmelfartsdag
        (date(2027, 5, 17), False),  # 2. pinsedag
        (date(2023, 5, 5), False),  # Store Bededag 2023 was still a holiday
        (date(2024, 4, 26), True),  # ... and no longer from 2024
        (date(2027, 4, 23), True),  # the Friday that would have been Store Bededag
        (date(2027, 12, 24), False),  # municipal closing day (config)
        (date(2027, 12, 31), False),  # municipal closing day (config)
        (date(2027, 12, 27), True),
        (date(2027, 11, 20), False),  # Saturday
        (date(2027, 11, 22), True),
    ],
)
def test_is_working_day(day, working, app):
    assert workdays.is_working_day(day) is working


def test_before_easter_moves_earlier(app):
    # 4 working days before Tuesday 30 March 2027 (after Easter): Mon 29 is a holiday,
    # Thu 25/Fri 26 too; count back Wed 24, Tue 23, Mon 22, Fri 19.
    assert workdays.working_days_before(date(2027, 3, 30), 4) == date(2027, 3, 19)


def test_after_christmas_moves_later(app):
    # 2 working days after Thursday 23 Dec 2027: 24, 25, 26 closed; Mon 27, Tue 28.
    assert workdays.working_days_after(date(2027, 12, 23), 2) == date(2027, 12, 28)


def test_zero_rolls_to_the_next_working_day(app):
    assert workdays.add_working_days(date(2027, 12, 24), 0) == date(2027, 12, 27)


def test_closing_days_come_from_the_settings_row_without_a_restart(app, db, make_user):
    admin = make_user(Role.administrator)
    assert not workdays.is_working_day(date(2027, 12, 24))  # before set-up: 24 and 31 December
    setup.set_closing_days(["06-05", "2027-05-07"], admin)  # Grundlovsdag; one bridge day
    assert not workdays.is_working_day(date(2028, 6, 5))
    assert not workdays.is_working_day(date(2027, 5, 7))
    assert workdays.is_working_day(date(2028, 5, 5))  # the single day is not every year
    assert workdays.is_working_day(date(2027, 12, 24))  # a Friday, open in this municipality


def test_local_moment_is_dst_correct():
    winter = workdays.local_moment(date(2027, 3, 27), time(7, 0))
    summer = workdays.local_moment(date(2027, 3, 29), time(7, 0))
    assert (winter.hour, summer.hour) == (6, 5)
    autumn = workdays.local_moment(date(2027, 11, 1), time(7, 0))
    assert autumn.hour == 6
    assert workdays.local_date(summer) == date(2027, 3, 29)
